"""Property-based tests: no input crashes a reader or leads a path out of the site.

The suite runs a quick profile. A longer fuzz run (a few minutes) is a separate command:

    HYPOTHESIS_PROFILE=fuzz .venv/bin/python -m pytest tests/test_properties.py
"""

import os
import tempfile
from pathlib import Path, PurePosixPath

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from newsroom.content_layout import plain_layout
from newsroom.errors import SourceError
from newsroom.slugs import WINDOWS_DEVICE_NAMES, make_slug
from newsroom.sources.markdown_source import read_markdown
from newsroom.sources.line_shapes import ends_sentence
from newsroom.sources.raw_text import read_raw_text
from newsroom.urls import is_web_url, normalise_source_url
from newsroom.site_paths import article_path
from newsroom.views import output_file
from newsroom.write import safe_join

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=20_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Text as scraped pages deliver it: any script, punctuation, quotes, control characters.
scraped_text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=400)
lines = st.lists(st.one_of(scraped_text, st.sampled_from([
    "Source: https://example.com/a", "Sumber：http://x.id/b?utm_source=y", "(Selon le WSJ)", "Comment (0)",
    "super ai wsj", "Une légende. Foto: AFP", "« Une citation. »", "---", "+++", "title: x", "",
])), max_size=12)


def _read(reader, name: str, data: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            return reader(path, plain_layout(Path(folder)))
        except SourceError as exc:
            assert str(exc.problem).startswith("error: ") and "\n" not in str(exc.problem)
            return None


def _as_scraped_text(article) -> str:
    """Write an article back in the scraped shape: one block a line, attribution, source;
    after an empty first line, so that a paragraph of dashes is not read as front matter."""
    out = []
    for block in article.blocks:
        if block.kind == "figure":
            out += ([block.alt] if block.alt else []) + [f"{block.caption} {block.credit}"]
        elif block.kind == "quote":
            out.append(f"“{block.text}”")
        else:
            out.append(block.text)
    if article.attribution:
        out.append(f"({article.attribution})")
    return "\n" + "\n".join(out + [f"Source: {article.source_url}"]) + "\n"


def _all_text(article) -> set[str]:
    texts = {article.attribution}
    for block in article.blocks:
        texts |= {block.caption, block.credit, block.alt} if block.kind == "figure" else {block.text}
    return texts


@given(lines)
def test_raw_reader_never_crashes_and_rereads_stably(parts):
    data = "\n".join(parts).encode("utf-8", "surrogatepass")
    article = _read(read_raw_text, "story.en.txt", data)
    if article is None:
        return
    assert article.slug and "/" not in article.slug and article.slug not in ("..", ".")
    assert is_web_url(article.source_url)
    first, second = (_read(read_raw_text, "story.en.txt", data) for _ in range(2))
    assert first.blocks == second.blocks and first.title == second.title  # deterministic
    # What the reader produced, written back out and read again, keeps every sentence and the
    # source. (Lines that are no sentence may be page chrome the second time, above a sentence.)
    sentences = {b.text for b in article.blocks if b.kind == "paragraph" and ends_sentence(b.text)
                 and any(ch.isalpha() for ch in b.text)}
    if not sentences:
        return
    again = _read(read_raw_text, "story.en.txt", _as_scraped_text(article).encode())
    assert again is not None and again.source_url == article.source_url
    assert sentences <= _all_text(again)


@given(st.binary(max_size=600))
def test_raw_reader_on_arbitrary_bytes(data):
    _read(read_raw_text, "bytes.en.txt", data)


@given(st.dictionaries(st.sampled_from(["title", "lang", "date", "tags", "slug", "source", "draft", "image",
                                        "translation_key", "summary", "weird"]),
                       st.one_of(scraped_text, st.integers(), st.booleans(), st.lists(scraped_text, max_size=3)),
                       max_size=6),
       scraped_text)
def test_markdown_reader_never_crashes(front, body):
    import yaml

    header = yaml.safe_dump(front, allow_unicode=True) if front else ""
    article = _read(read_markdown, "story.md", f"---\n{header}---\n{body}\n".encode("utf-8", "surrogatepass"))
    if article is not None:
        assert article.slug and article.slug.lower() not in WINDOWS_DEVICE_NAMES


@given(scraped_text)
def test_slugs_are_safe_path_segments_and_stable(text):
    slug = make_slug(text)
    assert slug and slug not in (".", "..")
    assert not set(slug) & set("/\\\x00:*?\"<>|")
    assert slug.lower() not in WINDOWS_DEVICE_NAMES
    assert make_slug(slug) == slug


@given(st.sampled_from(["en", "fr", "ar", "zh-Hant", "pt-BR"]), scraped_text)
def test_article_files_stay_inside_the_site(lang, title):
    relative = output_file(article_path(lang, make_slug(title)))
    path = PurePosixPath(relative)
    assert not path.is_absolute() and ".." not in path.parts
    root = Path("/srv/site")
    assert root in safe_join(root, relative).parents


@given(st.text(max_size=60))
def test_safe_join_refuses_every_escape(relative):
    root = Path("/srv/site")
    try:
        target = safe_join(root, relative)
    except ValueError:
        return
    assert root in target.parents


@given(st.from_regex(r"https?://[a-zA-Z0-9.-]{1,20}(:[0-9]{1,5})?(/[a-zA-Z0-9._~%-]{0,10}){0,4}/?(\?[a-z_]{1,8}=[a-z0-9]{0,5}(&[a-z_]{1,8}=[a-z0-9]{0,5}){0,3})?(#[a-z]{0,6})?",
                     fullmatch=True))
def test_url_normalisation_is_idempotent(url):
    assume(is_web_url(url))  # what readers accept as a source
    once = normalise_source_url(url)
    assert is_web_url(once)
    assert normalise_source_url(once) == once
