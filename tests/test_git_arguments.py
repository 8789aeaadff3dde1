"""Values from configuration or the command line never reach git as an option."""

from __future__ import annotations

from pathlib import Path

from gitrepo import clone, remote_with_examples

from bepkit.config import Config
from bepkit.gitops import Git
from bepkit.model.reservations import fetch_reservations


def test_a_remote_named_like_an_option_runs_nothing(tmp_path: Path) -> None:
    """Configuration is validated, and below it every git call puts ``--`` first."""
    repo = clone(remote_with_examples(tmp_path), tmp_path / "repo")
    marker = tmp_path / "pwned"
    hostile = Config(root=repo, remote=f"--upload-pack=touch {marker}")
    fetch_reservations(Git(repo), hostile)  # the remote is unknown to git: nothing fetched
    assert Git(repo).remote_url(hostile.remote) is None
    assert not marker.exists()


def test_a_ref_named_like_an_option_is_not_an_option(tmp_path: Path) -> None:
    repo = clone(remote_with_examples(tmp_path), tmp_path / "repo")
    git = Git(repo)
    assert git.resolve("--output=x") is None
    assert git.merge_base("--output=x") is None
    assert git.ls_tree("--output=x", "proposals") == []
    assert git.show("--output=x", "proposals/README.md") is None
    assert not (repo / "x").exists()
