"""`--serve`: a real server process, real saves, real HTTP."""

import shutil
import socket
import time
from pathlib import Path

import pytest
from helpers import parse_text, REPO, SEEDS, DevServer, foreign_scripts, html_pages, override_template, parse

FRENCH_URL = "/fr/josh-batson-n-a-pas-le-temps-pour-les-reseaux-sociaux/"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(SEEDS, tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    return tmp_path


def _paragraphs(page: str) -> list[str]:
    from lxml import html

    return [p.text_content() for p in html.fromstring(page).xpath("//div[@class='story-body']/p")]


def test_save_rebuilds_and_serves_the_new_page(project):
    source = project / "content" / "000_dcc3f5867b0896a6.txt"
    with DevServer(project) as server:
        assert server.url.startswith("http://127.0.0.1:")
        status, page = server.get(FRENCH_URL)
        assert status == 200
        doc = parse_text(page)
        assert foreign_scripts(doc) == ["/__newsroom/livereload.js"]
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("Chez Anthropic, OpenAI", "Chez Anthropic comme chez OpenAI", 1), encoding="utf-8")
        server.wait_for(lambda: any("Anthropic comme chez OpenAI" in p for p in _paragraphs(server.get(FRENCH_URL)[1])))
    # the reload script lives only in served responses, never in the files
    pages = html_pages(server.preview)
    assert pages
    for page in pages:
        assert not foreign_scripts(parse(page))


def test_poll_answers_when_a_build_finishes(project):
    with DevServer(project) as server:
        import json
        import threading

        status, body = server.get("/__newsroom/poll?epoch=-5")
        epoch = json.loads(body)["epoch"]
        answers = []
        poller = threading.Thread(target=lambda: answers.append(server.get(f"/__newsroom/poll?epoch={epoch}", timeout=30)))
        poller.start()
        time.sleep(0.5)
        assert not answers, "the poll must wait for a new build"
        (project / "content" / "002_ba7ef5ae972d85b2.txt").write_text(
            (project / "content" / "002_ba7ef5ae972d85b2.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8")
        poller.join(timeout=20)
        assert answers and json.loads(answers[0][1])["epoch"] > epoch


def test_broken_template_shows_error_then_recovers(project):
    template = override_template(project / "templates", "article.html")
    good = template.read_text(encoding="utf-8")
    with DevServer(project) as server:
        template.write_text(good.replace("{% block main %}", "{% block main %}{% if %}", 1), encoding="utf-8")

        def error_banner():
            status, page = server.get(FRENCH_URL)
            banner = parse_text(page).xpath("//*[@id='newsroom-build-error']")
            return (status, banner[0].text_content()) if banner else None

        status, banner = server.wait_for(error_banner)
        assert status == 200, "the last good build is still served"
        assert "templates/article.html" in banner and "syntax error" in banner
        server.wait_for(lambda: any("templates/article.html" in line for line in server.stderr_lines))
        template.write_text(good.replace("<h1>", '<h1 class="fixed">', 1), encoding="utf-8")
        def fixed_without_banner():
            page = parse_text(server.get(FRENCH_URL)[1])
            return page.xpath("//h1[@class='fixed']") and not page.xpath("//*[@id='newsroom-build-error']")

        server.wait_for(fixed_without_banner)  # the banner goes with the build that fixed it


@pytest.mark.parametrize("path", ["/../pyproject.toml", "/%2e%2e/pyproject.toml", "/fr/../../content/000_dcc3f5867b0896a6.txt",
                                  "/%2E%2E%2Fcontent%2F000_dcc3f5867b0896a6.txt", "//etc/passwd", "/__newsroom/../../x"])
def test_nothing_outside_site_is_served(project, path):
    (project / "site").mkdir(exist_ok=True)
    with DevServer(project) as server:
        with socket.create_connection(("127.0.0.1", int(server.url.rsplit(":", 1)[1]))) as conn:
            conn.sendall(f"GET {path} HTTP/1.0\r\nHost: x\r\n\r\n".encode())
            reply = b""
            while chunk := conn.recv(65536):
                reply += chunk
        assert reply.split(b"\r\n", 1)[0].split()[1] == b"404", reply[:200]
        assert b"[project]" not in reply and b"Josh Batson" not in reply


def test_symlink_out_of_site_is_not_followed(project):
    secret = project / "secret.txt"
    secret.write_text("top secret", encoding="utf-8")
    with DevServer(project) as server:
        (server.preview / "leak.txt").symlink_to(secret)
        status, body = server.get("/leak.txt")
        assert status == 404 and "top secret" not in body


def test_editor_temp_files_do_not_trigger_builds(project):
    with DevServer(project) as server:
        before = server.builds()
        for name in (".000.txt.swp", "000.txt~", "#000.txt#", ".hidden.md"):
            (project / "content" / name).write_text("junk", encoding="utf-8")
        time.sleep(1.5)
        assert server.builds() == before
        (project / "content" / "002_ba7ef5ae972d85b2.txt").touch()
        server.wait_for(lambda: server.builds() > before)


def test_a_hugo_sites_configuration_edit_rebuilds(tmp_path):
    shutil.copytree(REPO / "tests" / "fixtures" / "hugo-blog", tmp_path / "blog")
    project = tmp_path / "blog"
    with DevServer(project) as server:
        assert "Field Notes" in server.get("/")[1]
        config = project / "hugo.toml"
        config.write_text(config.read_text(encoding="utf-8").replace('title = "Field Notes"', 'title = "Harbour Notes"'),
                          encoding="utf-8")
        server.wait_for(lambda: "Harbour Notes" in server.get("/about/")[1])


def test_after_a_template_edit_the_open_page_is_shown_first(project):
    """A browser polling from a page (as the reload script does) gets that page rendered with
    the new template and a reload before the build re-renders the rest."""
    import json
    import threading

    with DevServer(project) as server:
        epoch = json.loads(server.get("/__newsroom/poll?epoch=-5")[1])["epoch"]
        answers = []
        poll = f"/__newsroom/poll?epoch={epoch}&page={FRENCH_URL}"
        poller = threading.Thread(target=lambda: answers.append(server.get(poll, timeout=30)))
        poller.start()
        time.sleep(0.5)  # the poll is waiting, and the server knows the page is open
        article = override_template(project / "templates", "article.html")
        article.write_text(article.read_text(encoding="utf-8").replace(
            "</article>", "<p id='new-footer'>New</p></article>", 1), encoding="utf-8")
        poller.join(timeout=30)
        assert answers and json.loads(answers[0][1])["epoch"] > epoch
        server.wait_for(lambda: any(line.startswith("rebuilt") for line in server.stdout_lines[1:]))
        lines = [line.strip() for line in server.stdout_lines if line.startswith(("rendered", "rebuilt"))]
        assert lines[1] == "rendered 1 open page(s) first" and lines[2].startswith("rebuilt"), lines
        assert parse_text(server.get(FRENCH_URL)[1]).xpath("//p[@id='new-footer']")


def test_a_templates_folder_made_while_serving_is_watched(project):
    """A site starts with no template of its own; its first override, in a new templates/, shows."""
    shutil.rmtree(project / "templates")
    with DevServer(project) as server:
        server.wait_for(lambda: any("search index up to date" in line for line in server.stdout_lines))  # idle now
        override_template(project / "templates", "article.html").write_text(
            (REPO / "newsroom" / "bundled_theme" / "templates" / "article.html").read_text(encoding="utf-8").replace(
                "</article>", "<p id='new-footer'>New</p></article>", 1), encoding="utf-8")
        server.wait_for(lambda: bool(parse_text(server.get(FRENCH_URL)[1]).xpath("//p[@id='new-footer']")))
