"""Command line: `python build.py` / `newsroom` with the same options."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import BuildFailed
from .pipeline import BuildOptions, build_site

BUNDLED_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def default_templates() -> Path:
    """./templates when the site has its own, else the templates shipped beside the package."""
    local = Path("templates")
    return local if local.is_dir() else BUNDLED_TEMPLATES


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="newsroom", description="Build a multilingual news site from content/ into site/.")
    parser.add_argument("--content", type=Path, default=Path("content"), help="source folder (default: content)")
    parser.add_argument("--output", type=Path, default=Path("site"), help="output folder (default: site)")
    parser.add_argument("--templates", type=Path, default=None, help="templates folder (default: templates)")
    parser.add_argument("--config", type=Path, default=Path("site.toml"), help="site configuration (default: site.toml, optional)")
    parser.add_argument("--keep-going", action="store_true", help="build what can be built, list the failures, exit 1")
    parser.add_argument("--strict", action="store_true", help="check every internal link; any warning fails the build")
    parser.add_argument("--no-cache", action="store_true", help="parse every source again, ignoring the build cache")
    parser.add_argument("--serve", action="store_true", help="build, serve, rebuild on change and reload the browser")
    parser.add_argument("--host", default=None, help="address to serve on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to serve on (default: 8000)")
    args = parser.parse_args(argv)
    if args.templates is None:
        args.templates = default_templates()
    return args


def print_problems(exc: BuildFailed) -> None:
    for problem in exc.problems:
        print(problem, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    options = BuildOptions(content=args.content, output=args.output, templates=args.templates,
                           config_file=args.config, keep_going=args.keep_going, strict=args.strict,
                           use_cache=not args.no_cache, progress=sys.stderr.isatty())
    if args.serve:
        from .serve import serve

        return serve(options, host=args.host, port=args.port)
    try:
        report = build_site(options)
    except BuildFailed as exc:
        print_problems(exc)
        print(f"build failed: {len(exc.problems)} problem(s); {args.output} was left as it was", file=sys.stderr)
        return 1
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print(f"built {report.pages} pages ({report.rendered} rendered, {report.pages - report.rendered} unchanged) "
          f"from {report.articles} articles in {len(report.languages)} languages into {args.output} in {report.seconds:.2f}s")
    errors = [p for p in report.problems if not p.warning]
    if errors:
        print(f"{len(errors)} error(s) above; those sources were left out", file=sys.stderr)
        return 1
    return 0
