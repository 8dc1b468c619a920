"""A real browser (Debian's Chromium through Playwright) on the built and the served site."""

import shutil

import pytest
from helpers import REPO, SEEDS, DevServer, StaticServer, override_template

FRENCH_URL = "/fr/josh-batson-n-a-pas-le-temps-pour-les-reseaux-sociaux/"


@pytest.fixture
def static_server(seed_site):
    with StaticServer(seed_site) as server:
        yield server.url


def test_switcher_click_lands_on_the_indonesian_article(browser, static_server):
    page = browser.new_page()
    try:
        page.goto(static_server + FRENCH_URL)
        assert page.locator("html").get_attribute("lang") == "fr"
        page.locator("nav.language-switcher a[hreflang='id']").click()
        page.wait_for_url("**/id/**")
        assert page.locator("html").get_attribute("lang") == "id"
        assert page.locator("h1").inner_text() == "Josh Batson tidak punya waktu untuk media sosial"
        current = page.locator("nav.language-switcher a[aria-current='page']")
        assert current.inner_text() == "Bahasa Indonesia"
    finally:
        page.close()


def test_saved_source_is_patched_into_the_open_page_and_a_template_reloads_it(browser, tmp_path):
    """A source saved: the open page takes its new content in place (its stylesheet is not
    fetched again), and keeps doing so; a template saved: the page reloads."""
    shutil.copytree(SEEDS, tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    source = tmp_path / "content" / "000_dcc3f5867b0896a6.txt"
    with DevServer(tmp_path) as server:
        page = browser.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        try:
            page.goto(server.url + FRENCH_URL)
            page.evaluate("window.__notReloaded = true")
            assert page.get_by_text("Chez Anthropic, OpenAI").count() == 1
            requests.clear()
            text = source.read_text(encoding="utf-8")
            for before, after in (("Chez Anthropic, OpenAI", "Chez Anthropic et chez OpenAI"),
                                  ("Chez Anthropic et chez OpenAI", "Chez Anthropic comme chez OpenAI")):
                text = text.replace(before, after, 1)
                source.write_text(text, encoding="utf-8")
                page.get_by_text(after).wait_for(timeout=20_000)
                assert page.get_by_text(before).count() == 0
            assert page.evaluate("window.__notReloaded === true"), "the page was reloaded, not patched"
            assert page.locator("html").get_attribute("lang") == "fr"
            assert page.locator("script[src='/__newsroom/livereload.js']").count() == 1
            assert not [url for url in requests if url.endswith(".css")], requests
            article = override_template(tmp_path / "templates", "article.html")
            article.write_text(article.read_text(encoding="utf-8").replace(
                "</article>", "<p id='new-footer'>New</p></article>", 1), encoding="utf-8")
            page.locator("#new-footer").wait_for(timeout=20_000)
            assert evaluate_between_reloads(page, "window.__notReloaded === undefined"), "after a template edit it reloads"
        finally:
            page.close()


def evaluate_between_reloads(page, expression: str):
    """`expression` in the page, retried while a reload is under way (a template edit reloads
    the open page twice: once rendered first, once more when the whole build is done)."""
    from playwright.sync_api import Error

    for _ in range(100):
        try:
            return page.evaluate(expression)
        except Error:
            page.wait_for_timeout(100)
    raise AssertionError("the page kept reloading")
