from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from saleor_api.connection import reset_client


@pytest.fixture(autouse=True)
def _fresh_saleor_client():
    reset_client()
    yield
    reset_client()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the shop's default language: the locale middleware leaves the last
    request's language active on the thread, so a test's reverse() depended on the test before
    it (a Japanese page, then "/ja/accounts/login/" expected as "/vi/…")."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def clear_cache():
    cache.clear()
    yield
    cache.clear()


# --- moto's S3 server (the portal's photo uploads) -----------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def moto_s3():
    """moto's S3 in server mode on a free port (a real HTTP endpoint boto3 and browsers reach)."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_uploads(moto_s3, settings, monkeypatch):
    """The portal's photos go to a fresh bucket on the moto server."""
    import uuid

    from portal import uploads

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    settings.AWS_ACCESS_KEY_ID = "testing"
    settings.AWS_SECRET_ACCESS_KEY = "testing"
    settings.PORTAL_PHOTO_UPLOADS = "s3"
    settings.PORTAL_UPLOAD_BUCKET = f"ocop-photos-{uuid.uuid4().hex[:12]}"
    settings.PORTAL_UPLOAD_REGION = "ap-southeast-1"
    settings.PORTAL_UPLOAD_ENDPOINT_URL = moto_s3
    uploads.prepare_bucket(["*"])  # the live server's port is not known here
    return uploads.s3_client()
