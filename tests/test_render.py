"""Rendered pages, checked by parsing the HTML."""

from pathlib import Path

import pytest
from helpers import foreign_scripts, html_pages, page_for_url, parse


def article_pages(site: Path) -> list[Path]:
    return [p for p in html_pages(site) if parse(p).xpath("//article[contains(@class, 'story')]")]


def switcher_links(doc):
    return doc.xpath("//nav[contains(@class, 'language-switcher')]//a")


def test_seed_article_pages_have_lang_dir_and_working_switcher(seed_site):
    pages = article_pages(seed_site)
    assert [p.relative_to(seed_site).parts[0] for p in pages] == ["fr", "id"]
    for page in pages:
        doc = parse(page)
        lang = page.relative_to(seed_site).parts[0]
        assert doc.get("lang") == lang and doc.get("dir") == "ltr"
        links = switcher_links(doc)
        assert {a.get("hreflang") for a in links} == {"fr", "id"}
        assert {a.text_content() for a in links} == {"Français", "Bahasa Indonesia"}
        current = [a for a in links if a.get("aria-current") == "page"]
        assert [a.get("hreflang") for a in current] == [lang]
        for a in links:
            assert page_for_url(seed_site, a.get("href")).is_file(), a.get("href")


def test_seed_switcher_leads_to_the_other_language(seed_site):
    french = parse(seed_site / "fr" / "josh-batson-n-a-pas-le-temps-pour-les-reseaux-sociaux" / "index.html")
    (indonesian_link,) = [a for a in switcher_links(french) if a.get("hreflang") == "id"]
    target = parse(page_for_url(seed_site, indonesian_link.get("href")))
    assert target.get("lang") == "id"
    assert target.xpath("//h1/text()") == ["Josh Batson tidak punya waktu untuk media sosial"]


def test_source_block_links_the_original_with_its_host(seed_site):
    for page, label, attribution in [
        (seed_site / "fr" / "josh-batson-n-a-pas-le-temps-pour-les-reseaux-sociaux" / "index.html", "Original :", "(Selon le WSJ)"),
        (seed_site / "id" / "josh-batson-tidak-punya-waktu-untuk-media-sosial" / "index.html", "Artikel asli:", "(Menurut WSJ)"),
    ]:
        doc = parse(page)
        (block,) = doc.xpath("//footer[contains(@class, 'story-source')]")
        (link,) = block.xpath(".//a")
        assert link.get("href").startswith("https://vietnamnet.vn/lam-viec-dien-cuong")
        assert link.text_content() == "vietnamnet.vn"
        assert block.xpath(".//p[@class='source-link']")[0].text.strip() == label
        # the original is Vietnamese (vietnamnet.vn), not in this site: named in its own language
        assert block.xpath(".//p[@class='source-link']/span[@lang='vi']/text()") == ["Tiếng Việt"]
        assert block.xpath(".//p[@class='attribution']/text()") == [attribution]


def test_seed_figure_is_a_figure_with_caption(seed_site):
    doc = parse(seed_site / "id" / "josh-batson-tidak-punya-waktu-untuk-media-sosial" / "index.html")
    (caption,) = doc.xpath("//figure/figcaption")
    assert caption.xpath("small/text()") == ["Foto: WSJ"]
    assert len(doc.xpath("//div[@class='story-body']/h2")) == 2


def _hreflang_map(page: Path) -> dict[str, str]:
    doc = parse(page)
    return {link.get("hreflang"): link.get("href") for link in doc.xpath("//head/link[@rel='alternate'][@hreflang]")}


@pytest.mark.parametrize("site_name", ["seed_site", "multilingual_site"])
def test_hreflang_clusters_are_reciprocal(site_name, request):
    site = request.getfixturevalue(site_name)
    clusters = 0
    for page in article_pages(site):
        alternates = _hreflang_map(page)
        if not alternates:
            continue
        clusters += 1
        canonical = parse(page).xpath("//link[@rel='canonical']/@href")[0]
        assert "x-default" in alternates
        own_lang = parse(page).get("lang")
        assert alternates[own_lang] == canonical
        for lang, href in alternates.items():
            other = page_for_url(site, href)
            assert other.is_file()
            if lang != "x-default":
                assert _hreflang_map(other) == alternates, f"{page} and {other} disagree"
    assert clusters >= 2


def test_single_language_stories_have_no_hreflang_or_switcher(multilingual_site):
    page = multilingual_site / "en" / "harbour-reopens-after-the-storm" / "index.html"
    doc = parse(page)
    assert not doc.xpath("//link[@hreflang]")
    assert not switcher_links(doc)


def test_multilingual_story_groups_by_hugo_name_url_and_key(multilingual_site):
    vote = parse(multilingual_site / "en" / "parliament-approves-the-new-electoral-law" / "index.html")
    # vote.{en,fr,ar}.md share a source URL and a stem; the raw Vietnamese text shares the URL.
    assert sorted(a.get("hreflang") for a in switcher_links(vote)) == ["ar", "en", "fr", "vi"]
    markets = parse(multilingual_site / "en" / "markets-rally-as-inflation-cools" / "index.html")
    assert sorted(a.get("hreflang") for a in switcher_links(markets)) == ["en", "fr"]


def test_right_to_left_pages(multilingual_site, unicode_site):
    for site in (multilingual_site, unicode_site):
        for page in (site / "ar").rglob("index.html"):
            doc = parse(page)
            assert (doc.get("lang"), doc.get("dir")) == ("ar", "rtl")
    vote = parse(multilingual_site / "en" / "parliament-approves-the-new-electoral-law" / "index.html")
    (arabic,) = [a for a in switcher_links(vote) if a.get("hreflang") == "ar"]
    assert (arabic.get("dir"), arabic.get("lang"), arabic.text_content()) == ("rtl", "ar", "العربية")


def test_dates_are_formatted_for_each_locale(multilingual_site):
    from babel.dates import format_date
    import datetime as dt

    vote = parse(multilingual_site / "en" / "parliament-approves-the-new-electoral-law" / "index.html")
    expected = {"en": "November 18, 2026", "fr": "18 novembre 2026", "ar": format_date(dt.date(2026, 11, 18), "long", locale="ar")}
    links = {a.get("hreflang"): a.get("href") for a in switcher_links(vote)}
    for lang, text in expected.items():
        time = parse(page_for_url(multilingual_site, links[lang])).xpath("//header[@class='story-header']//time")[0]
        assert time.get("datetime") == "2026-11-18"
        assert time.text == text
    assert "نوفمبر" in expected["ar"]


def test_language_index_newest_first_then_undated_across_pages(multilingual_site):
    titles, page = [], multilingual_site / "en" / "index.html"
    while page:
        doc = parse(page)
        titles += doc.xpath("//main/ul[@class='story-list']//h2/a/text()")
        following = doc.xpath("//head/link[@rel='next']/@href")
        page = page_for_url(multilingual_site, following[0]) if following else None
    assert titles == [
        "Markets rally as inflation cools",
        "Parliament approves the new electoral law",
        "Harbour reopens after the storm",
        "A guide to the city's new bus lines",
    ]
    assert "Not ready yet" not in (multilingual_site / "en" / "index.html").read_text()


def test_home_names_each_language_in_itself(seed_site, multilingual_site):
    doc = parse(seed_site / "index.html")
    sections = doc.xpath("//section[contains(@class, 'language-section')]")
    assert [(s.get("lang"), s.xpath("h2/a/text()")[0]) for s in sections] == [("fr", "Français"), ("id", "Bahasa Indonesia")]
    for section in sections:
        assert len(section.xpath(".//li[@class='story-card']")) == 1
    names = parse(multilingual_site / "index.html").xpath("//section/h2/a/text()")
    assert names == ["English", "Français", "العربية", "Tiếng Việt"]  # the order site.toml gives


def test_interface_strings_are_translated_with_english_fallback(multilingual_site):
    def footer_text(lang):
        page = next(p for p in article_pages(multilingual_site) if p.relative_to(multilingual_site).parts[0] == lang)
        return parse(page).xpath("//footer[@class='site-footer']/a/text()")[0]

    assert footer_text("fr") == "Accueil"
    assert footer_text("vi") == "Trang chủ"
    assert footer_text("en") == "Home"
    assert footer_text("ar") == "الرئيسية"


def test_a_language_without_a_catalog_falls_back_to_english(content):
    from helpers import build, write_sources

    write_sources(content, {"a.sv.md": "---\ntitle: Hamnen öppnar igen\n---\nHamnen öppnade igen på måndagen efter en veckas reparationer.\n"})
    build(content, content.parent / "site")
    page = parse(content.parent / "site" / "sv" / "hamnen-oppnar-igen" / "index.html")
    home = page.xpath("//footer[@class='site-footer']/a")[0]
    assert home.text_content() == "Home" and home.xpath("bdi/@lang") == ["en"]


def test_english_fallback_is_isolated_on_a_right_to_left_page(content):
    from helpers import build, write_sources

    write_sources(content, {"a.ur.md": "---\ntitle: بندرگاہ دوبارہ کھل گئی\nsource: https://example.pk/a\n---\n"
                                       "بندرگاہ ایک ہفتے کی مرمت کے بعد پیر کو دوبارہ کھل گئی۔\n"})
    build(content, content.parent / "site")
    (page,) = [p for p in (content.parent / "site" / "ur").glob("*/index.html") if p.parent.name not in ("search", "tags")]
    doc = parse(page)
    assert doc.xpath("/html/@dir") == ["rtl"]
    (label,) = doc.xpath("//p[@class='source-link']/bdi")
    assert (label.text, label.get("lang"), label.get("dir")) == ("Original article:", "en", "ltr")
    any_page = parse(next((content.parent / "site" / "ur").glob("*/index.html")))
    assert not any_page.xpath("//title/bdi"), "titles and attributes stay plain text"


def test_every_internal_link_resolves(seed_site, multilingual_site, unicode_site):
    for site in (seed_site, multilingual_site, unicode_site):
        for page in html_pages(site):
            doc = parse(page)
            for href in doc.xpath("//a/@href | //link/@href"):
                if href.startswith("/"):
                    assert page_for_url(site, href).exists() or (site / href.lstrip("/")).is_file(), f"{page}: {href}"


def test_built_pages_carry_no_script_but_data_and_search(seed_site, multilingual_site):
    for site in (seed_site, multilingual_site):
        for page in html_pages(site):
            assert not foreign_scripts(parse(page)), page


def test_unicode_site_paths_and_titles(unicode_site):
    langs = sorted(p.name for p in unicode_site.iterdir() if p.is_dir() and p.name not in ("static", "pagefind"))
    assert langs == ["ar", "ja", "vi", "zh"]
    (ja,) = [p for p in article_pages(unicode_site) if p.relative_to(unicode_site).parts[0] == "ja"]
    assert ja.parent.name == "東京で桜の開花宣言-平年より五日早く"
    assert parse(ja).xpath("//h1/text()") == ["東京で桜の開花宣言、平年より五日早く"]
    (vi,) = [p for p in article_pages(unicode_site) if p.relative_to(unicode_site).parts[0] == "vi"]
    assert vi.parent.name.startswith("ha-noi-se-mo-them")


def test_pages_of_deleted_articles_disappear(seeds_copy, tmp_path):
    from helpers import build

    output = tmp_path / "site"
    build(seeds_copy, output)
    assert (output / "id").is_dir()
    (seeds_copy / "002_ba7ef5ae972d85b2.txt").unlink()
    build(seeds_copy, output)
    assert not (output / "id").exists()
    assert not switcher_links(parse(article_pages(output)[0]))


def test_stylesheet_is_local(seed_site):
    for page in html_pages(seed_site):
        hrefs = parse(page).xpath("//link[@rel='stylesheet']/@href")
        assert "/static/style.css" in hrefs
        assert all(href.startswith("/") and not href.startswith("//") for href in hrefs)
    assert "@import" not in (seed_site / "static" / "style.css").read_text()
    assert "url(" not in (seed_site / "static" / "style.css").read_text()
