"""Number reservations: refs on the remote, created only if they do not exist.

A reservation is ``refs/bep-reservations/NNNN`` (configurable) pointing at a
commit whose subject is ``Reserve BEP-NNNN: Title``.  It is created with
``git push --force-with-lease=REF: origin COMMIT:REF``: the empty expected
value means "this ref must not exist", so of two authors pushing the same
number, exactly one succeeds.
"""

from __future__ import annotations

import re

from .config import Config
from .gitops import Git, GitError

__all__ = ["fetch_reservations", "local_reservations", "parse_subject", "subject"]


def subject(config: Config, number: int, title: str) -> str:
    return f"Reserve {config.ident(number)}: {title}"


def parse_subject(config: Config, text: str) -> tuple[int, str] | None:
    m = re.match(rf"^Reserve {re.escape(config.prefix)}-(\d+): (.*)$", text.strip())
    return (int(m.group(1)), m.group(2).strip()) if m else None


def ref_glob(config: Config) -> str:
    return config.reservation_ref.replace("{number}", "*").replace("{prefix}", config.prefix)


def fetch_reservations(git: Git, config: Config) -> bool:
    """Copy the remote's reservation refs into the local repository; False if unreachable."""
    pattern = ref_glob(config)
    try:
        git.run("fetch", "--quiet", "--no-tags", config.remote, f"+{pattern}:{pattern}")
    except GitError:
        return False
    return True


def local_reservations(git: Git, config: Config) -> dict[int, str]:
    """Reservation refs known locally: number -> reserved title."""
    out: dict[int, str] = {}
    for line in git.refs(ref_glob(config), "%(contents:subject)"):
        parsed = parse_subject(config, line)
        if parsed:
            out[parsed[0]] = parsed[1]
    return out
