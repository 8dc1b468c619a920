"""Where two language versions of a story disagree: editorial hints, never errors.

Run on aligned paragraphs (alignment): numbers that differ (read per locale with Babel,
so "4,50" in French is 4.50; a number spelled out in words on one side is reported as
such, not as a difference, for the languages number_words.toml knows), Latin-script names
and URLs in one paragraph and not in its counterpart, quotations in one only, paragraphs
with no counterpart (a lost figure caption), paragraph breaks that differ, and
paragraphs far too short or long for their counterpart.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import regex
from babel.numbers import NumberFormatError, parse_decimal

from .alignment import Bead, align
from .config import CONSISTENCY_CHECKS
from .desk_text import text_blocks
from .languages import babel_locale
from .model import Block as ArticleBlock

CHECKS = CONSISTENCY_CHECKS  # numbers, names, urls, quotes, unmatched, paragraph_breaks, length
LENGTH_RANGE = (0.3, 2.5)  # a counterpart's length over the expected, outside which it is flagged
_NUMBER = regex.compile(r"(?<![\p{L}\d])\d+(?:[.,]\d+)*")
_NAME = regex.compile(r"(?<![\p{L}\p{M}\d])\p{Lu}[\p{L}\p{M}]*[\p{Ll}\p{M}][\p{L}\p{M}]*")
_SENTENCE_START = regex.compile(r"(?:^|[.!?…:;]\s+|[«“\"„(]\s*)$")
_LATIN = regex.compile(r"\p{Latin}")
_URL = regex.compile(r"https?://[^\s<>\"»”]+[^\s<>\"»”.,;:!?)]")
_QUOTES = "«»“”„\"「」『』‹›"
_WORDS_FILE = Path(__file__).with_name("desk_words.toml")


@dataclass(frozen=True)
class Block:
    kind: str  # paragraph, heading, figure, quote
    text: str


def checked_blocks(blocks: Sequence[ArticleBlock]) -> list[Block]:
    """An article's body as the checks and the aligner read it: its text blocks, by kind."""
    return [Block(kind, text) for kind, text in text_blocks(blocks)]


def any_check_on(enabled: Mapping[str, bool]) -> bool:
    """Whether [checks] leaves any check on (every one is on unless turned off)."""
    return any(enabled.get(name, True) for name in CHECKS)


@dataclass(frozen=True)
class Check:
    kind: str  # one of CHECKS
    languages: tuple[str, str]  # (the original's, the translation's)
    paragraph: int | None  # of the original, 1 = its first (None: the whole story)
    detail: str

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "languages": list(self.languages), "paragraph": self.paragraph, "detail": self.detail}


def compare(original: Sequence[Block], original_lang: str, translation: Sequence[Block], translation_lang: str,
            enabled: Mapping[str, bool] | None = None) -> list[Check]:
    """The checks that fire between an original and one translation, in paragraph order."""
    beads = align([b.text for b in original], [b.text for b in translation],
                  [b.kind for b in original], [b.kind for b in translation])
    return [check for found in compare_beads(beads, original, original_lang, translation, translation_lang, enabled)
            for check in found]


def compare_beads(beads: Sequence[Bead], original: Sequence[Block], original_lang: str, translation: Sequence[Block],
                  translation_lang: str, enabled: Mapping[str, bool] | None = None) -> list[list[Check]]:
    """The checks of each pair of aligned paragraphs (align's beads), pair by pair."""
    enabled = {name: True for name in CHECKS} | dict(enabled or {})
    langs = (original_lang, translation_lang)
    ratio = (sum(len(b.text) for b in translation) or 1) / (sum(len(b.text) for b in original) or 1)
    every: list[list[Check]] = []
    last = 0
    for bead in beads:
        left = " ".join(original[i].text for i in bead.left)
        right = " ".join(translation[j].text for j in bead.right)
        paragraph = bead.left[0] + 1 if bead.left else (last or None)
        last = bead.left[-1] + 1 if bead.left else last
        found: list[Check] = []
        every.append(found)
        if not bead.left or not bead.right:
            if enabled["unmatched"]:
                found.append(_unmatched(bead, original, translation, langs, paragraph))
            continue
        if len(bead.left) != len(bead.right) and enabled["paragraph_breaks"]:
            found.append(Check("paragraph_breaks", langs, paragraph, _breaks(bead, langs)))
        if enabled["numbers"]:
            found += _numbers(left, right, langs, paragraph)
        if enabled["names"]:
            found += _missing("names", _names(left, langs[0]), _names(right, langs[1]), langs, paragraph)
        if enabled["urls"]:
            found += _missing("urls", set(_URL.findall(left)), set(_URL.findall(right)), langs, paragraph)
        if enabled["quotes"] and _quoted(left) != _quoted(right):
            where = original_lang if _quoted(left) else translation_lang
            found.append(Check("quotes", langs, paragraph, f"a quotation in {where} only"))
        if enabled["length"] and len(bead.left) == len(bead.right) == 1:
            found += _length(left, right, ratio, langs, paragraph)
    return every


def _unmatched(bead: Bead, original: Sequence[Block], translation: Sequence[Block], langs: tuple[str, str],
               paragraph: int | None) -> Check:
    if bead.left:
        block = original[bead.left[0]]
        return Check("unmatched", langs, paragraph, f"{_kind(block)} {paragraph} of {langs[0]} has no counterpart in "
                                                    f"{langs[1]}: {_quote(block.text)}")
    block = translation[bead.right[0]]
    return Check("unmatched", langs, paragraph, f"{_kind(block)} {bead.right[0] + 1} of {langs[1]} has no counterpart in "
                                                f"{langs[0]}: {_quote(block.text)}")


def _kind(block: Block) -> str:
    return {"figure": "the figure caption", "heading": "the heading"}.get(block.kind, "paragraph")


def _quote(text: str, limit: int = 60) -> str:
    return f"“{text if len(text) <= limit else text[:limit].rsplit(' ', 1)[0] + '…'}”"


def _breaks(bead: Bead, langs: tuple[str, str]) -> str:
    left = f"{bead.left[0] + 1}-{bead.left[-1] + 1}" if len(bead.left) > 1 else str(bead.left[0] + 1)
    right = f"{bead.right[0] + 1}-{bead.right[-1] + 1}" if len(bead.right) > 1 else str(bead.right[0] + 1)
    return f"paragraph(s) {left} of {langs[0]} are paragraph(s) {right} of {langs[1]}"


def numbers_in(text: str, lang: str) -> list[Decimal]:
    """The numbers written in digits in `text`, read as `lang` writes them ("4,50" in fr is 4.50)."""
    return [_number(token, lang) for token in _NUMBER.findall(text)]


@functools.lru_cache(maxsize=4096)
def _number(token: str, lang: str) -> Decimal:
    try:
        value = parse_decimal(token, locale=babel_locale(lang), strict=False)
    except (NumberFormatError, InvalidOperation, ValueError):
        value = Decimal("".join(char for char in token if char.isdigit()) or "0")
    return value.normalize()


def spelled_numbers(text: str, lang: str) -> dict[Decimal, str]:
    """Numbers written in words that number_words.toml knows for `lang` (value -> the words)."""
    words, pattern = _spelled(lang.split("-")[0])
    found: dict[Decimal, str] = {}
    if pattern is not None:
        for match in pattern.finditer(text.casefold()):
            found.setdefault(words[match.group()], match.group())
    return found


@functools.cache
def _spelled(lang: str) -> tuple[dict[str, Decimal], regex.Pattern | None]:
    """A language's number words, and one pattern finding them (the longest first: "sembilan
    puluh" before "sembilan")."""
    words = {phrase: Decimal(value) for phrase, value in _words()["numbers"].get(lang, {}).items()}
    if not words:
        return words, None
    choices = "|".join(regex.escape(phrase) for phrase in sorted(words, key=len, reverse=True))
    return words, regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{choices})(?![\p{{L}}\p{{M}}])")


@functools.cache
def _words() -> dict:
    return tomllib.loads(_WORDS_FILE.read_text(encoding="utf-8"))


def _numbers(left: str, right: str, langs: tuple[str, str], paragraph: int | None) -> list[Check]:
    mine, theirs = numbers_in(left, langs[0]), numbers_in(right, langs[1])
    found = []
    for values, other, other_text, (here, there) in ((mine, theirs, right, langs), (theirs, mine, left, langs[::-1])):
        missing = sorted(set(values) - set(other))
        words = spelled_numbers(other_text, there) if missing else {}
        for value in missing:
            shown = format(value, "f")
            if value in words:
                found.append(Check("numbers", langs, paragraph,
                                   f"{shown} in digits in {here}, in words in {there} ({words[value]})"))
            else:
                found.append(Check("numbers", langs, paragraph, f"{shown} in {here}, not in {there}"))
    return found


@functools.lru_cache(maxsize=4096)  # an original's paragraphs meet each of its translations
def _names(text: str, lang: str) -> frozenset[str]:
    """Capitalised Latin-script words that do not open a sentence: names, mostly (in a
    language that capitalises nouns, only words with a capital inside)."""
    nouns_too = lang.split("-")[0] in _words()["capitalises_nouns"]
    common = _not_names(lang.split("-")[0])
    names = set()
    for match in _NAME.finditer(text):
        word = match.group()
        if (_LATIN.match(word) and word.casefold() not in common
                and not _SENTENCE_START.search(text[max(0, match.start() - 8):match.start()])
                and (not nouns_too or any(char.isupper() for char in word[1:]))):
            names.add(word)
    return frozenset(names)


@functools.cache
def _not_names(lang: str) -> frozenset[str]:
    """Capitalised words of `lang` that name nothing: its day and month names (CLDR, via
    Babel), its number words, and the words desk_words.toml lists (a polite "you")."""
    words = set(_words().get("not_names", {}).get(lang, ())) | set(_spelled(lang)[0])
    locale = babel_locale(lang)  # the site's languages are CLDR's (languages.normalise_language)
    for names in (locale.days, locale.months):
        for context in names.values():
            for width in context.values():
                words |= {name.casefold() for name in width.values()}
    return frozenset(word for phrase in words for word in phrase.split())


def _missing(kind: str, left: set[str], right: set[str], langs: tuple[str, str], paragraph: int | None) -> list[Check]:
    found = []
    for values, here, there in ((left - right, langs[0], langs[1]), (right - left, langs[1], langs[0])):
        if values:
            found.append(Check(kind, langs, paragraph, f"{', '.join(sorted(values))} in {here}, not in {there}"))
    return found


def _quoted(text: str) -> bool:
    return any(mark in text for mark in _QUOTES)


def _length(left: str, right: str, ratio: float, langs: tuple[str, str], paragraph: int | None) -> list[Check]:
    relative = len(right) / (len(left) * ratio or 1)
    low, high = LENGTH_RANGE
    if low <= relative <= high:
        return []
    return [Check("length", langs, paragraph, f"{langs[1]} is {relative:.0%} of the length expected from {langs[0]}")]
