"""Other processes by profile: MADR, Nygard (adr-tools), Swift Evolution and KEP.

Each profile is shown on a small repository of our own, written here with the
irregularities real ones have (a shared number, a proposal without metadata, a
status outside the process, a missing section), and on the matching real sample
in ../shared/corpus: every proposal is listed (counted here from the file names,
independently of bepkit), the findings are golden files reviewed line by line,
every file reads back byte for byte, and each editing command changes only its
lines.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
from conftest import SHARED, writable_copy
from helpers import bep, golden, line_changes
from hypothesis import given, settings
from hypothesis import strategies as st
from test_history import commit, git

from bepkit.actions.export import schema
from bepkit.config import Config, defaults
from bepkit.model.document import Document
from bepkit.model.edits import set_meta
from bepkit.model.metadata import metadata_of
from bepkit.profiles import builtin

CORPUS = SHARED / "corpus"

MADR = {
    "docs/decisions/0000-use-madr.md": (
        "---\nstatus: accepted\ndate: 2024-01-10\ndecision-makers: Ann, Bo\n---\n"
        "# Use MADR\n\n## Context and Problem Statement\n\nHow to record decisions?\n\n"
        "## Considered Options\n\n* MADR\n* Nothing\n\n## Decision Outcome\n\nMADR.\n"
    ),
    # MADR 2: the metadata as a list under the title
    "docs/decisions/0001-use-postgres.md": (
        "# Use Postgres\n\n* Status: superseded by [ADR-0003](0003-use-sqlite.md)\n"
        "* Deciders: Ann\n* Date: 2024-02-01\n\nTechnical Story: none\n\n"
        "## Context and Problem Statement\n\nA database.\n\n## Considered Options\n\n* Postgres\n\n"
        "## Decision Outcome\n\nPostgres.\n"
    ),
    # two records took the number 0002 (what adr-tools merges silently)
    "docs/decisions/0002-use-rest.md": (
        "---\nstatus: proposed\n---\n# Use REST\n\n## Context and Problem Statement\n\nAPIs.\n\n"
        "## Considered Options\n\n* REST\n\n## Decision Outcome\n\nREST.\n"
    ),
    "docs/decisions/0002-use-grpc.md": (
        "---\nstatus: accepted\nreviewers: Cy\n---\n# Use gRPC\n\n"
        "## Context and Problem Statement\n\nAPIs.\n\n## Decision Outcome\n\ngRPC.\n"
    ),
    "docs/decisions/0003-use-sqlite.md": (
        "# Use SQLite\n\n## Context and Problem Statement\n\nSmaller.\n\n"
        "## Considered Options\n\n* SQLite\n\n## Decision Outcome\n\nSQLite.\n"
    ),
    "docs/decisions/index.md": "# Decisions\n\nThe list.\n",
}

NYGARD = {
    "doc/adr/0001-record-architecture-decisions.md": (
        "# 1. Record architecture decisions\n\nDate: 2016-02-12\n\n## Status\n\nAccepted\n\n"
        "## Context\n\nWe need to record decisions.\n\n## Decision\n\nADRs.\n\n"
        "## Consequences\n\nSee the article.\n"
    ),
    "doc/adr/0002-use-postgres.md": (
        "# 2. Use Postgres\n\nDate: 2016-03-01\n\n## Status\n\n"
        "Superseded by [3. Use SQLite](0003-use-sqlite.md)\n\n## Context\n\nA database.\n\n"
        "## Decision\n\nPostgres.\n\n## Consequences\n\nOperations.\n"
    ),
    "doc/adr/0003-use-sqlite.md": (
        "# 3. Use SQLite\n\nDate: 2016-04-01\n\n## Status\n\nAccepted\n\n"
        "Supersedes [2. Use Postgres](0002-use-postgres.md)\n\n## Context\n\nSmaller.\n\n"
        "## Decision\n\nSQLite.\n\n## Consequences\n\nSimpler.\n"
    ),
    "doc/adr/0003-use-kafka.md": (
        "# 3. Use Kafka\n\nDate: 2016-04-02\n\n## Status\n\nAccpeted\n\n## Context\n\nEvents.\n\n"
        "## Decision\n\nKafka.\n"
    ),
    "doc/adr/0005-use-redis.md": (
        "# 5. Use Redis\n\nDate: 2016-05-01\n\n## Status\n\nSuperseded\n\n## Context\n\nCache.\n\n"
        "## Decision\n\nRedis.\n\n## Consequences\n\nMemory.\n"
    ),
    "doc/adr/0004-no-status.md": (
        "# 4. No status\n\nDate: 16 May 2016\n\n## Context\n\nForgot.\n\n## Decision\n\nNone.\n\n"
        "## Consequences\n\nNone.\n"
    ),
}

SWIFT = {
    "proposals/0001-keywords.md": (
        "# Keywords as argument labels\n\n* Proposal: [SE-0001](0001-keywords.md)\n"
        "* Author: [Ann](https://github.com/ann)\n* Status: **Implemented (Swift 5.9)**\n\n"
        "## Introduction\n\nAllow keywords.\n"
    ),
    "proposals/0002-regex.md": (
        "# Regex\n\n* Proposal: [SE-0002](0002-regex.md)\n* Authors: [Bo](https://github.com/bo)\n"
        "* Review Manager: [Cy](https://github.com/cy)\n"
        "* Status: **Active review (March 1...14, 2024)**\n\n## Introduction\n\nRegex.\n"
    ),
    "proposals/0002-ranges.md": (
        "# Ranges\n\n* Proposal: [SE-0002](0002-ranges.md)\n* Status: **Deferred**\n\n"
        "## Introduction\n\nRanges.\n"
    ),
    "proposals/0003-no-metadata.md": "# No metadata\n\n## Introduction\n\nForgot the list.\n",
}

KEP_README = "# KEP-{n}: {title}\n\n## Summary\n\nS.\n\n## Motivation\n\nM.\n\n## Proposal\n\nP.\n"
KEP = {
    "keps/sig-cli/1000-debug/README.md": KEP_README.format(n=1000, title="Debug"),
    "keps/sig-cli/1000-debug/kep.yaml": (
        'title: Debug\nkep-number: 1000\nauthors:\n  - "@ann"\nowning-sig: sig-cli\n'
        "status: implementable\ncreation-date: 2020-01-02\nstage: beta\n"
        'latest-milestone: "v1.30"\nmilestone:\n  alpha: "v1.28"\n  beta: "v1.30"\n'
    ),
    "keps/sig-node/1000-swap/README.md": KEP_README.format(n=1000, title="Swap"),
    "keps/sig-node/1000-swap/kep.yaml": (
        'title: Swap\nkep-number: 1000\nauthors:\n  - "@bo"\nowning-sig: sig-node\n'
        "status: implemented\nstage: gamma\n"
    ),
    "keps/sig-node/1001-no-yaml/README.md": KEP_README.format(n=1001, title="No yaml"),
    "keps/sig-node/1002-odd/README.md": "# KEP-1002: Odd\n\n## Summary\n\nS.\n",
    "keps/sig-node/1002-odd/kep.yaml": "title: Odd\nkep-number: 1002\nstatus: shipped\n",
    "keps/sig-node/FAQ.md": "# FAQ\n",
    "keps/sig-node/1003-no-readme/kep.yaml": "title: Lost\nkep-number: 1003\nstatus: provisional\n",
}

OWN = {"madr": MADR, "nygard": NYGARD, "swift": SWIFT, "kep": KEP}
SAMPLES = {"madr": "madr", "swift": "swift-evolution", "kep": "kubernetes-enhancements"}
# the proposals each process's files name, found without bepkit
PATTERNS = {
    "madr": "docs/decisions/[0-9][0-9][0-9][0-9]-*.md",
    "nygard": "doc/adr/[0-9][0-9][0-9][0-9]-*.md",
    "swift": "proposals/[0-9][0-9][0-9][0-9]-*.md",
    "kep": "keps/*/[0-9]*-*/",
}


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def repos() -> list[tuple[str, str]]:
    return [(p, "own") for p in OWN] + [(p, "sample") for p in SAMPLES]


def repo(tmp_path: Path, profile: str, which: str) -> Path:
    if which == "own":
        return write(tmp_path / profile, OWN[profile])
    return writable_copy(CORPUS / SAMPLES[profile], tmp_path / profile)


@pytest.mark.parametrize(("profile", "which"), repos())
def test_every_proposal_is_listed(tmp_path: Path, profile: str, which: str) -> None:
    root = repo(tmp_path, profile, which)
    expected = sorted({int(p.name.split("-")[0]) for p in root.glob(PATTERNS[profile])})
    listed = bep("--profile", profile, "list", "--json", cwd=root).json()
    assert sorted({e["number"] for e in listed}) == expected
    # a shared number is two entries, never one
    paths = [e["path"] for e in listed]
    assert len(paths) == len(set(paths))
    files = [p for p in root.glob(PATTERNS[profile])]
    assert len(listed) == len(files)


@pytest.mark.parametrize(("profile", "which"), repos())
def test_findings_golden(tmp_path: Path, profile: str, which: str) -> None:
    root = repo(tmp_path, profile, which)
    r = bep("--profile", profile, "check", "--no-cache", cwd=root)
    golden(f"profile-{profile}-{which}.txt", r.out)
    assert r.code in (0, 1)


@pytest.mark.parametrize(("profile", "which"), repos())
def test_every_file_reads_back_byte_for_byte(tmp_path: Path, profile: str, which: str) -> None:
    root = repo(tmp_path, profile, which)
    for path in [*root.rglob("*.md"), *root.rglob("*.yaml")]:
        data = path.read_bytes()
        assert Document.from_bytes(data).to_bytes() == data, path


@pytest.mark.parametrize(("profile", "which"), repos())
def test_export_validates(tmp_path: Path, profile: str, which: str) -> None:
    root = repo(tmp_path, profile, which)
    data = bep("--profile", profile, "export", cwd=root).json()
    jsonschema.Draft202012Validator(schema()).validate(data)
    assert data["profile"] == profile


@pytest.mark.parametrize(("profile", "which"), [*repos(), ("bep", "sample")])
def test_init_detects_the_profile(tmp_path: Path, profile: str, which: str) -> None:
    if profile == "bep":
        root = writable_copy(CORPUS / "backend.ai", tmp_path / "bep")
    else:
        root = repo(tmp_path, profile, which)
    r = bep("init", "--json", cwd=root)
    assert r.code == 0, r.err
    assert r.json()["profile"] == profile
    assert (root / "bep.toml").read_text().endswith(f'profile = "{profile}"\n')
    # and from then on, without --profile
    assert bep("list", "--json", cwd=root).json()
    assert bep("init", cwd=root).code == 2  # never twice


STATUS_EDITS = {
    # profile: (number, new status, file, the line before, the line after)
    "madr": (2, "accepted", "docs/decisions/0002-use-rest.md", "status: proposed", "status: accepted"),
    "nygard": (1, "Deprecated", "doc/adr/0001-record-architecture-decisions.md", "Accepted", "Deprecated"),
    "swift": (2, "Accepted", "proposals/0002-regex.md",
              "* Status: **Active review (March 1...14, 2024)**", "* Status: **Accepted**"),
    "kep": (1000, "implemented", "keps/sig-cli/1000-debug/kep.yaml",
            "status: implementable", "status: implemented"),
}  # fmt: skip


@pytest.mark.parametrize("profile", list(STATUS_EDITS))
def test_status_changes_one_line_where_the_process_keeps_it(tmp_path: Path, profile: str) -> None:
    root = write(tmp_path / profile, OWN[profile])
    number, status, rel, old, new = STATUS_EDITS[profile]
    if profile == "swift":  # the shared number: choose the document
        args = ["--path", rel]
    elif profile == "kep":
        args = ["--path", "keps/sig-cli/1000-debug/README.md"]
    else:
        args = ["--path", rel] if profile == "madr" else []
    before = {p: p.read_text() for p in root.rglob("*") if p.is_file()}
    r = bep("--profile", profile, "status", str(number), status, "--json", *args, cwd=root)
    assert r.code == 0, r.err
    after = {p: p.read_text() for p in root.rglob("*") if p.is_file()}
    changed = [p for p in before if before[p] != after[p]]
    assert changed == [root / rel]
    assert line_changes(before[root / rel], after[root / rel]) == ([old], [new])


def test_status_refuses_a_transition_the_process_does_not_have(tmp_path: Path) -> None:
    root = write(tmp_path / "kep", KEP)
    r = bep("--profile", "kep", "status", "1002", "implemented", cwd=root)
    assert r.code == 2 and "'shipped' is not one of" in r.err


@pytest.mark.parametrize("profile", list(OWN))
def test_new_writes_a_clean_proposal(tmp_path: Path, profile: str) -> None:
    root = tmp_path / profile
    root.mkdir()
    assert bep("--profile", profile, "init", cwd=root).code == 0
    args = ["--group", "sig-cli"] if profile == "kep" else []
    r = bep("new", "Cache the index", "--author", "Ann (ann@example.org)", "--no-branch",
            "--json", *args, cwd=root)  # fmt: skip
    assert r.code == 0, r.err
    created = [c["path"] for c in r.json()["changed"]]
    listed = bep("list", "--json", cwd=root).json()
    assert [e["title"] for e in listed] == ["Cache the index"]
    assert listed[0]["path"] == created[0]
    found = bep("check", "--format", "json", cwd=root).json()["findings"]
    # only what a fresh proposal lacks: its text (empty sections), never its metadata
    assert [f for f in found if f["code"][0] in "MN"] == []


def test_new_for_keps_names_the_group(tmp_path: Path) -> None:
    root = write(tmp_path / "kep", KEP)
    write(root, {"keps/NNNN-kep-template/README.md": "# KEP-NNNN: Title\n\n## Summary\n",
                 "keps/NNNN-kep-template/kep.yaml": "title: T\nkep-number: N\nstatus: provisional\n"
                 "owning-sig: sig-x\n"})  # fmt: skip
    r = bep("--profile", "kep", "new", "Faster", "--author", "a", "--no-branch", cwd=root)
    assert r.code == 2 and "one of sig-cli, sig-node" in r.err
    r = bep("--profile", "kep", "new", "Faster", "--author", "a", "--no-branch", "--json",
            "--group", "sig-node", cwd=root)  # fmt: skip
    assert r.code == 0, r.err
    yaml = (root / "keps/sig-node/1004-faster/kep.yaml").read_text()
    assert yaml == (
        "title: Faster\nkep-number: 1004\nstatus: provisional\nowning-sig: sig-node\n"
        f"creation-date: {dt.date.today().isoformat()}\n"  # the template had none: added
    )


def test_swift_statuses_are_read_with_their_detail() -> None:
    cfg = Config(root=Path("."), **defaults(builtin("swift")))
    assert cfg.status_parts("Active review (March 1...14, 2024)") == (
        "Active review",
        "(March 1...14, 2024)",
    )
    assert cfg.status_parts("Implemented (Swift 5.9)") == ("Implemented", "(Swift 5.9)")
    assert cfg.status_parts("Accepted with revisions") == ("Accepted with revisions", "")
    assert cfg.status_parts("Implementedish") == (None, "Implementedish")
    bep_cfg = Config(root=Path("."))
    assert bep_cfg.status_parts("Draft (soon)") == (None, "Draft (soon)")  # BEPs: exact


def test_renumber_on_a_swift_repository(tmp_path: Path) -> None:
    root = write(tmp_path / "swift", SWIFT)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    r = bep("--profile", "swift", "renumber", "1", "9", "--json", cwd=root)
    assert r.code == 0, r.err
    text = (root / "proposals/0009-keywords.md").read_text()
    assert "* Proposal: [SE-0009](0009-keywords.md)\n" in text
    assert not (root / "proposals/0001-keywords.md").exists()


def test_profile_from_the_configuration_file(tmp_path: Path) -> None:
    root = write(tmp_path / "swift", SWIFT)
    (root / "bep.toml").write_text('profile = "swift"\n[rules]\nS002 = "off"\n')
    assert len(bep("list", "--json", cwd=root).json()) == 4
    (root / "bep.toml").write_text('profile = "rfc"\n')
    r = bep("list", cwd=root)
    assert r.code == 2 and "bep.toml:1:" in r.err and "no built-in profile 'rfc'" in r.err
    assert json.loads(bep("--profile", "madr", "export", "--schema").out)["title"]


@pytest.mark.parametrize("profile", list(OWN))
def test_commands_for_sections_the_process_lacks_say_so(tmp_path: Path, profile: str) -> None:
    root = write(tmp_path / profile, OWN[profile])
    number = bep("--profile", profile, "list", "--json", cwd=root).json()[0]["number"]
    r = bep("--profile", profile, "decide", str(number), "X", "--rationale", "Y", cwd=root)
    assert (r.code, r.err) == (
        2,
        f"bep: error: the {profile} process has no section with the role 'decisions'\n",
    )
    r = bep("--profile", profile, "question", str(number), "add", "Why?", cwd=root)
    assert r.code == 2 and "'open-questions'" in r.err


def test_the_mcp_server_serves_a_kep_repository(tmp_path: Path) -> None:
    from typing import Any

    from mcp import Client
    from test_agent import data_of, with_server

    root = write(tmp_path / "kep", KEP)
    (root / "bep.toml").write_text('profile = "kep"\n')

    async def work(c: Client) -> dict[str, Any]:
        listed = await c.call_tool("list_proposals", {})
        moved = await c.call_tool("set_status", {"number": 1001, "status": "implementable"})
        return {"listed": data_of(listed), "moved": moved}

    before = (root / "keps/sig-cli/1000-debug/kep.yaml").read_text()
    out = with_server(root, work)
    numbers = [e["number"] for e in out["listed"]["proposals"]]
    assert sorted(set(numbers)) == [1000, 1001, 1002, 1003]
    # 1001 has no kep.yaml: its status cannot be set, and nothing was written
    assert (
        out["moved"].is_error and "no metadata to hold its status" in out["moved"].content[0].text
    )
    assert (root / "keps/sig-cli/1000-debug/kep.yaml").read_text() == before


# -- the editors, by property ------------------------------------------------------------


VALUES = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="*_`'\"#<>[]\\"
        ),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
PLACES = {
    # profile: (document text, sidecar text or None, key)
    "swift": ("# T\n\n* Proposal: [SE-0001](0001-t.md)\n* Status: **Implemented (Swift 5.9)**\n"
              "* Authors: A\n\n## Introduction\n\nx\n", None, "Status"),
    "nygard": ("# 1. T\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nx\n", None,
               "Status"),
    "madr": ("---\nstatus: proposed\ndate: 2020-01-01\n---\n# T\n\nx\n", None, "status"),
    "kep": ("# KEP-1: T\n\n## Summary\n\nx\n",
            'title: T\nkep-number: 1\nstatus: "provisional"\nstage: alpha\n', "status"),
}  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(profile=st.sampled_from(sorted(PLACES)), value=VALUES)
def test_set_meta_changes_one_line_and_reads_back(profile: str, value: str) -> None:
    text, side, key = PLACES[profile]
    cfg = Config(root=Path("."), **defaults(builtin(profile)))
    doc = Document(text, path="README.md")
    if side is not None:
        doc.sidecar = Document(side, path="kep.yaml")
    target, edit = set_meta(doc, cfg, key, value)
    before = target.text
    after = target.edit([edit])
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.text.splitlines(), strict=True) if a != b
    ]
    assert len(changed) <= 1 and len(before.splitlines()) == len(after.text.splitlines())
    reread = Document(after.text if target is doc else text, path="README.md")
    if side is not None:
        reread.sidecar = Document(after.text, path="kep.yaml")
    md = metadata_of(reread, cfg)
    assert md is not None and md.get(key) == value


def test_transitions_of_a_kep_are_read_from_its_kep_yaml(tmp_path: Path) -> None:
    root = write(tmp_path / "kep", KEP)
    (root / "bep.toml").write_text('profile = "kep"\n')
    git(root, "init", "-q", "-b", "main")
    commit(root, "start", "2024-01-10")
    yaml = root / "keps/sig-node/1000-swap/kep.yaml"
    yaml.write_text(yaml.read_text().replace("status: implemented", "status: provisional"))
    found = bep("check", "--base", "main", "--format", "json", cwd=root).json()["findings"]
    assert [(f["path"], f["line"], f["message"]) for f in found if f["code"] == "T001"] == [
        (
            "keps/sig-node/1000-swap/kep.yaml",
            6,
            "status implemented -> provisional not yet committed is not a transition the "
            "process allows",
        )
    ]
    commit(root, "back", "2024-02-10")
    logs = bep("log", "1000", "--json", cwd=root).json()
    [swap] = [lg for lg in logs if lg["path"] == "keps/sig-node/1000-swap/README.md"]
    assert [(s["from"], s["to"]) for s in swap["statuses"]] == [
        (None, "implemented"),
        ("implemented", "provisional"),
    ]


def test_metadata_names_a_proposal_only_as_the_process_writes_one() -> None:
    from bepkit.model.proposal import meta_numbers

    cfg = Config(root=Path("."))
    value = (
        "BEP-1001, 1002, [BEP-1003](BEP-1003-x.md), https://github.com/o/r/pull/481, "
        "https://github.com/o/r/blob/main/proposals/BEP-1004-y.md, n/a, v2.0"
    )
    doc = Document(f"---\nSupersedes: {value}\n---\n# T\n", path="proposals/BEP-1009-t.md")
    assert [n for _, n in meta_numbers(doc, cfg, "supersedes")] == [1001, 1002, 1003, 1004]
    kep = Config(root=Path("."), **defaults(builtin("kep")))
    readme = Document("# KEP-9: T\n", path="keps/sig-a/9-t/README.md")
    readme.sidecar = Document(
        'replaces:\n  - "https://github.com/kubernetes/community/pull/481"\n'
        '  - "/keps/sig-b/12-old-thing"\n  - "0008-kustomize.md"\n  - n/a\n',
        path="keps/sig-a/9-t/kep.yaml",
    )
    assert [n for _, n in meta_numbers(readme, kep, "supersedes")] == [12]


def test_init_finds_records_in_the_other_folders_the_process_uses(tmp_path: Path) -> None:
    moved = {k.replace("doc/adr/", "docs/adr/"): v for k, v in NYGARD.items()}
    root = write(tmp_path / "ny", moved)
    r = bep("init", "--json", cwd=root)
    assert r.code == 0, r.err
    assert r.json()["profile"] == "nygard"
    assert 'proposals_dir = "docs/adr"\n' in (root / "bep.toml").read_text()
    assert len(bep("list", "--json", cwd=root).json()) == len(moved)


def test_init_in_an_empty_folder_asks_which_process(tmp_path: Path) -> None:
    r = bep("init", cwd=tmp_path)
    assert r.code == 2 and "bep --profile NAME init" in r.err
    assert not (tmp_path / "bep.toml").exists()


def test_context_of_a_kep_holds_its_metadata_and_no_bep_panels(tmp_path: Path) -> None:
    root = write(tmp_path / "kep", KEP)
    text = bep("--profile", "kep", "context", "1001", cwd=root).out
    assert "## Decision Log" not in text and "## Open Questions" not in text
    assert "# KEP-1001: No yaml" in text and "## Summary" in text
    bundle = bep("--profile", "kep", "context", "1002", "--format", "json", cwd=root).json()
    assert "- status: shipped" in bundle["parts"][0]["text"]


def test_stale_report_reads_a_status_with_its_detail(tmp_path: Path) -> None:
    root = write(tmp_path / "swift", SWIFT)
    (root / "bep.toml").write_text('profile = "swift"\n')
    path = root / "proposals/0001-keywords.md"
    path.write_text(path.read_text().replace("Implemented (Swift 5.9)", "Awaiting review (pitch)"))
    git(root, "init", "-q", "-b", "main")
    commit(root, "Start", "2020-01-10")
    items = bep("report", "stale", "--days", "30", "--json", cwd=root).json()
    assert [(i["kind"], i["id"]) for i in items] == [("untouched", "SE-0001")]


def _crlf(root: Path) -> None:
    for path in [*root.rglob("*.md"), *root.rglob("*.yaml")]:
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))


def _bom(root: Path) -> None:
    for path in root.rglob("*.md"):
        data = path.read_bytes()
        if not data.startswith(b"\xef\xbb\xbf"):
            path.write_bytes(b"\xef\xbb\xbf" + data)


@pytest.mark.parametrize("profile", ["bep", *SAMPLES])
@pytest.mark.parametrize("saved_as", ["crlf", "bom", "folder"])
def test_findings_do_not_depend_on_how_the_files_were_saved(
    tmp_path: Path, profile: str, saved_as: str
) -> None:
    """The same repository edited on Windows (CRLF), by an editor that writes a
    byte-order mark, or checked out in a folder with a space and an accent in its
    name, has the same findings on the same lines."""
    sample = CORPUS / SAMPLES.get(profile, "backend.ai")

    def findings(root: Path) -> list[tuple[str, int, str, str]]:
        out = bep("--profile", profile, "check", "--no-cache", "--format", "json", cwd=root)
        return [(f["path"], f["line"], f["code"], f["message"]) for f in out.json()["findings"]]

    expected = findings(writable_copy(sample, tmp_path / "as-is"))
    root = writable_copy(
        sample, tmp_path / ("dépôt des propositions" if saved_as == "folder" else saved_as)
    )
    {"crlf": _crlf, "bom": _bom, "folder": lambda _: None}[saved_as](root)
    assert findings(root) == expected


def test_an_adr_title_that_kept_another_number(tmp_path: Path) -> None:
    """adr-tools numbers titles ("# 1. Record ..."): a copy renamed to 0002 that kept
    "# 1." names the wrong decision."""
    root = write(tmp_path / "nygard", NYGARD)
    first = root / "doc/adr/0001-record-architecture-decisions.md"
    (root / "doc/adr/0002-use-markdown.md").write_text(
        first.read_text().replace("Record architecture decisions", "Use Markdown")
    )
    out = bep("--profile", "nygard", "check", "--format", "json", "--no-cache", cwd=root).json()
    found = [(f["path"], f["code"], f["hint"]) for f in out["findings"] if f["code"] == "S012"]
    assert found == [("doc/adr/0002-use-markdown.md", "S012", "write 2. in the title")]
