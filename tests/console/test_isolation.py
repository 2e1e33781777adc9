"""An officer of province A can never read or change province B's uploads, runs, certificates,
revocations or invitations: every console URL, as A against B (B's province in the URL, or B's
object under A's province), is a 404 and writes nothing. A new console URL without a row in
CASES fails test_every_console_url_has_an_isolation_case."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Invitation
from catalog_sync.models import AuditEvent, Certificate, OcopProduct, SyncRun
from console.models import ListUpload
from tests.console.conftest import PRODUCT_OF_B, A, B, upload_form, writes
from tests.portal.test_isolation import url_names

pytestmark = pytest.mark.django_db


def b_upload(_officer_b) -> int:
    """A list planned for B (its file is never read by these tests)."""
    return ListUpload.objects.create(
        province=B.name,
        province_key=B.key,
        uploaded_by=_officer_b,
        original_name="ben-tre.csv",
        stored_name="ben-tre/x.csv",
        size=10,
        sha256="0" * 64,
        as_of=date(2026, 11, 23),
        plan={"counts": {"create": 1}, "writes": 1, "rejected": [], "actions": []},
    ).pk


def b_run(_officer_b) -> int:
    """A run that changed only B's products (as a list uploaded for B would)."""
    run = SyncRun.objects.create(kind="sync", source="ben-tre.csv", as_of=date(2026, 11, 23))
    AuditEvent.objects.create(
        product=OcopProduct.objects.get(name=PRODUCT_OF_B),
        run=run,
        action=AuditEvent.Action.UPDATED,
        reason="B's own run",
    )
    return run.pk


def b_product(_officer_b) -> int:
    return OcopProduct.objects.get(name=PRODUCT_OF_B).pk


# url name -> (B's object as the URL's pk, or None; what a form would post)
CASES = {
    "console:home": (None, None),
    "console:province": (None, None),
    "console:upload": (None, "upload"),
    "console:upload_detail": (b_upload, None),
    "console:apply": (b_upload, {}),
    "console:upload_status": (b_upload, None),
    "console:runs": (None, None),
    "console:run": (b_run, None),
    "console:products": (None, None),
    "console:revoke": (
        b_product,
        {"decision_number": "1/QĐ-UBND", "reason": "intruder", "confirmed": "yes"},
    ),
    "console:expiring": (None, None),
    "console:producers": (None, None),
}


def test_every_console_url_has_an_isolation_case():
    assert url_names_of_console() == set(CASES)


def url_names_of_console() -> set[str]:
    from django.urls import get_resolver

    return url_names(get_resolver(), ("console",))


def _urls(name: str, officer_b) -> list[str]:
    """B's province in the URL; and, for an object, B's object under A's own province."""
    argument, _data = CASES[name]
    if name == "console:home":
        return []
    pk = {"pk": argument(officer_b)} if callable(argument) else {}
    urls = [reverse(name, kwargs={"province": B.slug, **pk})]
    if pk:
        urls.append(reverse(name, kwargs={"province": A.slug, **pk}))
    return urls


def _snapshot(shop) -> tuple:
    return (
        len(writes(shop)),
        list(ListUpload.objects.values_list("pk", "status").order_by("pk")),
        SyncRun.objects.count(),
        list(Certificate.objects.values_list("pk", "status").order_by("pk")),
        list(OcopProduct.objects.values_list("pk", "shown").order_by("pk")),
        AuditEvent.objects.count(),
        Invitation.objects.count(),
    )


@pytest.mark.parametrize("name", sorted(n for n in CASES if n != "console:home"))
def test_an_officer_of_a_gets_404_on_b_and_nothing_is_written(
    client, shop, officer_a, officer_b, name, django_capture_on_commit_callbacks
):
    urls = _urls(name, officer_b)
    client.force_login(officer_a)
    before = _snapshot(shop)

    for url in urls:
        for method in ("get", "post"):
            data = CASES[name][1]
            body = upload_form() if data == "upload" else (data or {})
            with django_capture_on_commit_callbacks(execute=True):
                response = getattr(client, method)(url, body)
            assert response.status_code == 404, f"{method} {url}"

    assert _snapshot(shop) == before
    assert mail.outbox == []


def test_the_pages_of_a_show_nothing_of_b(client, shop, officer_a, officer_b):
    b_upload(officer_b)
    b_run(officer_b)
    client.force_login(officer_a)

    pages = (
        "".join(
            client.get(reverse(n, kwargs={"province": A.slug})).content.decode()
            for n in ("console:province", "console:runs", "console:products", "console:expiring")
        )
        + client.get(reverse("console:producers", kwargs={"province": A.slug})).content.decode()
    )

    assert PRODUCT_OF_B not in pages
    assert "ben-tre.csv" not in pages
    assert "Bến Tre" not in pages


def _every_url(officer_b) -> list[str]:
    urls = [reverse("console:home")]
    for name in sorted(CASES):
        found = _urls(name, officer_b)
        urls += found + [u.replace(f"/{B.slug}/", f"/{A.slug}/") for u in found]
    return urls


def test_anonymous_visitors_are_sent_to_sign_in(client, shop, officer_b):
    urls = _every_url(officer_b)
    before = _snapshot(shop)

    for url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302, f"{method} {url}"
            assert response["Location"].startswith("/vi/accounts/login/")

    assert _snapshot(shop) == before


def test_a_producer_member_may_not_enter(client, shop, officer_b):
    from tests.portal.conftest import PRODUCER_A, member_of

    client.force_login(member_of(PRODUCER_A, "a@htx-a.vn"))
    urls = _every_url(officer_b)
    before = _snapshot(shop)

    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url

    assert _snapshot(shop) == before


def test_staff_reach_every_province(client, shop, officer_b):
    from tests.portal.conftest import make_user

    client.force_login(make_user("staff@shop.vn", is_staff=True))

    for name in sorted(n for n in CASES if n != "console:home"):
        if name in ("console:apply", "console:revoke"):
            continue  # writes; tested as A's officer in test_console.py
        for url in _urls(name, officer_b)[:1]:
            assert client.get(url).status_code == 200, url
