"""The commands a newsroom runs: build, serve, check, new site, new story, --base-url."""

import shutil

import pytest
from helpers import SEEDS, DevServer, override_template, parse, run_cli, tree_digest


@pytest.fixture
def built(tmp_path):
    """A site folder with the seeds, built once by `python build.py`."""
    shutil.copytree(SEEDS, tmp_path / "content")
    assert run_cli(cwd=tmp_path).returncode == 0
    return tmp_path


def _one_error(result) -> str:
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout, result.stderr
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    return error


def test_a_preview_never_touches_site(built):
    before = tree_digest(built / "site")
    source = built / "content" / "000_dcc3f5867b0896a6.txt"
    with DevServer(built) as server:
        status, page = server.get("/fr/")
        assert status == 200
        (canonical,) = parse_canonical(page)
        assert canonical.startswith(server.url), "the preview links to itself"
        source.write_text(source.read_text(encoding="utf-8").replace("Chez Anthropic", "Chez Anthropic aussi", 1),
                          encoding="utf-8")
        server.wait_for(lambda: server.builds() >= 2)
    assert tree_digest(built / "site") == before
    assert not [p for p in (built / "site").rglob("*") if p.is_file() and b"127.0.0.1" in p.read_bytes()]
    assert server.preview.is_dir() and built / "site" not in server.preview.parents


def parse_canonical(page: str) -> list[str]:
    from helpers import parse_text

    return parse_text(page).xpath("//link[@rel='canonical']/@href")


def test_serve_without_a_previous_build_creates_no_site(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "content")
    with DevServer(tmp_path) as server:
        assert server.get("/")[0] == 200
    assert not (tmp_path / "site").exists()


def test_base_url_on_the_command_line(built):
    assert run_cli("build", "--base-url", "https://example.org/news", cwd=built).returncode == 0
    (canonical,) = parse(built / "site" / "fr" / "index.html").xpath("//link[@rel='canonical']/@href")
    assert canonical == "https://example.org/news/fr/"
    assert parse(built / "site" / "fr" / "index.html").xpath("//link[@rel='stylesheet']/@href") == ["/news/static/style.css"]
    error = _one_error(run_cli("--base-url", "example.org", cwd=built))
    assert "--base-url" in error and "http(s)" in error


def test_check_passes_and_writes_no_site(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "content")
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("check passed: 10 pages")
    assert not (tmp_path / "site").exists()


def test_check_fails_on_a_broken_link(built):
    footer = override_template(built / "templates", "base.html")
    original = footer.read_text()
    broken = original.replace("<a href=\"{{ link('/') }}\">", "<a href=\"{{ link('/gone/') }}\">", 1)
    assert broken != original
    footer.write_text(broken)
    result = run_cli("check", cwd=built)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert all("broken link to /gone/" in line for line in result.stderr.splitlines() if line.startswith("error:"))
    assert result.stderr.splitlines()[-1].startswith("check failed")


@pytest.mark.parametrize("args, message", [
    (("new", "story", "A title", "--lang", "zz-top"), "unknown language code"),
    (("new", "story", "--lang", "fr"), "needs a title"),
    (("new", "story", "--translation-of", "content/missing.md", "--lang", "fr"), "file not found"),
    (("new", "story", "--translation-of", "content/000_dcc3f5867b0896a6.txt", "--lang", "fr"), "in fr already"),
    (("new", "site", "content"), "not empty"),
    (("build", "--templates", "nowhere"), "folder not found"),
    (("new", "site", "/proc/newsroom-cannot-be-here"), "cannot write or read"),
])
def test_command_mistakes_are_one_line(built, args, message):
    assert message in _one_error(run_cli(*args, cwd=built))


def test_new_story_refuses_to_overwrite(built):
    assert run_cli("new", "story", "Une histoire", "--lang", "fr", cwd=built).returncode == 0
    assert "exists already" in _one_error(run_cli("new", "story", "Une histoire", "--lang", "fr", cwd=built))


def test_a_translation_of_scraped_text_shares_its_source(built):
    result = run_cli("new", "story", "--translation-of", "content/000_dcc3f5867b0896a6.txt", "--lang", "en", cwd=built)
    assert result.returncode == 0, result.stderr
    created = built / "content" / "000_dcc3f5867b0896a6.en.md"
    assert result.stdout.strip() == f"created {created.relative_to(built)}"
    text = created.read_text(encoding="utf-8")
    assert "lang: en" in text and "source: https://" in text
    assert run_cli(cwd=built).returncode == 0
    english = list((built / "site" / "en").glob("*/index.html"))
    english = [p for p in english if p.parent.name not in ("search", "tags")]
    assert len(english) == 1
    assert set(parse(english[0]).xpath("//link[@rel='alternate']/@hreflang")) >= {"en", "fr", "id"}
