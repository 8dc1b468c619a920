"""What every reader needs: decoding a file, the language suffix, titles and slugs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any
from pathlib import Path, PurePosixPath

from ..discovery import file_modified  # noqa: F401  (the readers' modification time)
from ..errors import SourceError
from ..languages import detect_language, normalise_language
from ..slugs import make_slug
from ..content_layout import ContentLayout, plain_layout

TITLE_MAX_CHARS = 90
# A long article is 100 KB; anything past this is a mistake (a dump, a binary), not a story.
MAX_SOURCE_BYTES = 8 * 1024 * 1024
CJK_TITLE_MAX_CHARS = 40

# A sentence ends at . ! ? … or their CJK forms, optionally followed by closing quotes.
_SENTENCE_END = re.compile(r"[.!?…。！？؟۔।]+[\"'»”’)\]]*(?=\s|$)|[。！？]")
_CLOSERS = "\"'»”’)]」』"


def read_text(path: Path, declared: Callable[[bytes], str | None] | None = None) -> str:
    """Decode a source as UTF-8 (a byte-order mark is allowed), or raise a clear error.

    `declared` finds the encoding a file states for itself (a saved page's <meta charset>):
    text that says what it is is decoded so; text that does not is never guessed."""
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise SourceError(path, f"the file is {size / 1e6:.1f} MB; sources are limited to {MAX_SOURCE_BYTES // 2**20} MB",
                              "split it, or move it out of content/")
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot read file: {exc.strerror or exc}", "check that it exists and is readable") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = _decode_declared(data, declared)
        if text is None:
            line = data.count(b"\n", 0, exc.start) + 1
            raise SourceError(path, f"not valid UTF-8 (byte {exc.start})", _encoding_hint(data), line) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise SourceError(path, "contains a NUL byte, which no text article has", "remove it or move binary files out of content/", line)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SourceError(path, "the file is empty", "write the article in it, or delete it")
    return text


def _decode_declared(data: bytes, declared: Callable[[bytes], str | None] | None) -> str | None:
    encoding = declared(data) if declared else None
    if not encoding:
        return None
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def _encoding_hint(data: bytes) -> str:
    """Name the likely encoding, but never guess the text: mojibake would be published."""
    if b"\x00" not in data:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            return "it looks like Latin-1/Windows-1252; save it as UTF-8 in your editor"
    return "save the file as UTF-8 in your editor"


_ANY_LANGUAGE = plain_layout(Path("."))  # without a site's layout, any language code is a suffix


def split_language_suffix(path: Path | PurePosixPath, layout: ContentLayout | None = None) -> tuple[str, str | None]:
    """'story.fr.md' -> ('story', 'fr'); a suffix that is no language stays in the name."""
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    base, dot, suffix = stem.rpartition(".")
    lang = (layout or _ANY_LANGUAGE).suffix_language(suffix) if dot and base else None
    return (base, lang) if lang else (stem, None)


def content_path(path: Path, layout: ContentLayout) -> str:
    """The source's path below its language's folder, without a language suffix: versions
    of one page share it ('posts/a.fr.md' and 'posts/a.md' are 'posts/a.md')."""
    _, below = layout.place(path)
    base, _ = split_language_suffix(below, layout)
    return (below.parent / f"{base}{below.suffix}").as_posix()


def stem_key(path: Path, layout: ContentLayout) -> str:
    """Files named alike in one folder ('a/story.fr.md', 'a/story.id.md') are one story."""
    shared = PurePosixPath(content_path(path, layout))
    folder, base = shared.parent.as_posix(), shared.name[: -len(shared.suffix)] if shared.suffix else shared.name
    return f"file:{folder}/{base}" if folder not in ("", ".") else f"file:{base}"


def section_of(path: Path, layout: ContentLayout) -> str:
    """The first folder below the language's content folder, as a URL segment ('' at the top level)."""
    folders = PurePosixPath(content_path(path, layout)).parent.parts
    return make_slug(folders[0], "section") if folders else ""


def language_of(path: Path, declared: str | None, declared_line: int | None, text: str | Callable[[], str],
                layout: ContentLayout, use_default: bool = True) -> str:
    """Front matter first, then the file-name suffix, then the language's content folder,
    then the site's default language (not for scraped text, `use_default` False: a news
    page is in its own language); else the language of `text` is detected offline (a
    callable is only called when detection is needed)."""
    if declared is not None:
        try:
            return normalise_language(declared)
        except ValueError:
            raise SourceError(
                path, f"unknown language code {declared!r}", "use a BCP 47 code such as fr, id, vi or pt-BR", declared_line
            ) from None
    _, suffix = split_language_suffix(path, layout)
    folder_language, _ = layout.place(path)
    default = layout.default_language if use_default else None
    if suffix or folder_language or default:
        return suffix or folder_language or default
    detected = detect_language(text() if callable(text) else text)
    if detected is None:
        raise SourceError(
            path,
            "cannot tell which language this article is in",
            f"name the file like {path.stem}.fr{path.suffix}"
            + (" or set lang in its front matter" if path.suffix != ".txt" else ""),
        )
    return detected[0]


def first_sentence(text: str) -> str:
    match = _SENTENCE_END.search(text)
    return text[: match.end()].strip() if match else text.strip()


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def title_from_lead(lead: str) -> str:
    """A readable title from the lead's first sentence, shortened at a word boundary.

    Text without spaces (Chinese, Japanese) is cut by characters instead.
    """
    sentence = first_sentence(lead).rstrip(_CLOSERS + " ").rstrip(".。।")
    sentence = re.sub(r"\s+", " ", sentence).strip()
    wide = sum(_is_wide(c) for c in sentence)
    if wide > len(sentence) / 3:
        if len(sentence) <= CJK_TITLE_MAX_CHARS:
            return sentence
        head = sentence[:CJK_TITLE_MAX_CHARS]
        clause_end = max(head.rfind(mark) for mark in "，、；：,")
        return (head[:clause_end] if clause_end > CJK_TITLE_MAX_CHARS // 2 else head).rstrip() + "…"
    if len(sentence) <= TITLE_MAX_CHARS:
        return sentence
    cut = sentence[: TITLE_MAX_CHARS + 1].rsplit(" ", 1)[0].rstrip(",;:–—-")
    return cut + "…"


def desk_fields(meta: dict[str, Any]) -> dict[str, Any]:
    """The translation desk's front matter (original, translated_from, minor) as Article fields."""
    return {"original": bool(meta.get("original", False)), "translated_from": meta.get("translated_from", ""),
            "minor": bool(meta.get("minor", False))}
