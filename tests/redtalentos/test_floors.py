"""The floors of the house (DESIGN.md, "Apps and the direction of imports"), read from the code
itself: every project module's imports are parsed with `ast` and checked against the drawing.

    redtalentos.lib <- certificates, pncs, chapters <- members
        <- jornadas, internships, mentoring, projects, content, committees <- the site (redtalentos)

An import may go down or stay on its floor (apps on one floor may use each other, as long as no
loop forms); it never goes up. A lower app does not reach a higher one through
`apps.get_model(...)` either. Tooling (demo data, the benchmark: `redtalentos/management/`, every
`demo.py` and `*_demo.py`) may import everything, and nothing but tooling and tests imports it.
Imports inside functions count as much as those at the top of a module, except for the loop
check, which is about what Python runs when a module is loaded.

No module of the house is longer than MAX_LINES (issue 19): a longer one is split into a package
or sibling modules of cohesive parts.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

LIB = "redtalentos.lib"
SITE = "redtalentos"
FLOORS = {
    LIB: 0,
    "certificates": 1,
    "pncs": 1,
    "chapters": 1,
    "members": 2,
    "jornadas": 3,
    "internships": 3,
    "mentoring": 3,
    "projects": 3,
    "content": 3,
    "committees": 3,
    SITE: 4,
}
APPS = [name for name in FLOORS if name != LIB]

# Rules the code still breaks, each with the reason it is left for now. Empty is the goal; an entry
# that no longer matches anything fails the test, so the list only shrinks.
KNOWN_UPWARD_IMPORTS = {
    # (importing module, imported module): reason
}
KNOWN_GET_MODEL_CALLS = {
    # module: reason
}
MAX_LINES = 500
KNOWN_LONG_MODULES = {
    # path: reason
}


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _project_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).parts
            if "migrations" in relative or "tests" in relative:
                continue
            yield path


MODULES = {_module_name(path): path for path in _project_files()}


def is_tooling(module):
    last = module.rsplit(".", 1)[-1]
    return (
        module == "redtalentos.management"
        or module.startswith("redtalentos.management.")
        or last == "demo"
        or last.endswith("_demo")
    )


def floor_of(module):
    """The floor of a project module, or None for Django, third-party and the standard library."""
    if module == LIB or module.startswith(LIB + "."):
        return FLOORS[LIB]
    top = module.split(".", 1)[0]
    return FLOORS.get(top)


class _Imports(ast.NodeVisitor):
    """Every import in a module, with whether it runs when the module is loaded (top level, not
    inside a function nor under `if TYPE_CHECKING:`)."""

    def __init__(self, module, is_package):
        self.module = module
        self.package = module if is_package else module.rpartition(".")[0]
        self.found = []  # (imported module, line, at load time)
        self.get_model_lines = []
        self._depth = 0

    def _absolute(self, node):
        if not node.level:
            return node.module
        base = self.package.split(".")
        if node.level > 1:
            base = base[: -(node.level - 1)]
        return ".".join(base + ([node.module] if node.module else []))

    def _add(self, name, node):
        self.found.append((name, node.lineno, self._depth == 0))

    def visit_Import(self, node):
        for alias in node.names:
            self._add(alias.name, node)

    def visit_ImportFrom(self, node):
        base = self._absolute(node)
        for alias in node.names:
            candidate = f"{base}.{alias.name}"
            # `from pncs import figures` imports the module pncs.figures; `from pncs.models import
            # Sector` imports pncs.models.
            self._add(candidate if candidate in MODULES else base, node)

    def _nested(self, node):
        self._depth += 1
        self.generic_visit(node)
        self._depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _nested

    def visit_If(self, node):
        test = node.test
        if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
            isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
        ):
            self._nested(node)
        else:
            self.generic_visit(node)

    def visit_Call(self, node):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name == "get_model":
            self.get_model_lines.append(node.lineno)
        self.generic_visit(node)


def _parse(module, path):
    return _parse_source(module, path.read_text(), is_package=path.name == "__init__.py")


def _parse_source(module, source, *, is_package=False):
    visitor = _Imports(module, is_package)
    visitor.visit(ast.parse(source))
    return visitor


PARSED = {module: _parse(module, path) for module, path in MODULES.items()}


def _project_target(name):
    """The project module an import names (the module itself, or the package whose attribute it
    takes), or None when it is outside the project."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _describe(module, name, line):
    return f"{MODULES[module].relative_to(ROOT)}:{line} imports {name}"


def test_the_parser_sees_the_project():
    """The checks below are only as good as the list of modules they read."""
    assert "members.models" in MODULES
    assert "redtalentos.lib.roles" in MODULES
    assert "redtalentos.management.commands.seed_demo" in MODULES
    assert not any(".migrations." in module for module in MODULES)
    imports = PARSED["pncs.figures"].found + PARSED["members.views.directory"].found
    assert any(_project_target(name) for name, _, _ in imports)


def test_the_parser_reads_every_kind_of_import():
    parsed = _parse_source(
        "pncs.views.sample",
        "from django.db import models\n"
        "from ..models import Sector\n"
        "from pncs import figures\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    import jornadas.models\n"
        "def page(request):\n"
        "    from members.models import Member\n"
        "    return apps.get_model('members', 'Member')\n",
    )
    assert ("pncs.models", 2, True) in parsed.found
    assert ("pncs.figures", 3, True) in parsed.found
    assert ("jornadas.models", 6, False) in parsed.found
    assert ("members.models", 8, False) in parsed.found
    assert parsed.get_model_lines == [9]
    assert floor_of("members.models") > floor_of("pncs.views.sample")


def _line_count(path):
    return len(path.read_text().splitlines())


def test_no_module_is_longer_than_the_limit():
    too_long = []
    matched = set()
    for path in MODULES.values():
        relative = path.relative_to(ROOT).as_posix()
        lines = _line_count(path)
        if lines <= MAX_LINES:
            continue
        if relative in KNOWN_LONG_MODULES:
            matched.add(relative)
            continue
        too_long.append(f"{relative}: {lines} lines")
    assert too_long == []
    assert matched == set(KNOWN_LONG_MODULES), "remove the exceptions that no longer apply"


def test_the_length_check_sees_every_app_and_skips_tests_and_migrations():
    seen = {path.relative_to(ROOT).parts[0] for path in MODULES.values()}
    assert seen == set(APPS)
    assert all(
        "migrations" not in path.parts and "tests" not in path.parts for path in MODULES.values()
    )


def test_imports_run_downhill():
    broken = []
    matched = set()
    for module, parsed in PARSED.items():
        if is_tooling(module):
            continue
        own = floor_of(module)
        for name, line, _ in parsed.found:
            target = floor_of(name)
            if target is None or target <= own:
                continue
            key = (module, _project_target(name) or name)
            if key in KNOWN_UPWARD_IMPORTS:
                matched.add(key)
                continue
            broken.append(_describe(module, name, line))
    assert broken == []
    assert matched == set(KNOWN_UPWARD_IMPORTS), "remove the exceptions that no longer apply"


def test_no_app_imports_another_apps_views():
    broken = []
    for module, parsed in PARSED.items():
        if is_tooling(module):
            continue
        app = module.split(".", 1)[0]
        for name, line, _ in parsed.found:
            parts = name.split(".")
            if parts[0] in FLOORS and parts[0] != app and "views" in parts[1:2]:
                broken.append(_describe(module, name, line))
    assert broken == []


def test_no_get_model_outside_migrations_and_tooling():
    broken = []
    matched = set()
    for module, parsed in PARSED.items():
        if is_tooling(module) or not parsed.get_model_lines:
            continue
        if module in KNOWN_GET_MODEL_CALLS:
            matched.add(module)
            continue
        path = MODULES[module].relative_to(ROOT)
        broken.extend(f"{path}:{line} calls get_model" for line in parsed.get_model_lines)
    assert broken == []
    assert matched == set(KNOWN_GET_MODEL_CALLS), "remove the exceptions that no longer apply"


def test_nothing_imports_the_tooling():
    broken = []
    for module, parsed in PARSED.items():
        if is_tooling(module):
            continue
        for name, line, _ in parsed.found:
            target = _project_target(name)
            if target and is_tooling(target):
                broken.append(_describe(module, name, line))
    assert broken == []


def _load_time_graph():
    graph = {module: set() for module in MODULES}
    for module, parsed in PARSED.items():
        for name, _, at_load in parsed.found:
            target = _project_target(name)
            if at_load and target and target != module:
                graph[module].add(target)
                # Importing a.b.c runs a/__init__.py and a/b/__init__.py first.
                parent = target.rpartition(".")[0]
                while parent:
                    if parent in MODULES and parent != module:
                        graph[module].add(parent)
                    parent = parent.rpartition(".")[0]
    return graph


def _cycles(graph):
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for neighbour in sorted(graph[node]):
            if neighbour not in index:
                visit(neighbour)
                low[node] = min(low[node], low[neighbour])
            elif neighbour in on_stack:
                low[node] = min(low[node], index[neighbour])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_cycle_finder_finds_a_loop():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_loop_between_project_modules():
    # A package's __init__ importing its own submodules, which import names back from the
    # package, is how a package re-exports its parts, not a loop between modules.
    graph = _load_time_graph()
    for module in graph:
        graph[module] = {
            target
            for target in graph[module]
            if not (module.startswith(target + ".") and MODULES[target].name == "__init__.py")
        }
    assert _cycles(graph) == []


@pytest.mark.parametrize(
    "module",
    ["redtalentos.management.commands.seed_demo", "redtalentos.management.commands.run_benchmark"],
)
def test_tooling_is_recognised(module):
    assert is_tooling(module)
    assert not is_tooling("redtalentos.lib.home")
    assert is_tooling("pncs.demo")
    assert is_tooling("members.directory_demo")
