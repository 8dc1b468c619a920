"""Scraped pages with their chrome: headline, section, datelines, bylines and menus are
told apart from the article, and every sentence of the article is kept."""

import datetime as dt

import pytest
from helpers import run_cli, write_sources

from newsroom.content_layout import plain_layout
from newsroom.model import Heading, Paragraph
from newsroom.sources.datelines import date_from_url, parse_dateline
from newsroom.sources.raw_text import explain, read_raw_text

SPANISH = "\n".join([
    "Saltar al contenido",
    "Inicio Internacional Economía Deportes Cultura Vídeos",
    "Economía",
    "El Banco Central sube los tipos de interés por tercera vez este año",
    "La decisión busca contener una inflación que no cede desde el verano pasado.",
    "Por Juan Pérez y Ana Gómez",
    "9:41 AM",
    "12 de marzo de 2024",
    "Actualizado: 13/03/2024 10:02",
    "3 min de lectura",
    "12",
    "Compartir",
    "El Banco Central anunció este martes una nueva subida de medio punto en el precio oficial del dinero.",
    "Los analistas esperaban un movimiento más moderado, según las encuestas publicadas la semana pasada.",
    "Publicidad",
    "Qué esperan los mercados",
    "Las bolsas europeas reaccionaron con caídas leves tras conocerse la noticia en la apertura.",
    "FUENTE: EFE",
    "Suscríbete a nuestro boletín",
    "Fuente: https://example.es/economia/2024/03/12/tipos.html?utm_source=twitter&utm_medium=social",
    "Comentarios (4)",
])


def _read(content, name: str, text: str):
    write_sources(content, {name: text})
    return read_raw_text(content / name, plain_layout(content))


def test_a_spanish_page_with_its_chrome(content):
    article = _read(content, "tipos.txt", SPANISH)
    assert article.lang == "es"
    assert article.title == "El Banco Central sube los tipos de interés por tercera vez este año"
    assert article.section == "economia"
    assert article.authors == ("Juan Pérez", "Ana Gómez")
    assert article.date == dt.datetime(2024, 3, 12, 9, 41)
    assert article.updated == dt.datetime(2024, 3, 13, 10, 2)
    assert article.attribution == "EFE"
    assert article.source_url == "https://example.es/economia/2024/03/12/tipos.html"
    assert [(type(b), b.text) for b in article.blocks] == [
        (Paragraph, "La decisión busca contener una inflación que no cede desde el verano pasado."),
        (Paragraph, "El Banco Central anunció este martes una nueva subida de medio punto en el precio oficial del dinero."),
        (Paragraph, "Los analistas esperaban un movimiento más moderado, según las encuestas publicadas la semana pasada."),
        (Heading, "Qué esperan los mercados"),
        (Paragraph, "Las bolsas europeas reaccionaron con caídas leves tras conocerse la noticia en la apertura."),
    ]


def test_every_left_out_line_has_a_reason(content):
    write_sources(content, {"tipos.txt": SPANISH})
    dropped = explain(content / "tipos.txt", plain_layout(content))
    lines = SPANISH.split("\n")
    kept_or_used = {"Economía", "Por Juan Pérez y Ana Gómez", lines[3]}
    assert {d.text for d in dropped} >= {"Saltar al contenido", lines[1], "3 min de lectura", "12", "Compartir",
                                         "Publicidad", "Suscríbete a nuestro boletín", "Comentarios (4)"}
    assert all(d.reason for d in dropped)
    assert all(lines[d.line - 1] == d.text or d.text in lines[d.line - 1] for d in dropped)
    assert kept_or_used <= {d.text for d in dropped}, "the headline, section and byline leave the body too"


def test_explain_command_prints_file_line_and_rule(content):
    write_sources(content, {"tipos.txt": SPANISH})
    result = run_cli("explain", "content/tipos.txt", cwd=content.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("content/tipos.txt: title 'El Banco Central sube")
    assert "content/tipos.txt:2: navigation: a row of short capitalised items: Inicio Internacional" in result.stdout


def test_front_matter_in_a_text_file_wins_over_what_is_inferred(content):
    article = _read(content, "tipos.txt", "---\ntitle: Suben los tipos\nauthors: [Redacción]\ndate: 2024-03-14\n---\n" + SPANISH)
    assert article.title == "Suben los tipos"
    assert article.authors == ("Redacción",)
    assert article.date == dt.date(2024, 3, 14)
    assert article.updated == dt.datetime(2024, 3, 13, 10, 2), "what front matter does not say is still inferred"


def test_the_seeds_have_no_chrome_and_keep_their_lead_titles():
    from helpers import SEEDS

    for seed in SEEDS.glob("*.txt"):
        article = read_raw_text(seed, plain_layout(SEEDS))
        assert article.authors == () and article.date is None and article.section == ""


def test_a_date_in_the_source_url_is_the_fallback(content):
    article = _read(content, "a.txt", "Le conseil municipal a voté mardi soir la piétonnisation complète du centre.\n"
                                      "Source: https://example.fr/2024/03/12/centre-pieton\n")
    assert article.date == dt.date(2024, 3, 12)


@pytest.mark.parametrize("text, lang, expected", [
    ("12.03.2024, 09:41 Uhr", "de", dt.datetime(2024, 3, 12, 9, 41)),
    ("Jeudi 12 mars 2024", "fr", dt.date(2024, 3, 12)),
    ("March 12, 2024", "en", dt.date(2024, 3, 12)),
    ("12 Maret 2024", "id", dt.date(2024, 3, 12)),
    ("2024年3月12日 09:41", "zh", dt.datetime(2024, 3, 12, 9, 41)),
    ("12 มีนาคม 2567", "th", dt.date(2024, 3, 12)),
    ("입력 2024.03.12 09:41", "ko", dt.datetime(2024, 3, 12, 9, 41)),
    ("12.03.2024, 09:41 CET", "de", dt.datetime(2024, 3, 12, 9, 41, tzinfo=dt.timezone(dt.timedelta(hours=1)))),
    ("12 min", "en", None),
    ("3 min de lecture", "fr", None),
    ("Inicio Internacional Economía 2024", "es", None),
])
def test_datelines_in_local_formats(text, lang, expected):
    assert parse_dateline(text, lang) == expected


def test_url_dates():
    assert date_from_url("https://x.org/news/2024/03/12/story") == dt.date(2024, 3, 12)
    assert date_from_url("https://x.org/20240312-story") == dt.date(2024, 3, 12)
    assert date_from_url("https://x.org/story-1234") is None
