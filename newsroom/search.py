"""Per-language search with Pagefind: it indexes each page under its <html lang>, so a
search page in one language finds that language's articles only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .errors import Problem

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
        return Problem(None, "search not built: Pagefind is not installed", "pip install 'pagefind[bin]'")
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
    return None
