"""Expected-output snapshots of the fixture sites.

Regenerate after an intended change to templates or output, then review the diff:

    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_snapshots.py
"""

import os
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, REPO, SEEDS, build

SNAPSHOTS = REPO / "tests" / "snapshots"
SITES = {"seeds": SEEDS, "multilingual": FIXTURES / "multilingual" / "content", "unicode": FIXTURES / "unicode" / "content"}


PINNED_MTIME = 1_795_219_200  # 2026-11-21: undated articles take their file's time, and a clone's is new


def _pinned_copy(content: Path, target: Path) -> Path:
    shutil.copytree(content, target)
    for path in target.rglob("*"):
        os.utime(path, (PINNED_MTIME, PINNED_MTIME))
    return target


def _html_files(folder):
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".html", ".xml", ".txt") and "pagefind" not in p.parts)
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in files}


@pytest.mark.parametrize("name", sorted(SITES))
def test_site_matches_snapshot(name, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(PINNED_MTIME))  # the news sitemap's "last two days"
    output = tmp_path / "site"
    config = FIXTURES / name / "site.toml"
    build(_pinned_copy(SITES[name], tmp_path / "content"), output, config_file=config if config.exists() else None)
    expected_dir = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        for relative, text in _html_files(output).items():
            target = expected_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    actual, expected = _html_files(output), _html_files(expected_dir)
    assert sorted(actual) == sorted(expected), "pages added or removed; see the module docstring to regenerate"
    for relative in expected:
        assert actual[relative] == expected[relative], f"{relative} differs from tests/snapshots/{name}"
