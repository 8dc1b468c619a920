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

import math
from collections.abc import Sequence
from dataclasses import dataclass

import regex

# Gale & Church's priors for each kind of match, and the variance of the length ratio
_PRIORS = {(1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2, (2, 1): 0.089 / 2, (1, 2): 0.089 / 2}
_VARIANCE = 6.8
_ANCHOR_BONUS = 4.0  # nats taken off a match whose anchors agree fully
_ANCHOR_CLASH = 2.0  # nats added to a match whose anchors share nothing
_NUMBER = regex.compile(r"\d+(?:[.,:/-]\d+)*")
_NAME = regex.compile(r"(?<![\p{L}\p{M}])\p{Lu}[\p{Ll}\p{Lu}\p{M}]+(?:[-’'][\p{L}\p{M}]+)?")
_QUOTES = "«»“”„\"「」『』‹›"


@dataclass(frozen=True)
class Bead:
    """Paragraphs of the original (`left`) matched with paragraphs of the translation (`right`),
    by 0-based index; one side empty for a paragraph the other version does not have."""

    left: tuple[int, ...]
    right: tuple[int, ...]


def anchors(text: str) -> frozenset[str]:
    """What tends to survive translation unchanged: numbers, capitalised Latin-script words,
    and the fact of a quotation."""
    found = {number for number in _NUMBER.findall(text)}
    found |= {name for name in _NAME.findall(text) if regex.match(r"\p{Latin}", name)}
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
    left_anchors = [found & shared for found in left_anchors]
    right_anchors = [found & shared for found in right_anchors]
    rows, cols = len(left), len(right)
    best = [[math.inf] * (cols + 1) for _ in range(rows + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (cols + 1) for _ in range(rows + 1)]
    best[0][0] = 0.0
    for i in range(rows + 1):
        for j in range(cols + 1):
            if best[i][j] == math.inf:
                continue
            for (di, dj), prior in _PRIORS.items():
                if i + di > rows or j + dj > cols or not _compatible(left_kinds[i:i + di], right_kinds[j:j + dj]):
                    continue
                cost = best[i][j] + _cost(left[i:i + di], right[j:j + dj], ratio, prior,
                                          frozenset().union(*left_anchors[i:i + di]),
                                          frozenset().union(*right_anchors[j:j + dj]))
                if cost < best[i + di][j + dj]:
                    best[i + di][j + dj], back[i + di][j + dj] = cost, (di, dj)
    beads, i, j = [], rows, cols
    while i or j:
        di, dj = back[i][j]
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return beads[::-1]


def _cost(left: Sequence[str], right: Sequence[str], ratio: float, prior: float,
          left_anchors: frozenset[str], right_anchors: frozenset[str]) -> float:
    """-log P(match) by lengths (Gale & Church), less a bonus for shared anchors."""
    length_left, length_right = sum(map(len, left)), sum(map(len, right))
    mean = (length_left + length_right / ratio) / 2 or 1
    delta = (length_right - length_left * ratio) / math.sqrt(mean * _VARIANCE)
    tail = max(2 * (1 - _phi(abs(delta))), 1e-12)
    cost = -math.log(prior) - math.log(tail)
    if left and right and (left_anchors or right_anchors):
        union = left_anchors | right_anchors
        agreement = len(left_anchors & right_anchors) / len(union)
        cost += _ANCHOR_CLASH if agreement == 0 and left_anchors and right_anchors else -_ANCHOR_BONUS * agreement
    return cost


def _compatible(left: Sequence[str], right: Sequence[str]) -> bool:
    """Headings and captions stand alone: matched one to one with their own kind, or not at all."""
    kinds = set(left) | set(right)
    if kinds <= {"paragraph", "quote"} or not left or not right:
        return True
    return len(left) == len(right) == 1 and left[0] == right[0]


def _phi(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))
