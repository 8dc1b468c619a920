"""Bylines: authors from front matter shown under the headline, in JSON-LD, and on author pages."""

import json

from helpers import parse

ENGLISH = "en/parliament-approves-the-new-electoral-law/index.html"


def test_byline_names_every_author_once_in_the_page_language(multilingual_site):
    doc = parse(multilingual_site / ENGLISH)
    (byline,) = doc.xpath("//header[@class='story-header']/p[@class='byline']")
    assert byline.text_content() == "By Jane Doe and John Roe"
    assert byline.xpath("a/@href") == ["/en/authors/jane-doe/", "/en/authors/john-roe/"]
    french = parse(multilingual_site / "fr" / "le-parlement-adopte-la-nouvelle-loi-electorale" / "index.html")
    assert french.xpath("//p[@class='byline']")[0].text_content() == "Par Marie Dupont"


def test_json_ld_lists_the_authors_and_the_stated_update(multilingual_site):
    (data,) = parse(multilingual_site / ENGLISH).xpath("//script[@type='application/ld+json']/text()")
    article = json.loads(data)
    assert [a["name"] for a in article["author"]] == ["Jane Doe", "John Roe"]
    assert article["author"][0]["url"] == "https://news.example.org/en/authors/jane-doe/"
    assert article["datePublished"] == "2026-11-18" and article["dateModified"] == "2026-11-19T10:02:00+01:00"
    (updated,) = parse(multilingual_site / ENGLISH).xpath("//p[@class='dateline']/time[2]/@datetime")
    assert updated == "2026-11-19T10:02:00+01:00"


def test_each_author_has_a_page_per_language(multilingual_site):
    page = parse(multilingual_site / "en" / "authors" / "jane-doe" / "index.html")
    assert page.xpath("//h1/text()") == ["Stories by Jane Doe"]
    assert page.xpath("//ul[@class='story-list']//h2/a/@href") == ["/en/parliament-approves-the-new-electoral-law/"]
    assert (multilingual_site / "fr" / "authors" / "marie-dupont" / "index.html").is_file()
    assert not (multilingual_site / "en" / "authors" / "marie-dupont").exists()
