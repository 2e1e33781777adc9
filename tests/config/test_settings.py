import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UPLOADS = {"PORTAL_UPLOAD_BUCKET": "ocop-uploads"}


def run_check(env_overrides: dict[str, str], *options: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "PORTAL_UPLOAD_BUCKET", "PORTAL_PHOTO_UPLOADS"}
        and not k.startswith("SECURE_")
    }
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed options
        [sys.executable, "manage.py", "check", *options],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_required_setting(missing):
    given = {
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "shop.example",
        **UPLOADS,
    }
    del given[missing]

    result = run_check(given)

    assert result.returncode != 0
    assert f"{missing} is not set. It is required when DJANGO_DEBUG is off" in result.stderr


def test_production_starts_when_required_settings_are_given():
    result = run_check(
        {
            "DJANGO_DEBUG": "false",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "shop.example",
            **UPLOADS,
        }
    )

    assert result.returncode == 0, result.stderr


def test_the_deploy_check_passes_with_production_defaults():
    secret = "k8Zq3-" + "".join(chr(97 + (i * 7) % 26) for i in range(60))

    result = run_check(
        {"DJANGO_DEBUG": "false", "SECRET_KEY": secret, "ALLOWED_HOSTS": "shop.example", **UPLOADS},
        "--deploy",
        "--fail-level",
        "WARNING",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_photo_bucket_says_what_to_set():
    without = run_check(
        {"DJANGO_DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "shop.example"}
    )
    direct = run_check(
        {
            "DJANGO_DEBUG": "false",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "shop.example",
            "PORTAL_PHOTO_UPLOADS": "direct",
        }
    )

    assert without.returncode != 0
    assert "PORTAL_UPLOAD_BUCKET is not set" in without.stderr
    assert direct.returncode == 0, direct.stderr


def test_a_malformed_boolean_is_a_clear_error():
    result = run_check({"DJANGO_DEBUG": "maybe"})

    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean" in result.stderr


def test_local_defaults_point_at_local_services(settings):
    assert settings.DATABASES["default"]["HOST"] == "127.0.0.1"
    assert settings.OCOP_TIMEZONE == "Asia/Ho_Chi_Minh"
    assert (
        settings.CELERY_BEAT_SCHEDULE["ocop-expiry-sweep"]["task"]
        == "catalog_sync.tasks.expiry_sweep"
    )
