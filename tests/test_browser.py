"""A real browser (Debian's Chromium through Playwright) on the built and the served site."""

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import REPO, SEEDS, DevServer

CHROMIUM = Path(os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
FRENCH_URL = "/fr/josh-batson-n-a-pas-le-temps-pour-les-reseaux-sociaux/"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(message)  # browser tests never skip in CI
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def static_server(seed_site):
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(seed_site))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


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
