"""Number allocation and reservation: numbers two authors can never both receive.

A number is allocated above every number already known — files and folders,
registry rows (reserved ones included), local and remote branches
``bep/NNNN-*``, and reservation refs on the remote — and then claimed by
creating ``refs/bep-reservations/NNNN`` on the remote only if it does not
exist yet::

    git push --force-with-lease=refs/bep-reservations/NNNN: origin COMMIT:refs/bep-reservations/NNNN

The empty expected value means "this ref must not exist": of two authors
pushing the same number, exactly one succeeds, and the other tries the next
number.  (A plain push is not enough: for a ref outside branches and tags it
fast-forwards over another author's reservation.)  The reservation commit's
subject is ``Reserve BEP-NNNN: Title``.  Without a remote, or when it cannot be
reached, the number is used unconfirmed and the caller is told so.
"""

from __future__ import annotations

from dataclasses import dataclass

from bepkit.errors import BepError
from bepkit.gitops import Git, GitError
from bepkit.model.pulls import Held, held
from bepkit.model.reservations import (
    branch_numbers,
    branch_pattern,
    fetch_reservations,
    local_reservations,
    ref_glob,
    ref_number,
    subject,
)
from bepkit.model.sections import normalize
from bepkit.model.workspace import Workspace

__all__ = ["Reservation", "claim", "known_numbers", "release"]

MAX_ATTEMPTS = 200


@dataclass(frozen=True)
class Reservation:
    number: int
    confirmed: bool  # False: no remote, or the remote could not be reached
    note: str = ""


def _remote_refs(ws: Workspace, git: Git) -> set[int] | None:
    """Numbers reserved on the remote (None when it cannot be reached)."""
    try:
        text = git.run("ls-remote", "--", ws.config.remote, ref_glob(ws.config))
    except GitError:
        return None
    out = set()
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) == 2:
            n = ref_number(ws.config, parts[1])
            if n is not None:
                out.add(n)
    return out


def known_numbers(ws: Workspace, git: Git | None) -> set[int]:
    """Every number in use or claimed, as far as this checkout can tell without the network."""
    numbers = {n for n, p in ws.proposals.items() if p.mains or p.folders or p.rows}
    if git is not None and git.is_repo():
        numbers |= branch_numbers(git, ws.config)
        numbers |= set(local_reservations(git, ws.config))
    return numbers


def _has_remote(ws: Workspace, git: Git | None) -> bool:
    return git is not None and git.is_repo() and git.remote_url(ws.config.remote) is not None


def _reservation_commit(ws: Workspace, git: Git, number: int, title: str) -> str:
    tree = git.run("mktree", input=b"").strip()
    return git.run("commit-tree", tree, "-m", subject(ws.config, number, title)).strip()


def claim(ws: Workspace, git: Git | None, title: str, *, number: int | None = None) -> Reservation:
    """Allocate a number and claim it on the remote.

    With ``number``, claim that one (an error if it is taken); otherwise start
    above every known number and go up until a claim succeeds.
    """
    cfg = ws.config
    if number is not None and number < cfg.first_number:
        raise BepError(
            f"{cfg.ident(number)} is below the first number {cfg.first_number}",
            hint="numbers start at first_number",
        )
    known = known_numbers(ws, git)
    if number is not None and number in known and not _reserved_for(ws, git, number, title):
        raise BepError(
            f"{cfg.ident(number)} is already taken", hint="bep list shows the numbers in use"
        )
    pulls = held(ws, git, exclude_branch=git.current_branch()) if git and git.is_repo() else Held()
    if number is not None and number in pulls.numbers:
        raise BepError(
            f"{cfg.ident(number)} is added by the open pull request "
            + "; ".join(pulls.numbers[number]),
            hint="take another number (bep new without --number picks a free one)",
        )
    known |= set(pulls.numbers)
    reservation = _claim(ws, git, title, number, known)
    if pulls.note:
        note = f"{reservation.note}; {pulls.note}" if reservation.note else pulls.note
        return Reservation(reservation.number, reservation.confirmed, note)
    return reservation


def _claim(
    ws: Workspace, git: Git | None, title: str, number: int | None, known: set[int]
) -> Reservation:
    cfg = ws.config
    if not _has_remote(ws, git):
        chosen = _hold_locally(ws, git, known, number, title)
        return Reservation(
            chosen, False, f"no remote {cfg.remote!r}: {cfg.ident(chosen)} is unconfirmed"
        )
    assert git is not None
    remote = _remote_refs(ws, git)
    if remote is None:
        chosen = _hold_locally(ws, git, known, number, title)
        return Reservation(
            chosen, False, f"remote {cfg.remote!r} unreachable: {cfg.ident(chosen)} is unconfirmed"
        )
    known |= remote
    candidate = number if number is not None else max([cfg.first_number - 1, *known]) + 1
    for _ in range(MAX_ATTEMPTS):
        if number is not None and candidate in remote and _reserved_for(ws, git, candidate, title):
            return Reservation(candidate, True)
        ref = cfg.reservation(candidate)
        commit = _reservation_commit(ws, git, candidate, title)
        try:
            git.run(
                "push", "--quiet", f"--force-with-lease={ref}:", "--", cfg.remote, f"{commit}:{ref}"
            )
        except GitError as exc:
            if not _refused(exc.stderr or str(exc)):
                return Reservation(
                    candidate,
                    False,
                    f"remote {cfg.remote!r} unreachable ({exc}): "
                    f"{cfg.ident(candidate)} is unconfirmed",
                )
            if number is not None:
                raise BepError(f"{cfg.ident(number)} was just reserved by someone else") from None
            candidate += 1
            continue
        git.run("update-ref", ref, commit)
        return Reservation(candidate, True)
    raise BepError(
        f"no free number after {MAX_ATTEMPTS} attempts", hint="check the remote's reservation refs"
    )


def _hold_locally(
    ws: Workspace, git: Git | None, known: set[int], number: int | None, title: str
) -> int:
    """Without the remote, the number is held by a local reservation ref, created
    only if it does not exist (``git update-ref REF COMMIT ''``): two commands in
    this checkout never receive the same number, and the claim is pushed with the
    branch later."""
    cfg = ws.config
    chosen = number if number is not None else max([cfg.first_number - 1, *known]) + 1
    if git is None or not git.is_repo():
        return chosen
    for _ in range(MAX_ATTEMPTS):
        ref = cfg.reservation(chosen)
        if number is not None and _reserved_for(ws, git, chosen, title):
            return chosen
        if git.ok("update-ref", ref, _reservation_commit(ws, git, chosen, title), ""):
            return chosen
        if number is not None:
            raise BepError(f"{cfg.ident(number)} was just reserved in this checkout")
        chosen += 1
    raise BepError(f"no free number after {MAX_ATTEMPTS} attempts")


def _refused(message: str) -> bool:
    text = message.lower()
    return any(word in text for word in ("rejected", "stale info", "already exists", "fetch first"))


def _reserved_for(ws: Workspace, git: Git | None, number: int, title: str) -> bool:
    """Is ``number`` reserved (locally known) for ``title`` and used by nothing else?"""
    if git is None or not git.is_repo():
        return False
    p = ws.proposals.get(number)
    if p is not None and (p.mains or p.rows):
        return False
    held = local_reservations(git, ws.config).get(number)
    if held is None and fetch_reservations(git, ws.config):
        held = local_reservations(git, ws.config).get(number)

    return held is not None and normalize(held) == normalize(title)


def _refuse_others(ws: Workspace, git: Git, number: int, ref: str) -> None:
    cfg = ws.config
    fetch_reservations(git, cfg)
    pattern = branch_pattern(cfg)
    for name in git.refs("refs/remotes/", "%(refname:short)"):
        m = pattern.match(name.split("/", 1)[-1])
        if m and int(m.group("number")) == number:
            raise BepError(
                f"{cfg.ident(number)} has a proposal branch on the remote ({name})",
                hint="someone is writing it; --force releases it anyway",
            )
    me = git.config("user.email")
    try:
        holder = git.run("log", "-1", "--format=%ae", "--end-of-options", ref).strip()
    except GitError:
        return
    if me and holder and holder.lower() != me.lower():
        raise BepError(
            f"{cfg.ident(number)} was reserved by {holder}, not by you ({me})",
            hint="ask them, or --force",
        )


def release(ws: Workspace, git: Git, number: int, *, force: bool = False) -> None:
    """Delete the reservation of ``number``, which no document or registry row may use.

    Another author's reservation, or one a remote proposal branch already
    works on, is refused unless ``force``: one author cannot take a number
    from another by accident."""
    cfg = ws.config
    p = ws.proposals.get(number)
    if p is not None and (p.mains or p.rows):
        used = p.mains[0].rel if p.mains else f"its registry row in {cfg.registry_file}"
        raise BepError(
            f"{cfg.ident(number)} is in use ({used}); only an unused reservation can be released"
        )
    ref = cfg.reservation(number)
    try:
        text = git.run("ls-remote", "--", cfg.remote, ref)
    except GitError as exc:
        raise BepError(f"remote {cfg.remote!r} unreachable: {exc}") from None
    if not text.strip():
        raise BepError(f"{cfg.ident(number)} is not reserved on {cfg.remote!r}")
    sha = text.split()[0]
    if not force:
        _refuse_others(ws, git, number, ref)
    try:
        git.run("push", "--quiet", f"--force-with-lease={ref}:{sha}", "--", cfg.remote, f":{ref}")
    except GitError as exc:
        raise BepError(f"could not release {cfg.ident(number)}: {exc}") from None
    git.ok("update-ref", "-d", ref)
