"""Invitations: staff or a province officer invites by email; the signed, expiring, single-use
link lets that address (and no other) open an account tied to the producer."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.core import mail
from django.utils import timezone

from accounts.models import Invitation, ProducerMember
from catalog_sync.models import Producer
from tests.portal.conftest import PRODUCER_A, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "cá cơm ủ chượp 12 tháng"


def invite(client, sender, email: str = "chu.nhiem@htx.vn", producer: str = PRODUCER_A):
    client.force_login(sender)
    pk = Producer.objects.get(name=producer).pk
    response = client.post(
        f"/vi/portal/producers/{pk}/members/", {"email": email, "language": "vi"}, follow=True
    )
    client.logout()
    return response


def link_in(message) -> str:
    found = re.search(r"http://testserver(/vi/accounts/invitation/[^/\s]+/)", message.body)
    assert found is not None
    return found[1]


def sign_up(client, link: str, email: str = "chu.nhiem@htx.vn"):
    signup = client.get(link, follow=True)
    return signup, client.post(
        "/vi/accounts/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )


def test_an_officer_invites_and_the_invited_person_signs_up_into_the_portal(client, officer):
    # when: the province officer invites the cooperative's chairwoman
    sent = invite(client, officer)
    # then: a Vietnamese email with a link
    assert "Đã gửi lời mời tới chu.nhiem@htx.vn." in sent.content.decode()
    [message] = mail.outbox
    assert message.to == ["chu.nhiem@htx.vn"]
    assert "HTX Nước mắm Phú Quốc Khải Hoàn" in message.subject
    assert "Mở liên kết này" in message.body
    invitation = Invitation.objects.get()
    assert invitation.invited_by == officer
    assert invitation.used_at is None
    # when: she opens the link and chooses a password
    signup, done = sign_up(client, link_in(message))
    # then: the form knows her address, and she lands in the portal, signed in, with her products
    assert 'value="chu.nhiem@htx.vn"' in signup.content.decode()
    assert done.redirect_chain[-1][0] == "/vi/portal/"
    assert "Nước mắm Phú Quốc 40 độ đạm" in done.content.decode()
    user = get_user_model().objects.get(email="chu.nhiem@htx.vn")
    assert ProducerMember.objects.get(user=user).producer.name == PRODUCER_A
    assert EmailAddress.objects.get(user=user).verified is True
    invitation.refresh_from_db()
    assert invitation.used_by == user
    assert invitation.used_at is not None
    assert len(mail.outbox) == 1  # no second mail to confirm the address


def test_the_link_works_once(client, staff, shop):
    invite(client, staff)
    link = link_in(mail.outbox[0])
    sign_up(client, link)
    client.logout()

    again = client.get(link)

    assert again.status_code == 410
    assert "Liên kết mời này không dùng được" in again.content.decode()


def test_an_expired_or_altered_link_is_refused(client, staff, shop):
    invite(client, staff)
    link = link_in(mail.outbox[0])
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert client.get(link).status_code == 410
    assert client.get(link.replace(link[-6:-1], "AAAAA")).status_code == 410


def test_nobody_signs_up_uninvited(client, shop):
    page = client.get("/vi/accounts/signup/")
    posted = client.post(
        "/vi/accounts/signup/",
        {"email": "x@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert "Tài khoản chỉ được mở theo lời mời" in page.content.decode()
    assert "Tài khoản chỉ được mở theo lời mời" in posted.content.decode()
    assert not get_user_model().objects.exists()


def test_the_invitation_is_for_its_address_only(client, staff, shop):
    invite(client, staff)

    _signup, done = sign_up(client, link_in(mail.outbox[0]), email="someone.else@example.com")

    assert "Hãy dùng địa chỉ đã nhận lời mời: chu.nhiem@htx.vn" in done.content.decode()
    assert not ProducerMember.objects.exists()


def test_an_officer_cannot_invite_to_another_province(client, officer):
    other = Producer.objects.exclude(province_key=officer.province_officer.province_key)[0]
    client.force_login(officer)

    response = client.post(
        f"/vi/portal/producers/{other.pk}/members/", {"email": "x@y.vn", "language": "vi"}
    )

    assert response.status_code == 404
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_sign_in_goes_through_django_authenticate_so_login_throttles_apply(client, shop):
    # django-axes (and any other backend-based throttle) counts user_login_failed signals.
    user = make_user("member@htx.vn")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    failures = []
    user_login_failed.connect(
        lambda **kw: failures.append(kw["credentials"]), weak=False, dispatch_uid="t"
    )
    try:
        bad = client.post("/vi/accounts/login/", {"login": "member@htx.vn", "password": "wrong"})
        good = client.post(
            "/vi/accounts/login/", {"login": "member@htx.vn", "password": "a long passphrase 42"}
        )
    finally:
        user_login_failed.disconnect(dispatch_uid="t")

    assert "Địa chỉ email hoặc mật khẩu chưa đúng." in bad.content.decode()
    assert [f["email"] for f in failures] == ["member@htx.vn"]
    assert good.status_code == 302
    assert good["Location"] == "/vi/portal/"


def test_password_reset_mail_is_in_the_members_language(client, shop):
    user = make_user("member@htx.vn")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    response = client.post("/vi/accounts/password/reset/", {"email": "member@htx.vn"}, follow=True)

    assert "Hãy xem hộp thư" in response.content.decode()
    [message] = mail.outbox
    assert message.subject == "[OCOP] Chọn mật khẩu mới"
    assert "/vi/accounts/password/reset/key/" in message.body


def test_a_member_chooses_a_new_password_from_the_mails_link(client, shop):
    user = make_user("member@htx.vn")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.post("/vi/accounts/password/reset/", {"email": "member@htx.vn"})
    found = re.search(
        r"http://testserver(/vi/accounts/password/reset/key/\S+/)", str(mail.outbox[0].body)
    )
    assert found is not None

    form = client.get(found[1], follow=True)
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else found[1],
        {"password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )

    assert "Mật khẩu của bạn đã được đổi." in done.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_an_unverified_staff_address_is_confirmed_by_mail_at_first_sign_in(client, shop):
    make_user("officer@province.gov.vn")

    response = client.post(
        "/vi/accounts/login/",
        {"login": "officer@province.gov.vn", "password": "a long passphrase 42"},
        follow=True,
    )

    assert "Hãy xem hộp thư" in response.content.decode()
    [message] = mail.outbox
    assert message.subject == "[OCOP] Xác nhận địa chỉ email"
    assert "/vi/accounts/confirm-email/" in message.body


def test_a_mail_server_that_is_down_leaves_no_invitation_and_keeps_the_form(
    client, staff, shop, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    client.force_login(staff)
    pk = Producer.objects.get(name=PRODUCER_A).pk

    response = client.post(
        f"/vi/portal/producers/{pk}/members/", {"email": "chu.nhiem@htx.vn", "language": "vi"}
    )

    html = response.content.decode()
    assert response.status_code == 503
    assert "Chưa gửi được email nên chưa có lời mời nào được tạo." in html
    assert 'value="chu.nhiem@htx.vn"' in html
    assert not Invitation.objects.exists()
