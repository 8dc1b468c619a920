"""Command line: `newsroom COMMAND` and `python build.py COMMAND`, the same commands.

`build` is the default, so `python build.py` builds and `python build.py --serve` previews,
as they always have.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from . import __version__
from .errors import BuildFailed, Problem, SourceError, report_lines
from .pipeline import BuildOptions, BuildReport, build_site
from .urls import is_web_url

STATE_NAMES = ("present", "missing", "stale", "orphan")  # desk.STATES, without importing the desk to parse arguments

COMMANDS = ("build", "serve", "check", "new", "explain", "status")


def _site_options(parser: argparse.ArgumentParser, output: bool = True) -> None:
    folders = parser.add_argument_group("site folders (relative to where the command runs)")
    folders.add_argument("--content", type=Path, default=Path("content"), help="sources (default: content)")
    if output:
        folders.add_argument("--output", type=Path, default=Path("site"), help="the built site (default: site)")
    folders.add_argument("--templates", type=Path, default=None,
                         help="templates and catalogs that replace the theme's, file by file (default: templates)")
    folders.add_argument("--static", type=Path, default=None,
                         help="files laid over the theme's static files (default: static)")
    folders.add_argument("--config", type=Path, default=Path("site.toml"), help="configuration (default: site.toml, optional)")
    parser.add_argument("--base-url", default=None, metavar="URL",
                        help="the address the site is published at, overriding site.toml (e.g. https://example.org/news/)")
    parser.add_argument("--no-cache", action="store_true", help="parse and render everything again, ignoring the build cache")
    held = parser.add_argument_group("publish what front matter holds back (for previews)")
    held.add_argument("--drafts", action="store_true", help="drafts (draft: true)")
    held.add_argument("--future", action="store_true", help="stories whose publishDate (or date) is still to come")
    held.add_argument("--expired", action="store_true", help="stories whose expiryDate has passed")


def _serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=None, help="address to serve on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to serve on (default: 8000)")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsroom", description="A static site generator for multilingual newsrooms.",
        epilog="Without a command, `build` runs: `newsroom --serve` is `newsroom build --serve`. "
               "`newsroom COMMAND --help` tells more.")
    parser.add_argument("--version", action="version", version=f"newsroom {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build content/ into site/ (the default)",
                                description="Build content/ into site/, redoing only what changed.")
    _site_options(build)
    build.add_argument("--keep-going", action="store_true", help="build what can be built, list every failure, exit 1")
    build.add_argument("--strict", action="store_true", help="check every internal link; any warning fails the build")
    build.add_argument("--serve", action="store_true", help="preview instead, as `newsroom serve`")
    _serve_options(build)
    build.set_defaults(run=_run_build)

    serve = commands.add_parser("serve", help="preview the site; pages reload as you save",
                                description="Build a preview (never into site/) and serve it on 127.0.0.1; "
                                            "every save rebuilds and reloads open pages.")
    _site_options(serve)
    _serve_options(serve)
    serve.set_defaults(run=_run_serve)

    check = commands.add_parser("check", help="strict build and link check, for CI (writes nothing to site/)",
                                description="Build the whole site in a temporary folder with every warning an error "
                                            "and every internal link checked; exit 1 on any problem.")
    _site_options(check, output=False)
    check.set_defaults(run=_run_check)

    explain = commands.add_parser("explain", help="list what the reader left out of scraped text files, and why",
                                  description="For each scraped-text file, every line left out of the article (menus, "
                                              "datelines, bylines, buttons, …) with its line number and the rule.")
    explain.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    explain.add_argument("--content", type=Path, default=Path("content"), help="sources (default: content)")
    explain.set_defaults(run=_run_explain)

    _status_parser(commands)

    new = commands.add_parser("new", help="start a site, a story or a translation",
                              description="Create a new site or a new story file.")
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    site = kinds.add_parser("site", help="a working site in a new folder", description="Create a working site in DIR.")
    site.add_argument("folder", type=Path, metavar="DIR")
    site.set_defaults(run=_run_new_site)
    story = kinds.add_parser("story", help="a Markdown story, or a translation of one",
                             description="Create content/<slug>.<lang>.md with front matter, or a translation "
                                         "of an existing story (same translation key and source).")
    story.add_argument("title", nargs="?", default="", help="the story's title (a translation starts from the original's)")
    story.add_argument("--lang", required=True, help="the language of the new file (fr, id, pt-BR, …)")
    story.add_argument("--translation-of", type=Path, default=None, metavar="PATH", help="the story this file translates")
    story.add_argument("--content", type=Path, default=Path("content"), help="sources (default: content)")
    story.set_defaults(run=_run_new_story)
    return parser


def _status_parser(commands: argparse._SubParsersAction) -> None:
    status = commands.add_parser("status", help="which stories lack a language, which translations are stale",
                                 description="The translation desk: a matrix of stories x languages, each version "
                                             "present, missing, stale (its original changed since) or orphan.")
    _site_options(status)
    status.add_argument("--json", action="store_true", help="print JSON (see the README for its fields)")
    status.add_argument("--lang", action="append", default=[], metavar="LANG", help="only these languages (repeatable)")
    status.add_argument("--state", action="append", default=[], choices=STATE_NAMES,
                        help="only stories with a version in this state (repeatable)")
    status.add_argument("--sort", choices=("date", "title"), default="date", help="newest first (default) or by title")
    status.add_argument("--fail-on", default="", metavar="STATES",
                        help="exit 1 when a version is in one of these states, e.g. stale,missing (for CI)")
    status.add_argument("--accept", type=Path, default=None, metavar="PATH",
                        help="mark the translation PATH as made from the original's current text")
    status.set_defaults(run=_run_status)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv.insert(0, "build")
    return make_parser().parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return args.run(args)
    except SourceError as exc:
        print(exc.problem, file=sys.stderr)
        return 1
    except BrokenPipeError:  # `newsroom status | head`: the reader has what it wanted
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (Python would report the flush at exit)
        return 0
    except OSError as exc:  # a folder that cannot be written by `new`, a file that vanished
        where = Path(exc.filename) if exc.filename else None
        print(Problem(where, f"cannot write or read: {exc.strerror or exc}", "check the path and its permissions"),
              file=sys.stderr)
        return 1


def _folder_option(given: Path | None, default: str, option: str) -> Path:
    """The default folder may be absent (nothing to override); one named on the command line may not."""
    if given is None:
        return Path(default)
    if not given.is_dir():
        raise SourceError(given, "folder not found", f"create it, or leave out {option}")
    return given


def options_from(args: argparse.Namespace, output: Path | None = None, **overrides: object) -> BuildOptions:
    base_url = args.base_url
    if base_url is not None:
        if not is_web_url(base_url):
            raise SourceError(None, f"--base-url {base_url!r} is not an http(s) URL", "write --base-url https://example.org/news/")
        base_url = base_url.rstrip("/") + "/"
    values = dict(content=args.content, output=output or args.output,
                  templates=_folder_option(args.templates, "templates", "--templates"),
                  static=_folder_option(args.static, "static", "--static"), config_file=args.config,
                  keep_going=getattr(args, "keep_going", False), strict=getattr(args, "strict", False),
                  use_cache=not args.no_cache, base_url=base_url, progress=sys.stderr.isatty(),
                  drafts=args.drafts, future=args.future, expired=args.expired)
    return BuildOptions(**{**values, **overrides})


def print_problems(problems: tuple[Problem, ...] | list[Problem]) -> None:
    for line in report_lines(problems):
        print(line, file=sys.stderr)


def _attempt(options: BuildOptions, failure: str) -> BuildReport | None:
    """The build's report; or None, once its problems and `failure` ({count} problems) are printed."""
    try:
        return build_site(options)
    except BuildFailed as exc:
        print_problems(exc.problems)
        print(failure.format(count=len(exc.problems)), file=sys.stderr)
        return None


def _run_build(args: argparse.Namespace) -> int:
    if args.serve:
        return _run_serve(args)
    report = _attempt(options_from(args), f"build failed: {{count}} problem(s); {args.output} was left as it was")
    if report is None:
        return 1
    print_problems(report.problems)
    print(f"built {report.pages} pages ({report.rendered} rendered, {report.pages - report.rendered} unchanged) "
          f"from {report.articles} articles in {len(report.languages)} languages into {args.output} in {report.seconds:.2f}s")
    errors = [p for p in report.problems if not p.warning]
    if errors:
        print(f"{len(errors)} error(s) above; those sources were left out", file=sys.stderr)
        return 1
    return 0


def _run_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(options_from(args), host=args.host, port=args.port)


def _run_check(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="newsroom-check-") as scratch:
        report = _attempt(options_from(args, output=Path(scratch) / "site", strict=True, use_cache=False),
                          "check failed: {count} problem(s)")
    if report is None:
        return 1
    print(f"check passed: {report.pages} pages from {report.articles} articles in {len(report.languages)} languages, "
          f"every internal link resolves ({report.seconds:.2f}s)")
    return 0


def _run_explain(args: argparse.Namespace) -> int:
    from .content_layout import plain_layout
    from .sources.raw_text import read_scrape

    for path in args.paths:
        if path.suffix.lower() != ".txt" or not path.is_file():
            raise SourceError(path, "not a scraped-text file", "give .txt files from content/")
        article, dropped = read_scrape(path, plain_layout(args.content))
        facts = [f"title {article.title!r}", f"date {article.date.isoformat() if article.date else '-'}",
                 f"authors {', '.join(article.authors) or '-'}", f"section {article.section or '-'}"]
        print(f"{path}: {'; '.join(facts)}")
        for line in dropped:
            print(f"{path}:{line.line}: {line.reason}: {line.text}")
    return 0


def _run_status(args: argparse.Namespace) -> int:
    from . import desk_status

    fail_on = {state.strip() for state in args.fail_on.split(",") if state.strip()}
    unknown = fail_on - set(STATE_NAMES)
    if unknown:
        raise SourceError(None, f"--fail-on: unknown state {sorted(unknown)[0]!r}", f"use {', '.join(STATE_NAMES)}")
    options = options_from(args)
    report = desk_status.desk_report(options)
    print_problems(report.problems)
    if args.accept is not None:
        text_hash = desk_status.accept(options, report, args.accept)
        print(f"{args.accept}: translated_from {text_hash} (the original's text as it is now)")
        return 0
    languages = [lang for lang in report.languages if not args.lang or lang in args.lang]
    stories = desk_status.select(report, languages, args.state, args.sort)
    print(desk_status.as_json(report, stories, languages) if args.json
          else "\n".join(desk_status.as_table(stories, languages, args.content)))
    failures = desk_status.failing(stories, languages, fail_on)
    if failures:
        print(f"{failures} version(s) {' or '.join(sorted(fail_on))}", file=sys.stderr)
        return 1
    return 0


def _run_new_site(args: argparse.Namespace) -> int:
    from .scaffold import new_site

    new_site(args.folder)
    print(f"created a site in {args.folder}: cd {args.folder} && newsroom serve")
    return 0


def _run_new_story(args: argparse.Namespace) -> int:
    from .scaffold import new_story

    if args.translation_of is not None and not args.translation_of.is_file():
        raise SourceError(args.translation_of, "file not found", "give the path of the story to translate")
    path = new_story(args.content, args.lang, args.title, args.translation_of)
    print(f"created {path}")
    return 0
