"""Incremental builds: only what an edit reaches is redone, and the result is always what a
plain build from scratch gives, byte for byte."""

import json
import os
import subprocess
import sys

import pytest
from helpers import REPO, TEMPLATES, build, override_template, pages_digest, parse, run_cli, searchable, site_answers, tree_digest

import newsroom.parallel as parallel
import newsroom.write as write
from newsroom.cache import CACHE_FOLDER


@pytest.fixture
def activity(monkeypatch):
    """What each build parses and renders."""
    seen = {"parsed": [], "rendered": []}
    real_read, real_render = parallel.read_source, parallel.render_one

    def reading(path, root):
        seen["parsed"].append(path.name)
        return real_read(path, root)

    monkeypatch.setattr(parallel, "read_source", reading)
    monkeypatch.setattr(parallel, "render_one", lambda job: seen["rendered"].append(job[1].path) or real_render(job))
    return seen


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


EDITS = {
    "a body": lambda c: _append(c / "older.en.md", "\nFishing boats were the first to sail out.\n"),
    "a summary": lambda c: _edit(c / "older.en.md", "three days after", "four days after"),
    "a title": lambda c: _edit(c / "older.en.md", "title: Harbour reopens after the storm", "title: The harbour reopens"),
    "a new story in a new year": lambda c: (c / "archive.en.md").write_text(
        "---\ntitle: Floods of the past\ndate: 2019-05-01\n---\nThe river rose over its banks in the spring of 2019.\n"),
    "a deleted story": lambda c: (c / "undated.en.md").unlink(),
    "a story made a draft": lambda c: _edit(c / "markets.en.md", "tags: [economy]", "tags: [economy]\ndraft: true"),
    "a language changed": lambda c: (c / "elections" / "vote.ar.md").rename(c / "elections" / "vote.de.md"),
    "a file saved unchanged": lambda c: os.utime(c / "older.en.md"),
}


def test_every_kind_of_edit_gives_what_a_plain_build_gives(project):
    content, site = project / "content", project / "site"
    build(content, site)
    for step, (name, edit) in enumerate(EDITS.items()):
        edit(content)
        build(content, site)
        build(content, project / f"plain-{step}", use_cache=False)
        assert pages_digest(site) == pages_digest(project / f"plain-{step}"), f"after {name}"
        assert searchable(site) == searchable(project / f"plain-{step}"), f"search after {name}"


def test_a_body_edit_reads_and_renders_only_its_page_and_reindexes_only_its_shard(project, activity):
    content, site = project / "content", project / "site"
    build(content, site)
    untouched_shard = site / "pagefind" / "en" / "undated" / "pagefind-entry.json"
    inode = untouched_shard.stat().st_ino
    activity["parsed"].clear()
    activity["rendered"].clear()
    EDITS["a body"](content)
    report = build(content, site)
    assert activity["parsed"] == ["older.en.md"], "no other source is read"
    assert activity["rendered"] == ["/en/harbour-reopens-after-the-storm/"]
    assert report.rendered == 1
    assert untouched_shard.stat().st_ino == inode, "other search indexes are left as they are"
    assert "the first to sail out" in (site / "en" / "harbour-reopens-after-the-storm" / "index.html").read_text()


@pytest.mark.parametrize("edit, expected", [
    ("a summary", {"/", "/en/", "/en/harbour-reopens-after-the-storm/"}),
    # the page moves to the path of its new title (the story has no tags, so no tag page changes)
    ("a title", {"/", "/en/", "/en/the-harbour-reopens/"}),
])
def test_an_outline_edit_reaches_the_lists_of_its_language_but_no_other_story(project, activity, monkeypatch, edit,
                                                                              expected):
    import newsroom.rebuild as rebuild

    content, site = project / "content", project / "site"
    build(content, site)
    activity["rendered"].clear()
    built_stories = []
    real_story_pages = rebuild.story_pages
    monkeypatch.setattr(rebuild, "story_pages", lambda views, key: built_stories.append(key) or real_story_pages(views, key))
    EDITS[edit](content)
    build(content, site)
    assert set(activity["rendered"]) == expected
    assert built_stories == ["file:older"], "the other stories' pages are not even built"
    assert (site / "en" / "harbour-reopens-after-the-storm").exists() == (edit != "a title"), "no page at an old path"


def test_deferred_search_is_indexed_by_the_following_builds_one_index_each(project):
    content, site = project / "content", project / "site"
    report = build(content, site, defer_search=True)
    assert report.search_pending and not (site / "pagefind").exists()
    indexes = 0
    while report.search_pending:
        report = build(content, site, defer_search=True)
        indexes += 1
        assert report.rendered == 0
    bases = list((site / "pagefind").glob("*/*/pagefind-entry.json"))
    languages = list((site / "pagefind").glob("*/changes/newsroom-changes.json"))
    assert indexes == len(bases) + len(languages) and len(bases) > 1
    build(content, project / "plain", use_cache=False)
    assert tree_digest(site) == tree_digest(project / "plain")


def test_a_kept_record_is_written_once_search_caught_up(project):
    """The dev server keeps the record: a build that leaves search pending does not write it
    (the one that finishes search does), and what is written lets a fresh process do nothing."""
    from newsroom.pipeline import BuildOptions, build_site
    from newsroom.record import RECORD_FILE, cache_root

    content, site = project / "content", project / "site"
    record_file = cache_root(site) / RECORD_FILE
    report = build(content, site, defer_search=True)
    while report.search_pending:
        report = build(content, site, defer_search=True)
    source = content / "markets.en.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nOne more sentence for the record.\n", encoding="utf-8")
    options = BuildOptions(content=content, output=site, templates=TEMPLATES, defer_search=True)
    report = build_site(options, report.record, {source.name})
    assert report.rendered and report.search_pending and not record_file.exists()
    while report.search_pending:
        report = build_site(options, report.record, set())
    assert record_file.exists()
    assert build(content, site).rendered == 0, "a fresh process finds the site as the record says"
    build(content, project / "plain", use_cache=False)
    assert pages_digest(site) == pages_digest(project / "plain")
    assert searchable(site) == searchable(project / "plain")


def test_a_merge_cut_short_is_finished_by_the_next_build(tmp_path, monkeypatch):
    site, staging = tmp_path / "site", tmp_path / f"{write.STAGING_PREFIX}site-x"
    write.write_file(site, "en/old/index.html", "old page")
    write.write_file(site, "en/kept/index.html", "kept, version 1")
    write.write_file(site, "pagefind/en/2026/pagefind-entry.json", "old index")
    write.write_file(staging, "en/kept/index.html", "kept, version 2")
    write.write_file(staging, "en/new/index.html", "new page")
    write.write_file(staging, "pagefind/en/2026/pagefind-entry.json", "new index")
    real_replace, moves = os.replace, []

    def dying_replace(source, target):
        if moves:
            raise KeyboardInterrupt("killed in the middle of the merge")
        moves.append(target)
        real_replace(source, target)

    monkeypatch.setattr(write.os, "replace", dying_replace)
    with pytest.raises(KeyboardInterrupt):
        write.merge(staging, site, ["en/old/index.html"], ["pagefind/en/2026"], [])
    monkeypatch.setattr(write.os, "replace", real_replace)
    assert (staging / write.MERGE_JOURNAL).is_file()
    write.discard(write.create_staging_dir(site))  # what the next build does first
    assert {p.relative_to(site).as_posix(): p.read_text() for p in site.rglob("*") if p.is_file()} == {
        "en/kept/index.html": "kept, version 2",
        "en/new/index.html": "new page",
        "pagefind/en/2026/pagefind-entry.json": "new index",
    }
    assert not staging.exists()


def test_the_build_record_is_only_a_cache(project):
    content, site = project / "content", project / "site"
    build(content, site)
    (record,) = (project / CACHE_FOLDER).glob("*/build-record.json")
    data = json.loads(record.read_text())
    data["pages"] = {page: "0" * 64 for page in data["pages"]}  # lies about every page
    record.write_text(json.dumps({**data, "format": "something else"}))
    report = build(content, site)
    assert any("ignored the build record" in p.message and p.warning for p in report.problems)
    build(content, project / "plain", use_cache=False)
    assert site_answers(site) == site_answers(project / "plain")


def test_a_content_folder_named_another_way_gives_the_same_site(project):
    """Cached articles take the path of this build: the order of stories (and which of two
    stories sharing a slug gets '-2') never depends on how an earlier build named the folder."""
    content, site = project / "content", project / "site"
    build(content, site)  # absolute paths
    EDITS["a title"](content)
    result = run_cli(cwd=project)  # relative paths
    assert result.returncode == 0, result.stderr
    assert run_cli("--no-cache", "--output", "plain", cwd=project).returncode == 0
    assert site_answers(site) == site_answers(project / "plain")


@pytest.mark.parametrize("journal", [b"{not json", b'{"removed_files": ["../../content/older.en.md"], '
                                     b'"replaced_folders": [], "removed_folders": []}'])
def test_a_foreign_merge_journal_is_ignored_not_followed(project, journal):
    content, site = project / "content", project / "site"
    build(content, site)
    stale = project / f"{write.STAGING_PREFIX}site-left-over"
    stale.mkdir()
    (stale / write.MERGE_JOURNAL).write_bytes(journal)
    EDITS["a title"](content)
    result = run_cli(cwd=project)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert (content / "older.en.md").is_file(), "nothing outside the site is touched"
    assert not stale.exists()
    build(content, project / "plain", use_cache=False)
    assert site_answers(site) == site_answers(project / "plain")


@pytest.mark.parametrize("entries", [b'{"x": 5}', b"[1, 2]", b'{"x": ["a", "b", [["en"]]]}'])
def test_a_corrupt_page_entries_file_is_ignored(project, entries):
    from newsroom.cache import _FORMAT, PAGE_ENTRIES_FILE

    content, site = project / "content", project / "site"
    build(content, site)
    (entry_file,) = (project / CACHE_FOLDER).glob(f"*/parsed/{PAGE_ENTRIES_FILE}")
    record = json.loads(next((project / CACHE_FOLDER).glob("*/build-record.json")).read_text())
    entry_file.write_bytes(_FORMAT + entries.replace(b'"x"', json.dumps(next(iter(record["pages"].values()))).encode()))
    EDITS["a title"](content)
    build(content, site)
    build(content, project / "plain", use_cache=False)
    assert site_answers(site) == site_answers(project / "plain")


def test_an_unchanged_site_is_checked_without_loading_readers_or_templates(project):
    """The no-change build only stats files: it never imports Markdown, YAML, Jinja or Babel's dates."""
    report = build(project / "content", project / "site")
    probe = ("import sys; from newsroom.cli import main; code = main(['--content', 'content']); "
             "print(sorted(m for m in ('markdown', 'yaml', 'jinja2', 'nh3', 'babel.dates') if m in sys.modules)); "
             "sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", probe], cwd=project, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    assert result.returncode == 0, result.stderr
    summary, modules = result.stdout.splitlines()
    assert f"(0 rendered, {report.pages} unchanged)" in summary
    assert modules == "[]"


def test_search_pages_list_a_new_year_index(project):
    content, site = project / "content", project / "site"
    build(content, site)
    EDITS["a new story in a new year"](content)
    build(content, site)
    (bundles,) = parse(site / "en" / "search" / "index.html").xpath("//form[@role='search']/@data-bundles")
    assert bundles.split() == ["/pagefind/en/2026/", "/pagefind/en/2019/", "/pagefind/en/undated/"]


def test_touching_a_dated_source_or_checking_out_the_same_bytes_redoes_nothing(project, activity):
    """A file's time is no content: same bytes, no parse, no page, no search index."""
    content, site = project / "content", project / "site"
    build(content, site)
    shard = site / "pagefind" / "en" / "2026" / "pagefind-entry.json"
    page = site / "en" / "harbour-reopens-after-the-storm" / "index.html"
    inodes = (shard.stat().st_ino, page.stat().st_ino)
    entries = sorted((project / CACHE_FOLDER).rglob("parsed/*/*.json"))
    activity["parsed"].clear()
    activity["rendered"].clear()
    source = content / "older.en.md"
    os.utime(source, (source.stat().st_atime + 3600, source.stat().st_mtime + 3600))
    report = build(content, site)
    assert (activity["parsed"], activity["rendered"], report.rendered) == ([], [], 0)
    assert (shard.stat().st_ino, page.stat().st_ino) == inodes
    assert sorted((project / CACHE_FOLDER).rglob("parsed/*/*.json")) == entries, "no second cache entry for the same bytes"


def test_an_undated_source_touched_is_dated_by_its_new_time(project):
    """Where the file's time is shown (an undated story's feed entry), a touch is a change."""
    import feedparser

    content, site = project / "content", project / "site"
    build(content, site)
    source = content / "undated.en.md"
    later = source.stat().st_mtime + 86400 * 3
    os.utime(source, (later, later))
    build(content, site)
    feed = feedparser.parse((site / "en" / "feed.xml").read_bytes())
    updated = {entry.link.rstrip("/").rsplit("/", 1)[-1]: entry.updated_parsed for entry in feed.entries}
    import calendar
    assert any(calendar.timegm(value) == int(later) for value in updated.values())
    build(content, project / "plain", use_cache=False)
    assert site_answers(site) == site_answers(project / "plain")


def test_an_edit_to_the_generators_own_code_rebuilds_what_that_code_produces(tmp_path):
    """With an editable install the package's version never changes: its code is an input."""
    import shutil

    package = tmp_path / "code"
    shutil.copytree(REPO / "newsroom", package / "newsroom", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "tests" / "fixtures" / "multilingual" / "content", tmp_path / "content")
    command = [sys.executable, "-c", "import sys; from newsroom.cli import main; sys.exit(main(['--content', 'content']))"]
    env = {**os.environ, "PYTHONPATH": str(package)}

    def publisher() -> list[str]:
        subprocess.run(command, cwd=tmp_path, env=env, check=True, capture_output=True, timeout=120)
        (data,) = parse(tmp_path / "site" / "en" / "harbour-reopens-after-the-storm" / "index.html").xpath(
            '//script[@type="application/ld+json"]/text()')
        return json.loads(data)["publisher"]["@type"]

    assert publisher() == "Organization"
    pages = package / "newsroom" / "pages.py"
    pages.write_text(pages.read_text(encoding="utf-8").replace('"@type": "Organization"', '"@type": "NewsMediaOrganization"'),
                     encoding="utf-8")
    assert publisher() == "NewsMediaOrganization"


def _rebuilt(project, activity, edit) -> list[str]:
    """Build with the site's own templates/ and static/, apply `edit`, build again: the pages
    rendered the second time. Either way the site is what a plain build gives."""
    content, site, templates, static = project / "content", project / "site", project / "templates", project / "static"
    build(content, site, templates=templates, static=static)
    activity["rendered"].clear()
    edit(templates, static)
    report = build(content, site, templates=templates, static=static)
    rendered = list(activity["rendered"])
    assert report.rendered == len(rendered)
    build(content, project / "plain", templates=templates, static=static, use_cache=False)
    assert site_answers(site) == site_answers(project / "plain")
    return rendered


def _po(templates, lang: str, text: str) -> None:
    catalog = templates / "locale" / lang / "LC_MESSAGES" / "messages.po"
    catalog.parent.mkdir(parents=True, exist_ok=True)
    catalog.write_text(f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Read in:"\nmsgstr "{text}"\n',
                       encoding="utf-8")


def test_a_stylesheet_edit_copies_that_file_and_renders_no_page(project, activity, monkeypatch):
    """Nothing reads a static file but its copy: no source, index or page is even looked at."""
    import newsroom.rebuild as rebuild

    (project / "static").mkdir()
    (project / "static" / "style.css").write_text("body { color: #222; }\n", encoding="utf-8")
    planned = []
    real_listing = rebuild.listing_pages
    monkeypatch.setattr(rebuild, "listing_pages", lambda views: planned.append(1) or real_listing(views))
    rendered = _rebuilt(project, activity, lambda t, s: planned.clear() or (s / "style.css").write_text("body { color: #111; }\n"))
    assert rendered == [] and len(planned) == 1, "only the plain build planned pages"
    assert (project / "site" / "static" / "style.css").read_text() == "body { color: #111; }\n"


def test_a_catalog_string_edit_renders_only_its_languages_pages(project, activity):
    _po(project / "templates", "fr", "À lire en :")
    rendered = _rebuilt(project, activity, lambda t, s: _po(t, "fr", "Lire en :"))
    assert rendered and all(path.startswith("/fr/") for path in rendered), rendered
    fr_articles = [page for page in (project / "site" / "fr").rglob("index.html")
                   if parse(page).xpath('//meta[@property="og:type"]/@content') == ["article"]]
    assert {"/" + page.parent.relative_to(project / "site").as_posix() + "/" for page in fr_articles} <= set(rendered)


def test_a_partial_edit_renders_only_the_pages_whose_templates_include_it(project, activity):
    """partials/source_block.html is included by article pages only: no list page is rendered."""
    from helpers import override_template

    partial = override_template(project / "templates", "partials/source_block.html")
    rendered = _rebuilt(project, activity, lambda t, s: partial.write_text(partial.read_text() + "\n<!-- edited -->\n"))
    articles = {"/" + page.parent.relative_to(project / "site").as_posix() + "/"
                for page in (project / "site").rglob("index.html")
                if parse(page).xpath('//meta[@property="og:type"]/@content') == ["article"]}
    assert set(rendered) == articles


def test_a_stylesheet_edit_is_copied_without_loading_readers_or_templates(project):
    """Like the no-change build: the copy of a static file never imports Markdown, YAML or Jinja."""
    (project / "static").mkdir()
    stylesheet = project / "static" / "style.css"
    stylesheet.write_text("body { color: #222; }\n", encoding="utf-8")
    probe = ("import sys; from newsroom.cli import main; code = main(['--content', 'content', '--static', 'static']); "
             "print(sorted(m for m in ('markdown', 'yaml', 'jinja2', 'nh3', 'babel.dates') if m in sys.modules)); "
             "sys.exit(code)")
    run = lambda: subprocess.run([sys.executable, "-c", probe], cwd=project, capture_output=True, text=True,  # noqa: E731
                                 env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    assert run().returncode == 0
    stylesheet.write_text("body { color: #111; }\n", encoding="utf-8")
    result = run()
    assert result.returncode == 0, result.stderr
    summary, modules = result.stdout.splitlines()
    assert "(0 rendered" in summary and modules == "[]"
    assert (project / "site" / "static" / "style.css").read_text() == "body { color: #111; }\n"


def test_a_build_told_what_was_saved_walks_no_folder_and_reads_no_record(project, activity, monkeypatch):
    """The dev server keeps the last build's record and the sources saved since: its build
    then neither reads the record file nor walks the content folder, and gives the site a
    full check would (a body, a new story, a deleted one, a rename)."""
    import newsroom.pipeline as pipeline
    from newsroom.pipeline import BuildOptions, build_site

    content, site = project / "content", project / "site"
    options = BuildOptions(content=content, output=site, templates=project / "templates")
    known = build_site(options).record
    edits = {
        "older.en.md": lambda: _append(content / "older.en.md", "\nFishing boats were the first to sail out.\n"),
        "archive.en.md": lambda: (content / "archive.en.md").write_text(
            "---\ntitle: From the archive\ndate: 2019-05-01\n---\nAn old story.\n", encoding="utf-8"),
        "undated.en.md": lambda: (content / "undated.en.md").unlink(),
        "markets.en.md markets-renamed.en.md": lambda: (content / "markets.en.md").rename(content / "markets-renamed.en.md"),
    }
    for step, (touched, edit) in enumerate(edits.items()):
        edit()
        activity["parsed"].clear()
        with monkeypatch.context() as patch:
            patch.setattr(pipeline, "scan_sources", lambda *a, **k: pytest.fail("the content folder was walked"))
            patch.setattr(pipeline, "load_record", lambda *a, **k: pytest.fail("the record file was read"))
            known = build_site(options, known, set(touched.split())).record
        assert set(activity["parsed"]) <= set(touched.split()), f"only what was saved is read ({touched})"
        build(content, project / f"plain-{step}", templates=project / "templates", use_cache=False)
        assert site_answers(site) == site_answers(project / f"plain-{step}"), f"after saving {touched}"


def test_the_open_page_is_rendered_first_after_a_template_edit(project):
    """render_viewed gives the dev server the page being read with the new template at once,
    from the record and the parse cache; the build after it does the rest."""
    from newsroom.pipeline import BuildOptions, build_site, render_viewed

    content, site, templates = project / "content", project / "site", project / "templates"
    options = BuildOptions(content=content, output=site, templates=templates)
    record = build_site(options).record
    viewed, other = "en/harbour-reopens-after-the-storm/index.html", "en/markets-rally-as-inflation-cools/index.html"
    article = override_template(templates, "article.html")
    article.write_text(article.read_text(encoding="utf-8").replace("</article>", "<p id='new-footer'>New</p></article>", 1),
                       encoding="utf-8")
    assert render_viewed(options, record, {viewed, "en/tags/index.html"}) == 1, "an article page, not a list page"
    assert parse(site / viewed).xpath("//p[@id='new-footer']")
    assert not parse(site / other).xpath("//p[@id='new-footer']"), "the rest waits for the build"
    report = build_site(options, record)
    assert parse(site / other).xpath("//p[@id='new-footer']")
    build(content, project / "plain", templates=templates, use_cache=False)
    assert site_answers(site) == site_answers(project / "plain") and report.rendered > 1
