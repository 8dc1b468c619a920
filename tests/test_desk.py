"""The translation desk: the original of each story, and which translations went stale.

Fixture: the two seeds (French, Indonesian) and a Vietnamese original of the same story
(tests/fixtures/translation-desk), linked by their source URL on vietnamnet.vn.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
from helpers import REPO, run_cli

from newsroom.config import CONSISTENCY_CHECKS as CHECK_NAMES
from newsroom.content_layout import plain_layout
from newsroom.desk_text import changed_paragraphs, normalised, paragraphs, text_hash
from newsroom.sources import read_source

FIXTURE = REPO / "tests" / "fixtures" / "translation-desk" / "content"
SCHEMA = json.loads((REPO / "tests" / "schemas" / "status.schema.json").read_text(encoding="utf-8"))
ORIGINAL, FRENCH, INDONESIAN = "001_vi_original.txt", "000_dcc3f5867b0896a6.txt", "002_ba7ef5ae972d85b2.txt"
REWORDED = ("Một số người đã trở thành tỷ phú nhưng thậm chí không có thời gian để tiêu tiền.",
            "Một số người đã trở thành tỷ phú chỉ sau vài năm nhưng thậm chí không có thời gian để tiêu tiền.")


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "content")
    return tmp_path


def status(site: Path, *args: str) -> dict:
    result = run_cli("status", "--json", *args, cwd=site)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    return data


def edit(path: Path, before: str, after: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert before in text
    path.write_text(text.replace(before, after, 1), encoding="utf-8")


def reworded_paragraph() -> list[int]:
    """The number of the reworded paragraph in the original, as the reader splits it."""
    texts = paragraphs(read_source(FIXTURE / ORIGINAL, plain_layout(FIXTURE)))
    return [number for number, text in enumerate(texts, start=1) if text == REWORDED[0]]


def states(data: dict) -> dict[str, str]:
    (story,) = data["stories"]
    return {lang: version["state"] for lang, version in story["versions"].items()}


def test_the_vietnamese_version_is_the_original_and_both_translations_are_present(desk):
    data = status(desk)
    assert data["languages"] == ["fr", "id", "vi"]
    (story,) = data["stories"]
    assert story["original"] == "vi", "vietnamnet.vn is a Vietnamese site"
    assert story["title"] == "Làm việc điên cuồng 100 giờ mỗi tuần để tìm ra siêu trí tuệ nhân tạo"
    assert states(data) == {"fr": "present", "id": "present", "vi": "present"}
    assert story["versions"]["vi"]["basis"] == "original"
    assert story["versions"]["fr"]["path"] == FRENCH
    # outside a git repository and without translated_from nothing is claimed, and it says so
    assert story["versions"]["fr"]["basis"] is None and "git" in story["versions"]["fr"]["note"]


def test_without_the_original_the_story_points_at_the_source_site(desk):
    (desk / "content" / ORIGINAL).unlink()
    (story,) = status(desk)["stories"]
    assert story["original"] == "vi" and story["original_url"].startswith("https://vietnamnet.vn/")
    assert set(story["versions"]) == {"fr", "id"}


def test_site_toml_says_which_language_a_source_site_publishes_in(desk):
    (desk / "site.toml").write_text('[sources]\n"vietnamnet.vn" = "fr"\n', encoding="utf-8")
    assert status(desk)["stories"][0]["original"] == "fr"
    (desk / "site.toml").write_text("", encoding="utf-8")
    edit(desk / "content" / INDONESIAN, "Josh Batson tidak", "---\noriginal: true\n---\nJosh Batson tidak")
    assert status(desk)["stories"][0]["original"] == "id", "original: true wins"


def test_translated_from_makes_a_translation_stale_when_the_original_changes(desk):
    for name in (FRENCH, INDONESIAN):
        result = run_cli("status", "--accept", f"content/{name}", cwd=desk)
        assert result.returncode == 0, result.stderr
    data = status(desk)
    assert states(data) == {"fr": "present", "id": "present", "vi": "present"}
    made_from = data["stories"][0]["versions"]["fr"]["translated_from"]
    assert made_from == text_hash(paragraphs(read_source(desk / "content" / ORIGINAL, plain_layout(desk / "content"))))
    assert data["stories"][0]["versions"]["vi"]["text_hash"] == made_from, "status prints it for editors to paste"
    assert f"({made_from})" in run_cli("status", cwd=desk).stdout

    original = desk / "content" / ORIGINAL
    edit(original, "Batson nói.", "Batson  nói !")  # whitespace and punctuation only
    assert states(status(desk)) == {"fr": "present", "id": "present", "vi": "present"}

    edit(original, *REWORDED)
    data = status(desk)
    assert states(data) == {"fr": "stale", "id": "stale", "vi": "present"}
    for lang in ("fr", "id"):
        version = data["stories"][0]["versions"][lang]
        assert version["basis"] == "translated_from" and version["changed_paragraphs"] == reworded_paragraph()

    table = run_cli("status", cwd=desk)
    assert "STALE" in table.stdout and f"{FRENCH}: stale: paragraphs {reworded_paragraph()[0]}" in table.stdout
    failing = run_cli("status", "--fail-on", "stale,missing", cwd=desk)
    assert failing.returncode == 1 and "2 version(s) missing or stale" in failing.stderr

    edit(original, "---\n" if original.read_text(encoding="utf-8").startswith("---\n") else "Làm việc",
         "---\nminor: true\n---\nLàm việc")
    assert states(status(desk)) == {"fr": "present", "id": "present", "vi": "present"}, "minor: true clears it"


def git(site: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Desk", "-c", "user.email=desk@example.org", *args], cwd=site,
                   check=True, capture_output=True)


def test_git_history_tells_which_translations_are_older_than_the_originals_last_edit(desk):
    git(desk, "init", "-q")
    git(desk, "add", "content")
    git(desk, "commit", "-q", "-m", "three versions")
    data = status(desk)
    assert states(data) == {"fr": "present", "id": "present", "vi": "present"}
    assert data["stories"][0]["versions"]["fr"]["basis"] == "git"

    original = desk / "content" / ORIGINAL
    edit(original, "Batson nói.", "Batson  nói !")
    git(desk, "commit", "-q", "-am", "typography")
    assert states(status(desk)) == {"fr": "present", "id": "present", "vi": "present"}

    edit(original, *REWORDED)
    data = status(desk)  # not committed yet: an edit in progress counts
    assert states(data) == {"fr": "stale", "id": "stale", "vi": "present"}
    assert data["stories"][0]["versions"]["fr"]["stale_since"] == "uncommitted"
    git(desk, "commit", "-q", "-am", "the original reworded")
    data = status(desk)
    assert states(data) == {"fr": "stale", "id": "stale", "vi": "present"}
    version = data["stories"][0]["versions"]["id"]
    assert version["basis"] == "git" and version["changed_paragraphs"] == reworded_paragraph()
    assert version["stale_since"][:4].isdigit()

    edit(desk / "content" / INDONESIAN, "Beberapa orang telah menjadi miliarder",
         "Beberapa orang telah menjadi miliarder hanya dalam beberapa tahun")
    git(desk, "commit", "-q", "-am", "the Indonesian follows")
    assert states(status(desk)) == {"fr": "stale", "id": "present", "vi": "present"}


def test_a_bad_translated_from_is_one_line_naming_file_and_line(desk):
    path = desk / "content" / FRENCH
    path.write_text('---\ntranslated_from: "not a hash"\n---\n' + path.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("build", cwd=desk)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (line,) = [line for line in result.stderr.splitlines() if "translated_from" in line]
    assert f"{FRENCH}:2:" in line and "newsroom status" in line


def test_an_unknown_fail_on_state_is_a_mistake(desk):
    result = run_cli("status", "--fail-on", "stael", cwd=desk)
    assert result.returncode == 1 and "unknown state 'stael'" in result.stderr and "Traceback" not in result.stderr


def test_normalised_text_ignores_typography_not_words():
    assert normalised("« Nous essayons — de condenser… »\u00a020 ans") == normalised('"Nous essayons - de condenser..." 20 ans')
    assert text_hash(["Un paragraphe.", "Deux."]) == text_hash(["Un paragraphe. Deux."]), "paragraph breaks aside"
    assert text_hash(["20 ans"]) != text_hash(["21 ans"])
    assert changed_paragraphs(["A b.", "C d.", "E f."], ["A b!", "C x.", "E f.", "G h."]) == [2, 4]


def notice_and_original(site: Path, lang: str, output: str = "site") -> tuple[list, list]:
    from helpers import parse

    (page,) = (site / output / lang).glob("*-*/index.html")
    doc = parse(page)
    return doc.xpath("//p[@class='translation-notice']"), doc.xpath("//p[@class='source-link']")


def test_a_stale_translation_says_so_on_its_page_until_the_edit_is_minor(desk):
    for name in (FRENCH, INDONESIAN):
        assert run_cli("status", "--accept", f"content/{name}", cwd=desk).returncode == 0
    assert run_cli("build", cwd=desk).returncode == 0
    notice, original = notice_and_original(desk, "fr")
    assert notice == []
    site, language = original[0].xpath("a")
    assert site.get("href").startswith("https://vietnamnet.vn/") and site.text == "vietnamnet.vn"
    assert language.get("hreflang") == "vi" and language.get("href").startswith("/vi/") and language.text == "Tiếng Việt"
    assert notice_and_original(desk, "vi")[0] == []

    edit(desk / "content" / ORIGINAL, *REWORDED)
    assert run_cli("build", cwd=desk).returncode == 0
    for lang in ("fr", "id"):
        (notice,), _ = notice_and_original(desk, lang)
        assert notice.xpath("a/@hreflang") == ["vi"] and notice.xpath("a/@href")[0].startswith("/vi/")
    assert notice_and_original(desk, "vi")[0] == [], "the original has no notice"

    (desk / "site.toml").write_text("stale_notice = false\n", encoding="utf-8")
    assert run_cli("build", cwd=desk).returncode == 0
    assert notice_and_original(desk, "fr")[0] == []
    (desk / "site.toml").unlink()
    edit(desk / "content" / ORIGINAL, "Làm việc", "---\nminor: true\n---\nLàm việc")
    assert run_cli("build", cwd=desk).returncode == 0
    assert notice_and_original(desk, "fr")[0] == [] and notice_and_original(desk, "id")[0] == []


def test_without_the_original_in_the_site_the_page_links_the_news_sites_page(desk):
    (desk / "content" / ORIGINAL).unlink()
    assert run_cli("build", cwd=desk).returncode == 0
    _, (original,) = notice_and_original(desk, "id")
    (link,) = original.xpath("a")
    assert link.get("href").startswith("https://vietnamnet.vn/") and "external" in link.get("rel")


def version_blocks(name: str, root: Path = FIXTURE):
    from newsroom.consistency import Block
    from newsroom.desk_text import text_blocks

    return [Block(kind, text) for kind, text in text_blocks(read_source(root / name, plain_layout(root)).blocks)]


def test_alignment_pairs_every_paragraph_with_its_counterpart():
    from newsroom.alignment import align

    vietnamese, french, indonesian = (version_blocks(name) for name in (ORIGINAL, FRENCH, INDONESIAN))
    assert [block.kind for block in vietnamese].count("figure") == 1 and len(vietnamese) == len(indonesian) == 24

    def pairs(left, right):
        beads = align([b.text for b in left], [b.text for b in right], [b.kind for b in left], [b.kind for b in right])
        return [(bead.left, bead.right) for bead in beads]

    assert pairs(vietnamese, indonesian) == [((i,), (i,)) for i in range(24)]
    caption = [block.kind for block in vietnamese].index("figure")  # the French lost it
    assert pairs(vietnamese, french) == ([((i,), (i,)) for i in range(caption)] + [((caption,), ())]
                                         + [((i,), (i - 1,)) for i in range(caption + 1, 24)])
    # the pairs say the same things: a number or a name each pair shares
    for (left,), (right,) in [pair for pair in pairs(vietnamese, french) if pair[1]]:
        assert vietnamese[left].kind == french[right].kind


def test_consistency_hints_on_the_seeds_find_their_real_differences(desk):
    (desk / "content" / ORIGINAL).unlink()  # the two seeds alone: French against Indonesian
    (story,) = status(desk)["stories"]
    checks = story["checks"]
    assert all(check["languages"] == ["fr", "id"] for check in checks)
    (lost,) = [check for check in checks if check["kind"] == "unmatched"]
    assert "figure caption" in lost["detail"] and "Para insinyur dan pakar AI" in lost["detail"]
    (ninety,) = [check for check in checks if check["kind"] == "numbers" and check["detail"].startswith("90 ")]
    assert "in words in id (sembilan puluh)" in ninety["detail"]
    assert not [check for check in checks if "Pengangguran" in check["detail"]], "the teaser is no paragraph"
    table = run_cli("status", cwd=desk).stdout
    assert f"content/{INDONESIAN}, paragraph {ninety['paragraph']} of content/{FRENCH}: numbers: 90 in digits" in table


def test_a_version_compared_with_itself_has_nothing_to_report():
    from newsroom.consistency import compare

    for name, lang in ((ORIGINAL, "vi"), (FRENCH, "fr"), (INDONESIAN, "id")):
        assert compare(version_blocks(name), lang, version_blocks(name), lang) == []


def test_numbers_are_read_as_each_language_writes_them():
    from newsroom.consistency import Block, compare, numbers_in

    assert numbers_in("4,50 € et 1 200 habitants", "fr")[0] == numbers_in("4.50 €", "en")[0]
    same = compare([Block("paragraph", "Le prix est de 4,50 euros.")], "fr",
                   [Block("paragraph", "The price is 4.50 euros.")], "en")
    assert [check for check in same if check.kind == "numbers"] == []
    differ = compare([Block("paragraph", "Le prix est de 4,50 euros.")], "fr",
                     [Block("paragraph", "The price is 4.60 euros.")], "en")
    assert sorted(check.detail for check in differ if check.kind == "numbers") == ["4.5 in fr, not in en",
                                                                                  "4.6 in en, not in fr"]


def test_checks_can_be_turned_off_in_site_toml(desk):
    (desk / "site.toml").write_text("[checks]\nnumbers = false\nnames = false\n", encoding="utf-8")
    kinds = {check["kind"] for check in status(desk)["stories"][0]["checks"]}
    assert kinds and not kinds & {"numbers", "names"}
    (desk / "site.toml").write_text("[checks]\nnumbres = false\n", encoding="utf-8")
    result = run_cli("status", cwd=desk)
    assert result.returncode == 1 and "site.toml:2:" in result.stderr and "Traceback" not in result.stderr


def test_the_build_warns_of_the_hints_of_the_stories_edited_since_the_last_build(desk):
    """As warnings naming the translation, the paragraph and the original; never errors,
    --strict included. A build that starts over checks none and says where they are."""
    from helpers import TEMPLATES, build

    content, site = desk / "content", desk / "site"
    first = build(content, site, TEMPLATES, strict=True)
    (note,) = [problem for problem in first.problems if problem.editorial]
    assert note.warning and "not checked in a build that starts over (2 translation(s))" in note.message
    assert "newsroom status" in note.hint
    printed = run_cli("build", "--strict", cwd=desk)
    assert printed.returncode == 0 and "warning: consistency hints: not checked" in printed.stderr
    build(content, site, TEMPLATES)  # the record --strict does not use
    assert not [problem for problem in build(content, site, TEMPLATES).problems if problem.editorial], \
        "nothing edited, nothing said"

    edit(content / FRENCH, "90 %", "91 %")
    expected = {(check["detail"], check["paragraph"]) for check in status(desk)["stories"][0]["checks"]}
    hints = [problem for problem in build(content, site, TEMPLATES, strict=False).problems if problem.editorial]
    assert all(problem.warning for problem in hints) and len(hints) == len(expected) > 5
    assert any(problem.message.startswith("numbers: 91 in fr, not in vi") for problem in hints)
    (ninety,) = [str(problem) for problem in hints if "90 in digits in vi, in words in id" in problem.message]
    paragraph = next(number for detail, number in expected if detail.startswith("90 in digits in vi, in words in id"))
    assert ninety.startswith(f"warning: {content / INDONESIAN}: numbers: 90 in digits in vi, in words in id (sembilan puluh)"
                             f" (paragraph {paragraph} of content/{ORIGINAL})")

    (desk / "site.toml").write_text("[checks]\n" + "".join(f"{name} = false\n" for name in CHECK_NAMES), encoding="utf-8")
    edit(content / FRENCH, "91 %", "92 %")
    quiet = build(content, site, TEMPLATES, config_file=desk / "site.toml")
    assert quiet.rendered and not [problem for problem in quiet.problems if problem.editorial]
    fresh = build(content, desk / "fresh", TEMPLATES, config_file=desk / "site.toml")
    assert not [problem for problem in fresh.problems if problem.editorial], "no note when every check is off"


def test_capitalised_words_that_name_nothing_are_no_names():
    from newsroom.consistency import Block, compare

    found = compare([Block("paragraph", "Bà nói rằng Anthropic sẽ họp vào Thứ Hai, tháng Mười.")], "vi",
                    [Block("paragraph", "Dia berkata Anthropic akan bertemu pada hari Senin bulan Oktober, kata Anda.")], "id")
    assert [check for check in found if check.kind == "names"] == []
    missing = compare([Block("paragraph", "Bà nói rằng OpenAI sẽ họp.")], "vi", [Block("paragraph", "Dia berkata akan bertemu.")], "id")
    assert [check.detail for check in missing if check.kind == "names"] == ["OpenAI in vi, not in id"]


ARTEFACTS = Path(os.environ.get("NEWSROOM_TEST_ARTEFACTS", REPO / "test-artefacts"))
SIDE_BY_SIDE = "translations/lam-viec-dien-cuong-100-gio-moi-tuan-de-tim-ra-sieu-tri-tue-nhan-tao"


def compared(site: Path, pair: str) -> list[tuple[list[str], list[str]]]:
    """(left texts, right texts) of each row of a side-by-side page, [] for a gap."""
    from helpers import parse

    doc = parse(site / SIDE_BY_SIDE / pair / "index.html")
    rows = []
    for row in doc.xpath("//div[@class='compare-row']"):
        sides = row.xpath("./*[contains(@class, 'compare-block') or contains(@class, 'compare-gap')]")
        rows.append(tuple([" ".join(p.text_content().split()) for p in side.xpath(".//p")]
                          if "compare-block" in side.get("class", "") else [] for side in sides))
    return rows


def test_side_by_side_pages_pair_each_paragraph_with_its_counterpart(desk_site):
    vietnamese, french, indonesian = ([" ".join(b.text.split()) for b in version_blocks(name)]
                                      for name in (ORIGINAL, FRENCH, INDONESIAN))
    assert compared(desk_site, "vi-id") == [([left], [right]) for left, right in zip(vietnamese, indonesian)]
    caption = [block.kind for block in version_blocks(ORIGINAL)].index("figure")
    expected = [([vietnamese[i]], [french[i]]) for i in range(caption)] + [([vietnamese[caption]], [])]
    expected += [([vietnamese[i]], [french[i - 1]]) for i in range(caption + 1, len(vietnamese))]
    assert compared(desk_site, "vi-fr") == expected
    from helpers import parse

    doc = parse(desk_site / SIDE_BY_SIDE / "vi-fr" / "index.html")
    assert doc.xpath("//meta[@name='robots']/@content") == ["noindex"]
    blocks = doc.xpath("//div[contains(@class, 'compare-block')]")
    assert {(b.get("lang"), b.get("dir")) for b in blocks} == {("vi", "ltr"), ("fr", "ltr")}
    (gap,) = doc.xpath("//p[@class='compare-gap']")
    assert "Français" in gap.text_content()
    # the consistency hints of each pair, under it: the lost caption, and the spelled-out 90 on vi-id
    assert gap.xpath("../ul[@class='compare-hints']/li[starts-with(., 'unmatched: the figure caption')]")
    indonesian = parse(desk_site / SIDE_BY_SIDE / "vi-id" / "index.html")
    (ninety,) = indonesian.xpath("//ul[@class='compare-hints']/li[starts-with(., 'numbers: 90 ')]")
    assert "Sembilan puluh persen" in ninety.xpath("string(../../*[2])")


def cell_states(row) -> list[str]:
    return [cell.get("class") for cell in row.xpath("td")]


def test_the_matrix_page_shows_each_version_with_a_label_and_its_links(desk_site):
    from helpers import page_for_url, parse

    doc = parse(desk_site / "translations" / "index.html")
    assert doc.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert doc.xpath("//thead//th[@scope='col']/@lang") == ["fr", "id", "vi"]
    (row,) = doc.xpath("//tbody/tr")
    assert cell_states(row) == ["desk-present", "desk-present", "desk-original"]
    labels = [" ".join(cell.xpath("./a[1]/text()")).strip() for cell in row.xpath("td")]
    assert all(labels) and labels[0] == labels[1] != labels[2], "each state in words, not colour alone"
    for href in row.xpath(".//a/@href"):
        assert page_for_url(desk_site, href).is_file(), href
    assert "translations" not in (desk_site / "sitemap.xml").read_text(encoding="utf-8")
    article = parse(next((desk_site / "fr").glob("josh-*/index.html")))
    (compare,) = article.xpath("//a[@class='compare-link']/@href")
    assert compare.endswith("/vi-fr/")


def test_the_matrix_links_each_file_where_site_toml_says_it_is_edited(desk):
    from helpers import parse

    (desk / "site.toml").write_text('desk_pages = true\nedit_url = "https://git.example.org/paper/edit/main/content/{path}"\n',
                                    encoding="utf-8")
    (desk / "content" / "2025").mkdir()
    (desk / "content" / ORIGINAL).rename(desk / "content" / "2025" / "vi original.txt")
    assert run_cli("build", cwd=desk).returncode == 0
    doc = parse(desk / "site" / "translations" / "index.html")
    links = doc.xpath("//td[@class='desk-original']//a[@class='desk-edit']")
    assert [(a.get("href"), a.text_content()) for a in links] == [
        ("https://git.example.org/paper/edit/main/content/2025/vi%20original.txt", "2025/vi original.txt")]
    assert len(doc.xpath("//a[@class='desk-edit']")) == 3
    (desk / "site.toml").write_text('edit_url = "https://git.example.org/{file}"\n', encoding="utf-8")
    result = run_cli("build", cwd=desk)
    assert result.returncode == 1 and "site.toml:1: edit_url" in result.stderr and "{path}" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_desk_pages_are_off_by_default_and_on_in_the_dev_server(desk):
    from helpers import DevServer

    assert run_cli("build", cwd=desk).returncode == 0
    assert not (desk / "site" / "translations").exists()
    with DevServer(desk) as server:
        status_code, page = server.get("/translations/")
        assert status_code == 200 and "Original" in page


def test_side_by_side_reads_at_phone_and_desktop_widths(browser, desk_site):
    from helpers import StaticServer

    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    with StaticServer(desk_site) as server:
        for width, columns in ((390, 1), (1280, 2)):
            page = browser.new_page(viewport={"width": width, "height": 900})
            try:
                page.goto(f"{server.url}/{SIDE_BY_SIDE}/vi-fr/")
                lefts = page.eval_on_selector_all(".compare-row:not(.compare-titles) > :first-child",
                                                  "els => els.map(e => e.getBoundingClientRect().left)")
                rights = page.eval_on_selector_all(".compare-row:not(.compare-titles) > :nth-child(2)",
                                                   "els => els.map(e => e.getBoundingClientRect().left)")
                side_by_side = all(right > left + 100 for left, right in zip(lefts, rights))
                assert side_by_side == (columns == 2), f"{width}px"
                overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
                assert not overflow, f"no horizontal scrolling at {width}px"
                page.screenshot(path=str(ARTEFACTS / f"side-by-side-{width}.png"), full_page=True)
            finally:
                page.close()


def test_the_desk_pages_follow_edits_as_a_clean_build_would(desk):
    """The matrix lists every story's states: an edit that turns a translation stale (a
    body edit of the original, otherwise a story-only rebuild) must reach it."""
    from helpers import TEMPLATES, build, pages_digest, parse

    content, site = desk / "content", desk / "site"

    def step(name: str) -> list[str]:
        build(content, site, TEMPLATES, desk_pages=True)
        build(content, desk / f"plain-{name}", TEMPLATES, desk_pages=True, use_cache=False)
        assert pages_digest(site) == pages_digest(desk / f"plain-{name}"), name
        (row,) = parse(site / "translations" / "index.html").xpath("//tbody/tr")
        return cell_states(row)

    fresh, stale = ["desk-present", "desk-present", "desk-original"], ["desk-stale", "desk-stale", "desk-original"]
    edit(content / ORIGINAL, "Làm việc", "---\ndate: 2025-10-20\n---\nLàm việc")  # dated: its mtime is no outline
    assert step("first") == fresh
    for name in (FRENCH, INDONESIAN):
        assert run_cli("status", "--accept", f"content/{name}", cwd=desk).returncode == 0
    assert step("accepted") == fresh
    edit(content / ORIGINAL, *REWORDED)
    assert step("reworded") == stale
    edit(content / ORIGINAL, "Batson nói.", "Batson  nói !")
    assert step("typography") == stale
    edit(content / ORIGINAL, "---\ndate:", "---\nminor: true\ndate:")
    assert step("minor") == fresh


def test_git_history_puts_the_notice_on_pages_and_the_matrix_as_a_clean_build_would(desk):
    """Without translated_from the build asks git, as status does: an edit of the original,
    committed or not, makes the translations' pages say so until they are edited after it."""
    from helpers import TEMPLATES, build, pages_digest, parse

    content, site = desk / "content", desk / "site"

    def step(name: str) -> list[str]:
        build(content, site, TEMPLATES, desk_pages=True)
        build(content, desk / f"plain-{name}", TEMPLATES, desk_pages=True, use_cache=False)
        assert pages_digest(site) == pages_digest(desk / f"plain-{name}"), name
        build(content, desk / "quiet", TEMPLATES)  # no desk pages: the story-only lane decides alone
        assert noticed(desk / "quiet") == noticed(site), name
        (row,) = parse(site / "translations" / "index.html").xpath("//tbody/tr")
        return cell_states(row)

    def noticed(output: Path = site) -> list[str]:
        return [lang for lang in ("fr", "id", "vi") if notice_and_original(output.parent, lang, output.name)[0]]

    edit(content / ORIGINAL, "Làm việc", "---\ndate: 2025-10-20\n---\nLàm việc")  # dated: its mtime is no outline
    git(desk, "init", "-q")
    git(desk, "add", "content")
    git(desk, "commit", "-q", "-m", "three versions")
    assert step("committed") == ["desk-present", "desk-present", "desk-original"] and noticed() == []
    edit(content / ORIGINAL, "Batson nói.", "Batson  nói !")
    assert step("typography") == ["desk-present", "desk-present", "desk-original"] and noticed() == []
    edit(content / ORIGINAL, *REWORDED)
    assert step("uncommitted") == ["desk-stale", "desk-stale", "desk-original"] and noticed() == ["fr", "id"]
    git(desk, "commit", "-q", "-am", "the original reworded")
    assert step("reworded") == ["desk-stale", "desk-stale", "desk-original"] and noticed() == ["fr", "id"]
    edit(content / INDONESIAN, "Beberapa orang telah menjadi miliarder",
         "Beberapa orang telah menjadi miliarder hanya dalam beberapa tahun")
    assert step("followed") == ["desk-stale", "desk-present", "desk-original"] and noticed() == ["fr"]
    git(desk, "commit", "-q", "-am", "the Indonesian follows")
    assert step("followed, committed") == ["desk-stale", "desk-present", "desk-original"] and noticed() == ["fr"]
    edit(content / ORIGINAL, "---\ndate:", "---\nminor: true\ndate:")
    assert step("minor") == ["desk-present", "desk-present", "desk-original"] and noticed() == []


def test_a_new_translation_records_the_text_it_is_made_from(desk):
    result = run_cli("new", "story", "--translation-of", f"content/{ORIGINAL}", "--lang", "en", cwd=desk)
    assert result.returncode == 0, result.stderr
    data = status(desk)
    english = data["stories"][0]["versions"]["en"]
    original = read_source(desk / "content" / ORIGINAL, plain_layout(desk / "content"))
    assert english["translated_from"] == original.text_hash and english["basis"] == "translated_from"
    assert english["state"] == "present"
    edit(desk / "content" / ORIGINAL, *REWORDED)
    assert states(status(desk))["en"] == "stale"


def test_a_shallow_clone_says_what_it_cannot_tell(desk, tmp_path):
    git(desk, "init", "-q")
    git(desk, "add", "content")
    git(desk, "commit", "-q", "-m", "three versions")
    edit(desk / "content" / INDONESIAN, "Beberapa orang telah menjadi miliarder",
         "Beberapa orang telah menjadi miliarder hanya dalam beberapa tahun")
    git(desk, "commit", "-q", "-am", "the Indonesian reworded")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{desk}", str(clone)], check=True, capture_output=True)
    (story,) = status(clone)["stories"]
    french = story["versions"]["fr"]
    assert french["state"] == "present" and french["basis"] is None and "shallow" in french["note"]
    indonesian = story["versions"]["id"]
    assert indonesian["state"] == "present" and indonesian["basis"] == "git", "edited after the original: known"
    built = run_cli("build", "--strict", cwd=clone)  # the build says so once, and it is no error
    assert built.returncode == 0, built.stderr
    (said,) = [line for line in built.stderr.splitlines() if "shallow clone" in line and line.startswith("warning:")]
    assert said.startswith("warning: content: a shallow clone") and "1 translation(s)" in said and "fetch-depth: 0" in said
