"""The GraphQL operations the project sends, loaded from the ``.graphql`` files beside this module.

Each named operation becomes a self-contained document: the operation plus every fragment it uses,
so the contract tests validate exactly what goes over the wire.

This module is the one place that knows Saleor versions. Where versions differ, an operation has
variants named ``Name__3_22`` (for Saleor 3.22 and newer); the plain ``Name`` serves the oldest
supported version (3.21). The variant table (``variant_table``, built once per process) lists each
operation's variants; ``newest_fitting`` is the one rule that picks among versioned things (the
newest one the server's version allows), used for operations and for the few variables whose shape
changed (``saleor_api.catalogue``); ``parse_version`` is the one reader of version names (Saleor's
"3.23.28", a schema file's "3.24-dev", a variant's "3_22"). The contract tests validate each
variant against the schemas of the versions it serves.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    NameNode,
    OperationDefinitionNode,
    OperationType,
    parse,
    print_ast,
    visit,
)
from graphql.language import Visitor

OPERATIONS_DIR = Path(__file__).with_name("operations")
OLDEST_SUPPORTED = (3, 21)
_VERSION = re.compile(r"^(\d+)[._](\d+)")

Version = tuple[int, int]
T = TypeVar("T")


def parse_version(text: str) -> Version:
    """``"3.23.28"`` → (3, 23); ``"3.24.0-a.0"`` and ``"3.24-dev"`` → (3, 24); ``"3_22"`` (a
    variant's suffix) → (3, 22)."""
    match = _VERSION.match(text.strip())
    if not match:
        raise ValueError(f"not a Saleor version: {text!r}")
    return int(match[1]), int(match[2])


def newest_fitting(choices: Mapping[Version, T], version: Version | None) -> T:
    """The choice for a Saleor of ``version``: the newest one from that version or older (the
    oldest when the server is older still, the newest when its version is unknown)."""
    ordered = sorted(choices)
    if version is None:
        return choices[ordered[-1]]
    fitting = [since for since in ordered if since <= version]
    return choices[fitting[-1] if fitting else ordered[0]]


@dataclass(frozen=True)
class Operation:
    name: str
    kind: OperationType
    document: str  # the operation and its fragments, ready to send
    source: Path
    base_name: str
    since: Version  # the oldest Saleor this variant is for

    @property
    def is_mutation(self) -> bool:
        return self.kind is OperationType.MUTATION

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


def _version_of(name: str) -> tuple[str, Version]:
    """``"Name__3_22"`` → ("Name", (3, 22)); ``"Name"`` → ("Name", the oldest supported)."""
    base, _, suffix = name.partition("__")
    return (base, parse_version(suffix)) if suffix else (name, OLDEST_SUPPORTED)


def _variant_name(base: str, version: Version) -> str:
    return base if version == OLDEST_SUPPORTED else f"{base}__{version[0]}_{version[1]}"


@cache
def load_operations(directory: Path = OPERATIONS_DIR) -> dict[str, Operation]:
    """Every operation, and a variant of it for each Saleor version where a fragment it uses
    changes: a fragment ``Name__3_22`` replaces ``Name`` from Saleor 3.22 on, so an operation is
    written once and its ``__3_22`` variant is made here."""
    documents: list[tuple[Path, DocumentNode]] = [
        (path, parse(path.read_text(encoding="utf-8")))
        for path in sorted(directory.glob("*.graphql"))
    ]
    fragments: dict[str, dict[Version, FragmentDefinitionNode]] = {}
    for _path, doc in documents:
        for definition in doc.definitions:
            if isinstance(definition, FragmentDefinitionNode):
                base, since = _version_of(definition.name.value)
                if since in fragments.setdefault(base, {}):
                    raise ValueError(f"fragment {definition.name.value} is defined twice")
                fragments[base][since] = definition

    def fragment_for(name: str, version: Version, operation: str) -> FragmentDefinitionNode:
        variants = fragments.get(name)
        if not variants:
            raise ValueError(f"{operation} uses unknown fragment {name}")
        chosen = newest_fitting(variants, version)
        # Sent under the base name, which is what the spreads say.
        return FragmentDefinitionNode(
            name=NameNode(value=name),
            type_condition=chosen.type_condition,
            directives=chosen.directives,
            selection_set=chosen.selection_set,
            variable_definitions=chosen.variable_definitions,
        )

    def document_for(
        definition: OperationDefinitionNode, version: Version, name: str
    ) -> tuple[str, set[Version]]:
        needed: dict[str, FragmentDefinitionNode] = {}
        versions: set[Version] = set()
        pending = list(_spreads(definition))
        while pending:
            fragment_name = pending.pop()
            if fragment_name in needed:
                continue
            needed[fragment_name] = fragment_for(fragment_name, version, name)
            versions.update(fragments[fragment_name])
            pending.extend(_spreads(needed[fragment_name]))
        renamed = OperationDefinitionNode(
            operation=definition.operation,
            name=NameNode(value=name),
            variable_definitions=definition.variable_definitions,
            directives=definition.directives,
            selection_set=definition.selection_set,
        )
        parts = [print_ast(renamed)] + [print_ast(needed[n]) for n in sorted(needed)]
        return "\n\n".join(parts), versions

    operations: dict[str, Operation] = {}

    def add(name: str, definition: OperationDefinitionNode, document: str, path: Path) -> None:
        if name in operations:
            raise ValueError(f"operation {name} is defined twice")
        base, since = _version_of(name)
        operations[name] = Operation(name, definition.operation, document, path, base, since)

    for path, doc in documents:
        for definition in doc.definitions:
            if not isinstance(definition, OperationDefinitionNode):
                continue
            if definition.name is None:
                raise ValueError(f"{path.name}: every operation must have a name")
            written = definition.name.value
            base, since = _version_of(written)
            document, versions = document_for(definition, since, written)
            add(written, definition, document, path)
            if since != OLDEST_SUPPORTED:
                continue  # an explicitly written variant stands for its version only
            for version in sorted(v for v in versions if v > OLDEST_SUPPORTED):
                name = _variant_name(base, version)
                add(name, definition, document_for(definition, version, name)[0], path)
    return operations


def get_operation(name: str) -> Operation:
    try:
        return load_operations()[name]
    except KeyError:
        raise KeyError(f"no GraphQL operation named {name!r} in {OPERATIONS_DIR}") from None


@cache
def variant_table() -> dict[str, dict[Version, Operation]]:
    """Each operation's variants by the oldest Saleor they serve, built once."""
    table: dict[str, dict[Version, Operation]] = {}
    for operation in load_operations().values():
        table.setdefault(operation.base_name, {})[operation.since] = operation
    return table


def select_operation(base_name: str, version: Version | None) -> Operation:
    """The variant of ``base_name`` for a Saleor of ``version`` (the newest variant when unknown)."""
    try:
        variants = variant_table()[base_name]
    except KeyError:
        raise KeyError(f"no GraphQL operation named {base_name!r} in {OPERATIONS_DIR}") from None
    return newest_fitting(variants, version)


def is_versioned(base_name: str) -> bool:
    return len(variant_table().get(base_name, {})) > 1


SUBSCRIPTIONS_DIR = Path(__file__).with_name("subscriptions")


def subscription_document(file_name: str) -> str:
    """A webhook's subscription (its payload) from ``subscriptions/<file_name>``, with the
    fragments it uses from the other files there, ready to give Saleor."""
    for operation in load_operations(SUBSCRIPTIONS_DIR).values():
        if operation.source.name == file_name:
            return operation.document
    raise KeyError(f"no subscription in {SUBSCRIPTIONS_DIR / file_name}")
