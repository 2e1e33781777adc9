"""A small read-only GraphQL API of the registry (graphene): certificates by code and by filter.

Public data only. Queries are limited so the API cannot be made to work hard: a document of at
most 8 KB, depth ≤ 6, at most 100 items a page, 10 root fields (aliases included) and 500 items
a request; anything else is refused with 400 before it runs.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import graphene
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from graphene.validation import depth_limit_validator
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    VariableNode,
    parse,
    validate,
)
from graphql.validation import specified_rules

from catalog_sync.domain import OcopGroup
from catalog_sync.models import Certificate
from catalog_sync.normalise import matching_key
from catalog_sync.public import PublicStatus, public_status
from catalog_sync.validity import ocop_today

MAX_DEPTH = 6
MAX_PAGE = 100
MAX_DOCUMENT_BYTES = 8192
MAX_ROOT_FIELDS = 10
MAX_ITEMS_PER_REQUEST = 500
DEFAULT_PAGE = 20

StatusEnum = graphene.Enum.from_enum(PublicStatus)
GroupEnum = graphene.Enum.from_enum(OcopGroup)


class CertificateType(graphene.ObjectType):
    class Meta:
        name = "Certificate"

    code = graphene.String(required=True)
    product_name = graphene.String(required=True)
    producer = graphene.String(required=True)
    province = graphene.String(required=True)
    commune = graphene.String(required=True)
    stars = graphene.Int(required=True)
    group = graphene.Field(GroupEnum, required=True)
    decision_number = graphene.String(required=True)
    decided_on = graphene.Date(required=True)
    valid_until = graphene.Date(required=True)
    issuing_authority = graphene.String(required=True)
    status = graphene.Field(StatusEnum, required=True)

    @staticmethod
    def from_model(cert: Certificate) -> CertificateType:
        product = cert.product
        return CertificateType(
            code=product.code,
            product_name=product.name,
            producer=product.producer.name,
            province=product.province,
            commune=product.producer.commune,
            stars=cert.stars,
            group=cert.group,
            decision_number=cert.decision_number,
            decided_on=cert.decided_on,
            valid_until=cert.valid_until,
            issuing_authority=cert.issuing_authority,
            status=public_status(cert, ocop_today()).value,
        )


class CertificatePage(graphene.ObjectType):
    items = graphene.List(graphene.NonNull(CertificateType), required=True)
    next_cursor = graphene.String()


def _encode(pk: int) -> str:
    return base64.urlsafe_b64encode(f"c:{pk}".encode()).decode()


def _decode(cursor: str) -> int:
    try:
        return int(base64.urlsafe_b64decode(cursor.encode()).decode().removeprefix("c:"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise GraphQLError("invalid cursor") from exc


class Query(graphene.ObjectType):
    certificate = graphene.Field(
        CertificateType, code=graphene.String(required=True), description="the current certificate"
    )
    certificates = graphene.Field(
        CertificatePage,
        required=True,
        province=graphene.String(),
        stars=graphene.Int(),
        group=GroupEnum(),
        status=StatusEnum(),
        first=graphene.Int(default_value=20),
        after=graphene.String(),
    )

    @staticmethod
    def resolve_certificate(root: Any, info: Any, code: str) -> CertificateType | None:
        cert = (
            Certificate.objects.current()
            .select_related("product__producer")
            .filter(product__code__iexact=code.strip())
            .order_by("-decided_on")
            .first()
        )
        return CertificateType.from_model(cert) if cert else None

    @staticmethod
    def resolve_certificates(
        root: Any,
        info: Any,
        province: str | None = None,
        stars: int | None = None,
        group: Any = None,
        status: Any = None,
        first: int = 20,
        after: str | None = None,
    ) -> CertificatePage:
        if not 1 <= first <= MAX_PAGE:
            raise GraphQLError(f"first must be between 1 and {MAX_PAGE}")
        today = ocop_today()
        certs = Certificate.objects.current().select_related("product__producer").order_by("pk")
        if province:
            certs = certs.filter(product__province_key=matching_key(province))
        if stars is not None:
            certs = certs.filter(stars=stars)
        if group is not None:
            certs = certs.filter(group=getattr(group, "value", group))
        if status is not None:
            wanted = PublicStatus(getattr(status, "value", status))
            if wanted is PublicStatus.VALID:
                certs = certs.filter(status=Certificate.Status.ACTIVE, valid_until__gte=today)
            elif wanted is PublicStatus.EXPIRED:
                certs = certs.filter(
                    status__in=[Certificate.Status.ACTIVE, Certificate.Status.EXPIRED],
                    valid_until__lt=today,
                )
            else:
                certs = certs.filter(status=wanted.value)
        if after:
            certs = certs.filter(pk__gt=_decode(after))
        page = list(certs[: first + 1])
        items = page[:first]
        return CertificatePage(
            items=[CertificateType.from_model(c) for c in items],
            next_cursor=_encode(items[-1].pk) if len(page) > first else None,
        )


schema = graphene.Schema(query=Query, auto_camelcase=True)


class BadRequest(Exception):
    pass


def _bad_request(message: str) -> JsonResponse:
    return JsonResponse({"errors": [{"message": f"bad request: {message}"}]}, status=400)


def _read_body(request: HttpRequest) -> tuple[str, dict[str, Any]]:
    """The query and variables of a GET or POST, or BadRequest saying what is wrong."""
    if request.method == "POST":
        if len(request.body) > MAX_DOCUMENT_BYTES * 2:
            raise BadRequest(f"the request is larger than {MAX_DOCUMENT_BYTES * 2} bytes")
        try:
            body = json.loads(request.body or b"{}")
        except ValueError as exc:
            raise BadRequest(f"the body is not JSON ({exc})") from None
        if isinstance(body, list):
            raise BadRequest("batched requests are not supported: send one operation")
        if not isinstance(body, dict):
            raise BadRequest('the body must be a JSON object {"query": …, "variables": …}')
        query, variables = body.get("query"), body.get("variables")
    else:
        query = request.GET.get("query", "")
        try:
            variables = json.loads(request.GET.get("variables") or "{}")
        except ValueError as exc:
            raise BadRequest(f"variables are not JSON ({exc})") from None
    if not isinstance(query, str) or not query.strip():
        raise BadRequest("no query")
    if len(query.encode()) > MAX_DOCUMENT_BYTES:
        raise BadRequest(f"the query is longer than {MAX_DOCUMENT_BYTES} bytes")
    if variables is None:
        variables = {}
    if not isinstance(variables, dict):
        raise BadRequest("variables must be a JSON object")
    return query, variables


def _cost_errors(document: DocumentNode, variables: dict[str, Any]) -> list[str]:
    """Root fields and items the request asks for, against the limits."""
    errors = []
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        roots = _root_fields(definition.selection_set.selections, fragments)
        if len(roots) > MAX_ROOT_FIELDS:
            errors.append(f"{len(roots)} root fields: at most {MAX_ROOT_FIELDS} a request")
        items = sum(_page_size(field, variables) for field in roots)
        if items > MAX_ITEMS_PER_REQUEST:
            errors.append(f"{items} items asked for: at most {MAX_ITEMS_PER_REQUEST} a request")
    return errors


def _root_fields(
    selections: Any, fragments: dict[str, FragmentDefinitionNode], depth: int = 0
) -> list[FieldNode]:
    """The root fields, those reached through fragments included."""
    fields: list[FieldNode] = []
    if depth > MAX_DEPTH:
        return fields
    for selection in selections:
        if isinstance(selection, FieldNode):
            fields.append(selection)
        elif isinstance(selection, InlineFragmentNode):
            fields += _root_fields(selection.selection_set.selections, fragments, depth + 1)
        elif isinstance(selection, FragmentSpreadNode) and (
            fragment := fragments.get(selection.name.value)
        ):
            fields += _root_fields(fragment.selection_set.selections, fragments, depth + 1)
    return fields


def _page_size(field: FieldNode, variables: dict[str, Any]) -> int:
    if field.name.value != "certificates":
        return 1
    for argument in field.arguments or ():
        if argument.name.value != "first":
            continue
        if isinstance(argument.value, IntValueNode):
            return int(argument.value.value)
        if isinstance(argument.value, VariableNode):
            value = variables.get(argument.value.name.value)
            return value if isinstance(value, int) else DEFAULT_PAGE
    return DEFAULT_PAGE


@csrf_exempt
@require_http_methods(["GET", "POST"])
def graphql_view(request: HttpRequest) -> JsonResponse:
    try:
        query, variables = _read_body(request)
        document = parse(query)
    except BadRequest as exc:
        return _bad_request(str(exc))
    except GraphQLError as exc:
        return _bad_request(exc.message)
    if cost := _cost_errors(document, variables):
        return JsonResponse({"errors": [{"message": m} for m in cost]}, status=400)
    errors = validate(
        schema.graphql_schema, document, [*specified_rules, depth_limit_validator(MAX_DEPTH)]
    )
    if errors:
        return JsonResponse({"errors": [{"message": e.message} for e in errors]}, status=400)
    if any(
        isinstance(d, OperationDefinitionNode) and d.operation is not OperationType.QUERY
        for d in document.definitions
    ):
        return JsonResponse({"errors": [{"message": "only queries are allowed"}]}, status=400)
    result = schema.execute(query, variable_values=variables)
    payload: dict[str, Any] = {"data": result.data}
    if result.errors:
        payload["errors"] = [{"message": e.message} for e in result.errors]
    return JsonResponse(payload, status=200)
