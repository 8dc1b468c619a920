"""Theming and the configuration a site gives its templates: overrides, static overlay,
permalinks, the Content-Security-Policy, [extra], and list sizes."""

from pathlib import Path

import pytest
from helpers import FIXTURES, THEME, build, html_pages, override_template, parse, write_sources

from newsroom.config import load_config


def _config(folder: Path, text: str) -> Path:
    path = folder / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _site(tmp_path: Path, config: str = "", **options) -> Path:
    output = tmp_path / "site"
    build(FIXTURES / "multilingual" / "content", output, config_file=_config(tmp_path, config), **options)
    return output


def test_site_static_files_are_laid_over_the_theme(tmp_path):
    static = write_sources(tmp_path / "static", {"style.css": "body{color:#111}\n", "img/logo.svg": "<svg/>"})
    site = _site(tmp_path, static=static)
    assert (site / "static" / "style.css").read_text() == "body{color:#111}\n"
    assert (site / "static" / "img" / "logo.svg").read_text() == "<svg/>"
    assert (site / "static" / "favicon.svg").read_bytes() == (THEME / "static" / "favicon.svg").read_bytes()


def test_a_site_catalog_overrides_one_string_and_keeps_the_others(tmp_path):
    catalog = tmp_path / "templates" / "locale" / "fr" / "LC_MESSAGES" / "messages.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text('msgid "Search"\nmsgstr "Fouiller"\n\nmsgid "Home"\nmsgstr ""\n', encoding="utf-8")
    site = _site(tmp_path, templates=tmp_path / "templates")
    french = parse(site / "fr" / "index.html")
    assert french.xpath("//a[@class='search-link']/text()") == ["Fouiller"]
    assert french.xpath("//footer[@class='site-footer']/a[1]/text()") == ["Accueil"], "an empty string is not an override"


def test_block_markup_lives_in_one_partial(tmp_path):
    blocks = override_template(tmp_path / "templates", "partials/blocks.html")
    blocks.write_text(blocks.read_text().replace("<p>{{ block.text }}</p>", '<p class="para">{{ block.text }}</p>'))
    site = _site(tmp_path, templates=tmp_path / "templates")
    doc = parse(site / "vi" / "quoc-hoi-da-thong-qua-cai-cach-voi-da-so-phieu-lon-sau-mot-tuan-tranh-luan-soi" / "index.html")
    paragraphs = doc.xpath("//div[@class='story-body']/p")
    assert paragraphs and all(p.get("class") == "para" for p in paragraphs)


def test_extra_reaches_templates(tmp_path):
    site = _site(tmp_path, '[extra]\ntagline = "All the news <in> every tongue"\n')
    assert parse(site / "index.html").xpath("//p[@class='tagline']/text()") == ["All the news <in> every tongue"]


def test_dated_and_sectioned_permalinks(tmp_path):
    site = _site(tmp_path, '[permalinks]\narticle = "/{lang}/{section}/{year}/{month}/{slug}/"\n')
    assert (site / "fr" / "elections" / "2026" / "11" / "le-parlement-adopte-la-nouvelle-loi-electorale" / "index.html").is_file()
    assert (site / "en" / "2026" / "11" / "markets-rally-as-inflation-cools" / "index.html").is_file(), "no section: no segment"
    assert (site / "en" / "a-guide-to-the-city-s-new-bus-lines" / "index.html").is_file(), "undated: no date segments"
    alternates = parse(site / "en" / "elections" / "2026" / "11" / "parliament-approves-the-new-electoral-law" / "index.html"
                       ).xpath("//link[@hreflang='fr']/@href")
    assert alternates == ["http://localhost:8000/fr/elections/2026/11/le-parlement-adopte-la-nouvelle-loi-electorale/"]
    listed = parse(site / "fr" / "index.html").xpath("//ul[@class='story-list']//a/@href")
    assert "/fr/elections/2026/11/le-parlement-adopte-la-nouvelle-loi-electorale/" in listed


def test_csp_additions_join_the_theme_policy(tmp_path):
    site = _site(tmp_path, '[csp]\nscript-src = ["https://stats.example.org"]\nframe-src = ["https://embed.example.org"]\n'
                           'object-src = ["https://player.example.org"]\n')
    for page in html_pages(site):
        if "pagefind" in page.parts:
            continue
        (policy,) = parse(page).xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ")}
        assert directives["script-src"] == ["'self'", "https://stats.example.org"]
        assert directives["frame-src"] == ["https://www.youtube-nocookie.com", "https://player.vimeo.com",
                                           "https://embed.example.org"], "the theme's video players, then the site's"
        assert directives["object-src"] == ["https://player.example.org"], "'none' cannot be combined with a source"
        assert directives["style-src"] == ["'self'"]


def test_list_sizes_come_from_the_configuration(tmp_path):
    import feedparser

    site = _site(tmp_path, "home_stories = 1\nfeed_entries = 2\ndescription_length = 60\n")
    english_section = parse(site / "index.html").xpath("//section[@lang='en']//li")
    assert len(english_section) == 1
    feed = feedparser.parse((site / "en" / "feed.xml").read_bytes())
    assert len(feed.entries) == 2
    assert all(len(entry.summary) <= 61 for entry in feed.entries)
    (description,) = parse(site / "en" / "markets-rally-as-inflation-cools" / "index.html").xpath(
        "//meta[@name='description']/@content")
    assert len(description) <= 61


def test_config_defaults_keep_the_theme_as_it_was(tmp_path):
    config = load_config(tmp_path / "absent.toml")
    assert (config.home_stories, config.feed_entries, config.description_length) == (5, 50, 160)
    assert config.permalink == "/{lang}/{slug}/" and config.extra == {}
    assert config.content_security_policy == ("default-src 'self'; script-src 'self'; style-src 'self'; "
                                              "img-src 'self' https: data:; "
                                              "frame-src https://www.youtube-nocookie.com https://player.vimeo.com; "
                                              "object-src 'none'; base-uri 'none'; "
                                              "form-action 'self'")


def test_a_missing_template_names_the_site_folder(tmp_path):
    templates = tmp_path / "templates"
    (templates).mkdir()
    (templates / "home.html").write_text('{% include "partials/nowhere.html" %}', encoding="utf-8")
    with pytest.raises(Exception) as caught:
        _site(tmp_path, templates=templates)
    assert "partials/nowhere.html" in str(caught.value) and "template not found" in str(caught.value)
