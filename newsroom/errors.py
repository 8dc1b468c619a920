"""User-facing errors: one line naming the file, the line and what to do."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """A mistake in a user's file, reported as a single line, never a traceback."""

    path: Path | None
    message: str
    hint: str = ""
    line: int | None = None
    warning: bool = False  # the build goes on; --strict makes it an error
    editorial: bool = False  # a hint for editors (the translation desk's checks): a warning even with --strict

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{_display(self.path)}:{self.line}: " if self.line else f"{_display(self.path)}: "
        hint = f" ({self.hint})" if self.hint else ""
        return f"{'warning' if self.warning else 'error'}: {where}{self.message}{hint}"

    def as_error(self) -> "Problem":
        return self if self.editorial else Problem(self.path, self.message, self.hint, self.line, warning=False)

    @property
    def kind(self) -> str:
        """What kind of problem this is, without its particulars: 'unknown shortcode …'."""
        return _PARTICULARS.sub("…", self.message.split(":", 1)[0]).strip()


# Quoted names, paths and numbers: what differs between two problems of one kind.
_PARTICULARS = re.compile(r"'[^']*'|\"[^\"]*\"|\S*/\S*|\d+(?:\.\d+)?")
SHOWN_PER_KIND = 3  # in a long report, the first problems of each kind; the rest are counted


def report_lines(problems: Iterable[Problem], grouped_after: int = 10) -> Iterator[str]:
    """One line per problem; past `grouped_after` problems (a migrated site's first build),
    the first few of each kind, then how many more there are, and the counts per kind."""
    problems = list(problems)
    if len(problems) <= grouped_after:
        yield from map(str, problems)
        return
    by_kind: dict[str, list[Problem]] = {}
    for problem in problems:
        by_kind.setdefault(("warning " if problem.warning else "error ") + problem.kind, []).append(problem)
    for kind, members in by_kind.items():
        yield from map(str, members[:SHOWN_PER_KIND])
        if len(members) > SHOWN_PER_KIND:
            yield f"  … and {len(members) - SHOWN_PER_KIND} more like this ({kind})"
    counts = Counter({kind: len(members) for kind, members in by_kind.items()})
    yield f"{len(problems)} problems by kind: " + "; ".join(f"{count} × {kind}" for kind, count in counts.most_common())


class SourceError(Exception):
    """Raised by readers and the build for a mistake the user can fix."""

    def __init__(self, path: Path | None, message: str, hint: str = "", line: int | None = None):
        self.problem = Problem(path, message, hint, line)
        super().__init__(str(self.problem))


class BuildFailed(Exception):
    """The build found one or more problems; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _display(path: Path) -> str:
    """Show paths relative to the working directory when they are inside it."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(os.path.abspath(Path.cwd())))
    except ValueError:
        return str(path)
