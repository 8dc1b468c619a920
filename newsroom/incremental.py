"""Reuse of the previous build: a page whose inputs did not change is not rendered again.

Each page's fingerprint hashes everything its HTML depends on: its PageSpec (the view of
the article, its translations, switcher and head data), every template and catalog, the
configuration and the package version. Unchanged pages are hard-linked from the published
site into the staging folder (files are never modified in place, so sharing is safe);
the rest are rendered. The manifest of fingerprints lives in the build cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .config import SiteConfig
from .pages import PageSpec
from .views import output_file
from .write import write_file

MANIFEST = "pages.json"
SEARCH_KEY = "#search"
OUTPUTS_KEY = "#outputs"


def render_salt(templates: Path, config: SiteConfig) -> bytes:
    """What every page depends on besides its own spec."""
    digest = hashlib.sha256(__version__.encode())
    digest.update(repr(sorted(vars(config).items(), key=lambda item: item[0])).encode())
    for path in sorted(p for p in templates.rglob("*") if p.is_file()):
        digest.update(path.relative_to(templates).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.digest()


def fingerprint(spec: PageSpec, salt: bytes) -> str:
    """repr, not pickle: equal specs always give equal text (pickle's bytes depend on
    which equal strings happen to be one object)."""
    return hashlib.sha256(salt + repr(spec).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Manifest:
    folder: Path

    def load(self) -> dict[str, str]:
        try:
            data = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) and all(isinstance(v, str) for v in data.values()) else {}

    def save(self, fingerprints: dict[str, str]) -> None:
        write_file(self.folder, MANIFEST, json.dumps(fingerprints, sort_keys=True))

    def discard(self) -> None:
        (self.folder / MANIFEST).unlink(missing_ok=True)


def reuse(previous_site: Path, staging: Path, relative: str) -> bool:
    """Link (or copy) one unchanged file of the published site into the staging folder."""
    source = previous_site / relative
    if not source.is_file():
        return False
    target = staging / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
    return True


def reuse_tree(previous_site: Path, staging: Path, folder: str) -> bool:
    source = previous_site / folder
    if not source.is_dir():
        return False
    for path in source.rglob("*"):
        if path.is_file():
            reuse(previous_site, staging, path.relative_to(previous_site).as_posix())
    return True


def page_fingerprints(pages: list[PageSpec], salt: bytes) -> dict[str, str]:
    """Output file -> fingerprint, for every page."""
    return {output_file(page.path): fingerprint(page, salt) for page in pages}


def index_fingerprint(fingerprints: dict[str, str]) -> str:
    """One hash of every page: the search index is stale when it changes."""
    return hashlib.sha256("".join(f for _, f in sorted(fingerprints.items())).encode()).hexdigest()


def outputs_fingerprint(outputs: dict[str, bytes | str]) -> str:
    digest = hashlib.sha256()
    for relative, data in sorted(outputs.items()):
        digest.update(relative.encode() + b"\0" + (data.encode() if isinstance(data, str) else data) + b"\0")
    return digest.hexdigest()


def split_pages(pages: list[PageSpec], fingerprints: dict[str, str], previous: dict[str, str], previous_site: Path,
                staging: Path) -> list[PageSpec]:
    """Reuse what is unchanged; return the pages still to render."""
    to_render = []
    for page in pages:
        relative = output_file(page.path)
        if previous.get(relative) != fingerprints[relative] or not reuse(previous_site, staging, relative):
            to_render.append(page)
    return to_render
