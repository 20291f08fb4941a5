"""Collecting what is wrong with the knowledge base, one clear line per problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem, printed as `file:line entry.field: message`."""

    file: str
    line: int
    entry: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where} {self.entry}: {self.message}" if self.entry else f"{where}: {self.message}"


@dataclass
class Report:
    """Errors stop the knowledge from loading; warnings are shown to staff but the bot still runs."""

    root: Path
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def error(self, path: Path, line: int, entry: str, message: str) -> None:
        self.errors.append(Problem(self.rel(path), line, entry, message))

    def warn(self, path: Path, line: int, entry: str, message: str) -> None:
        self.warnings.append(Problem(self.rel(path), line, entry, message))


class KnowledgeError(Exception):
    """The knowledge base has errors; `problems` lists each one."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None) -> None:
        self.problems = problems
        self.warnings = warnings or []
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the knowledge base:\n{lines}")
