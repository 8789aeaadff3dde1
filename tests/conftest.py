"""Shared fixtures: the corpus beside the checkout, the examples, temporary copies."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "backend.ai"
EXAMPLES = ROOT / "examples"
GOLDEN = HERE / "golden"

sys.path.insert(0, str(HERE))  # the test helpers (mdref, mdgen)

if not CORPUS.is_dir():  # pragma: no cover - a broken checkout, not a skipped test
    raise RuntimeError(
        f"the test corpus is missing: expected {CORPUS} (../shared beside the checkout)"
    )


def corpus_markdown() -> list[Path]:
    return sorted(p for p in (SHARED / "corpus").rglob("*.md"))


def writable_copy(src: Path, dst: Path) -> Path:
    """A copy of ``src`` whose files can be written (../shared is laid read-only)."""
    shutil.copytree(src, dst, copy_function=shutil.copyfile, symlinks=True)
    return dst


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the corpus repository."""
    return writable_copy(CORPUS, tmp_path / "backend.ai")


@pytest.fixture()
def examples_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "examples"
    shutil.copytree(EXAMPLES, dst)
    return dst


@pytest.fixture(autouse=True)
def _isolated_git(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never read the developer's git configuration, and always have an identity."""
    home = tmp_path_factory.getbasetemp() / "home"
    home.mkdir(exist_ok=True)
    gitconfig = home / ".gitconfig"
    if not gitconfig.exists():
        gitconfig.write_text(
            "[user]\n\tname = Test Author\n\temail = test@example.com\n"
            '[init]\n\tdefaultBranch = main\n[protocol "file"]\n\tallow = always\n'
        )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("BEP_PROFILE", "")  # restored (removed) after a test that sets it
    # never the developer's JIRA or GitHub: the fakes on 127.0.0.1 only
    for var in (
        "JIRA_BASE_URL",
        "JIRA_USERNAME",
        "JIRA_API_TOKEN",
        "JIRA_PAT",
        "GITHUB_TOKEN",
        "GH_TOKEN",
        "GITHUB_API_URL",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("GH_CONFIG_DIR", str(home / "gh"))
    monkeypatch.setenv("BEP_CACHE_DIR", str(tmp_path / "bep-cache"))  # every test starts cold
