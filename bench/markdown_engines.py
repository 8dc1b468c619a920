"""Benchmark: newsroom's two Markdown engines on the same realistic news articles.

    .venv/bin/python bench/markdown_engines.py [--articles 300] [--runs 5] [--candidates]

Each article is about 1,000 words: headings, paragraphs with bold, links and quotes, bulleted lists
with nested items, a table (deterministic, from bench/corpus.py's words, in English, French and
Russian). Each engine renders every article then sanitises it with nh3 as newsroom does
(`newsroom.markdown_engine.render_markdown`): Python-Markdown as newsroom configures it, and the
CommonMark engine with Hugo's Goldmark defaults, each through the same call a build makes.
The best of --runs is quoted, in ms per article, with the ratio. --candidates adds the raw parsers
that were compared for the engine (cmarkgfm, markdown-it-pyrs, pyromark: no post-processing, no
sanitising), where installed, with how many of the CommonMark spec's 652 examples each renders as
the spec says when its extensions are off.
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from corpus import LANGUAGES, WORDS, _sentence  # noqa: E402

from newsroom.commonmark_engine import render_commonmark  # noqa: E402
from newsroom.config import MarkdownOptions  # noqa: E402
from newsroom.markdown_engine import render_markdown, sanitise_html  # noqa: E402
from spec_html import spec_normal  # noqa: E402

SPEC = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "goldmark" / "commonmark-spec" / "spec-0.31.2.json"


def _words(rng: random.Random, lang: str, count: int) -> str:
    return " ".join(rng.choice(WORDS[lang]) for _ in range(count))


def news_article(rng: random.Random, lang: str) -> str:
    """A body of about 1,000 words, shaped like a news story."""
    parts, words = [], 0
    while words < 1000:
        roll = rng.random()
        if parts and roll < 0.10:
            parts.append("## " + _words(rng, lang, 4).capitalize())
        elif parts and roll < 0.18:
            items = [f"- {_sentence(rng, lang)}" + (f"\n  - {_sentence(rng, lang)}" if rng.random() < 0.3 else "")
                     for _ in range(rng.randint(3, 5))]
            parts.append(_sentence(rng, lang)[:-1] + ":\n" + "\n".join(items))
        else:
            paragraph = " ".join(_sentence(rng, lang) for _ in range(rng.randint(3, 6)))
            if rng.random() < 0.3:
                paragraph += f' "{_sentence(rng, lang)}" -- {_words(rng, lang, 3)}.'
            words += len(paragraph.split())
            parts.append(paragraph)
    header = " | ".join(_words(rng, lang, 1).capitalize() for _ in range(3))
    rows = "\n".join(f"| {_words(rng, lang, 2)} | {_words(rng, lang, 1)} | {rng.randint(1, 99999):,} |" for _ in range(6))
    parts.insert(len(parts) // 2, f"| {header} |\n|:---|:---|---:|\n{rows}")
    return "\n\n".join(parts) + "\n"


def articles(count: int, seed: int = 1) -> list[str]:
    return [news_article(random.Random(f"{seed}-{n}"), LANGUAGES[n % len(LANGUAGES)]) for n in range(count)]


def ms_per_article(render: Callable[[str], object], bodies: list[str], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        for body in bodies:
            render(body)
        best = min(best, time.perf_counter() - started)
    return best / len(bodies) * 1000


def candidates() -> dict[str, tuple[Callable[[str], str], Callable[[str], str]]]:
    """The raw parsers compared for the CommonMark engine, as installed: {name: (with Hugo's GFM
    extensions on, plain CommonMark)}."""
    found: dict[str, tuple[Callable[[str], str], Callable[[str], str]]] = {}
    try:
        cmarkgfm = importlib.import_module("cmarkgfm")
        cmark = cmarkgfm.cmark.Options
        flags = cmark.CMARK_OPT_SMART | cmark.CMARK_OPT_FOOTNOTES | cmark.CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
        extensions = ["table", "strikethrough", "autolink", "tasklist"]
        found["cmarkgfm"] = (lambda body: cmarkgfm.markdown_to_html_with_extensions(body, flags, extensions),
                             lambda body: cmarkgfm.markdown_to_html(body, cmark.CMARK_OPT_UNSAFE))
    except ImportError:
        pass
    try:
        pyrs = importlib.import_module("markdown_it_pyrs")
        parser = pyrs.MarkdownIt("commonmark").enable_many(
            ["table", "strikethrough", "linkify", "tasklist", "footnote", "autolink_ext", "deflist", "smartquotes",
             "replacements", "heading_anchors"])
        plain = pyrs.MarkdownIt("commonmark")
        found["markdown-it-pyrs"] = (lambda body: parser.render(body, xhtml=False), lambda body: plain.render(body, xhtml=False))
    except ImportError:
        pass
    pyromark = importlib.import_module("pyromark")
    options = pyromark.Options
    markdown = pyromark.Markdown(options=options.ENABLE_TABLES | options.ENABLE_STRIKETHROUGH | options.ENABLE_TASKLISTS
                                 | options.ENABLE_FOOTNOTES | options.ENABLE_DEFINITION_LIST | options.ENABLE_SMART_PUNCTUATION
                                 | options.ENABLE_HEADING_ATTRIBUTES)
    found["pyromark"] = (markdown.html, pyromark.Markdown().html)
    return found


def spec_passes(render: Callable[[str], str]) -> int:
    """How many spec examples `render` gets right, compared as the spec's own test script compares."""
    examples = json.loads(SPEC.read_text(encoding="utf-8"))
    return sum(spec_normal(render(example["markdown"])) == spec_normal(example["html"]) for example in examples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--candidates", action="store_true", help="also time the raw parsers that were compared")
    args = parser.parse_args()
    bodies = articles(args.articles)
    words = sum(len(body.split()) for body in bodies) / len(bodies)
    print(f"{args.articles} articles, {words:.0f} words each on average; best of {args.runs} runs")
    python_markdown = ms_per_article(render_markdown, bodies, args.runs)
    goldmark = MarkdownOptions("commonmark", unsafe=False)  # what a Hugo site gets by default
    commonmark = ms_per_article(lambda body: render_markdown(body, goldmark), bodies, args.runs)
    rendered = [render_commonmark(body) for body in bodies]
    sanitising = ms_per_article(lambda html: sanitise_html(html, structure=True), rendered, args.runs)
    print(f"{'engine':48} ms/article")
    print(f"{'Python-Markdown (extra, sane_lists) + nh3':48} {python_markdown:8.3f}")
    print(f"{'CommonMark (pyromark + Goldmark passes) + nh3':48} {commonmark:8.3f}")
    print(f"{'  of which nh3':48} {sanitising:8.3f}")
    print(f"CommonMark is {python_markdown / commonmark:.1f}x as fast as Python-Markdown")
    if args.candidates:
        print(f"\n{'raw parser (no passes, no nh3)':48} ms/article  spec examples passed (of 652)")
        for name, (render, plain) in candidates().items():
            print(f"{name:48} {ms_per_article(render, bodies, args.runs):8.3f}  {spec_passes(plain):4d}")


if __name__ == "__main__":
    main()
