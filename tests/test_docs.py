"""docs/ is generated from the code (Click's help, the rule catalogue, the profiles):
the committed pages are what docs/generate.py writes today."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_the_reference_pages_are_up_to_date() -> None:
    r = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "generate.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr


def test_the_readme_links_the_reference() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "(docs/README.md)" in readme
    for page in (
        "check",
        "authoring",
        "segmentation",
        "agents",
        "site",
        "integrations",
        "profiles",
    ):
        assert (ROOT / "docs" / f"{page}.md").is_file()
