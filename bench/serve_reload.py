"""Benchmark: from saving an article to the reloaded page in the browser, with `--serve`.

    .venv/bin/python bench/serve_reload.py --stories 5000 --saves 5

Builds the synthetic corpus once, starts `build.py --serve` on it, opens the page of one
article in Chromium (Playwright, /usr/bin/chromium), then saves that article's source
with a new paragraph and times until the open page shows it; then until the server says
the search index caught up. Medians over --saves saves. Last, it saves an override of
the article template and times until the open page shows it, and until every page is
rebuilt with it.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
THEME_ARTICLE = REPO / "newsroom" / "bundled_theme" / "templates" / "article.html"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page_of(site_root: Path, source: str) -> str:
    """The site path of a source's page, from the build record."""
    (record,) = (site_root / ".newsroom-cache").glob("*/build-record.json")
    entry = json.loads(record.read_text())["sources"][source]
    return "/" + entry[7].removesuffix("index.html")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=5000)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--work", type=Path, default=REPO / "bench" / ".work")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    corpus = generate(args.work / f"corpus-{args.stories}", args.stories)
    root = args.work / f"serve-{args.stories}"
    root.mkdir(parents=True, exist_ok=True)
    if not (root / "content").exists():
        shutil.copytree(corpus, root / "content")
    subprocess.run([sys.executable, str(REPO / "build.py")], cwd=root, check=True, stdout=subprocess.DEVNULL)
    source = root / "content" / "story-00000.en.md"
    template = root / "templates" / "article.html"  # the site's override of the theme's article template
    template.parent.mkdir(exist_ok=True)  # watched only if it exists when the server starts
    original = source.read_text(encoding="utf-8")
    port = free_port()
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--serve", "--port", str(port)], cwd=root,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    lines: queue.Queue[tuple[float, str]] = queue.Queue()
    threading.Thread(target=lambda: [lines.put((time.perf_counter(), line)) for line in server.stdout], daemon=True).start()

    def wait_for_line(prefix: str, timeout: float = 600, with_line: bool = False):
        deadline = time.perf_counter() + timeout
        while True:
            stamp, line = lines.get(timeout=max(0.1, deadline - time.perf_counter()))
            if line.startswith(prefix):
                return (stamp, line) if with_line else stamp

    reloads, searches, builds, build_times = [], [], [], []
    try:
        wait_for_line("Serving")
        url = f"http://127.0.0.1:{port}{page_of(root, 'story-00000.en.md')}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            for save in range(args.saves):
                page.goto(url)
                page.wait_for_timeout(500)  # the page's long poll is waiting
                marker = f"Reload marker {save} {time.time_ns()}"
                saved = time.perf_counter()
                source.write_text(original + f"\n{marker}.\n", encoding="utf-8")
                page.wait_for_function("m => document.body && document.body.innerText.includes(m)", arg=marker,
                                       timeout=120_000)
                reloads.append(time.perf_counter() - saved)
                built, line = wait_for_line("rebuilt", with_line=True)
                builds.append(built - saved)
                build_times.append(float(line.rsplit(" in ", 1)[1].rstrip().rstrip("s")))
                searches.append(wait_for_line("search index up to date") - saved)
            # the article template saved: the open page first, then every other page
            page.goto(url)
            page.wait_for_timeout(500)
            marker = f"Template marker {time.time_ns()}"
            saved = time.perf_counter()
            template.write_text(THEME_ARTICLE.read_text(encoding="utf-8").replace(
                "</article>", f"<p>{marker}</p></article>", 1), encoding="utf-8")
            page.wait_for_function("m => document.body && document.body.innerText.includes(m)", arg=marker,
                                   timeout=600_000)
            template_reload = time.perf_counter() - saved
            template_build = wait_for_line("rebuilt") - saved
            browser.close()
    finally:
        source.write_text(original, encoding="utf-8")
        template.unlink(missing_ok=True)
        server.terminate()
        server.wait(timeout=30)
    print(f"{args.stories} stories x 3 languages, {args.saves} saves of one article, medians:")
    print(f"  save -> page reloaded with the edit: {statistics.median(reloads):.2f} s "
          f"(min {min(reloads):.2f}, max {max(reloads):.2f})")
    print(f"    of which: save -> build done (printed) {statistics.median(builds):.2f} s, "
          f"the build itself {statistics.median(build_times):.2f} s")
    print(f"  save -> search index up to date:    {statistics.median(searches):.2f} s")
    print(f"  template saved -> open page reloaded with it: {template_reload:.2f} s; "
          f"every page rebuilt: {template_build:.2f} s")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # as an installed tool runs: bytecode cached
    main()
