"""The import rules of the architecture (issue 11), so a new violation fails the suite.

The contracts are import-linter's, in pyproject.toml (`[tool.importlinter]`): the layers config →
features → domain (catalog_sync) → gateway (saleor_api); only the gateway uses the GraphQL client;
the storefront never imports the registry's models. Here, besides running them: no import cycle
between top-level packages (features may import one another, never in a circle), and no
top-level package escapes the contracts.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Set
from pathlib import Path

import grimp
import pytest
from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

ROOT = Path(__file__).resolve().parent.parent
NOT_APPLICATION_CODE = {"tests"}


def root_packages() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return list(config["tool"]["importlinter"]["root_packages"])


def package_graph(packages: list[str]) -> dict[str, set[str]]:
    """Which top-level package imports which (type-checking imports left out)."""
    graph = grimp.build_graph(*packages, exclude_type_checking_imports=True, cache_dir=None)
    return {
        importer: {
            imported
            for imported in packages
            if imported != importer
            and graph.direct_import_exists(importer=importer, imported=imported, as_packages=True)
        }
        for importer in packages
    }


def find_cycle(edges: Mapping[str, Set[str]]) -> list[str] | None:
    """A cycle of the directed graph as [a, b, ..., a], or None when it has none."""
    visiting: list[str] = []
    done: set[str] = set()

    def visit(node: str) -> list[str] | None:
        if node in visiting:
            return [*visiting[visiting.index(node) :], node]
        if node in done:
            return None
        visiting.append(node)
        for target in sorted(edges.get(node, ())):
            cycle = visit(target)
            if cycle:
                return cycle
        visiting.pop()
        done.add(node)
        return None

    for start in sorted(edges):
        cycle = visit(start)
        if cycle:
            return cycle
    return None


def test_the_import_contracts_are_kept():
    # On failure, the captured output names each broken contract and the imports that break it.
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)

    assert status == EXIT_STATUS_SUCCESS


def test_no_import_cycle_between_top_level_packages():
    assert find_cycle(package_graph(root_packages())) is None


def test_every_top_level_package_is_under_the_contracts():
    packages = {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in NOT_APPLICATION_CODE
    }

    assert packages == set(root_packages())


@pytest.mark.parametrize(
    ("edges", "cycle"),
    [
        ({"storefront": {"payments"}, "payments": {"saleor_app"}, "saleor_app": set()}, None),
        (
            {"saleor_api": {"payments"}, "payments": {"saleor_api"}},
            ["payments", "saleor_api", "payments"],
        ),
        (
            {"a": {"b"}, "b": {"c"}, "c": {"d"}, "d": {"b"}},
            ["b", "c", "d", "b"],
        ),
    ],
)
def test_the_cycle_finder_finds_the_cycle_the_gateway_had(edges, cycle):
    assert find_cycle(edges) == cycle
