"""bep list and bep show, on the corpus and on the examples."""

from __future__ import annotations

import re

from conftest import CORPUS, EXAMPLES
from helpers import bep, bep_process, golden


def numbers_in_corpus() -> set[int]:
    """Counted without bepkit: file and folder names, and registry rows."""
    proposals = CORPUS / "proposals"
    found = set()
    for path in proposals.rglob("*"):
        m = re.match(r"BEP-(\d+)", path.name)
        if m and path.name != "BEP-0000-template.md":
            found.add(int(m.group(1)))
    readme = (proposals / "README.md").read_text(encoding="utf-8")
    registry = readme.split("## BEP Number Registry", 1)[1].split("\n## ", 1)[0]
    for line in registry.splitlines():
        m = re.match(r"\|\s*\[?(\d+)\]?", line)
        if m:
            found.add(int(m.group(1)))
    return found


def test_list_json_has_every_number_of_the_corpus() -> None:
    r = bep("list", "--json", cwd=CORPUS)
    assert r.code == 0, r.err
    listed = {e["number"] for e in r.json()}
    expected = numbers_in_corpus()
    assert len(expected) >= 40
    assert listed == expected


def test_list_shows_reserved_rows_and_both_documents_of_a_shared_number() -> None:
    entries = bep("list", "--json", cwd=CORPUS).json()
    by_number: dict[int, list[dict[str, object]]] = {}
    for e in entries:
        by_number.setdefault(e["number"], []).append(e)
    assert [e["layout"] for e in by_number[1027]] == ["reserved"]
    assert by_number[1027][0]["title"] == "Docker Relay in Compute Sessions"
    assert sorted(e["title"] for e in by_number[1026]) == [
        "Email Notification Channel",
        "Fair Share Scheduler",
    ]
    assert by_number[1033][0]["layout"] == "segmented"
    assert (
        by_number[1013][0]["title"] == "GraphQL Schema for New Model Service"
    )  # '# Title' placeholder


def test_list_filters() -> None:
    accepted = bep("list", "--status", "ACCEPTED", "--json", cwd=CORPUS).json()
    assert {e["number"] for e in accepted} == {1006, 1010, 1013, 1017, 1019}
    kim = bep("list", "--author", "joongi", "--json", cwd=CORPUS).json()
    assert {e["number"] for e in kim} == {1000, 1001, 1007, 1014, 1015, 1016, 1018, 1027}
    text = bep("list", "--status", "implemented", cwd=CORPUS)
    assert text.out.splitlines()[0].split("\t")[:3] == [
        "1021",
        "GQL StringFilter Enhancement",
        "Implemented",
    ]


def test_show_segmented_proposal() -> None:
    (info,) = bep("show", "1033", "--json", cwd=CORPUS).json()
    assert info["path"] == "proposals/BEP-1033-sokovan-handler-test-scenarios.md"
    assert len(info["subdocuments"]) == 10
    assert len(info["open_questions"]) == 3
    assert len({q["id"] for q in info["open_questions"]}) == 3
    assert info["open_questions"][0]["text"].startswith("Mock vs Real DB")
    assert info["registry"]["link"] == "BEP-1033/"
    titles = [s["title"] for s in info["sections"] if s["depth"] == 2]
    assert titles[:3] == ["Related Issues", "Motivation", "Current Test Coverage"]


def test_show_both_documents_sharing_a_number() -> None:
    infos = bep("show", "1026", "--json", cwd=CORPUS).json()
    assert [i["path"].rsplit("/", 1)[1] for i in infos] == [
        "BEP-1026-email-notification-channel.md",
        "BEP-1026-fair-share-scheduler.md",
    ]
    text = bep("show", "1026", cwd=CORPUS).out
    assert text.count("BEP-1026  ") == 2


def test_show_reserved_number() -> None:
    text = bep("show", "1027", cwd=CORPUS).out
    assert "reserved: no document yet" in text and "Docker Relay in Compute Sessions" in text


def test_unknown_number_is_one_line_exit_2() -> None:
    r = bep_process("show", "9999", cwd=CORPUS)
    assert r.code == 2
    assert r.out == ""
    assert r.err.count("\n") == 1 and "no proposal BEP-9999" in r.err


def test_not_a_number_is_a_usage_error() -> None:
    r = bep("show", "abc", cwd=CORPUS)
    assert r.code == 2


def test_examples_golden() -> None:
    golden("examples-list.json", bep("list", "--json", cwd=EXAMPLES).out)
    golden("examples-show-1002.json", bep("show", "1002", "--json", cwd=EXAMPLES).out)
    golden("examples-show-1002.txt", bep("show", "1002", cwd=EXAMPLES).out)


def test_examples_have_every_status_and_a_segmented_proposal() -> None:
    entries = bep("list", "--json", cwd=EXAMPLES).json()
    assert {e["status"] for e in entries} == {
        "Draft",
        "Accepted",
        "Implemented",
        "Rejected",
        "Superseded",
    }
    assert any(e["layout"] == "segmented" for e in entries)


def test_help_has_examples() -> None:
    for args in ([], ["list"], ["show"]):
        r = bep(*args, "--help")
        assert r.code == 0 and "Examples:" in r.out
