"""/api/graphql refuses floods and malformed bodies with 400 before running anything."""

from __future__ import annotations

import json
import time

import pytest

pytestmark = pytest.mark.django_db


def post(client, body: object):
    return client.post("/api/graphql", json.dumps(body), content_type="application/json")


def test_an_alias_flood_is_refused_in_milliseconds(client):
    query = (
        "{"
        + " ".join(f"a{i}: certificates(first: 100) {{ items {{ code }} }}" for i in range(1000))
        + "}"
    )

    post(client, {"query": '{ a: certificate(code: "X") { code } }'})  # imports, once
    started = time.monotonic()
    response = client.post(
        "/api/graphql", json.dumps({"query": query}), content_type="application/json"
    )
    seconds = time.monotonic() - started

    assert response.status_code == 400
    assert seconds < 0.1  # it took 40 s and answered 31 MB
    assert "bad request: the request is larger than" in response.json()["errors"][0]["message"]


def test_too_many_root_fields_and_items_are_refused(client):
    many_roots = (
        "{" + " ".join(f'a{i}: certificate(code: "X{i}") {{ code }}' for i in range(11)) + "}"
    )
    many_items = (
        "{"
        + " ".join(f"a{i}: certificates(first: 100) {{ items {{ code }} }}" for i in range(6))
        + "}"
    )
    through_fragments = (
        "query { ...F } fragment F on Query { "
        + " ".join(f"a{i}: certificates(first: 100) {{ items {{ code }} }}" for i in range(6))
        + " }"
    )

    roots = post(client, {"query": many_roots})
    items = post(client, {"query": many_items})
    hidden = post(client, {"query": through_fragments})

    assert roots.status_code == 400
    assert roots.json()["errors"][0]["message"] == "11 root fields: at most 10 a request"
    assert items.status_code == 400
    assert items.json()["errors"][0]["message"] == "600 items asked for: at most 500 a request"
    assert hidden.status_code == 400


def test_a_page_size_given_as_a_variable_counts(client):
    query = "query($n: Int) { a: certificates(first: $n) { items { code } } b: certificates(first: $n) { items { code } } }"

    response = post(client, {"query": query, "variables": {"n": 300}})

    assert response.status_code == 400


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([{"query": '{ certificate(code: "A") { code } }'}], "batched requests are not supported"),
        ('{ certificate(code: "A") { code } }', "the body must be a JSON object"),
        (
            {"query": '{ certificate(code: "A") { code } }', "variables": [1]},
            "variables must be a JSON object",
        ),
        ({"query": 42}, "no query"),
        ({"query": "{ certificate(code: "}, "Syntax Error"),
    ],
)
def test_every_malformed_body_is_a_400_with_a_message(client, body, message):
    response = post(client, body)

    assert response.status_code == 400
    assert message in response.json()["errors"][0]["message"]


def test_a_body_that_is_not_json_is_a_400(client):
    response = client.post("/api/graphql", b"{not json", content_type="application/json")

    assert response.status_code == 400
    assert "the body is not JSON" in response.json()["errors"][0]["message"]


def test_a_long_query_is_refused(client):
    response = post(client, {"query": '{ certificate(code: "' + "A" * 9000 + '") { code } }'})

    assert response.status_code == 400
    assert "longer than 8192 bytes" in response.json()["errors"][0]["message"]
