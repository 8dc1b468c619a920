"""Markdown with front matter, Hugo naming, and sanitising of raw HTML."""

import datetime as dt

import pytest
from helpers import write_sources
from lxml import html as lxml_html

from newsroom.content_layout import plain_layout
from newsroom.errors import SourceError
from newsroom.sources.markdown_source import read_markdown


def test_front_matter_fields_are_read(content):
    write_sources(content, {"story.md": """---
title: "Un titre"
lang: fr
date: 2026-11-20
source: https://example.com/original
translation_key: k1
slug: mon-titre
tags: [IA, travail, IA]
summary: Un résumé.
image: /img/a.jpg
attribution: Selon le WSJ
---
Premier paragraphe avec **gras**.
"""})
    article = read_markdown(content / "story.md", plain_layout(content))
    assert (article.title, article.lang, article.date, article.slug) == ("Un titre", "fr", dt.date(2026, 11, 20), "mon-titre")
    assert article.tags == ("IA", "travail")
    assert (article.summary, article.image, article.attribution) == ("Un résumé.", "/img/a.jpg", "Selon le WSJ")
    assert article.translation_key == "k1" and article.source_url == "https://example.com/original"
    fragment = lxml_html.fragment_fromstring(article.blocks[0].html, create_parent="div")
    assert fragment.xpath("//p/strong/text()") == ["gras"]


def test_hugo_file_name_sets_language_and_links_by_stem(content):
    write_sources(content, {
        "world/story.fr.md": "---\ntitle: Bonjour\n---\nTexte.\n",
        "world/story.id.md": "---\ntitle: Halo\n---\nTeks.\n",
    })
    fr = read_markdown(content / "world/story.fr.md", plain_layout(content))
    id_ = read_markdown(content / "world/story.id.md", plain_layout(content))
    assert (fr.lang, id_.lang) == ("fr", "id")
    assert fr.stem_key == id_.stem_key == "file:world/story"


def test_toml_front_matter_and_datetime(content):
    write_sources(content, {"a.en.md": '+++\ntitle = "Hello"\ndate = 2026-01-02T03:04:05Z\n+++\nBody text here.\n'})
    article = read_markdown(content / "a.en.md", plain_layout(content))
    assert article.title == "Hello"
    assert article.date == dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)


def test_title_derived_from_lead_when_missing(content):
    write_sources(content, {"n.en.md": "---\ndate: 2026-01-01\n---\nThe mayor resigned on Monday. She gave no reason.\n"})
    assert read_markdown(content / "n.en.md", plain_layout(content)).title == "The mayor resigned on Monday"


def test_raw_html_is_sanitised(content):
    write_sources(content, {"x.en.md": """---
title: Safe
---
Hello <script>alert(1)</script> <img src="x.png" onerror="alert(2)"> <a href="javascript:alert(3)">link</a>
<iframe src="https://evil.example"></iframe>
"""})
    fragment = lxml_html.fragment_fromstring(read_markdown(content / "x.en.md", plain_layout(content)).blocks[0].html, create_parent="div")
    assert not fragment.xpath("//script | //iframe")
    assert not [a for el in fragment.iter() for a in el.attrib if a.startswith("on")]
    assert all(not href.startswith("javascript") for href in fragment.xpath("//a/@href"))
    assert fragment.xpath("//img/@src") == ["x.png"]


@pytest.mark.parametrize("front, message, line", [
    ("title: [unclosed", "invalid front matter", 2),
    ("- a\n- b", "must be a list of 'key: value' lines", 2),
    ("title: ok\ndate: next tuesday", "is not a date", 3),
    ("title: ok\ntags: {a: 1}", "wrong type", 3),
    ("title: ok\ndraft: maybe", "wrong type", 3),
    ("title: ok\nlang: xx-nope", "unknown language code", 3),
    ("title: ok\ntittle: typo", "unknown front matter key 'tittle'", 3),
    ("title: ok\ntranslation_kye: typo", "did you mean 'translation_key'", 3),
    ("title: ok\nsource: javascript:alert(1)", "not an http(s) URL", 3),
])
def test_invalid_front_matter_names_the_line(content, front, message, line):
    write_sources(content, {"bad.md": f"---\n{front}\n---\nBody.\n"})
    with pytest.raises(SourceError) as caught:
        read_markdown(content / "bad.md", plain_layout(content))
    problem = caught.value.problem
    assert message in str(problem)
    assert problem.line == line
    assert str(problem).startswith(f"error: {content / 'bad.md'}:{line}: ") or f"bad.md:{line}: " in str(problem)


def test_unclosed_front_matter(content):
    write_sources(content, {"open.md": "---\ntitle: x\nBody.\n"})
    with pytest.raises(SourceError, match="never closed"):
        read_markdown(content / "open.md", plain_layout(content))


def test_hugo_front_matter_spellings_and_custom_keys(content):
    write_sources(content, {
        "a.fr.md": "---\ntitle: Bonjour\ntranslationKey: hello\ndescription: Un résumé.\nauthor: Ana\nweight: 3\n---\nTexte.\n",
        "_index.fr.md": "---\ntitle: Section\n---\n",
    })
    article = read_markdown(content / "a.fr.md", plain_layout(content))
    assert (article.translation_key, article.summary) == ("hello", "Un résumé.")
    section = read_markdown(content / "_index.fr.md", plain_layout(content))  # a section's page, not a story
    assert (section.kind, section.title, article.kind) == ("section", "Section", "page")


def test_the_text_before_hugos_more_divider_is_the_summary_and_front_matter_are_params(content):
    write_sources(content, {"a.en.md": "---\ntitle: A\nsummary: Front matter says this.\nnickname: the owl\nweight: 3\n"
                                    "params:\n  mood: calm\n---\nFirst lines, *in* two\nsentences. Still.\n\n<!--more-->\n\n"
                                    "The rest of the story.\n",
                            "b.en.md": "---\ntitle: B\ndescription: Described.\n---\nLead paragraph.\n\nMore.\n"})
    a = read_markdown(content / "a.en.md", plain_layout(content))
    assert a.summary == "First lines, in two sentences. Still."
    body = lxml_html.fragment_fromstring(a.blocks[0].html, create_parent="div")
    assert body.xpath("//p/text()")[-1] == "The rest of the story." and "more" not in a.blocks[0].html
    assert dict(a.params) == {"title": "A", "summary": "Front matter says this.", "nickname": "the owl",
                                     "weight": "3", "mood": "calm"}
    assert read_markdown(content / "b.en.md", plain_layout(content)).summary == "Described."


NESTED = ("---\ntitle: Lists\nlang: en\n---\nSteps:\n- one\n  - one a\n  - one b\n- two ~~old~~ new\n\n"
          "## Where to go\n\n- [x] booked\n- [ ] packed\n")


def test_site_toml_selects_the_commonmark_engine_and_python_markdown_stays_the_default(tmp_path):
    """A list right after a paragraph line, two-space nested lists, ~~strike~~, heading ids and
    task lists: CommonMark as Goldmark renders them; Python-Markdown (the default) does not."""
    from helpers import build, parse

    content = write_sources(tmp_path / "content", {"lists.md": NESTED})
    (tmp_path / "site.toml").write_text('markdown = "commonmark"\n', encoding="utf-8")
    build(content, tmp_path / "cm", config_file=tmp_path / "site.toml")
    build(content, tmp_path / "pm", config_file=tmp_path / "absent.toml")
    (cm,) = parse(tmp_path / "cm" / "en" / "lists" / "index.html").xpath('//div[@class="story-body"]')
    (pm,) = parse(tmp_path / "pm" / "en" / "lists" / "index.html").xpath('//div[@class="story-body"]')
    assert cm.xpath("./ul/li[1]/ul/li/text()") == ["one a", "one b"] and cm.xpath(".//del/text()") == ["old"]
    assert cm.xpath(".//h2/@id") == ["where-to-go"]
    assert [li.text_content() for li in cm.xpath("./ul[2]/li")] == ["☑ booked", "☐ packed"]
    assert not pm.xpath(".//ul/li/ul") and not pm.xpath(".//del"), "Python-Markdown reads these otherwise"


def test_an_unknown_markdown_engine_is_one_line_naming_site_toml(tmp_path):
    from newsroom.config import load_config

    (tmp_path / "site.toml").write_text('markdown = "goldmark"\n', encoding="utf-8")
    with pytest.raises(SourceError) as failure:
        load_config(tmp_path / "site.toml")
    assert "markdown" in str(failure.value) and "commonmark" in failure.value.problem.hint


def test_a_site_path_in_a_body_is_a_page_to_resolve_only_on_a_hugo_site(tmp_path):
    """Hugo's link hook takes `/about` to the page; elsewhere `/en/about/` is a URL already,
    and a story linking one keeps the fast body-only rebuild (no reference to resolve)."""
    from dataclasses import replace

    content = write_sources(tmp_path / "content", {
        "a.en.md": "---\ntitle: A\n---\nSee [us](/about), [the map](map.png) and [the archive](/en/archive/).\n"})
    plain = read_markdown(content / "a.en.md", plain_layout(content))
    hugo = read_markdown(content / "a.en.md", replace(plain_layout(content), hugo=True))
    assert plain.references == ("map.png",)
    assert hugo.references == ("/about", "map.png", "/en/archive/")


def test_a_hugo_configuration_gives_the_commonmark_engine_goldmarks_settings(tmp_path):
    """[markup.goldmark] as Hugo reads it, the older `typographer = false` spelling too."""
    from newsroom.hugo_config import load_hugo_config

    (tmp_path / "hugo.toml").write_text('baseURL = "https://example.org/"\n[markup.goldmark.renderer]\nunsafe = true\n'
                                        '[markup.goldmark.extensions]\ntypographer = false\n'
                                        '[markup.goldmark.parser]\nautoHeadingID = false\n', encoding="utf-8")
    config, problems = load_hugo_config(tmp_path)
    assert problems == []
    assert (config.markdown.engine, config.markdown.unsafe, config.markdown.typographer, config.markdown.heading_ids) == (
        "commonmark", True, False, False)
