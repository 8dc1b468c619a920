"""User-facing errors: one line naming the file, the line and what to do."""

from __future__ import annotations

import os
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

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{_display(self.path)}:{self.line}: " if self.line else f"{_display(self.path)}: "
        hint = f" ({self.hint})" if self.hint else ""
        return f"{'warning' if self.warning else 'error'}: {where}{self.message}{hint}"

    def as_error(self) -> "Problem":
        return Problem(self.path, self.message, self.hint, self.line, warning=False)


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
