"""Per-language search with Pagefind: it indexes each page under its <html lang>, so a
search page in one language finds that language's articles only."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .errors import Problem
from .write import write_file

ENTRY_FILE = "pagefind-entry.json"
SEARCH_TIMEOUT_SECONDS = 600


def pagefind_available() -> bool:
    try:
        import pagefind_bin  # noqa: F401  (ships the binary)
    except ImportError:
        return False
    return True


def build_search_index(site_dir: Path) -> Problem | None:
    """Index the staged site in place; a problem when Pagefind fails or is missing."""
    if not pagefind_available():
        return Problem(None, "search not built: Pagefind is not installed", "pip install 'pagefind[bin]'", warning=True)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"],
            capture_output=True, text=True, timeout=SEARCH_TIMEOUT_SECONDS,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Problem(None, f"search not built: Pagefind did not run ({exc})", "reinstall 'pagefind[bin]'")
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        return Problem(None, f"search not built: {detail[-1] if detail else 'Pagefind failed'}", "see Pagefind's message")
    _sort_entry_file(site_dir)
    return None


def _sort_entry_file(site_dir: Path) -> None:
    """Pagefind lists languages in hash-map order; sorted, two builds give the same bytes."""
    entry = site_dir / "pagefind" / ENTRY_FILE
    if entry.is_file():
        data = json.loads(entry.read_text(encoding="utf-8"))
        data["languages"] = dict(sorted(data.get("languages", {}).items()))
        write_file(site_dir, f"pagefind/{ENTRY_FILE}", json.dumps(data, ensure_ascii=False, separators=(",", ":")))
