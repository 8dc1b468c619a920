"""Hostile and broken input, faults mid-build, and a dev server under load and abuse."""

import concurrent.futures
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import parse_text, REPO, SEEDS, DevServer, build, html_pages, parse, run_cli, site_answers, tree_digest, write_sources
from lxml import etree

from newsroom.content_layout import plain_layout
from newsroom.errors import BuildFailed, SourceError
from newsroom.rebuild import read_all
from newsroom.sources import discover_sources
from newsroom.sources.raw_text import read_raw_text

LEAD = "The council approved the new budget on Monday after a long debate in the chamber."


# --- encodings, line endings, sizes ---------------------------------------------------------

def _blocks(path: Path, root: Path):
    return read_raw_text(path, plain_layout(root)).blocks


def test_byte_order_mark_and_line_endings_read_alike(content):
    text = f"{LEAD}\nSecond paragraph of the story.\nSource: https://example.com/a\n"
    write_sources(content, {
        "lf.en.txt": text.encode(),
        "bom.en.txt": b"\xef\xbb\xbf" + text.encode(),
        "crlf.en.txt": text.replace("\n", "\r\n").encode(),
        "cr.en.txt": text.replace("\n", "\r").encode(),
    })
    expected = _blocks(content / "lf.en.txt", content)
    for name in ("bom.en.txt", "crlf.en.txt", "cr.en.txt"):
        assert _blocks(content / name, content) == expected, name
    assert read_raw_text(content / "bom.en.txt", plain_layout(content)).title == LEAD.rstrip(".")


def test_latin1_is_refused_with_the_byte_offset_never_mojibake(content):
    write_sources(content, {"cafe.fr.txt": "Le café était fermé.\nSource: https://example.com/a\n".encode("cp1252")})
    with pytest.raises(SourceError) as caught:
        read_raw_text(content / "cafe.fr.txt", plain_layout(content))
    text = str(caught.value.problem)
    assert "not valid UTF-8 (byte 6)" in text and "Windows-1252" in text and ":1:" in text


def test_binary_files_are_refused_or_ignored(content):
    write_sources(content, {"photo.png": b"\x89PNG\r\n\x1a\n\x00\x00", "dump.md": b"---\ntitle: x\n---\nab\x00cd\n"})
    assert [p.name for p in discover_sources(content)] == ["dump.md"]
    articles, problems = read_all(content)
    assert not articles and "NUL byte" in problems[0].message and problems[0].line == 4


def test_huge_file_hits_a_clear_limit_without_being_read(content):
    huge = content / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk
    with pytest.raises(SourceError) as caught:
        read_raw_text(huge, plain_layout(content))
    assert "52.4 MB" in caught.value.problem.message and "limited to 8 MB" in caught.value.problem.message


def test_very_long_line_builds(content, tmp_path):
    sentence = "The committee heard evidence from many witnesses over many days " * 3000
    write_sources(content, {"long.en.txt": f"{sentence.strip()}.\nSource: https://example.com/long\n"})
    build(content, tmp_path / "site")
    (page,) = [p for p in html_pages(tmp_path / "site") if parse(p).xpath("//article")]
    title = parse(page).xpath("//h1/text()")[0]
    assert len(title) <= 91 and title.endswith("…")
    assert len(parse(page).xpath("//meta[@name='description']/@content")[0]) <= 161


def test_mixed_direction_and_unspaced_text(content, tmp_path):
    write_sources(content, {
        "ar.txt": "قال رئيس شركة OpenAI سام ألتمان إن الشركة ستستثمر 500 مليار دولار في مراكز البيانات خلال أربع سنوات.\n"
                  "وأضاف أن المشروع سيبدأ في ولاية تكساس الأمريكية.\nالمصدر: https://example.com/ar/openai-2025\n",
        "ja.txt": "東京都は来年度から、すべての公立小学校で給食費を無償化すると発表した。対象は約六十万人の児童となる見込みだ。\n"
                  "出典：https://example.jp/news/lunch\n",
    })
    build(content, tmp_path / "site")
    pages = {parse(p).get("lang"): parse(p) for p in html_pages(tmp_path / "site") if parse(p).xpath("//article")}
    assert pages["ar"].get("dir") == "rtl"
    assert pages["ar"].xpath("//p[@class='source-link']/a/@dir") == ["ltr"]
    ja_title = pages["ja"].xpath("//h1/text()")[0]
    assert ja_title.startswith("東京都は来年度から") and len(ja_title) <= 41
    (ja_page,) = [p for p in html_pages(tmp_path / "site") if "/ja/" in p.as_posix() and parse(p).xpath("//article")]
    assert ja_page.parent.name.startswith("東京都は来年度から")


# --- paths that try to leave the output folder ----------------------------------------------------

@pytest.mark.parametrize("slug", ["../../etc/passwd", "/absolute", "a\\..\\b", "nul\x00byte", "CON", "com1", "..", "."])
def test_hostile_slugs_stay_inside_the_output(content, tmp_path, slug):
    escaped = json.dumps(slug)
    write_sources(content, {"x.en.md": f"---\ntitle: Hello\nslug: {escaped}\ntranslation_key: {escaped}\n---\nText.\n"})
    output = tmp_path / "out" / "site"
    build(content, output)
    for path in output.rglob("*"):
        assert output in path.resolve().parents
        assert path.name.lower() not in {"con", "com1", "nul"}
    assert not (tmp_path / "etc").exists() and not Path("/absolute").exists()


def test_symlink_loops_and_unreadable_links(content, tmp_path):
    write_sources(content, {"ok.en.md": "---\ntitle: Fine\n---\nText.\n"})
    (content / "loop").symlink_to(content, target_is_directory=True)
    (content / "a.md").symlink_to(content / "b.md")
    (content / "b.md").symlink_to(content / "a.md")
    articles, problems = read_all(content)
    assert [a.title for a in articles] == ["Fine"]
    assert sorted(p.path.name for p in problems) == ["a.md", "b.md"]
    assert all("cannot read file" in p.message for p in problems)


def test_hidden_and_editor_files_are_ignored(content):
    write_sources(content, {name: "junk" for name in (".draft.md", "story.md~", "#story.md#", ".story.md.swp", "4913",
                                                      ".git/config.md")})
    write_sources(content, {"story.md": "---\ntitle: Real\nlang: en\n---\nText.\n"})
    assert [p.name for p in discover_sources(content)] == ["story.md"]


# --- hostile content everywhere it is published -----------------------------------------------

HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def test_hostile_text_in_feeds_sitemaps_and_structured_data(content, tmp_path):
    write_sources(content, {"evil.en.md": f"---\ntitle: '{HOSTILE}'\ndate: 2026-11-20\ntags: ['{HOSTILE}']\n---\nBody.\n"})
    build(content, tmp_path / "site")
    site = tmp_path / "site"
    feed = etree.parse(str(site / "en" / "feed.xml"))
    assert feed.xpath("//a:entry/a:title/text()", namespaces={"a": "http://www.w3.org/2005/Atom"}) == [HOSTILE]
    assert feed.xpath("//a:category/@term", namespaces={"a": "http://www.w3.org/2005/Atom"}) == [HOSTILE]
    etree.parse(str(site / "sitemap.xml"))
    for page in html_pages(site):
        if "pagefind" in page.parts:
            continue
        doc = parse(page)
        assert not doc.xpath("//*[@onerror]") and not doc.xpath("//script[not(@src) and not(@type)]"), page
        for data in doc.xpath("//script[@type='application/ld+json']/text()"):
            assert json.loads(data)["headline"] == HOSTILE


@pytest.mark.parametrize("field, value", [("source", "javascript:alert(1)"), ("image", "javascript:alert(1)"),
                                          ("source", "data:text/html,<script>x</script>"), ("image", "//evil.example/x.png")])
def test_only_web_urls_are_accepted(content, field, value):
    write_sources(content, {"x.en.md": f"---\ntitle: T\n{field}: '{value}'\n---\nText.\n"})
    articles, problems = read_all(content)
    assert not articles and problems[0].line == 3 and field in problems[0].message


def test_content_security_policy_blocks_injected_script(browser, seed_site):
    from helpers import StaticServer

    for page in html_pages(seed_site):
        if "pagefind" in page.parts:
            continue
        (csp,) = parse(page).xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    with StaticServer(seed_site) as server:
        tab = browser.new_page()
        try:
            tab.goto(server.url + "/fr/")
            with pytest.raises(Exception, match="Content Security Policy"):
                tab.add_script_tag(content="window.injected = true")
            assert tab.evaluate("window.injected === undefined")
        finally:
            tab.close()


# --- faults ---------------------------------------------------------------------------------------

@pytest.fixture
def big_project(tmp_path):
    """Enough stories that a build takes long enough to be killed in the middle."""
    content = tmp_path / "content"
    shutil.copytree(SEEDS, content)
    for n in range(300):
        write_sources(content, {f"story-{n}.en.md": f"---\ntitle: Story number {n}\ndate: 2026-01-{n % 28 + 1:02d}\n"
                                                    f"tags: [t{n % 7}]\n---\n" + "A sentence of the story. " * 200})
    return tmp_path


def test_sigkill_mid_build_leaves_the_previous_site_complete(big_project):
    assert run_cli(cwd=big_project).returncode == 0
    before = site_answers(big_project / "site")
    (big_project / "content" / "story-1.en.md").write_text("---\ntitle: Changed\n---\nNew text.\n")
    assert run_cli("--output", "reference", cwd=big_project).returncode == 0
    after = site_answers(big_project / "reference")  # a clean build: the same pages, the same search answers
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    killed_mid_build = 0
    for delay in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.1, 1.4, 2.0):
        process = subprocess.Popen([sys.executable, str(REPO / "build.py")], cwd=big_project, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        killed_mid_build += process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait()
        current = site_answers(big_project / "site")
        assert current in (before, after), f"a partial site after a kill at {delay}s"
    assert killed_mid_build >= 3
    assert run_cli(cwd=big_project).returncode == 0
    assert site_answers(big_project / "site") == after
    assert not list(big_project.glob(".newsroom-staging-*")), "stale staging folders are cleaned by the next build"


def test_write_failure_keeps_the_previous_site(seeds_copy, tmp_path, monkeypatch):
    import errno

    import newsroom.rebuild as pipeline

    output = tmp_path / "site"
    build(seeds_copy, output)
    before = tree_digest(output)
    calls = {"n": 0}
    real_write = pipeline.write_file

    def disk_full_after_three(root, relative, data):
        calls["n"] += 1
        if calls["n"] > 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(root, relative, data)

    monkeypatch.setattr(pipeline, "write_file", disk_full_after_three)
    with pytest.raises(BuildFailed) as caught:
        build(seeds_copy, output, use_cache=False)  # with the cache, an unchanged site writes nothing
    assert "No space left on device" in str(caught.value) and "disk space" in str(caught.value)
    assert tree_digest(output) == before
    assert not list(tmp_path.glob(".newsroom-staging-*"))


def test_unwritable_output_is_one_clear_line(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "content")
    (tmp_path / "blocker").write_text("a file where a folder should be")
    result = run_cli("--output", "blocker/site", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert "cannot write the site here" in error and "blocker" in error


def test_a_second_build_at_once_stops_with_a_clear_message(seeds_copy, tmp_path):
    build(seeds_copy, tmp_path / "site")
    before = tree_digest(tmp_path / "site")
    with open(tmp_path / ".site.newsroom-lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = run_cli(cwd=tmp_path)
    assert result.returncode == 1
    assert "another build is writing this site right now" in result.stderr
    assert tree_digest(tmp_path / "site") == before
    assert run_cli(cwd=tmp_path).returncode == 0


def test_builds_are_reproducible(tmp_path):
    from helpers import FIXTURES

    for name in ("one", "two", "three"):
        build(FIXTURES / "multilingual" / "content", tmp_path / name, config_file=FIXTURES / "multilingual" / "site.toml")
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two") == tree_digest(tmp_path / "three")


def test_strict_turns_warnings_into_errors(content, tmp_path):
    write_sources(content, {"a.en.md": "---\ntitle: Same title\n---\nOne.\n",
                            "b.en.md": "---\ntitle: Same title\n---\nTwo.\n"})
    lenient = run_cli("--content", str(content), "--output", str(tmp_path / "site"), cwd=tmp_path)
    assert lenient.returncode == 0 and lenient.stderr.startswith("warning: ")
    strict = run_cli("--strict", "--content", str(content), "--output", str(tmp_path / "site"), cwd=tmp_path)
    assert strict.returncode == 1 and strict.stderr.startswith("error: ") and "same-title-2" in strict.stderr


# --- the dev server under load and abuse ----------------------------------------------------------

@pytest.fixture
def served(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    with DevServer(tmp_path) as server:
        yield tmp_path, server


ARTICLE = "/fr/josh-batson-n-a-pas-le-temps-pour-les-reseaux-sociaux/"


def test_concurrent_requests_during_rebuilds_get_whole_pages(served):
    project, server = served
    source = project / "content" / "000_dcc3f5867b0896a6.txt"
    original = source.read_text(encoding="utf-8")
    stop = time.monotonic() + 6

    def keep_saving():
        n = 0
        while time.monotonic() < stop:
            n += 1
            source.write_text(original.replace("Chez Anthropic", f"Version {n} chez Anthropic", 1), encoding="utf-8")
            time.sleep(0.25)

    with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
        saver = pool.submit(keep_saving)
        time.sleep(0.5)
        responses = list(pool.map(lambda _: server.get(ARTICLE, timeout=30), range(200)))
        saver.result()
    assert server.builds() >= 3, "rebuilds ran while the requests were served"
    for status, body in responses:
        assert status == 200
        assert body.rstrip().endswith("</html>")
        doc = parse_text(body)
        assert len(doc.xpath("//div[@class='story-body']/p")) == 21


def test_rapid_saves_give_few_rebuilds_and_the_last_content(served):
    project, server = served
    source = project / "content" / "000_dcc3f5867b0896a6.txt"
    original = source.read_text(encoding="utf-8")
    server.wait_for(lambda: server.builds() >= 1)
    before = server.builds()
    for n in range(500):
        source.write_text(original.replace("Chez Anthropic", f"Save {n} chez Anthropic", 1), encoding="utf-8")
    server.wait_for(lambda: "Save 499 chez Anthropic" in server.get(ARTICLE)[1], timeout=30)
    time.sleep(1)
    assert server.builds() - before <= 10


def test_non_loopback_host_warns(tmp_path, monkeypatch, capsys):
    import newsroom.serve as serve_module
    from newsroom.pipeline import BuildOptions

    def refuse(*args, **kwargs):
        raise OSError(99, "not binding in tests")

    monkeypatch.setattr(serve_module, "ThreadingHTTPServer", refuse)
    options = BuildOptions(content=SEEDS, output=tmp_path / "site", templates=REPO / "templates")
    assert serve_module.serve(options, host="0.0.0.0", port=8000) == 1
    err = capsys.readouterr().err
    assert err.startswith("warning: serving on 0.0.0.0, reachable from other machines")
    assert serve_module.serve(options, host=None, port=8000) == 1
    assert "warning" not in capsys.readouterr().err
