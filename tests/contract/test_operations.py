"""Every GraphQL operation the project sends validates against every supported Saleor schema.

The schemas are Saleor's own SDL files: ``../shared/saleor/schema-*.graphql`` in this workplace, or the
folder named by ``SALEOR_SCHEMA_DIR`` (write one from a live Saleor with ``manage.py saleor_schema``).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest
from graphql import GraphQLSchema, build_schema, parse, validate
from graphql.validation import NoDeprecatedCustomRule, specified_rules

from saleor_api.operations import (
    is_versioned,
    load_operations,
    parse_version,
    select_operation,
)

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = Path(os.environ.get("SALEOR_SCHEMA_DIR") or ROOT.parent / "shared" / "saleor")
SCHEMA_FILES = sorted(SCHEMA_DIR.glob("schema-*.graphql"))
SUPPORTED = {"3.21", "3.22", "3.23", "3.24-dev"}


@cache
def schema(path: Path) -> GraphQLSchema:
    return build_schema(path.read_text(encoding="utf-8"))


def schema_id(path: Path) -> str:
    return path.stem.removeprefix("schema-")


def schema_version(path: Path) -> tuple[int, int] | None:
    """``schema-3.23.graphql`` → (3, 23); a file without a version is taken as the newest Saleor."""
    try:
        return parse_version(schema_id(path))
    except ValueError:
        return None


pytestmark = pytest.mark.skipif(
    not SCHEMA_FILES, reason=f"no Saleor schema-*.graphql in {SCHEMA_DIR} (set SALEOR_SCHEMA_DIR)"
)


def test_every_supported_saleor_version_has_a_schema():
    if "SALEOR_SCHEMA_DIR" in os.environ:
        pytest.skip("a custom schema folder is checked as it is")
    assert {schema_id(p) for p in SCHEMA_FILES} >= SUPPORTED


def test_the_project_has_operations():
    assert len(load_operations()) >= 10


@pytest.mark.parametrize("schema_path", SCHEMA_FILES, ids=schema_id)
@pytest.mark.parametrize("name", sorted(load_operations()))
def test_operation_validates_without_deprecated_fields(name, schema_path):
    operation = load_operations()[name]
    if not operation.serves(schema_version(schema_path)):
        pytest.skip(f"{name} is not sent to Saleor {schema_id(schema_path)}")
    document = parse(operation.document)

    errors = validate(schema(schema_path), document, [*specified_rules, NoDeprecatedCustomRule])

    assert [e.message for e in errors] == []


def test_versioned_operations_pick_the_variant_for_each_version():
    assert (
        select_operation("ProductByExternalReference", (3, 21)).name == "ProductByExternalReference"
    )
    assert select_operation("ProductByExternalReference", (3, 22)).name == (
        "ProductByExternalReference__3_22"
    )
    assert select_operation("ProductByExternalReference", (3, 24)).name == (
        "ProductByExternalReference__3_22"
    )
    assert select_operation("ShopInfo", (3, 23)).name == "ShopInfo"


@pytest.mark.parametrize("schema_path", SCHEMA_FILES, ids=schema_id)
def test_every_operation_has_a_variant_for_every_supported_version(schema_path):
    version = schema_version(schema_path)
    bases = {op.base_name for op in load_operations().values()}

    served = {
        base
        for base in bases
        if version is None or select_operation(base, version).since <= version
    }

    assert served == bases
    assert {b for b in bases if is_versioned(b)} >= {"ProductByExternalReference", "ProductsByIds"}
