"""A real browser (Debian's Chromium through Playwright) on the built and the served site."""

import shutil

import pytest
from helpers import REPO, SEEDS, DevServer, StaticServer

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


def test_saved_change_reloads_the_open_page(browser, tmp_path):
    shutil.copytree(SEEDS, tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    source = tmp_path / "content" / "000_dcc3f5867b0896a6.txt"
    with DevServer(tmp_path) as server:
        page = browser.new_page()
        try:
            page.goto(server.url + FRENCH_URL)
            page.evaluate("window.__notReloaded = true")
            assert page.get_by_text("Chez Anthropic, OpenAI").count() == 1
            text = source.read_text(encoding="utf-8")
            source.write_text(text.replace("Chez Anthropic, OpenAI", "Chez Anthropic et chez OpenAI", 1), encoding="utf-8")
            page.get_by_text("Chez Anthropic et chez OpenAI").wait_for(timeout=20_000)
            assert page.evaluate("window.__notReloaded === undefined"), "the page was reloaded, not patched"
        finally:
            page.close()
