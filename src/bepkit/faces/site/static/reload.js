// bep serve: reload the page when the site was rebuilt.
(function () {
  "use strict";
  const events = new EventSource("/__bep_reload");
  events.onmessage = () => location.reload();
})();
