import json

import httpx
import pytest

from saleor_api.client import SaleorClient, Upload, chunked
from saleor_api.errors import (
    SaleorAuthError,
    SaleorGraphQLError,
    SaleorMutationError,
    SaleorNotConfigured,
    SaleorUnavailable,
)
from saleor_api.operations import parse_version


def client_answering(*responses, **kwargs):
    queue = list(responses)
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    client = SaleorClient(
        "http://saleor.test/graphql/",
        "secret-token",
        transport=httpx.MockTransport(handler),
        sleep=lambda _s: None,
        **kwargs,
    )
    return client, seen


SHOP = httpx.Response(200, json={"data": {"shop": {"name": "S", "version": "3.21.5"}}})


def test_a_query_sends_the_operation_and_the_app_token():
    client, seen = client_answering(SHOP)

    data = client.execute("ShopInfo")

    assert data == {"shop": {"name": "S", "version": "3.21.5"}}
    assert seen[0].headers["Authorization"] == "Bearer secret-token"
    body = httpx.Request("POST", "/", content=seen[0].content).read()
    assert b'"operationName":"ShopInfo"' in body.replace(b" ", b"")


def test_network_errors_5xx_and_rate_limits_are_retried_for_queries():
    client, seen = client_answering(
        httpx.ConnectError("refused"),
        httpx.Response(503),
        httpx.Response(429, headers={"Retry-After": "1"}),
        httpx.ReadTimeout("slow"),
        SHOP,
    )

    assert client.execute("ShopInfo")["shop"]["version"] == "3.21.5"
    assert len(seen) == 5


def test_retries_stop_after_the_limit_with_a_clear_error():
    client, seen = client_answering(*[httpx.Response(502)] * 3, max_retries=2)

    with pytest.raises(SaleorUnavailable, match=r"ShopInfo: HTTP 502 \(after 3 tries\)"):
        client.execute("ShopInfo")
    assert len(seen) == 3


def test_a_mutation_that_may_have_been_applied_is_not_repeated():
    client, seen = client_answering(httpx.ReadTimeout("slow"))

    with pytest.raises(SaleorUnavailable, match="ProductDelete: ReadTimeout"):
        client.mutate("ProductDelete", {"id": "UHJvZHVjdDox"}, result="productDelete")
    assert len(seen) == 1


def test_a_mutation_is_retried_when_saleor_never_ran_it():
    ok = httpx.Response(200, json={"data": {"productDelete": {"errors": []}}})
    client, seen = client_answering(httpx.ConnectError("refused"), httpx.Response(503), ok)

    client.mutate("ProductDelete", {"id": "UHJvZHVjdDox"}, result="productDelete")

    assert len(seen) == 3
    assert client.mutations_sent == 3


def test_a_500_on_a_mutation_is_reported_not_repeated():
    client, seen = client_answering(httpx.Response(500))

    with pytest.raises(SaleorUnavailable):
        client.mutate("ProductDelete", {"id": "x"}, result="productDelete")
    assert len(seen) == 1


def test_mutation_errors_become_typed_errors_naming_operation_and_field():
    answer = httpx.Response(
        200,
        json={
            "data": {
                "productDelete": {
                    "errors": [{"field": "id", "code": "NOT_FOUND", "message": "Couldn't resolve"}]
                }
            }
        },
    )
    client, _ = client_answering(answer)

    with pytest.raises(SaleorMutationError) as caught:
        client.mutate("ProductDelete", {"id": "x"}, result="productDelete")

    assert caught.value.operation == "ProductDelete"
    assert caught.value.fields == {"id"}
    assert caught.value.codes == {"NOT_FOUND"}
    assert str(caught.value) == "ProductDelete: id: NOT_FOUND (Couldn't resolve)"


def test_top_level_errors_become_graphql_errors_and_permission_errors_auth_errors():
    denied = httpx.Response(
        200,
        json={
            "data": None,
            "errors": [
                {"message": "no", "extensions": {"exception": {"code": "PermissionDenied"}}}
            ],
        },
    )
    broken = httpx.Response(200, json={"data": None, "errors": [{"message": "Syntax Error"}]})
    client, _ = client_answering(denied, broken, httpx.Response(401))

    with pytest.raises(SaleorAuthError, match="ShopInfo: no"):
        client.execute("ShopInfo")
    with pytest.raises(SaleorGraphQLError, match="ShopInfo: Syntax Error"):
        client.execute("ShopInfo")
    with pytest.raises(SaleorAuthError, match="HTTP 401"):
        client.execute("ShopInfo")


def test_versioned_operations_follow_the_server_version():
    product = httpx.Response(200, json={"data": {"product": None}})
    client, seen = client_answering(SHOP, product, product)

    client.execute("ProductByExternalReference", {"externalReference": "a"})
    client.execute("ProductByExternalReference", {"externalReference": "b"})

    names = [httpx.Request("POST", "/", content=r.content).content for r in seen]
    assert b'"ShopInfo"' in names[0]
    assert b'"ProductByExternalReference"' in names[1]  # 3.21: the attributes variant
    assert len(seen) == 3  # the version was asked once


def test_pagination_follows_cursors_in_pages_of_at_most_100():
    page = {
        "products": {
            "pageInfo": {"hasNextPage": True, "endCursor": "c1"},
            "edges": [{"node": {"id": "1"}}],
        }
    }
    last = {
        "products": {
            "pageInfo": {"hasNextPage": False, "endCursor": None},
            "edges": [{"node": {"id": "2"}}],
        }
    }
    client, seen = client_answering(
        SHOP, httpx.Response(200, json={"data": page}), httpx.Response(200, json={"data": last})
    )

    nodes = list(
        client.paginate("ProductsByIds", {"ids": []}, connection="products", page_size=500)
    )

    assert [n["id"] for n in nodes] == ["1", "2"]
    assert b'"first":100' in seen[1].content.replace(b" ", b"")
    assert b'"after":"c1"' in seen[2].content.replace(b" ", b"")


def test_a_client_without_url_is_a_configuration_error():
    with pytest.raises(SaleorNotConfigured):
        SaleorClient("")


def test_versions_and_chunks():
    assert parse_version("3.23.28") == (3, 23)
    assert parse_version("3.24.0-a.0") == (3, 24)
    assert list(chunked(range(5), 2)) == [[0, 1], [2, 3], [4]]


MEDIA_CREATED = httpx.Response(
    200, json={"data": {"productMediaCreate": {"media": {"id": "TWVkaWE6MQ=="}, "errors": []}}}
)
PHOTO = Upload("mat-ong.jpg", b"\xff\xd8\xff photo bytes", "image/jpeg")


def multipart_parts(request: httpx.Request) -> list[tuple[str, str | None, str, bytes]]:
    """(name, filename, content type, content) of each part, in order."""
    from email.parser import BytesParser
    from email.policy import HTTP

    head = b"Content-Type: " + request.headers["content-type"].encode() + b"\r\n\r\n"
    message = BytesParser(policy=HTTP).parsebytes(head + request.content)
    return [
        (
            str(part.get_param("name", header="content-disposition")),
            part.get_filename(),
            part.get_content_type(),
            bytes(part.get_payload(decode=True)),
        )
        for part in message.iter_parts()
    ]


def upload_photo(client: SaleorClient) -> dict:
    return client.mutate(
        "ProductMediaCreate",
        {"product": "UHJvZHVjdDox", "alt": "Mật ong"},
        result="productMediaCreate",
        uploads={"image": PHOTO},
    )


def test_an_upload_is_a_graphql_multipart_request_with_the_app_token():
    client, seen = client_answering(MEDIA_CREATED)

    payload = upload_photo(client)

    assert payload["media"] == {"id": "TWVkaWE6MQ=="}
    request = seen[0]
    assert request.headers["Authorization"] == "Bearer secret-token"
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    parts = multipart_parts(request)
    assert [(name, filename, kind) for name, filename, kind, _ in parts] == [
        ("operations", None, "text/plain"),
        ("map", None, "text/plain"),
        ("0", "mat-ong.jpg", "image/jpeg"),
    ]
    operations = json.loads(parts[0][3])
    assert operations["operationName"] == "ProductMediaCreate"
    assert operations["variables"] == {"product": "UHJvZHVjdDox", "alt": "Mật ong", "image": None}
    assert json.loads(parts[1][3]) == {"0": ["variables.image"]}
    assert parts[2][3] == PHOTO.content


def test_an_upload_is_sent_again_whole_when_saleor_never_ran_it():
    client, seen = client_answering(
        httpx.ConnectError("refused"), httpx.Response(503), MEDIA_CREATED
    )

    upload_photo(client)

    assert len(seen) == 3
    assert [multipart_parts(r)[2][3] for r in seen] == [PHOTO.content] * 3


def test_an_upload_that_may_have_been_applied_is_not_repeated():
    client, seen = client_answering(httpx.ReadTimeout("slow"))

    with pytest.raises(SaleorUnavailable, match="ProductMediaCreate: ReadTimeout"):
        upload_photo(client)
    assert len(seen) == 1
