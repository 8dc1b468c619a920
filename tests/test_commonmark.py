"""The CommonMark engine (`markdown = "commonmark"`) renders Markdown as Hugo's Goldmark does by default.

Three oracles: the CommonMark spec's 652 examples (tests/fixtures/goldmark/commonmark-spec), the real
Hugo rendering the small site tests/fixtures/goldmark and those same spec examples, and, one test
each, the GFM features Hugo turns on. HTML is compared by structure: parsed with lxml, attributes
sorted, insignificant whitespace dropped.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from lxml import etree, html as lxml_html

from helpers import FIXTURES
from spec_html import BLOCKS, spec_normal
from newsroom.commonmark_engine import render_commonmark
from test_hugo_sites import hugo_binary

GOLDMARK = FIXTURES / "goldmark"
SPEC = json.loads((GOLDMARK / "commonmark-spec" / "spec-0.31.2.json").read_text(encoding="utf-8"))
PAGES = sorted(path.stem for path in (GOLDMARK / "content").glob("*.md"))
OMITTED = "<!-- raw HTML omitted -->"

# Spec examples this engine renders otherwise, and why: Hugo turns linkify on, so bare URLs and
# e-mail addresses become links (Goldmark, configured as Hugo does, renders all three the same way).
SPEC_DIFFERENCES = {
    608: "linkify: `< https://foo.bar >` links the bare URL",
    611: "linkify: a bare https://example.com becomes a link",
    612: "linkify: a bare e-mail address becomes a mailto: link",
}
# Where Goldmark itself departs from the spec and this engine keeps to it.
GOLDMARK_SPEC_DIFFERENCES = {
    226: "Goldmark keeps all but two of the spaces before a hard line break; the spec drops them",
    635: "Goldmark keeps all but two of the spaces before a hard line break; the spec drops them",
}
# Fixture pages (content/known-*.md) where this engine and Goldmark differ, and why.
GOLDMARK_DIFFERENCES = {
    "known-hard-break-spaces": "Goldmark keeps all but two of the spaces before a hard line break (the spec drops them)",
    "known-table-lazy-line": "pulldown-cmark ends a table at a lazy continuation line; Goldmark makes it a row",
    "known-footnote-in-footnote": "a note referenced only from another note: Goldmark numbers it first, we by reference order",
}


def canonical(fragment: str) -> str:
    """The fragment's structure: tags, sorted attributes, text with whitespace collapsed (kept in <pre>)."""
    root = lxml_html.document_fromstring(f"<html><body>{fragment}</body></html>").body   # any fragment, even a doctype
    out: list[str] = []

    def text(value: str | None, pre: bool) -> None:
        if value:
            out.append(html_lib.escape(value if pre else re.sub(r"\s+", " ", value), quote=False))

    def walk(element, pre: bool) -> None:
        for child in element:
            if isinstance(child, etree._Comment):
                out.append(f"<!--{child.text}-->")
            else:
                inside = pre or child.tag == "pre"
                attrs = "".join(f' {name}="{html_lib.escape(value)}"' for name, value in sorted(child.attrib.items()))
                out.append(f"<{child.tag}{attrs}>")
                text(child.text, inside)
                walk(child, inside)
                out.append(f"</{child.tag}>")
            text(child.tail, pre)

    text(root.text, False)
    walk(root, False)
    return re.sub(rf" ?(</?(?:{BLOCKS})\b[^>]*>) ?", r"\1", "".join(out)).strip()


def parse(fragment: str):
    return lxml_html.fragment_fromstring(fragment, create_parent="div")


def body(page: str) -> str:
    """A fixture page's Markdown, without its front matter."""
    return (GOLDMARK / "content" / f"{page}.md").read_text(encoding="utf-8").split("+++\n", 2)[2]


def run_hugo(site: Path, output: Path, *config: str) -> Path:
    command = [hugo_binary(), "--quiet", "--source", str(site), "--destination", str(output)]
    subprocess.run(command + (["--config", ",".join(config)] if config else []), check=True, capture_output=True, timeout=180)
    return output


def goldmark_html(public: Path, page: str) -> str:
    """Hugo's rendering of a page; Hugo writes no file for a page whose body renders empty."""
    path = public / page / "index.html"
    return path.read_text(encoding="utf-8") if path.exists() else ""


@pytest.fixture(scope="module")
def goldmark_site(tmp_path_factory) -> dict[bool, Path]:
    """The fixture site built by Hugo: {unsafe: public folder}, raw HTML kept and raw HTML omitted."""
    work = tmp_path_factory.mktemp("goldmark")
    site = work / "site"
    shutil.copytree(GOLDMARK, site, ignore=shutil.ignore_patterns("commonmark-spec"))
    return {True: run_hugo(site, work / "unsafe", "hugo.toml"), False: run_hugo(site, work / "safe", "hugo.toml", "safe.toml")}


@pytest.fixture(scope="module")
def goldmark_spec(tmp_path_factory) -> Path:
    """The 652 spec examples, one page each, built by Hugo with its default Goldmark (raw HTML kept)."""
    site = tmp_path_factory.mktemp("goldmark-spec")
    shutil.copytree(GOLDMARK / "layouts", site / "layouts")
    shutil.copy(GOLDMARK / "hugo.toml", site / "hugo.toml")
    (site / "content").mkdir()
    for example in SPEC:
        (site / "content" / f"example-{example['example']}.md").write_text(
            f"+++\ntitle = \"{example['example']}\"\n+++\n{example['markdown']}", encoding="utf-8")
    return run_hugo(site, site / "public")


# The CommonMark spec


def test_every_spec_example_renders_as_the_spec_says_bar_the_documented_ones():
    failing = {example["example"] for example in SPEC
               if spec_normal(render_commonmark(example["markdown"], unsafe=True, typographer=False, heading_ids=False))
               != spec_normal(example["html"])}
    assert len(SPEC) == 652
    assert failing == set(SPEC_DIFFERENCES)


def test_every_spec_example_renders_as_goldmark_renders_it_in_hugo(goldmark_spec):
    """With Hugo's defaults on (typographer, heading ids, linkify...), example by example."""
    differing = {example["example"] for example in SPEC
                 if canonical(render_commonmark(example["markdown"], unsafe=True))
                 != canonical(goldmark_html(goldmark_spec, f"example-{example['example']}"))}
    assert differing == set(GOLDMARK_SPEC_DIFFERENCES)


# Goldmark, in Hugo, on the fixture site


@pytest.mark.parametrize("unsafe", [True, False], ids=["unsafe", "safe"])
@pytest.mark.parametrize("page", [
    pytest.param(page, marks=pytest.mark.xfail(strict=True, reason=GOLDMARK_DIFFERENCES[page]))
    if page in GOLDMARK_DIFFERENCES else page for page in PAGES])
def test_each_fixture_page_renders_as_goldmark_renders_it(goldmark_site, page, unsafe):
    assert canonical(render_commonmark(body(page), unsafe=unsafe)) == canonical(goldmark_html(goldmark_site[unsafe], page))


def test_the_fixture_site_covers_what_hugo_content_needs():
    text = "\n".join(body(page) for page in PAGES)
    for construct in ("\n  - ", ":\n- ", "<div", "~~", "https://", "- [x]", "[^1]", "{#custom", "```yaml {", "Tiếng Việt",
                      "Élections", '"Nous', "| Country |"):
        assert construct in text, construct


# The GFM features and the Goldmark behaviour Hugo turns on, one by one


def test_two_space_nested_lists_nest():
    tree = parse(render_commonmark("- Politics\n  - Elections\n    - Results\n- Economy\n"))
    assert [li.text.strip() for li in tree.xpath("/div/ul/li")] == ["Politics", "Economy"]
    assert tree.xpath("/div/ul/li[1]/ul/li/ul/li/text()") == ["Results"]


def test_a_list_right_after_a_paragraph_line_is_a_list():
    tree = parse(render_commonmark("The measures:\n- schools\n- bikes\n"))
    assert tree.xpath("/div/p/text()") == ["The measures:"]
    assert tree.xpath("/div/ul/li/text()") == ["schools", "bikes"]


def test_markdown_inside_an_html_block_is_rendered():
    tree = parse(render_commonmark('<div class="box">\n\n**Bold** and a [link](/a).\n\n</div>\n', unsafe=True))
    assert tree.xpath('/div/div[@class="box"]/p/strong/text()') == ["Bold"]
    assert tree.xpath('/div/div[@class="box"]/p/a/@href') == ["/a"]


def test_strikethrough_takes_one_or_two_tildes():
    tree = parse(render_commonmark("~~two~~ and ~one~ but not ~~~three~~~\n"))
    assert tree.xpath("//del/text()") == ["two", "one"]


def test_tables_align_their_cells_with_a_style():
    tree = parse(render_commonmark("| a | b | c |\n|:--|:-:|--:|\n| 1 | **2** | 3 |\n"))
    assert tree.xpath("//thead/tr/th/text()") == ["a", "b", "c"]
    assert tree.xpath("//tbody/tr/td/@style") == ["text-align: left", "text-align: center", "text-align: right"]
    assert tree.xpath("//tbody/tr/td/strong/text()") == ["2"]


def test_bare_urls_www_and_emails_become_links_without_their_trailing_punctuation():
    tree = parse(render_commonmark("See https://example.com/a?b=1, www.example.org. Mail press@example.com!\n"))
    links = [(a.get("href"), a.text) for a in tree.xpath("//a")]
    assert links == [("https://example.com/a?b=1", "https://example.com/a?b=1"),
                     ("https://www.example.org", "www.example.org"),
                     ("mailto:press@example.com", "press@example.com")]


def test_urls_in_code_links_and_words_stay_as_they_are():
    tree = parse(render_commonmark("`https://a.org` [https://b.org](/c) xhttps://d.org example.com\n"))
    assert tree.xpath("//a/@href") == ["/c"]
    assert tree.xpath("//code/text()") == ["https://a.org"]


def test_task_lists_have_disabled_checkboxes():
    tree = parse(render_commonmark("- [ ] to do\n- [x] done\n"))
    boxes = tree.xpath("//li/input")
    assert [box.get("type") for box in boxes] == ["checkbox", "checkbox"]
    assert all(box.get("disabled") is not None for box in boxes)
    assert [box.get("checked") is not None for box in boxes] == [False, True]
    assert [li.text_content().strip() for li in tree.xpath("//li")] == ["to do", "done"]


def test_footnotes_are_numbered_by_reference_and_gathered_at_the_end():
    tree = parse(render_commonmark("A[^b] B[^a] again[^b].\n\n[^a]: Note A.\n[^b]: Note B.\n[^c]: Unused.\n"))
    assert tree.xpath("/div/p/sup/@id") == ["fnref:1", "fnref:2", "fnref1:1"]
    assert tree.xpath("/div/p/sup/a/@href") == ["#fn:1", "#fn:2", "#fn:1"]
    notes = tree.xpath('/div/div[@class="footnotes"]/ol/li')
    assert [note.get("id") for note in notes] == ["fn:1", "fn:2"]
    assert [note.xpath("string(p)").split("\xa0")[0] for note in notes] == ["Note B.", "Note A."]
    assert notes[0].xpath("p/a/@href") == ["#fnref:1", "#fnref1:1"]


def test_headings_get_github_style_ids_that_keep_non_ascii_letters():
    html = render_commonmark("# Élections : résultats à Paris!\n\n## Tiếng Việt: Hà Nội\n\n## L'été -- *2024*\n")
    assert parse(html).xpath("//*[self::h1 or self::h2]/@id") == ["élections--résultats-à-paris", "tiếng-việt-hà-nội",
                                                                  "lété--2024"]


def test_duplicate_heading_ids_are_numbered():
    html = render_commonmark("## Results\n\n## Results\n\n## results\n\n## !!!\n")
    assert parse(html).xpath("//h2/@id") == ["results", "results-1", "results-2", "heading"]


def test_heading_attributes_set_the_id_and_classes():
    html = render_commonmark('## Title {#custom .lead data-x="a b"}\n\n## Closed ## {.wide}\n\n## Kept {#x} ##\n')
    first, second, third = parse(html).xpath("//h2")
    assert (first.text, first.get("id"), first.get("class"), first.get("data-x")) == ("Title", "custom", "lead", "a b")
    assert (second.text, second.get("id"), second.get("class")) == ("Closed", "closed", "wide")
    assert (third.text, third.get("id")) == ("Kept {#x}", "kept-x")


def test_a_code_fence_with_attributes_keeps_its_language_and_the_rest_of_the_page():
    html = render_commonmark('```yaml {filename="hugo.yaml" linenos=true}\ntitle: "x" -- y\n```\n\nAfter *the* fence.\n')
    tree = parse(html)
    assert tree.xpath("//pre/code/@class") == ["language-yaml"]
    assert tree.xpath("//pre/code/text()") == ['title: "x" -- y\n']
    assert tree.xpath("/div/p/em/text()") == ["the"]


def test_the_typographer_curls_quotes_and_makes_dashes_ellipses_and_guillemets():
    html = render_commonmark("\"Yes,\" it's 'fine' -- really --- now... <<Oui>> << non >>, not `\"code\"`.\n")
    assert parse(html).text_content() == "\u201cYes,\u201d it\u2019s \u2018fine\u2019 \u2013 really \u2014 now\u2026" \
                                         " \u00abOui\u00bb \u00ab non \u00bb, not \"code\".\n"


def test_french_text_keeps_its_guillemets_and_gets_curly_apostrophes():
    html = render_commonmark("« C'est un budget », a déclaré l'adjoint.\n")
    assert parse(html).text_content() == "« C\u2019est un budget », a déclaré l\u2019adjoint.\n"


def test_raw_html_is_omitted_unless_unsafe():
    source = "<div>\nblock\n</div>\n\nInline <span>span</span>.\n\n<!-- a comment -->\n"
    safe = render_commonmark(source)
    assert "<div>" not in safe and "<span>" not in safe and "comment" not in safe
    assert safe.count(OMITTED) == 3
    assert parse(safe).xpath("//p/text()") == ["Inline ", "span", "."]
    unsafe = parse(render_commonmark(source, unsafe=True))
    assert unsafe.xpath("/div/div/text()") == ["\nblock\n"] and unsafe.xpath("//span/text()") == ["span"]


def test_the_options_turn_the_typographer_and_heading_ids_off():
    html = render_commonmark('# "Title" -- one\n\n## Two {#two}\n', typographer=False, heading_ids=False)
    first, second = parse(html).xpath("//h1 | //h2")
    assert (first.text, first.get("id")) == ('"Title" -- one', None)
    assert second.get("id") == "two"



MARKDOWN_PIECES = st.sampled_from([
    "a", "été", " ", "\n", "\n\n", "\t", "*", "_", "~~", "`", "# ", "> ", "- ", "1. ", "    ", "'", '"', "--", "...", "<<", ">>",
    "https://example.org/a_(b)", "www.example.org", "x@example.org", "<b>", "</b>", "<script>alert(1)</script>",
    "<!-- c -->", "[l](/u)", "[^1]", "[^1]: n", "{#id .c}", "```yaml {x=1}", "|a|b|\n|-|-|", "\\", "&amp;", "\r\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(MARKDOWN_PIECES | st.text(max_size=4), max_size=40).map("".join))
def test_any_text_renders_and_safe_mode_lets_no_raw_tag_through(text):
    safe = render_commonmark(text)
    assert "<b>" not in safe and "<script" not in safe
    render_commonmark(text, unsafe=True, typographer=False, heading_ids=False)
