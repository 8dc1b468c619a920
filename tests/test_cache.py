"""The build cache is only a cache: it saves parsing, and never changes or breaks a build."""

import shutil

import pytest
from helpers import FIXTURES, build, run_cli, tree_digest

import newsroom.parallel as parallel
from newsroom.cache import CACHE_FOLDER


@pytest.fixture
def project(tmp_path):
    shutil.copytree(FIXTURES / "multilingual" / "content", tmp_path / "content")
    return tmp_path


@pytest.fixture
def parse_count(monkeypatch):
    calls = []
    real = parallel.read_source

    def counting(path, root):
        calls.append(path.name)
        return real(path, root)

    monkeypatch.setattr(parallel, "read_source", counting)
    return calls


def test_unchanged_sources_are_not_parsed_again(project, parse_count):
    build(project / "content", project / "site")
    assert len(parse_count) == 9
    parse_count.clear()
    build(project / "content", project / "site")
    assert parse_count == []
    (project / "content" / "older.en.md").write_text("---\ntitle: Harbour reopens\ndate: 2026-10-02\n---\nEdited.\n")
    build(project / "content", project / "site")
    assert parse_count == ["older.en.md"]


def test_deleting_the_cache_changes_nothing_but_time(project):
    build(project / "content", project / "site")
    cached = tree_digest(project / "site")
    shutil.rmtree(project / CACHE_FOLDER)
    build(project / "content", project / "site")
    assert tree_digest(project / "site") == cached
    build(project / "content", project / "fresh", use_cache=False)
    assert tree_digest(project / "fresh") == cached


@pytest.mark.parametrize("garbage", [b"", b"newsroom-parse-cache-1\n{not json", b"\x80\x04\x95pickle",
                                     b'newsroom-parse-cache-1\n{"lang": "en"}'])
def test_corrupt_or_foreign_entries_are_ignored_with_a_warning(project, parse_count, garbage):
    build(project / "content", project / "site")
    expected = tree_digest(project / "site")
    entries = sorted((project / CACHE_FOLDER).rglob("*.json"))
    assert len(entries) == 9
    for entry in entries:
        entry.write_bytes(garbage)
    parse_count.clear()
    report = build(project / "content", project / "site")
    assert len(parse_count) == 9, "every bad entry was parsed again"
    (warning,) = [p for p in report.problems if "cache" in p.message]
    assert warning.warning and "ignored 9 unusable cache entries" in warning.message
    assert tree_digest(project / "site") == expected


def test_no_cache_option(project):
    result = run_cli("--no-cache", cwd=project)
    assert result.returncode == 0, result.stderr
    assert not (project / CACHE_FOLDER).exists()
    assert run_cli(cwd=project).returncode == 0
    assert (project / CACHE_FOLDER).is_dir()
