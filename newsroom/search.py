"""Search with Pagefind: base indexes ("shards", one per language and year) and changes indexes.

Pagefind indexes each page under its <html lang>, and it cannot update an index in place.
Which pages go into which index is search_plan's to decide; this module runs Pagefind,
and writes, next to each language's changes index, the manifest the search page reads:
the fragment ids of the stale copies to hide and whether there is a changes index at all.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .errors import Problem
from .write import write_file

ENTRY_FILE = "pagefind-entry.json"
FRAGMENTS_FILE = "newsroom-fragments.json"  # in a base index: page -> Pagefind's fragment id of it
CHANGES_FILE = "newsroom-changes.json"  # in a changes folder: {"indexed": bool, "hidden": [fragment ids]}
SEARCH_FOLDER = "pagefind"
SEARCH_TIMEOUT_SECONDS = 600


def pagefind_available() -> bool:
    try:
        import pagefind_bin  # noqa: F401  (ships the binary)
    except ImportError:
        return False
    return True


def get_executable() -> Path:
    """The binary itself: going through `python -m pagefind` costs an interpreter start per shard."""
    from pagefind_bin import get_executable as shipped

    return Path(shipped())


def build_search_shard(pages: Mapping[str, Path], bundle: Path) -> Problem | None:
    """Index `pages` (output file -> where its HTML is now) into the folder `bundle`.

    Pagefind indexes a folder, so the shard's pages are hard-linked into a scratch folder
    laid out like the site (their search result URLs are their site paths).
    """
    if not pagefind_available():
        return Problem(None, "search not built: Pagefind is not installed", "pip install 'pagefind[bin]'", warning=True)
    bundle.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".newsroom-index-", dir=bundle.parent))
    try:
        for relative, html in pages.items():
            target = scratch / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(html, target)
            except OSError:
                shutil.copyfile(html, target)
        result = subprocess.run(
            [str(get_executable()), "--site", str(scratch), "--output-path", str(bundle.resolve()), "--silent"],
            capture_output=True, text=True, timeout=SEARCH_TIMEOUT_SECONDS,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Problem(None, f"search not built: Pagefind did not run ({exc})", "reinstall 'pagefind[bin]'")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        return Problem(None, f"search not built: {detail[-1] if detail else 'Pagefind failed'}", "see Pagefind's message")
    _sort_entry_file(bundle)
    _drop_unused_ui(bundle)
    _write_fragment_ids(bundle, pages)
    return None


def page_url(page: str) -> str:
    """The URL Pagefind gives an output file: 'en/a/index.html' -> '/en/a/'."""
    return "/" + page.removesuffix("index.html")


def _write_fragment_ids(bundle: Path, pages: Mapping[str, Path]) -> None:
    """Which fragment is which page: a changes index hides a page's stale copy by its id."""
    by_url = {}
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        by_url[json.loads(data)["url"]] = fragment.name.removesuffix(".pf_fragment")
    ids = {page: by_url[page_url(page)] for page in sorted(pages) if page_url(page) in by_url}
    write_file(bundle, FRAGMENTS_FILE, json.dumps(ids, ensure_ascii=False, separators=(",", ":")))


def fragment_ids(bundle: Path) -> dict[str, str]:
    """A published base index's page -> fragment id ({} when it has none)."""
    try:
        return json.loads((bundle / FRAGMENTS_FILE).read_bytes())
    except (OSError, ValueError):
        return {}


def write_changes_manifest(folder: Path, indexed: bool, hidden: list[str]) -> None:
    write_file(folder, CHANGES_FILE, json.dumps({"indexed": indexed, "hidden": sorted(hidden)}, separators=(",", ":")))


# Pagefind's own search interfaces, written into every bundle: the theme's search page
# talks to pagefind.js (and its worker and WebAssembly) itself, so these ~420 KB per
# bundle would only be uploaded.
UNUSED_UI = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
             "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")


def _drop_unused_ui(bundle: Path) -> None:
    for name in UNUSED_UI:
        (bundle / name).unlink(missing_ok=True)


def _sort_entry_file(bundle: Path) -> None:
    """Pagefind lists languages in hash-map order; sorted, two builds give the same bytes."""
    entry = bundle / ENTRY_FILE
    if entry.is_file():
        data = json.loads(entry.read_text(encoding="utf-8"))
        data["languages"] = dict(sorted(data.get("languages", {}).items()))
        write_file(bundle, ENTRY_FILE, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
