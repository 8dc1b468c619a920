"""The promises of the repository itself: README commands, CI, console command."""

import subprocess
import sys
import tomllib

from helpers import REPO


def _readme_sh_blocks() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return [block.split("```", 1)[0].strip() for block in text.split("```sh\n")[1:]]


def test_readme_gives_exactly_two_setup_commands():
    setup = [b for b in _readme_sh_blocks() if b.startswith("python3 -m venv")]
    assert len(setup) == 2
    assert setup[0].endswith("build.py --serve")
    assert setup[1].endswith("python -m pytest")


def test_ci_runs_the_readme_test_command():
    extracted = subprocess.run(
        ["bash", "-c", "sed -n '/^<!-- test-command/,/^```$/p' README.md | sed -n '/^```sh$/,/^```$/p' | sed '1d;$d'"],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert extracted == [b for b in _readme_sh_blocks() if b.startswith("python3 -m venv")][1]
    assert "sed -n '/^<!-- test-command/" in (REPO / ".ci" / "run").read_text()


def test_console_command_has_the_same_options():
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"newsroom": "newsroom.cli:main"}

    def help_of(*args: str) -> str:
        result = subprocess.run([sys.executable, "-c", f"from newsroom.cli import main; main({list(args)!r})"],
                                capture_output=True, text=True, cwd=REPO)
        assert result.returncode == 0, result.stderr
        return result.stdout

    overview = help_of("--help")
    for command in ("build", "serve", "check", "new"):
        assert command in overview
    for option in ("--content", "--output", "--serve", "--host", "--port", "--keep-going", "--base-url", "--static"):
        assert option in help_of("build", "--help")
    for option in ("--host", "--port", "--base-url"):
        assert option in help_of("serve", "--help")
    assert "--translation-of" in help_of("new", "story", "--help")
    assert "DIR" in help_of("new", "site", "--help")
    assert "--strict" not in help_of("check", "--help"), "check is always strict"


def _package_imports() -> dict[str, set[str]]:
    """Module -> the newsroom modules it imports, at the top or inside a function."""
    import ast

    package = REPO / "newsroom"
    modules = {".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__"): p
               for p in package.rglob("*.py") if "bundled_theme" not in p.parts and "starter" not in p.parts}
    graph = {}
    for name, path in modules.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = here.split(".")[: len(here.split(".")) - node.level + 1] if node.level else []
                module = ".".join(base + [node.module] if node.module else base)
                imported |= {module} | {f"{module}.{alias.name}" for alias in node.names}
            elif isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
        graph[name] = {module for module in imported if module in modules and module != name}
    return graph


def test_no_module_imports_one_that_imports_it_back():
    """Layers go one way (the Code section of the guide): no import cycle, even through a lazy import."""
    graph = _package_imports()
    assert "newsroom.rebuild" in graph["newsroom.pipeline"], "the check sees imports inside functions"

    def reaches(start: str, target: str, seen: set[str]) -> bool:
        return any(module == target or (module not in seen and not seen.add(module) and reaches(module, target, seen))
                   for module in graph[start])

    cycles = sorted(name for name in graph if reaches(name, name, set()))
    assert cycles == []
