"""The build cache is only a cache: it saves parsing, and never changes or breaks a build."""

import shutil

import pytest
from helpers import THEME, build, override_template, parse, run_cli, site_answers, tree_digest

import newsroom.parallel as parallel
from newsroom.cache import CACHE_FOLDER


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
    entries = sorted((project / CACHE_FOLDER).glob("*/parsed/*/*.json"))
    assert len(entries) == 9
    for entry in entries:
        entry.write_bytes(garbage)
    (record,) = (project / CACHE_FOLDER).glob("*/build-record.json")
    record.write_bytes(garbage)
    parse_count.clear()
    report = build(project / "content", project / "site")
    assert len(parse_count) == 9, "every bad entry was parsed again"
    (warning,) = [p for p in report.problems if "unusable cache entries" in p.message]
    assert warning.warning and "ignored 9 unusable cache entries" in warning.message
    (warning,) = [p for p in report.problems if "build record" in p.message]
    assert warning.warning and "build-record.json" in warning.message
    assert tree_digest(project / "site") == expected


def test_no_cache_option(project):
    result = run_cli("--no-cache", cwd=project)
    assert result.returncode == 0, result.stderr
    assert not (project / CACHE_FOLDER).exists()
    assert run_cli(cwd=project).returncode == 0
    assert (project / CACHE_FOLDER).is_dir()


def test_incremental_builds_equal_plain_builds_after_each_change(project, monkeypatch):
    """Reused pages and re-rendered ones together give byte for byte what a full build gives."""
    import newsroom.parallel as parallel_module

    rendered = []
    real = parallel_module.render_one
    monkeypatch.setattr(parallel_module, "render_one", lambda job: rendered.append(job[1].path) or real(job))
    content = project / "content"
    edits = [
        lambda: (content / "elections" / "vote.fr.md").write_text(
            (content / "elections" / "vote.fr.md").read_text().replace("Le Parlement adopte", "Le Sénat adopte")),
        lambda: (content / "undated.en.md").unlink(),
        lambda: override_template(project / "templates", "partials/source_block.html").write_text(
            (THEME / "templates" / "partials" / "source_block.html").read_text() + "\n"),
    ]
    templates = project / "templates"
    build(content, project / "site", templates)
    for step, edit in enumerate(edits):
        edit()
        rendered.clear()
        build(content, project / "site", templates)
        this_build = list(rendered)
        build(content, project / f"plain-{step}", templates, use_cache=False)
        assert site_answers(project / "site") == site_answers(project / f"plain-{step}")
        if step == 0:  # the edited story's other language versions re-render (their switchers)
            assert "/en/parliament-approves-the-new-electoral-law/" in this_build
            assert "/en/harbour-reopens-after-the-storm/" not in this_build
        if step == 2:  # a partial only article pages include re-renders every article page, and no other
            articles = [p for p in (project / "site").rglob("index.html")
                        if parse(p).xpath('//meta[@property="og:type"]/@content') == ["article"]]
            assert len(this_build) == len(articles) and all(path.count("/") == 3 for path in this_build)


def test_a_build_without_the_cache_leaves_no_stale_manifest(project):
    templates = project / "templates"
    footer = override_template(templates, "base.html")
    original = footer.read_text()
    build(project / "content", project / "site", templates)
    footer.write_text(original.replace("site-footer", "site-footer changed"))
    build(project / "content", project / "site", templates, use_cache=False)
    footer.write_text(original)
    build(project / "content", project / "site", templates)
    build(project / "content", project / "plain", templates, use_cache=False)
    assert site_answers(project / "site") == site_answers(project / "plain")


def test_nothing_changed_means_nothing_written(project):
    build(project / "content", project / "site")
    page = project / "site" / "en" / "index.html"
    inode = page.stat().st_ino
    report = build(project / "content", project / "site")
    assert report.rendered == 0 and page.stat().st_ino == inode, "the published files were left as they are"
    page.unlink()
    report = build(project / "content", project / "site")
    assert page.is_file(), "a page deleted by hand is built again"
    assert report.rendered == 1
