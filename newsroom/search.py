"""Search with Pagefind, one index (a "shard") per language and publication year.

Pagefind indexes each page under its <html lang>, and it cannot update an index in place:
any change means indexing every page of that index again. Shards keep that cost to one
language-year, which is where a newsroom's edits land; a search page loads its
language's newest shard and merges the older ones in the browser.
"""

from __future__ import annotations

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
    return None


def _sort_entry_file(bundle: Path) -> None:
    """Pagefind lists languages in hash-map order; sorted, two builds give the same bytes."""
    entry = bundle / ENTRY_FILE
    if entry.is_file():
        data = json.loads(entry.read_text(encoding="utf-8"))
        data["languages"] = dict(sorted(data.get("languages", {}).items()))
        write_file(bundle, ENTRY_FILE, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
