"""Aligning two language versions of a story paragraph by paragraph.

Length-based alignment in the manner of Gale and Church (1993): a translated paragraph is
about as long as its original times a ratio that depends on the pair of languages (here
measured on the two texts themselves), so the best path through the paragraphs, allowing
1-1, 1-0, 0-1, 2-1 and 1-2 matches, is a small dynamic programme over length costs. On
top of lengths, anchors that survive translation pull matching paragraphs together:
numbers, Latin-script names and quotation marks found in both versions.

No package on PyPI does this for paragraphs of arbitrary languages with anchors (the
maintained aligners, e.g. bleualign or vecalign, need a translation system or sentence
embeddings); the algorithm is short, so it is written here.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import regex

# Gale & Church's priors for each kind of match, and the variance of the length ratio
_PRIORS = {(1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2, (2, 1): 0.089 / 2, (1, 2): 0.089 / 2}
_COSTS = {move: -math.log(prior) for move, prior in _PRIORS.items()}
_VARIANCE = 6.8
_SQRT2 = math.sqrt(2)
_ANCHOR_BONUS = 4.0  # nats taken off a match whose anchors agree fully
_ANCHOR_CLASH = 2.0  # nats added to a match whose anchors share nothing
_NUMBER = regex.compile(r"\d+(?:[.,:/-]\d+)*")
_NAME = regex.compile(r"(?<![\p{L}\p{M}])\p{Lu}[\p{Ll}\p{Lu}\p{M}]+(?:[-’'][\p{L}\p{M}]+)?")
_LATIN = regex.compile(r"\p{Latin}")
_QUOTES = "«»“”„\"「」『』‹›"
_RUNNING = frozenset({"paragraph", "quote"})  # kinds of block that may be merged with a neighbour
_BAND = 3  # paragraphs off the diagonal (beyond the difference in count) a path may stray


@dataclass(frozen=True)
class Bead:
    """Paragraphs of the original (`left`) matched with paragraphs of the translation (`right`),
    by 0-based index; one side empty for a paragraph the other version does not have."""

    left: tuple[int, ...]
    right: tuple[int, ...]


@functools.lru_cache(maxsize=4096)  # an original's paragraphs meet each of its translations
def anchors(text: str) -> frozenset[str]:
    """What tends to survive translation unchanged: numbers, capitalised Latin-script words,
    and the fact of a quotation."""
    found = {number for number in _NUMBER.findall(text)}
    found |= {name for name in _NAME.findall(text) if _LATIN.match(name)}
    if any(mark in text for mark in _QUOTES):
        found.add("“”")
    return frozenset(found)


def align(left: Sequence[str], right: Sequence[str], left_kinds: Sequence[str] = (),
          right_kinds: Sequence[str] = ()) -> list[Bead]:
    """The most likely alignment of two versions' paragraphs, in order. With the kinds of
    their blocks (paragraph, heading, figure, quote), a heading or a caption is matched only
    with one of its kind, and never merged with its neighbours."""
    left_kinds = list(left_kinds) or ["paragraph"] * len(left)
    right_kinds = list(right_kinds) or ["paragraph"] * len(right)
    ratio = (sum(map(len, right)) or 1) / (sum(map(len, left)) or 1)
    left_anchors, right_anchors = [anchors(t) for t in left], [anchors(t) for t in right]
    shared = frozenset().union(*left_anchors) & frozenset().union(*right_anchors) if left and right else frozenset()
    left_spans = _spans(left, left_kinds, [found & shared for found in left_anchors])
    right_spans = _spans(right, right_kinds, [found & shared for found in right_anchors])
    rows, cols = len(left), len(right)
    best = [[math.inf] * (cols + 1) for _ in range(rows + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (cols + 1) for _ in range(rows + 1)]
    best[0][0] = 0.0
    band = abs(rows - cols) + _BAND
    nothing = left_spans[0][0]
    # a paragraph with no counterpart costs the same wherever the path meets it
    skip_left = [_COSTS[(1, 0)] + _cost(left_spans[1][i], nothing, ratio) for i in range(rows)]
    skip_right = [_COSTS[(0, 1)] + _cost(nothing, right_spans[1][j], ratio) for j in range(cols)]
    matches = [(move, prior) for move, prior in _COSTS.items() if 0 not in move]
    for i in range(rows + 1):
        middle = i * cols // rows if rows else 0
        for j in range(max(0, middle - band), min(cols, middle + band) + 1):
            here = best[i][j]
            if here == math.inf:
                continue
            if i < rows and here + skip_left[i] < best[i + 1][j]:
                best[i + 1][j], back[i + 1][j] = here + skip_left[i], (1, 0)
            if j < cols and here + skip_right[j] < best[i][j + 1]:
                best[i][j + 1], back[i][j + 1] = here + skip_right[j], (0, 1)
            for (di, dj), prior in matches:
                span_left, span_right = left_spans[di].get(i), right_spans[dj].get(j)
                if span_left is None or span_right is None or not (
                        span_left[3] and span_right[3] or _compatible(span_left[1], span_right[1])):
                    continue
                cost = here + prior + _cost(span_left, span_right, ratio)
                if cost < best[i + di][j + dj]:
                    best[i + di][j + dj], back[i + di][j + dj] = cost, (di, dj)
    beads, i, j = [], rows, cols
    while i or j:
        di, dj = back[i][j]
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return beads[::-1]


# its length, the kinds of its blocks, its anchors, whether it is running text only
Span = tuple[int, tuple[str, ...], frozenset[str], bool]


def _spans(texts: Sequence[str], kinds: Sequence[str], found: Sequence[frozenset[str]]) -> dict[int, dict[int, Span]]:
    """For 0, 1 and 2 blocks from each position: their length, kinds and anchors, once."""
    count = len(texts)
    spans: dict[int, dict[int, Span]] = {}
    for size in (0, 1, 2):
        spans[size] = {}
        for start in range(count - size + 1):
            its_kinds = tuple(kinds[start:start + size])
            spans[size][start] = (sum(len(texts[k]) for k in range(start, start + size)), its_kinds,
                                  frozenset().union(*found[start:start + size]), set(its_kinds) <= _RUNNING)
    return spans


def _cost(left: Span, right: Span, ratio: float) -> float:
    """-log P(match) by lengths (Gale & Church), less a bonus for shared anchors."""
    length_left, length_right = left[0], right[0]
    mean = (length_left + length_right / ratio) / 2 or 1
    delta = (length_right - length_left * ratio) / math.sqrt(mean * _VARIANCE)
    cost = -math.log(max(math.erfc(abs(delta) / _SQRT2), 1e-12))  # the two-sided tail of a normal
    left_anchors, right_anchors = left[2], right[2]
    if left[1] and right[1] and (left_anchors or right_anchors):
        common = len(left_anchors & right_anchors)
        if common == 0 and left_anchors and right_anchors:
            return cost + _ANCHOR_CLASH
        cost -= _ANCHOR_BONUS * common / len(left_anchors | right_anchors)
    return cost


def _compatible(left: Sequence[str], right: Sequence[str]) -> bool:
    """Headings and captions stand alone: matched one to one with their own kind, or not at all."""
    kinds = set(left) | set(right)
    if kinds <= _RUNNING or not left or not right:
        return True
    return len(left) == len(right) == 1 and left[0] == right[0]
