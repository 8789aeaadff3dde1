"""Reservations and proposal branches as git holds them: which numbers they claim.

A reservation is a ref (``refs/bep-reservations/NNNN`` by default) whose
commit's subject is ``Reserve BEP-NNNN: Title``; a proposal branch is named by
the branch pattern (``bep/NNNN-slug``).  Reading them is the model's business;
claiming and releasing numbers is ``bepkit.actions.reserve``.
"""

from __future__ import annotations

import re

from bepkit.config import Config
from bepkit.gitops import Git, GitError

__all__ = [
    "branch_numbers",
    "branch_pattern",
    "fetch_reservations",
    "line_dates",
    "local_reservations",
    "parse_subject",
    "ref_glob",
    "ref_number",
    "subject",
]


def subject(config: Config, number: int, title: str) -> str:
    return f"Reserve {config.ident(number)}: {title}"


def parse_subject(config: Config, text: str) -> tuple[int, str] | None:
    m = re.match(rf"^Reserve {re.escape(config.prefix)}-(\d{{1,9}}): (.*)$", text.strip())
    return (int(m.group(1)), m.group(2).strip()) if m else None


def ref_glob(config: Config) -> str:
    return config.reservation_ref.replace("{number}", "*").replace("{prefix}", config.prefix)


def ref_number(config: Config, ref: str) -> int | None:
    pattern = re.escape(config.reservation_ref).replace(re.escape("{number}"), r"(\d{1,9})")
    pattern = pattern.replace(re.escape("{prefix}"), re.escape(config.prefix))
    m = re.match(f"^{pattern}$", ref)
    return int(m.group(1)) if m else None


def fetch_reservations(git: Git, config: Config) -> bool:
    """Copy the remote's reservation refs into the local repository; False if unreachable."""
    pattern = ref_glob(config)
    try:
        git.run("fetch", "--quiet", "--no-tags", "--", config.remote, f"+{pattern}:{pattern}")
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


def branch_pattern(config: Config) -> re.Pattern[str]:
    """The configured branch name as a pattern with a ``number`` group."""
    pattern = re.escape(config.branch_pattern)
    pattern = pattern.replace(re.escape("{number}"), r"(?P<number>\d{1,9})")
    pattern = pattern.replace(re.escape("{slug}"), r"(?P<slug>.+)").replace(
        re.escape("{prefix}"), ".+"
    )
    return re.compile(f"^{pattern}$")


def branch_numbers(git: Git, config: Config) -> set[int]:
    """Numbers of local and remote-tracking branches named by the branch pattern."""
    pattern = branch_pattern(config)
    names = git.refs("refs/heads/", "%(refname:short)")
    names += [ref.split("/", 1)[-1] for ref in git.refs("refs/remotes/", "%(refname:short)")]
    return {int(m.group("number")) for name in names if (m := pattern.match(name))}


def line_dates(git: Git, config: Config) -> dict[int, int]:
    """When each line of the registry file was last written: 1-based line -> Unix
    time, from one ``git blame`` (empty without git or for an uncommitted file)."""
    if not git.is_repo():
        return {}
    try:
        text = git.run("blame", "--line-porcelain", "--", config.registry_file)
    except GitError:
        return {}
    out: dict[int, int] = {}
    line = 0
    for raw in text.splitlines():
        head = raw.split(" ")
        if len(head) >= 3 and len(head[0]) == 40 and head[1].isdigit() and head[2].isdigit():
            line = int(head[2])
        elif raw.startswith("committer-time ") and line:
            out[line] = int(raw.split(" ", 1)[1])
    return out
