"""No app imports itself in a circle: between the modules of one app, imports go one way.

import-linter's layers contract keeps the arrows between apps pointing down; inside an app a circle
of imports is hidden as soon as one of its imports moves into a function, so it is looked for here,
on the graph grimp builds from the source (imports under ``TYPE_CHECKING`` and inside functions
count: they are the ones that hide a circle).
"""

from collections.abc import Iterable, Mapping

import grimp
import pytest

#: The product and the dev package beside it (simulators, demo, bench, test helpers).
ROOTS = ("motcua", "motcua_dev")


def strongly_connected(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The strongly connected components of ``graph`` with more than one node (Tarjan, without
    recursion), each sorted, in a stable order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    advanced = True
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
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
    return sorted(found)


def app_graph(graph: grimp.ImportGraph, app: str) -> dict[str, set[str]]:
    """The direct imports between the modules of ``app`` (its package itself included)."""
    modules = {m for m in graph.modules if m == app or m.startswith(f"{app}.")}
    return {m: graph.find_modules_directly_imported_by(m) & modules for m in modules}


def test_strongly_connected_finds_each_circle_and_nothing_else() -> None:
    graph = {
        "a": {"b"},
        "b": {"c"},
        "c": {"a", "d"},
        "d": {"e"},
        "e": {"d"},
        "f": {"a"},
        "g": set(),
    }
    assert strongly_connected(graph) == [["a", "b", "c"], ["d", "e"]]
    assert strongly_connected({"a": {"b"}, "b": set()}) == []


@pytest.fixture(scope="module")
def project_graph() -> grimp.ImportGraph:
    return grimp.build_graph(*ROOTS)


def test_the_graph_sees_imports_inside_functions(project_graph: grimp.ImportGraph) -> None:
    """The apps' ``AppConfig.ready()`` import their hooks inside the method: the graph has them."""
    assert "motcua.dossiers.sla" in project_graph.find_modules_directly_imported_by(
        "motcua.dossiers.apps"
    )


def test_no_app_imports_itself_in_a_circle(project_graph: grimp.ImportGraph) -> None:
    apps = sorted(
        m
        for root in ROOTS
        for m in project_graph.find_children(root)
        if project_graph.find_children(m)
    )
    assert {"motcua.dossiers", "motcua_dev.bench"} <= set(apps)
    circles = {
        app: cycles for app in apps if (cycles := strongly_connected(app_graph(project_graph, app)))
    }
    assert circles == {}, "\n".join(
        f"{app}: {' <-> '.join(cycle)}" for app, cycles in circles.items() for cycle in cycles
    )
