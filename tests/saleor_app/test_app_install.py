"""The shop as a Saleor App: the manifest Saleor reads, and the token it sends at installation."""

from __future__ import annotations

import json
import logging
import re

import httpx
import pytest
import respx
from django.urls import reverse
from graphql import OperationDefinitionNode, parse, validate
from graphql.language import InlineFragmentNode, Visitor, visit
from graphql.validation import NoDeprecatedCustomRule, specified_rules

from saleor_api import blueprint, connection
from saleor_app import manifest as app_manifest
from saleor_app import views
from saleor_app.manifest import APP_PERMISSIONS
from saleor_app.models import AppInstallation
from saleor_app.webhooks import catalogue_subscription, event_typename
from tests.contract.test_operations import SCHEMA_FILES, schema, schema_id

DOMAIN = "saleor.test"
API_URL = "https://saleor.test/graphql/"
TOKEN = "s3cr3t-app-token-7f1e2d"
APP_ID = "QXBwOjQy"


@pytest.fixture(autouse=True)
def _saleor_settings(settings):
    settings.SALEOR_ALLOWED_DOMAINS = [DOMAIN]
    settings.SALEOR_API_URL = ""
    settings.APP_PUBLIC_URL = "https://shop.test/"


@pytest.fixture
def client_resets(monkeypatch) -> list[str]:
    resets: list[str] = []
    monkeypatch.setattr(views, "reset_client", lambda: resets.append("reset"))
    return resets


def saleor_answers(response: httpx.Response | Exception) -> respx.MockRouter:
    router = respx.mock(assert_all_mocked=True, assert_all_called=False)
    route = router.post(API_URL)
    if isinstance(response, Exception):
        route.mock(side_effect=response)
    else:
        route.mock(return_value=response)
    return router


APP_FOUND = httpx.Response(200, json={"data": {"app": {"id": APP_ID}}})


def install(client, body: object = None, *, api_url: str | None = API_URL, domain: str = DOMAIN):
    headers = {"Saleor-Domain": domain}
    if api_url is not None:
        headers["Saleor-Api-Url"] = api_url
    data = json.dumps({"auth_token": TOKEN} if body is None else body)
    return client.post(
        reverse("saleor_app:register"), data=data, content_type="application/json", headers=headers
    )


# --- manifest ---------------------------------------------------------------------------------


def test_the_manifest_describes_the_app(client):
    response = client.get("/saleor/manifest")

    assert response.status_code == 200
    manifest = response.json()
    assert {k: v for k, v in manifest.items() if k != "webhooks"} == {
        "id": "ocop-shop",
        "version": "0.1.0",
        "name": "OCOP shop",
        "about": app_manifest.APP_ABOUT,
        "author": "OCOP shop",
        "requiredSaleorVersion": ">=3.21",
        "permissions": [
            "MANAGE_PRODUCTS",
            "MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES",
            "MANAGE_CHANNELS",
            "MANAGE_SHIPPING",
            "MANAGE_TRANSLATIONS",
            "MANAGE_CHECKOUTS",
            "HANDLE_CHECKOUTS",
            "MANAGE_ORDERS",
            "HANDLE_PAYMENTS",
            "MANAGE_DISCOUNTS",
        ],
        "appUrl": "https://shop.test/",
        "homepageUrl": "https://shop.test/",
        "tokenTargetUrl": "https://shop.test/saleor/register",
    }
    assert manifest["webhooks"][0] == {
        "name": "OCOP shop catalogue events",
        "targetUrl": "https://shop.test/saleor/webhooks/",
        "asyncEvents": [
            "PRODUCT_UPDATED",
            "PRODUCT_DELETED",
            "PRODUCT_VARIANT_UPDATED",
            "PRODUCT_VARIANT_STOCK_UPDATED",
            "CATEGORY_UPDATED",
        ],
        "query": catalogue_subscription(),
        "isActive": True,
    }


def test_the_manifest_urls_follow_the_public_url(client, settings):
    settings.APP_PUBLIC_URL = "http://127.0.0.1:8000"

    manifest = client.get("/saleor/manifest").json()

    assert manifest["tokenTargetUrl"] == "http://127.0.0.1:8000/saleor/register"
    assert manifest["webhooks"][0]["targetUrl"] == "http://127.0.0.1:8000/saleor/webhooks/"
    assert manifest["appUrl"] == "http://127.0.0.1:8000/"


def test_the_manifest_is_only_read(client):
    assert client.post("/saleor/manifest").status_code == 405


def test_the_webhook_events_are_the_blueprints():
    assert app_manifest.manifest_data()["webhooks"][0]["asyncEvents"] == list(
        blueprint.WEBHOOK_EVENTS
    )


class _InlineFragments(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.types: list[str] = []

    def enter_inline_fragment(self, node: InlineFragmentNode, *_: object) -> None:
        if node.type_condition is not None:
            self.types.append(node.type_condition.name.value)


def test_the_subscription_asks_for_exactly_the_webhook_events():
    document = parse(catalogue_subscription())
    fragments = _InlineFragments()
    visit(document, fragments)

    assert fragments.types == [event_typename(e.lower()) for e in blueprint.WEBHOOK_EVENTS]
    (operation,) = document.definitions
    assert isinstance(operation, OperationDefinitionNode)
    assert operation.operation.value == "subscription"
    assert re.search(r"event \{\s+__typename\s+issuedAt\b", catalogue_subscription())


@pytest.mark.parametrize("schema_path", SCHEMA_FILES, ids=schema_id)
@pytest.mark.parametrize(
    "document",
    [catalogue_subscription()],
    ids=["catalogue-subscription"],
)
def test_the_documents_validate_without_deprecated_fields(schema_path, document):
    errors = validate(
        schema(schema_path), parse(document), [*specified_rules, NoDeprecatedCustomRule]
    )

    assert [e.message for e in errors] == []


@pytest.mark.parametrize("schema_path", SCHEMA_FILES, ids=schema_id)
def test_the_permissions_exist_in_every_saleor(schema_path):
    permission_enum = schema(schema_path).get_type("PermissionEnum")

    assert set(APP_PERMISSIONS) <= set(permission_enum.values)  # type: ignore[union-attr]
    assert "MANAGE_APPS" not in APP_PERMISSIONS  # Saleor never grants it to an app


# --- registration -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_allowed_saleor_installs_the_app(
    client, django_capture_on_commit_callbacks, client_resets, caplog
):
    with (
        saleor_answers(APP_FOUND) as saleor,
        caplog.at_level(logging.DEBUG),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = install(client)
        asked = saleor.calls.last.request

    assert response.status_code == 200
    assert response.json() == {"success": True}
    installation = AppInstallation.objects.get()
    assert (installation.saleor_domain, installation.api_url, installation.auth_token) == (
        DOMAIN,
        API_URL,
        TOKEN,
    )
    assert asked.headers["Authorization"] == f"Bearer {TOKEN}"
    assert json.loads(asked.content)["operationName"] == "AppId"
    assert client_resets == ["reset"]
    assert "Saleor at saleor.test installed the app (app QXBwOjQy)" in caplog.text
    assert TOKEN not in caplog.text


@pytest.mark.django_db
def test_installing_again_replaces_the_token(
    client, django_capture_on_commit_callbacks, client_resets
):
    AppInstallation.objects.create(saleor_domain=DOMAIN, api_url=API_URL, auth_token="old-token")

    with saleor_answers(APP_FOUND), django_capture_on_commit_callbacks(execute=True):
        response = install(client)

    assert response.status_code == 200
    assert list(AppInstallation.objects.values_list("saleor_domain", "auth_token")) == [
        (DOMAIN, TOKEN)
    ]
    assert client_resets == ["reset"]


@pytest.mark.django_db
def test_the_gateway_uses_the_installed_token_when_settings_name_none(client, settings):
    settings.SALEOR_APP_TOKEN = ""
    AppInstallation.objects.create(saleor_domain=DOMAIN, api_url=API_URL, auth_token=TOKEN)

    assert (connection.api_url(), connection.app_token()) == (API_URL, TOKEN)


@pytest.mark.django_db
def test_settings_take_precedence_over_the_installation(client, settings):
    settings.SALEOR_API_URL = "http://127.0.0.1:8100/graphql/"
    settings.SALEOR_APP_TOKEN = "token-from-settings"
    AppInstallation.objects.create(saleor_domain=DOMAIN, api_url=API_URL, auth_token=TOKEN)

    assert (connection.api_url(), connection.app_token()) == (
        "http://127.0.0.1:8100/graphql/",
        "token-from-settings",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("api_url", "domain"),
    [
        ("https://evil.test/graphql/", "evil.test"),
        ("https://evil.test/graphql/", DOMAIN),
        (API_URL, "evil.test"),
        ("https://saleor.test:444/graphql/", "saleor.test:444"),
    ],
    ids=["other-saleor", "api-url-elsewhere", "domain-elsewhere", "other-port"],
)
def test_a_saleor_not_allowed_is_refused(client, client_resets, caplog, api_url, domain):
    with saleor_answers(APP_FOUND) as saleor, caplog.at_level(logging.DEBUG):
        response = install(client, api_url=api_url, domain=domain)
        saleor_calls = saleor.calls.call_count

    assert response.status_code == 403
    assert response.json() == {
        "success": False,
        "error": {
            "code": "SALEOR_NOT_ALLOWED",
            "message": "this Saleor is not allowed to install the app",
        },
    }
    assert AppInstallation.objects.count() == 0
    assert saleor_calls == 0
    assert client_resets == []
    assert TOKEN not in caplog.text


@pytest.mark.django_db
def test_without_allowed_domains_the_configured_saleor_may_install(
    client, settings, django_capture_on_commit_callbacks, client_resets
):
    settings.SALEOR_ALLOWED_DOMAINS = []
    settings.SALEOR_API_URL = API_URL

    with saleor_answers(APP_FOUND), django_capture_on_commit_callbacks(execute=True):
        response = install(client)

    assert response.status_code == 200
    assert AppInstallation.objects.get().saleor_domain == DOMAIN


@pytest.mark.django_db
def test_without_any_configuration_no_saleor_may_install(client, settings):
    settings.SALEOR_ALLOWED_DOMAINS = []
    settings.SALEOR_API_URL = ""

    with saleor_answers(APP_FOUND):
        response = install(client)

    assert response.status_code == 403
    assert AppInstallation.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("saleor_answer", "reason"),
    [
        (
            httpx.Response(200, json={"data": {"app": None}}),
            "Saleor does not know the token as an app token",
        ),
        (
            httpx.Response(200, json={"errors": [{"message": "Invalid token"}], "data": None}),
            "Saleor refused the token (AppId: Invalid token)",
        ),
        (
            httpx.Response(401, json={}),
            "Saleor refused the token (AppId: HTTP 401: the app token was refused)",
        ),
        (
            httpx.Response(502, text="Bad Gateway"),
            "Saleor did not answer (AppId: HTTP 502 (after 1 tries))",
        ),
        (
            httpx.Response(200, text="<html>"),
            "Saleor did not answer (AppId: HTTP 200: the answer is not JSON)",
        ),
        (
            httpx.ConnectError("refused"),
            "Saleor did not answer (AppId: ConnectError: refused (after 1 tries))",
        ),
        (
            httpx.ReadTimeout("slow"),
            "Saleor did not answer (AppId: ReadTimeout: slow (after 1 tries))",
        ),
    ],
    ids=["no-app", "graphql-error", "401", "502", "not-json", "unreachable", "timeout"],
)
def test_a_token_saleor_does_not_confirm_is_refused(
    client, client_resets, caplog, saleor_answer, reason
):
    with saleor_answers(saleor_answer), caplog.at_level(logging.DEBUG):
        response = install(client)

    assert response.status_code == 400
    assert response.json() == {
        "success": False,
        "error": {
            "code": "TOKEN_NOT_VERIFIED",
            "message": f"the token could not be verified: {reason}",
        },
    }
    assert AppInstallation.objects.count() == 0
    assert client_resets == []
    assert f"refused an installation from saleor.test: {reason}" in caplog.text
    assert TOKEN not in caplog.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [{}, {"auth_token": ""}, {"auth_token": 42}, ["auth_token"], {"auth_token": "x" * 256}],
    ids=["no-token", "empty", "not-text", "not-an-object", "too-long"],
)
def test_a_body_without_a_usable_token_is_refused(client, body):
    with saleor_answers(APP_FOUND) as saleor:
        response = install(client, body)
        saleor_calls = saleor.calls.call_count

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_TOKEN"
    assert saleor_calls == 0


@pytest.mark.django_db
def test_a_body_that_is_not_json_is_refused(client):
    response = client.post(
        "/saleor/register",
        data="auth_token=abc",
        content_type="application/x-www-form-urlencoded",
        headers={"Saleor-Domain": DOMAIN, "Saleor-Api-Url": API_URL},
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_BODY"


@pytest.mark.django_db
def test_a_registration_without_api_url_is_refused(client):
    response = install(client, api_url=None)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "MISSING_SALEOR_API_URL"


@pytest.mark.django_db
def test_registration_needs_no_csrf_token(django_capture_on_commit_callbacks, client_resets):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)

    with saleor_answers(APP_FOUND), django_capture_on_commit_callbacks(execute=True):
        response = install(strict)

    assert response.status_code == 200


def test_registration_is_only_posted(client):
    assert client.get("/saleor/register").status_code == 405


@pytest.mark.django_db
def test_the_admin_never_shows_the_token(admin_client):
    installation = AppInstallation.objects.create(
        saleor_domain=DOMAIN, api_url=API_URL, auth_token=TOKEN
    )

    listing = admin_client.get(reverse("admin:saleor_app_appinstallation_changelist"))
    detail = admin_client.get(
        reverse("admin:saleor_app_appinstallation_change", args=[installation.pk])
    )

    assert listing.status_code == 200
    assert detail.status_code == 200
    assert DOMAIN in listing.content.decode()
    assert TOKEN not in listing.content.decode()
    assert TOKEN not in detail.content.decode()
