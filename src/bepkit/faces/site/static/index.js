// The index: facets with counts, a text filter and sorting, all kept in the URL.
(function () {
  "use strict";
  const rows = JSON.parse(document.getElementById("rows").textContent);
  const table = document.getElementById("proposals");
  const body = table.tBodies[0];
  const trs = Array.from(body.rows);
  const FACETS = [["status", "Status"], ["author", "Author"], ["target", "Target version"], ["layout", "Structure"]];
  const state = new URLSearchParams(location.search);
  const facets = document.getElementById("facets");
  const q = document.getElementById("q");
  q.value = state.get("q") || "";

  function selected(name) { return state.getAll(name); }
  function matches(row, skip) {
    for (const [name] of FACETS) {
      if (name === skip) continue;
      const want = selected(name);
      if (want.length && !want.includes(row[name] || "(none)")) return false;
    }
    const text = (state.get("q") || "").toLowerCase();
    if (text && !(row.id + " " + row.title + " " + row.author + " " + row.status + " " + row.jira).toLowerCase().includes(text)) return false;
    return true;
  }
  function draw() {
    facets.textContent = "";
    for (const [name, label] of FACETS) {
      const counts = new Map();
      for (const row of rows) {
        if (!matches(row, name)) continue;
        const v = row[name] || "(none)";
        counts.set(v, (counts.get(v) || 0) + 1);
      }
      for (const v of selected(name)) if (!counts.has(v)) counts.set(v, 0);
      const box = document.createElement("fieldset");
      const legend = document.createElement("legend");
      legend.textContent = label;
      box.appendChild(legend);
      for (const [value, n] of Array.from(counts).sort((a, b) => String(a[0]).localeCompare(String(b[0])))) {
        const l = document.createElement("label");
        const c = document.createElement("input");
        c.type = "checkbox"; c.name = name; c.value = value; c.checked = selected(name).includes(value);
        c.addEventListener("change", () => {
          const now = selected(name).filter((v) => v !== value);
          state.delete(name);
          for (const v of now) state.append(name, v);
          if (c.checked) state.append(name, value);
          update();
        });
        l.appendChild(c);
        l.appendChild(document.createTextNode(" " + value + " (" + n + ")"));
        box.appendChild(l);
      }
      facets.appendChild(box);
    }
    let shown = 0;
    rows.forEach((row, i) => { const ok = matches(row, null); trs[i].hidden = !ok; if (ok) shown++; });
    document.getElementById("count").textContent = shown + " of " + rows.length + " proposals";
    const sort = state.get("sort");
    if (sort) {
      const desc = sort.startsWith("-"); const key = desc ? sort.slice(1) : sort;
      const order = rows.map((r, i) => i).sort((a, b) => {
        const x = rows[a][key], y = rows[b][key];
        const c = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
        return desc ? -c : c;
      });
      for (const i of order) body.appendChild(trs[i]);
    }
  }
  function update() {
    const s = state.toString();
    history.replaceState(null, "", s ? "?" + s : location.pathname);
    draw();
  }
  q.addEventListener("input", () => { if (q.value) state.set("q", q.value); else state.delete("q"); update(); });
  for (const th of table.tHead.rows[0].cells) {
    const key = th.dataset.sort;
    if (!key) continue;
    th.addEventListener("click", () => { state.set("sort", state.get("sort") === key ? "-" + key : key); update(); });
  }
  draw();
  if (window.PagefindUI && document.getElementById("search")) {
    new PagefindUI({ element: "#search", showSubResults: true, showImages: false });
  }
})();
