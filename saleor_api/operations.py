"""The GraphQL operations the project sends, loaded from the ``.graphql`` files beside this module.

Each named operation becomes a self-contained document: the operation plus every fragment it uses,
so the contract tests validate exactly what goes over the wire.

Where Saleor versions differ, an operation has variants named ``Name__3_22`` (for Saleor 3.22 and
newer); the plain ``Name`` serves the oldest supported version (3.21). The gateway picks the newest
variant the server's version allows; the contract tests validate each variant against the schemas of
the versions it serves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
    OperationType,
    parse,
    print_ast,
    visit,
)
from graphql.language import Visitor

OPERATIONS_DIR = Path(__file__).with_name("operations")
OLDEST_SUPPORTED = (3, 21)
_VARIANT = re.compile(r"^(?P<base>[A-Za-z0-9]+)__(?P<major>\d+)_(?P<minor>\d+)$")

Version = tuple[int, int]


@dataclass(frozen=True)
class Operation:
    name: str
    kind: OperationType
    document: str  # the operation and its fragments, ready to send
    source: Path

    @property
    def is_mutation(self) -> bool:
        return self.kind is OperationType.MUTATION

    @property
    def base_name(self) -> str:
        match = _VARIANT.match(self.name)
        return match["base"] if match else self.name

    @property
    def since(self) -> Version:
        match = _VARIANT.match(self.name)
        return (int(match["major"]), int(match["minor"])) if match else OLDEST_SUPPORTED

    def serves(self, version: Version | None) -> bool:
        """Whether the gateway sends this variant to a Saleor of ``version``."""
        return select_operation(self.base_name, version).name == self.name


class _SpreadCollector(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: object) -> None:
        self.names.add(node.name.value)


def _spreads(node: OperationDefinitionNode | FragmentDefinitionNode) -> set[str]:
    collector = _SpreadCollector()
    visit(node, collector)
    return collector.names


@cache
def load_operations(directory: Path = OPERATIONS_DIR) -> dict[str, Operation]:
    documents: list[tuple[Path, DocumentNode]] = [
        (path, parse(path.read_text(encoding="utf-8")))
        for path in sorted(directory.glob("*.graphql"))
    ]
    fragments: dict[str, FragmentDefinitionNode] = {}
    for _path, doc in documents:
        for definition in doc.definitions:
            if isinstance(definition, FragmentDefinitionNode):
                name = definition.name.value
                if name in fragments:
                    raise ValueError(f"fragment {name} is defined twice")
                fragments[name] = definition

    operations: dict[str, Operation] = {}
    for path, doc in documents:
        for definition in doc.definitions:
            if not isinstance(definition, OperationDefinitionNode):
                continue
            if definition.name is None:
                raise ValueError(f"{path.name}: every operation must have a name")
            name = definition.name.value
            if name in operations:
                raise ValueError(f"operation {name} is defined twice")
            needed: list[str] = []
            pending = list(_spreads(definition))
            while pending:
                fragment_name = pending.pop()
                if fragment_name in needed:
                    continue
                if fragment_name not in fragments:
                    raise ValueError(f"{name} uses unknown fragment {fragment_name}")
                needed.append(fragment_name)
                pending.extend(_spreads(fragments[fragment_name]))
            parts = [print_ast(definition)] + [print_ast(fragments[n]) for n in sorted(needed)]
            operations[name] = Operation(
                name=name, kind=definition.operation, document="\n\n".join(parts), source=path
            )
    return operations


def get_operation(name: str) -> Operation:
    try:
        return load_operations()[name]
    except KeyError:
        raise KeyError(f"no GraphQL operation named {name!r} in {OPERATIONS_DIR}") from None


def select_operation(base_name: str, version: Version | None) -> Operation:
    """The variant of ``base_name`` for a Saleor of ``version`` (the newest variant when unknown)."""
    variants = [op for op in load_operations().values() if op.base_name == base_name]
    if not variants:
        raise KeyError(f"no GraphQL operation named {base_name!r} in {OPERATIONS_DIR}")
    variants.sort(key=lambda op: op.since)
    if version is None:
        return variants[-1]
    fitting = [op for op in variants if op.since <= version]
    return fitting[-1] if fitting else variants[0]


def is_versioned(base_name: str) -> bool:
    return sum(op.base_name == base_name for op in load_operations().values()) > 1
