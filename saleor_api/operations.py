"""The GraphQL operations the project sends, loaded from the ``.graphql`` files beside this module.

Each named operation becomes a self-contained document: the operation plus every fragment it uses,
so the contract tests validate exactly what goes over the wire.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class Operation:
    name: str
    kind: OperationType
    document: str  # the operation and its fragments, ready to send
    source: Path

    @property
    def is_mutation(self) -> bool:
        return self.kind is OperationType.MUTATION


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
