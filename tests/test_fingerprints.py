"""Fingerprints come from an explicit encoding of every field, so they change exactly when a value does."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from hypothesis import given, strategies as st

from newsroom.fingerprints import encode
from newsroom.incremental import fingerprint
from newsroom.pages import PageMeta, PageSpec


@dataclass(frozen=True)
class Teaser:
    title: str
    body: str = field(default="", repr=False)  # repr() leaves it out; a page still shows it


def spec(context) -> PageSpec:
    return PageSpec("/en/a/", "article.html", "en", PageMeta(canonical="https://x.org/en/a/"),
                    context)


def test_a_field_left_out_of_repr_still_changes_the_fingerprint():
    assert repr(Teaser("A", "one")) == repr(Teaser("A", "two"))
    assert fingerprint(spec({"teaser": Teaser("A", "one")}), "s", "d") != fingerprint(spec({"teaser": Teaser("A", "two")}), "s", "d")


def test_equal_mappings_in_another_order_give_one_fingerprint():
    assert fingerprint(spec({"a": 1, "b": (2, 3)}), "s", "d") == fingerprint(spec({"b": (2, 3), "a": 1}), "s", "d")


def test_values_of_different_types_never_collide():
    """(A tuple and a list of the same items are one value to a template, and encode alike.)"""
    values = [None, True, False, 0, 1, "1", b"1", 1.0, (1,), {1}, {"1": 1}, ("1", 1), dt.date(2026, 1, 1),
              dt.datetime(2026, 1, 1), "2026-01-01", ("a", "b"), ("ab",), ("a", ""), ("", "a"), Teaser("a")]
    assert len({encode(value) for value in values}) == len(values)


def test_a_type_it_cannot_encode_is_an_error_not_a_guess():
    with pytest.raises(TypeError, match="object"):
        encode({"x": object()})


values = st.recursive(st.none() | st.text(max_size=5) | st.integers(-3, 3) | st.dates(),
                      lambda inner: st.lists(inner, max_size=3).map(tuple) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                      max_leaves=8)


@given(values, values)
def test_two_values_encode_alike_exactly_when_they_are_equal(a, b):
    assert (encode(a) == encode(b)) == (a == b)
