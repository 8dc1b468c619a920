"""Third-party proof: the Nu HTML Checker, axe-core and Lighthouse on every page type.

These tools come from npm (`npm install`, see package.json); in CI a missing tool fails, never skips.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import FIXTURES, REPO, SEEDS, StaticServer, build, free_port, html_pages, parse, require_tool

VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
LIGHTHOUSE = REPO / "node_modules" / "lighthouse" / "cli" / "index.js"

# One page of each type of the larger fixture (and an Arabic, right-to-left article).
PAGE_TYPES = {
    "home": "/",
    "language index": "/en/",
    "language index, page 2, rtl": "/ar/",
    "article": "/en/parliament-approves-the-new-electoral-law/",
    "article, rtl": "/ar/البرلمان-يقر-قانون-الانتخابات-الجديد/",
    "tags": "/fr/tags/",
    "tag": "/fr/tags/elections/",
    "search": "/vi/search/",
    "not found": "/404.html",
}


def _pages(site: Path) -> list[Path]:
    return [p for p in html_pages(site) if "pagefind" not in p.parts]


def test_nu_html_checker_finds_no_errors(seed_site, multilingual_site, unicode_site, starter_site, scraped_site,
                                         hugo_blog_site, desk_site):
    require_tool(VNU_JAR, "npm install")
    java = shutil.which("java")
    if not java:
        require_tool(Path("/usr/bin/java"), "apt-get install -y default-jre-headless")
    sites = (seed_site, multilingual_site, unicode_site, starter_site / "site", scraped_site,  # starter: the installed wheel
             hugo_blog_site,  # a Hugo site: section, alias and taxonomy pages
             desk_site)  # the translation desk's matrix and side-by-side pages
    pages = [str(p) for site in sites for p in _pages(site)]
    result = subprocess.run([java or "java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *pages],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in messages if m["type"] == "error"]
    assert len(pages) >= 40
    assert errors == []


def test_nu_html_checker_catches_a_broken_page(tmp_path):
    require_tool(VNU_JAR, "npm install")
    broken = tmp_path / "broken.html"
    broken.write_text("<!doctype html><html lang=en><title>x</title><p><div></p>", encoding="utf-8")
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", str(broken)],
                            capture_output=True, text=True, timeout=120)
    assert any(m["type"] == "error" for m in json.loads(result.stderr)["messages"])


@pytest.fixture(scope="module")
def served_multilingual(tmp_path_factory):
    output = tmp_path_factory.mktemp("served") / "site"
    build(FIXTURES / "multilingual" / "content", output, config_file=FIXTURES / "multilingual" / "site.toml")
    with StaticServer(output) as server:
        yield server.url


def _axe_violations(browser, url: str) -> list[str]:
    page = browser.new_page(bypass_csp=True)  # the auditor's script is not the site's
    try:
        page.goto(url)
        page.add_script_tag(path=str(AXE_JS))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in result["violations"]]
    finally:
        page.close()


@pytest.mark.parametrize("page_type", sorted(PAGE_TYPES))
def test_axe_finds_no_violations(browser, served_multilingual, page_type):
    require_tool(AXE_JS, "npm install")
    assert _axe_violations(browser, served_multilingual + PAGE_TYPES[page_type]) == []


@pytest.mark.parametrize("path", ["/", "/fr/", "/id/josh-batson-tidak-punya-waktu-untuk-media-sosial/", "/fr/search/"])
def test_axe_finds_no_violations_on_the_demo(browser, seed_site, path):
    require_tool(AXE_JS, "npm install")
    with StaticServer(seed_site) as server:
        assert _axe_violations(browser, server.url + path) == []


@pytest.mark.parametrize("path", ["/", "/fr/", "/fr/harbour-reopens-after-the-storm/", "/en/tags/", "/en/search/"])
def test_axe_finds_no_violations_on_a_site_built_by_the_installed_wheel(browser, starter_site, path):
    require_tool(AXE_JS, "npm install")
    with StaticServer(starter_site / "site") as server:
        assert _axe_violations(browser, server.url + path) == []


@pytest.mark.parametrize("lang", ["ar", "he", "ja", "de"])
def test_axe_finds_no_violations_on_scraped_articles_with_bylines_dates_and_figures(browser, scraped_site, lang):
    require_tool(AXE_JS, "npm install")
    pages = [p for p in (scraped_site / lang).glob("*/index.html") if p.parent.name not in ("search", "tags", "authors")]
    assert len(pages) == 1
    doc = parse(pages[0])
    assert doc.xpath("//p[@class='dateline']/time") and (doc.xpath("//p[@class='byline']") or lang == "ja")
    assert doc.xpath("//div[@class='story-body']/figure") or lang == "he"  # the Hebrew page has no photo
    with StaticServer(scraped_site) as server:
        assert _axe_violations(browser, server.url + "/" + pages[0].relative_to(scraped_site).parent.as_posix() + "/") == []


@pytest.mark.parametrize("path", ["/posts/", "/he/posts/", "/fr/tags/météo/", "/authors/mira-cohen/",
                                  "/he/2024/03/first-light/", "/docs/guide/", "/2024/05/night-ferry/",
                                  "/categories/reports/", "/he/categories/"])
def test_axe_finds_no_violations_on_a_hugo_sites_page_kinds(browser, hugo_blog_site, path):
    require_tool(AXE_JS, "npm install")
    with StaticServer(hugo_blog_site) as server:
        assert _axe_violations(browser, server.url + path) == []


@pytest.mark.parametrize("path", ["/translations/", "/translations/lam-viec-dien-cuong-100-gio-moi-tuan-de-tim-ra-sieu-tri-tue-nhan-tao/vi-fr/"])
def test_axe_finds_no_violations_on_the_translation_desk(browser, desk_site, path):
    require_tool(AXE_JS, "npm install")
    with StaticServer(desk_site) as server:
        assert _axe_violations(browser, server.url + path) == []


def test_axe_catches_an_inaccessible_page(browser, tmp_path):
    require_tool(AXE_JS, "npm install")
    (tmp_path / "index.html").write_text("<!doctype html><html><title>x</title><img src=a.png><a href=/></a></html>")
    with StaticServer(tmp_path) as server:
        assert _axe_violations(browser, server.url + "/")


LIGHTHOUSE_PAGES = {
    "article": "/en/parliament-approves-the-new-electoral-law/",
    "language index": "/fr/",
    "home": "/",
    "demo article": "/demo/id/josh-batson-tidak-punya-waktu-untuk-media-sosial/",
    "installed wheel, article": "/starter/fr/bienvenue-dans-votre-redaction/",
    "installed wheel, home": "/starter/",
}


@pytest.fixture(scope="module")
def lighthouse_site(tmp_path_factory, installed, starter_site):
    """The larger fixture built for the address it is served at, as it would be deployed."""
    require_tool(LIGHTHOUSE, "npm install")
    port = free_port()
    output = tmp_path_factory.mktemp("lighthouse") / "site"
    build(FIXTURES / "multilingual" / "content", output, config_file=FIXTURES / "multilingual" / "site.toml",
          base_url=f"http://127.0.0.1:{port}/")
    build(SEEDS, output.parent / "demo-site", base_url=f"http://127.0.0.1:{port}/demo/")
    shutil.move(output.parent / "demo-site", output / "demo")  # the demo, deployed under a path
    installed.run("build", "--output", str(output / "starter"), "--base-url", f"http://127.0.0.1:{port}/starter/",
                  cwd=starter_site)  # a newcomer's site, built by the installed wheel, deployed under a path
    with StaticServer(output, port) as server:
        yield server.url


@pytest.mark.parametrize("page_type", sorted(LIGHTHOUSE_PAGES))
def test_lighthouse_scores(lighthouse_site, page_type, tmp_path):
    from conftest import CHROMIUM, CHROMIUM_ARGS

    report = tmp_path / "report.json"
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    result = subprocess.run(
        ["node", str(LIGHTHOUSE), lighthouse_site + LIGHTHOUSE_PAGES[page_type], "--quiet", "--output=json",
         f"--output-path={report}", "--only-categories=performance,accessibility,best-practices,seo",
         f"--chrome-flags={' '.join(CHROMIUM_ARGS)}"],
        capture_output=True, text=True, timeout=240, env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    categories = json.loads(report.read_text())["categories"]
    scores = {name: round(category["score"] * 100) for name, category in categories.items()}
    failing = [audit for audit in json.loads(report.read_text())["audits"].values()
               if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"]
    assert scores["accessibility"] == 100, failing
    assert scores["seo"] == 100, failing
    assert scores["best-practices"] == 100, failing
    assert scores["performance"] >= 95, scores
