"""Configuration: defaults, discovery, and errors that name the file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS

from bepkit.config import Config, find_root, load
from bepkit.errors import ConfigError


def test_defaults_are_backend_ai() -> None:
    cfg = load(CORPUS)
    assert cfg.source is None
    assert cfg.root == CORPUS
    assert (cfg.proposals_dir, cfg.prefix, cfg.first_number) == ("proposals", "BEP", 1000)
    assert cfg.registry_file == "proposals/README.md"
    assert cfg.registry_heading == "BEP Number Registry"
    assert cfg.template == "proposals/BEP-0000-template.md"
    assert cfg.statuses == ("Draft", "Accepted", "Implemented", "Rejected", "Superseded")
    assert cfg.transitions["Draft"] == ("Accepted", "Rejected", "Superseded")
    assert (cfg.limits.single, cfg.limits.main, cfg.limits.subdoc) == (500, 200, 300)
    assert cfg.branch_name(1046, "service-discovery") == "bep/1046-service-discovery"
    assert cfg.reservation(1046) == "refs/bep-reservations/1046"
    assert cfg.version_regex.match("26.1.0") and not cfg.version_regex.match("v26.1")
    classic = [s.name for s in cfg.sections if "classic" in s.structures]
    assert classic[:4] == ["Related Issues", "Motivation", "Document Index", "Current Design"]
    tech_spec = [s.name for s in cfg.sections if "tech-spec" in s.structures]
    assert tech_spec[:3] == ["Goal", "Document Index", "Current Design & Scope, by Area"]


def test_found_from_a_subfolder_and_stops_at_repository_root(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "proposals").mkdir(parents=True)
    (repo / ".git").mkdir()
    (repo / "src" / "deep").mkdir(parents=True)
    (tmp_path / "bep.toml").write_text('prefix = "OUTSIDE"\n')  # above the repository: ignored
    root, source = find_root(repo / "src" / "deep")
    assert (root, source) == (repo.resolve(), None)


def test_pyproject_tool_bep(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.bep]\nprefix = "KEP"\nfirst_number = 1\nnumber_width = 3\n'
        'proposals_dir = "keps"\n[tool.bep.limits]\nsingle = 800\n'
    )
    cfg = load(tmp_path)
    assert cfg.source == tmp_path / "pyproject.toml"
    assert (cfg.prefix, cfg.first_number, cfg.limits.single, cfg.limits.main) == (
        "KEP",
        1,
        800,
        200,
    )
    assert cfg.registry_file == "keps/README.md"
    assert cfg.template == "keps/KEP-000-template.md"
    assert cfg.document_name(7, "x") == "KEP-007-x.md"


def test_bep_toml_wins_over_pyproject_without_tool_bep(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tmp_path / "bep.toml").write_text('prefix = "RFC"\nrequired_sections = ["Motivation"]\n')
    cfg = load(tmp_path)
    assert cfg.prefix == "RFC"
    assert [s.name for s in cfg.sections if "classic" in s.required] == ["Motivation"]
    assert [s.name for s in cfg.sections if "tech-spec" in s.required] == [
        "Goal",
        "Implementation Design",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('prefx = "BEP"\n', r"bep.toml:1: prefx: unknown key"),
        (
            'first_number = "ten"\n',
            r"bep.toml:1: first_number: expected an integer >= 0, got 'ten'",
        ),
        ("[limits]\nsingel = 3\n", r"bep.toml:2: limits.singel: unknown key"),
        (
            '[transitions]\nDraft = ["Done"]\n',
            r"bep.toml:2: transitions.Draft: 'Done' is not a configured status",
        ),
        (
            '[rules]\nBEP101 = "loud"\n',
            r"bep.toml:2: rules.BEP101: expected one of off, warning, error",
        ),
        ('branch_pattern = "bep/x"\n', r"bep.toml:1: branch_pattern: must contain {number}"),
        ("prefix = \n", r"bep.toml:1: not valid TOML"),
        ('remote = "--upload-pack=touch pwned"\n', r"bep.toml:1: remote: '--upload-pack"),
        ('branch_pattern = "-c{number}"\n', r"bep.toml:1: branch_pattern: '-c{number}' is not"),
        ('reservation_ref = "bep/{number}"\n', r"bep.toml:1: reservation_ref: must start with"),
        ('template = "/etc/passwd"\n', r"bep.toml:1: template: '/etc/passwd' must be a relative"),
        (
            'registry_file = "../outside.md"\n',
            r"bep.toml:1: registry_file: '../outside.md' must be",
        ),
        ('baseline = "a/../../b"\n', r"bep.toml:1: baseline: 'a/../../b' must be a relative"),
        ('prefix = "../BEP"\n', r"bep.toml:1: prefix: '../BEP' is not letters"),
        ("number_width = 300000000\n", r"bep.toml:1: number_width: expected at most 9 digits"),
        ('version_pattern = "^(a+)+$"\n', r"bep.toml:1: version_pattern: a repeated group"),
        (
            '[[sections]]\nrole = "decisions"\nname = "Decision Log"\nrequired = ["nope"]\n',
            r"bep.toml:4: sections[0].required: 'nope' is not a structure",
        ),
        (
            '[[sections]]\nrole = "x"\nname = "X"\nmin_lines = -1\n',
            r"bep.toml:4: sections[0].min_lines: expected an integer >= 0",
        ),
    ],
)
def test_errors_name_file_line_and_key(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "bep.toml").write_text(text)
    with pytest.raises(ConfigError) as info:
        load(tmp_path)
    message = str(info.value).replace(str(tmp_path) + "/", "")
    assert message.startswith(expected), message


def test_pyproject_errors_say_tool_bep(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.bep]\nlimits = 3\n")
    with pytest.raises(
        ConfigError, match=r"pyproject.toml:2: \[tool.bep\] limits: expected a table"
    ):
        load(tmp_path)


def test_config_is_a_value() -> None:
    assert Config(root=Path("/r")).proposals_path == Path("/r/proposals")
