"""News pages saved as HTML: trafilatura finds the article, the page's own statements give
its facts, and nothing executable from the page reaches the site."""

import datetime as dt
import shutil

import pytest
from helpers import FIXTURES, build, foreign_scripts, html_pages, parse

from newsroom.content_layout import plain_layout
from newsroom.model import Figure, Heading, Paragraph, Quote
from newsroom.sources import read_source

PAGES = FIXTURES / "html"
CET = dt.timezone(dt.timedelta(hours=1))


def _read(name: str):
    return read_source(PAGES / name, plain_layout(PAGES))


def test_a_page_with_json_ld():
    article = _read("json-ld.es.html")
    assert (article.lang, article.title) == ("es", "La inflación baja al 2,8 % en febrero")
    assert article.date == dt.datetime(2024, 3, 12, 9, 41, tzinfo=CET)
    assert article.updated == dt.datetime(2024, 3, 13, 10, 2, tzinfo=CET)
    assert article.authors == ("Javier Morales",) and article.section == "economia"
    assert article.source_url == "https://diario.example/economia/2024/03/12/inflacion.html"
    assert [type(b) for b in article.blocks] == [Paragraph, Paragraph, Heading, Figure, Paragraph, Quote, Paragraph]
    figure = article.blocks[3]
    assert (figure.caption, figure.credit, figure.alt) == ("Una torre eléctrica en Madrid.", "Foto: EFE", "Torre eléctrica")
    assert figure.src == "https://diario.example/img/luz.jpg"
    assert not any("Inicio" in getattr(b, "text", "") for b in article.blocks), "the menu is not the article"


def test_a_page_with_open_graph_only():
    article = _read("open-graph.html")
    assert (article.lang, article.title) == ("de", "Landtag beschließt kostenloses Schulfrühstück")
    assert article.date == dt.datetime(2024, 3, 12, 9, 41, tzinfo=CET)
    assert article.authors == ("Anna Schmidt",)
    assert article.source_url == "https://rundschau.example/politik/2024/03/12/schulfruehstueck/"
    assert article.summary == "Ab dem Schuljahr 2024/25 frühstücken alle Grundschulkinder kostenlos."
    texts = [getattr(b, "text", "") for b in article.blocks]
    assert texts[0].startswith("Ab dem kommenden Schuljahr") and "Kritik der Kommunen" in texts
    assert not any(word in " ".join(texts) for word in ("Impressum", "Anmelden", "Startseite"))


def test_a_page_with_neither():
    article = _read("bare.html")
    assert article.title == "Harbour reopens after the storm" and article.lang == "en"
    assert article.date is None and article.source_url == ""
    assert len(article.blocks) == 3 and "Business" not in article.blocks[0].text


def test_a_hostile_page_yields_no_script_in_the_site(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(PAGES / "hostile.html", content / "budget.html")
    site = tmp_path / "site"
    build(content, site)
    page = site / "en" / "council-approves-new-budget" / "index.html"
    doc = parse(page)
    assert doc.xpath("//h1/text()") == ["Council approves new budget"]
    for path in html_pages(site):
        if "pagefind" in path.parts:
            continue
        tree = parse(path)
        assert foreign_scripts(tree) == []
        assert not tree.xpath("//iframe | //@*[starts-with(name(), 'on')]")
        assert not [v for v in tree.xpath("//@href | //@src") if v.strip().lower().startswith("javascript:")]
    body = doc.xpath("//div[@class='story-body']")[0]
    assert "<b>balances</b>" in body.text_content(), "markup written as text stays text"


def test_a_fragment_with_front_matter_is_sanitised(content):
    (content / "note.en.html").write_text("---\ntitle: A note\n---\n<p>Kept <em>text</em>.</p><script>alert(1)</script>"
                                          "<p onclick=\"x()\">More text here.</p>\n", encoding="utf-8")
    article = read_source(content / "note.en.html", plain_layout(content))
    assert article.title == "A note"
    (block,) = article.blocks
    assert "<script" not in block.html and "onclick" not in block.html and "<em>text</em>" in block.html


def test_a_page_saved_in_its_declared_encoding():
    """Browsers save a page in its own encoding; its <meta> says which, so it is no mistake."""
    article = _read("windows-1252.html")
    assert (article.lang, article.title) == ("fr", "Le café rouvre ses portes après trois ans")
    assert article.blocks[0].text.startswith("Le café de la place a rouvert mardi après trois années")
    assert [type(b) for b in article.blocks] == [Paragraph, Paragraph], "the headline is the title, not a heading"


def test_an_undeclared_foreign_encoding_is_one_clear_error(tmp_path):
    from newsroom.errors import SourceError

    page = tmp_path / "page.html"
    page.write_bytes("<html><body><p>Caf\xe9 cr\xe8me au comptoir.</p></body></html>".encode("latin-1"))
    with pytest.raises(SourceError) as caught:
        read_source(page, plain_layout(tmp_path))
    assert "not valid UTF-8" in str(caught.value) and "page.html:1" in str(caught.value)
