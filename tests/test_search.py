"""Search: Pagefind indexes per language and year, a changes index for edits, and the search page in Chromium."""

import json
import os
import time

from helpers import StaticServer, build, parse, searchable

from newsroom import search_plan
from newsroom.search_plan import FOLD_LIMIT, SHARD_PAGES as SHARD, plan_search


# --- the plan, from fingerprints alone ---------------------------------------------------

MEMBERS = {"en/2026": ["en/a/index.html", "en/b/index.html"], "en/2025": ["en/c/index.html"],
           "fr/2026": ["fr/a/index.html"]}
PAGES = {page: "v1" for pages in MEMBERS.values() for page in pages}


def _after(members, pages, previous):
    """The plan of a build after `previous` (a plan), as the build engine calls it."""
    return plan_search(members, pages, PAGES, MEMBERS, previous.shards, previous.changes, previous.bundle_digests)


FULL = plan_search(MEMBERS, PAGES, {}, {}, {}, {}, {})


def test_a_full_build_indexes_every_base_and_leaves_no_changes():
    assert FULL.bases == {shard: sorted(pages) for shard, pages in MEMBERS.items()}
    assert FULL.changes == {}
    assert FULL.bundles == {"en": ([], {}), "fr": ([], {})}, "every language gets its (empty) changes manifest"


def test_a_body_edit_indexes_only_its_page_and_hides_the_stale_copy():
    plan = _after(MEMBERS, {**PAGES, "en/b/index.html": "v2"}, FULL)
    assert plan.bases == {}
    assert plan.changes == {"en/b/index.html": "en/2026"}
    assert plan.bundles == {"en": (["en/b/index.html"], {"en/2026": ["en/b/index.html"]})}, "French is left alone"
    assert plan.shards == FULL.shards, "the bases still hold what they held"
    again = plan_search(MEMBERS, {**PAGES, "en/b/index.html": "v2", "en/c/index.html": "v2"},
                        {**PAGES, "en/b/index.html": "v2"}, MEMBERS, plan.shards, plan.changes, plan.bundle_digests)
    assert again.bundles == {"en": (["en/b/index.html", "en/c/index.html"],
                                    {"en/2025": ["en/c/index.html"], "en/2026": ["en/b/index.html"]})}


def test_a_new_page_is_shown_and_a_deleted_one_hidden():
    members = {**MEMBERS, "en/2026": ["en/a/index.html", "en/new/index.html"]}  # b deleted, new added
    pages = {**{p: v for p, v in PAGES.items() if p != "en/b/index.html"}, "en/new/index.html": "v1"}
    plan = _after(members, pages, FULL)
    assert plan.changes == {"en/new/index.html": "", "en/b/index.html": "en/2026"}
    assert plan.bundles["en"] == (["en/new/index.html"], {"en/2026": ["en/b/index.html"]})


def test_past_the_fold_limit_the_bases_are_indexed_again_and_the_changes_emptied():
    many = [f"en/{n}/index.html" for n in range(FOLD_LIMIT + 1)]
    members = {**MEMBERS, "en/2026": [*MEMBERS["en/2026"], *many]}
    first = {**PAGES, **dict.fromkeys(many, "v1")}
    full = plan_search(members, first, {}, {}, {}, {}, {})
    edited = {**first, **dict.fromkeys(many[:FOLD_LIMIT], "v2")}
    kept = plan_search(members, edited, first, members, full.shards, full.changes, full.bundle_digests)
    assert kept.bases == {} and len(kept.changes) == FOLD_LIMIT
    folded = plan_search(members, {**edited, many[-1]: "v2"}, edited, members, kept.shards, kept.changes,
                         kept.bundle_digests)
    assert list(folded.bases) == ["en/2026"] and folded.changes == {}
    assert folded.bundles == {"en": ([], {})}, "the changes index is emptied with them"


def test_a_page_moving_to_a_new_year_takes_its_old_base_along():
    members = {"en/2026": ["en/a/index.html"], "en/2024": ["en/b/index.html"], "en/2025": ["en/c/index.html"],
               "fr/2026": ["fr/a/index.html"]}
    plan = _after(members, {**PAGES, "en/b/index.html": "v2"}, FULL)
    assert set(plan.bases) == {"en/2024", "en/2026"}, "the new year's base, and the one its stale copy is in"
    assert plan.changes == {}


def test_a_missing_index_folder_is_made_again():
    plan = plan_search(MEMBERS, PAGES, PAGES, MEMBERS, FULL.shards, {}, FULL.bundle_digests,
                       frozenset({"fr/2026", search_plan.changes_shard("en")}))
    assert list(plan.bases) == ["fr/2026"] and list(plan.bundles) == ["en"]


# --- the built site, searched in Chromium --------------------------------------------------

def _search(page, url: str, words: str) -> list[str]:
    """Type `words` into the search page; the result links once the status has the count."""
    page.goto(url)
    page.locator("#search-input").fill(words)
    page.locator(".search-status:not(:empty)").wait_for(timeout=15_000)
    status = page.locator(".search-status").text_content()
    links = page.locator(".search-results a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert status.split()[0] == str(len(links)), status
    return sorted(links)


def test_search_finds_the_indonesian_article_only(browser, seed_site):
    with StaticServer(seed_site) as server:
        page = browser.new_page()
        try:
            assert _search(page, server.url + "/id/search/", "dopamin") == [
                "/id/josh-batson-tidak-punya-waktu-untuk-media-sosial/"]
            # the French article has the word too ("dopamine"), and the French search finds it
            assert _search(page, server.url + "/fr/search/", "dopamine") == [
                "/fr/josh-batson-n-a-pas-le-temps-pour-les-reseaux-sociaux/"]
            assert page.locator(".search-status").text_content() == "1 article"  # the French catalog's count
        finally:
            page.close()


def test_search_merges_the_yearly_indexes_of_a_language(browser, multilingual_site):
    """English has a 2026 index and one for undated stories; one search covers both."""
    (bundles,) = parse(multilingual_site / "en" / "search" / "index.html").xpath("//form[@role='search']/@data-bundles")
    assert bundles.split() == ["/pagefind/en/2026/", "/pagefind/en/undated/"]
    # the search page talks to pagefind.js: Pagefind's own interfaces are not published
    from newsroom.search import UNUSED_UI

    for bundle in bundles.split():
        folder = multilingual_site / bundle.strip("/")
        assert (folder / "pagefind.js").is_file() and not [name for name in UNUSED_UI if (folder / name).exists()]
    with StaticServer(multilingual_site) as server:
        page = browser.new_page()
        try:
            # "bus" is only in the undated story, "harbour" only in a 2026 one, "month" in both
            assert _search(page, server.url + "/en/search/", "bus") == ["/en/a-guide-to-the-city-s-new-bus-lines/"]
            assert _search(page, server.url + "/en/search/", "harbour") == ["/en/harbour-reopens-after-the-storm/"]
            assert _search(page, server.url + "/en/search/", "month") == [
                "/en/a-guide-to-the-city-s-new-bus-lines/", "/en/markets-rally-as-inflation-cools/"]
        finally:
            page.close()


def test_edits_are_searchable_at_once_without_indexing_the_base_again(browser, project):
    """A body edit, a reworded sentence and a deleted story: the search page finds what the
    site says now, once per page, and none of what it no longer says; the base index of
    their year is the one the first build made."""
    content, site = project / "content", project / "site"
    build(content, site)
    base = site / "pagefind" / "en" / "2026" / "pagefind-entry.json"
    inode = base.stat().st_ino
    harbour = "/en/harbour-reopens-after-the-storm/"
    # a manifest last modified a day ago: a browser may keep it for hours (heuristic freshness)
    manifest_file = site / "pagefind" / "en" / "changes" / "newsroom-changes.json"
    os.utime(manifest_file, (time.time() - 86_400,) * 2)
    # and a search page as old: a reader's browser may show its copy from before the deploy,
    # listing an index the deploy removed; the others must still answer
    search_page = site / "en" / "search" / "index.html"
    os.utime(search_page, (time.time() - 86_400,) * 2)
    with StaticServer(site) as server:
        page = browser.new_page()
        try:
            assert _search(page, server.url + "/en/search/", "ships") == [harbour]
            older = content / "older.en.md"
            older.write_text(older.read_text(encoding="utf-8").replace("ships", "vessels")
                             + "\nTrawlers were the first to sail out.\n", encoding="utf-8")
            (content / "undated.en.md").unlink()
            build(content, site)
            assert base.stat().st_ino == inode, "the base index was not made again"
            manifest = json.loads((site / "pagefind" / "en" / "changes" / "newsroom-changes.json").read_bytes())
            # the edited page's stale copy is hidden; the deleted story's base (undated, its only page) is gone
            assert manifest["indexed"] and len(manifest["hidden"]) == 1
            assert not (site / "pagefind" / "en" / "undated").exists()
            assert _search(page, server.url + "/en/search/", "trawlers") == [harbour]
            assert _search(page, server.url + "/en/search/", "vessels") == [harbour]
            assert _search(page, server.url + "/en/search/", "ships") == []
            assert _search(page, server.url + "/en/search/", "bus") == [], "a deleted story is not found"
            assert _search(page, server.url + "/en/search/", "month") == ["/en/markets-rally-as-inflation-cools/"]
            assert _search(page, server.url + "/en/search/", "harbour") == [harbour], "found once, not twice"
        finally:
            page.close()
    build(content, project / "plain", use_cache=False)
    assert searchable(site) == searchable(project / "plain")


def test_a_year_is_split_by_volume_into_stable_parts():
    assert [search_plan.year_parts(n) for n in (1, SHARD, SHARD + 1, 2 * SHARD, 2 * SHARD + 1, 5 * SHARD)] == [1, 1, 2, 2, 4, 8]
    assert search_plan.shard_of("en/2026", "en/a/index.html", SHARD) == "en/2026"
    parts = {search_plan.shard_of("en/2026", f"en/{n}/index.html", 3 * SHARD) for n in range(200)}
    assert parts == {f"en/2026-{n}" for n in (1, 2, 3, 4)}
    page = "en/some-story/index.html"  # the year grows, the page stays where it is until the parts double
    assert search_plan.shard_of("en/2026", page, 3 * SHARD) == search_plan.shard_of("en/2026", page, 4 * SHARD)


def test_a_big_year_is_indexed_in_parts_that_search_together(project, monkeypatch, browser):
    """With two pages to an index, English 2026 is split; the search page lists every part and finds
    in all of them what one index per year finds."""
    content = project / "content"
    build(content, project / "whole")
    monkeypatch.setattr(search_plan, "SHARD_PAGES", 1)
    site = project / "site"
    build(content, site)
    (bundles,) = parse(site / "en" / "search" / "index.html").xpath("//form[@role='search']/@data-bundles")
    parts = [bundle for bundle in bundles.split() if bundle.startswith("/pagefind/en/2026-")]
    assert len(parts) >= 2 and all((site / bundle.strip("/") / "pagefind-entry.json").is_file() for bundle in parts)
    assert not (site / "pagefind" / "en" / "2026").exists()
    assert searchable(site) == searchable(project / "whole")
    with StaticServer(site) as server:
        page = browser.new_page()
        try:
            assert _search(page, server.url + "/en/search/", "month") == [
                "/en/a-guide-to-the-city-s-new-bus-lines/", "/en/markets-rally-as-inflation-cools/"]
        finally:
            page.close()
