"""The translation desk: the original of each story, and which translations went stale.

Fixture: the two seeds (French, Indonesian) and a Vietnamese original of the same story
(tests/fixtures/translation-desk), linked by their source URL on vietnamnet.vn.
"""

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
from helpers import REPO, run_cli

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


def notice_and_original(site: Path, lang: str) -> tuple[list, list]:
    from helpers import parse

    (page,) = (site / "site" / lang).glob("*-*/index.html")
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
