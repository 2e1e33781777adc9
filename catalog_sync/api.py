"""A small read-only GraphQL API of the registry (graphene): certificates by code and by filter.

Public data only. Queries are limited in depth and page size so the API cannot be made to work
hard: depth ≤ 6, at most 100 items a page.
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
from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse, validate
from graphql.validation import specified_rules

from catalog_sync.domain import OcopGroup
from catalog_sync.models import Certificate
from catalog_sync.normalise import matching_key
from catalog_sync.public import PublicStatus, public_status
from catalog_sync.validity import ocop_today

MAX_DEPTH = 6
MAX_PAGE = 100

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


@csrf_exempt
@require_http_methods(["GET", "POST"])
def graphql_view(request: HttpRequest) -> JsonResponse:
    try:
        if request.method == "POST":
            body = json.loads(request.body or b"{}")
        else:
            body = {
                "query": request.GET.get("query", ""),
                "variables": json.loads(request.GET.get("variables") or "{}"),
            }
        query = str(body.get("query") or "")
        variables = body.get("variables") or {}
        document = parse(query)
    except (ValueError, GraphQLError) as exc:
        return JsonResponse({"errors": [{"message": f"bad request: {exc}"}]}, status=400)
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
