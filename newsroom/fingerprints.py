"""Digests of what a build depends on, from an explicit encoding of values and files.

A fingerprint decides whether a page is rendered again, so it must change whenever a value
the page reads changes and never otherwise. `repr()` does not promise that (a field with
`repr=False` drops out; equal mappings may print in another order), so values are encoded
here as JSON, every dataclass field by name order of declaration, mappings by sorted key,
and a type this module does not know is an error rather than a silent guess.

The generator's own code is an input too: `code_digest()` hashes the package's source
files, so with an editable install an edited page builder rebuilds what it produces.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Any

PACKAGE = Path(__file__).resolve().parent
_CODE_SUFFIXES = (".py", ".js", ".json", ".toml", ".txt")  # code and the data files it reads
_THEME = "bundled_theme"  # the theme is an input of its own (theme.Theme.digest)


def encode(value: Any) -> bytes:
    """`value` as bytes that are equal exactly when the values are equal, for the types a page
    spec or an article holds (text, numbers, None, dates, paths, sets, tuples and lists,
    mappings with text keys, dataclasses and named tuples, each of those nested); raises
    TypeError for any other type. JSON's C encoder does the walking: a site's 16,000 page
    specs are encoded in a fraction of a second."""
    return _ENCODER.encode(value).encode("utf-8", "surrogatepass")


def digest(*values: Any) -> str:
    return hashlib.sha256(encode(values)).hexdigest()


def _tagged(value: Any) -> Any:
    """What JSON cannot write natively, as a list whose first item names the type (a JSON
    value of its own could never start so: `"\u0000…"` is not text any page holds)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [f"\0{type(value).__qualname__}", *(getattr(value, f.name) for f in _fields(type(value)))]
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return [f"\0{type(value).__name__}", value.isoformat()]
    if isinstance(value, PurePath):
        return ["\0path", value.as_posix()]
    if isinstance(value, (set, frozenset)):
        return ["\0set", *sorted(encode(item).decode("utf-8", "surrogatepass") for item in value)]
    if isinstance(value, Mapping):  # a read-only view (MappingProxyType) of a dict
        return ["\0mapping", dict(value)]
    if isinstance(value, bytes):
        return ["\0bytes", value.hex()]
    if isinstance(value, enum.Enum):
        return [f"\0{type(value).__qualname__}", value.name]
    raise TypeError(f"no canonical encoding for {type(value).__qualname__}")


@lru_cache(maxsize=None)
def _fields(cls: type) -> tuple[dataclasses.Field, ...]:
    return dataclasses.fields(cls)   # every field, those left out of repr() too


_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False, sort_keys=True, default=_tagged,
                            separators=(",", ":"))


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of the package's own files (not its theme): any edit to the generator changes it."""
    hashed = hashlib.sha256()
    for folder, folders, files in os.walk(PACKAGE):  # top-down, folders sorted in place: a stable order
        folders[:] = [name for name in folders if name not in (_THEME, "__pycache__") and not name.startswith(".")]
        folders.sort()
        for name in sorted(files):
            if name.endswith(_CODE_SUFFIXES):
                path = Path(folder, name)
                data = path.read_bytes()
                hashed.update(f"{path.relative_to(PACKAGE).as_posix()}\0{len(data)}\0".encode())
                hashed.update(data)
    return hashed.hexdigest()
