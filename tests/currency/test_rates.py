"""The rate table of approximate prices: loaded by the command and the beat task, from a file or a
local HTTP server (never the network), kept whole when a source is bad."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from currency.models import ExchangeRate
from currency.rates import convert, fresh_rates
from currency.tasks import refresh_exchange_rates

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "currency" / "sample" / "exchange-rates.json"


class Served:
    """A tiny HTTP server on 127.0.0.1 answering every GET with ``body`` and ``status``."""

    def __init__(self) -> None:
        self.body = b""
        self.status = 200
        served = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(served.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(served.body)))
                self.end_headers()
                self.wfile.write(served.body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/rates.json"


@pytest.fixture
def served() -> Iterator[Served]:
    source = Served()
    thread = threading.Thread(target=source.server.serve_forever, daemon=True)
    thread.start()
    yield source
    source.server.shutdown()
    source.server.server_close()


def rates() -> dict[str, str]:
    return {r.currency: f"{r.rate.normalize():f}" for r in ExchangeRate.objects.all()}


def load(source: str) -> str:
    out = StringIO()
    call_command("exchange_rates", source, stdout=out)
    return out.getvalue()


def test_the_command_loads_the_sample_file_shipped_in_the_repository():
    output = load(str(SAMPLE))

    assert rates() == {
        "CNY": "7.24",
        "EUR": "0.94",
        "JPY": "155.3",
        "KRW": "1465.2",
        "THB": "35.9",
        "USD": "1",
        "VND": "26350",
    }
    assert set(ExchangeRate.objects.values_list("base", flat=True)) == {"USD"}
    assert output.startswith(f"7 exchange rates loaded from {SAMPLE}: base USD, published ")
    assert "missing" not in output


def test_the_command_reads_a_url_and_keeps_the_sources_publication_time(served):
    served.body = json.dumps(
        {
            "base_code": "EUR",
            "time_last_update_unix": 1764547200,  # 2025-12-01 00:00 UTC
            "rates": {"USD": 1.06, "VND": 27900, "KRW": 1550},
        }
    ).encode()

    output = load(served.url)

    assert rates() == {"EUR": "1", "USD": "1.06", "VND": "27900", "KRW": "1550"}
    assert {r.published_at for r in ExchangeRate.objects.all()} == {
        datetime(2025, 12, 1, tzinfo=UTC)
    }
    assert "missing: CNY, JPY, THB" in output


def test_the_setting_is_the_source_when_no_argument_is_given(served, settings):
    served.body = json.dumps({"base": "USD", "rates": {"VND": 26000}}).encode()
    settings.EXCHANGE_RATES_URL = served.url

    call_command("exchange_rates", stdout=StringIO())

    assert rates() == {"USD": "1", "VND": "26000"}


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (b"<html>", 200, "not JSON"),
        (b"[]", 200, "not a JSON object with a base and rates"),
        (b'{"rates": {"VND": 1}}', 200, "the base currency '(none)' is not a 3-letter code"),
        (b'{"base": "USD"}', 200, 'no "rates" object'),
        (b'{"base": "USD", "rates": {"VND": -5}}', 200, "the rate of VND is not a positive"),
        (b'{"base": "USD", "rates": {"VND": "lots"}}', 200, "the rate of VND is not a number"),
        (b'{"base": "USD", "rates": {"dong": 1}}', 200, "'dong' is not a 3-letter currency code"),
        (b'{"base": "USD", "rates": {"USD": 2}}', 200, "the base USD must be worth 1 USD"),
        (
            b'{"base": "USD", "date": "2999-01-01", "rates": {"VND": 1}}',
            200,
            "the rates claim to be published in the future",
        ),
        (b"{}", 503, "answered HTTP 503"),
    ],
)
def test_a_bad_source_is_refused_and_the_table_in_use_is_kept(served, body, status, message):
    load(str(SAMPLE))
    before = rates()
    served.body, served.status = body, status

    with pytest.raises(CommandError) as error:
        load(served.url)

    assert "exchange rates not loaded (the table in use is kept)" in str(error.value)
    assert message in str(error.value)
    assert rates() == before


def test_a_missing_file_and_no_source_at_all_are_clear_errors(settings):
    settings.EXCHANGE_RATES_URL = ""

    with pytest.raises(CommandError, match=r"no file at /nowhere/rates\.json"):
        load("/nowhere/rates.json")
    with pytest.raises(CommandError, match="no source: give a path or URL, or set EXCHANGE_"):
        call_command("exchange_rates")


def test_a_source_larger_than_the_limit_is_refused(served, settings):
    settings.EXCHANGE_RATES_MAX_BYTES = 100
    served.body = json.dumps({"base": "USD", "rates": {"VND": 1}, "pad": "x" * 200}).encode()

    with pytest.raises(CommandError, match="sent more than 100 bytes"):
        load(served.url)


def test_the_beat_task_refreshes_from_the_setting_and_skips_without_one(served, settings):
    settings.EXCHANGE_RATES_URL = ""
    assert refresh_exchange_rates() == {"loaded": 0, "skipped": "EXCHANGE_RATES_URL is not set"}

    settings.EXCHANGE_RATES_URL = served.url
    served.body = json.dumps({"base": "USD", "rates": {"VND": 26000, "KRW": 1400}}).encode()
    assert refresh_exchange_rates() == {
        "loaded": 3,
        "base": "USD",
        "missing": ["CNY", "EUR", "JPY", "THB"],
    }

    served.status = 500
    assert refresh_exchange_rates()["loaded"] == 0
    assert rates() == {"USD": "1", "VND": "26000", "KRW": "1400"}


def test_the_beat_schedule_runs_the_task(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["exchange-rates"]

    assert entry["task"] == "currency.tasks.refresh_exchange_rates"
    assert refresh_exchange_rates.name == entry["task"]


def test_rates_older_than_the_configured_age_are_not_used(settings):
    settings.EXCHANGE_RATES_MAX_AGE_HOURS = 48
    load(str(SAMPLE))
    now = ExchangeRate.objects.get(currency="KRW").published_at

    assert set(fresh_rates(now + timedelta(hours=47))) == set(rates())
    assert fresh_rates(now + timedelta(hours=49)) == {}


def test_conversion_goes_through_the_base_and_needs_both_rates():
    table = {"USD": Decimal(1), "VND": Decimal(26350), "KRW": Decimal("1465.2")}

    assert convert(Decimal("7.50"), "USD", "KRW", table) == Decimal("10989.000")
    assert convert(Decimal(185000), "VND", "KRW", table) == Decimal(185000) * Decimal(
        "1465.2"
    ) / Decimal(26350)
    assert convert(Decimal("7.50"), "USD", "THB", table) is None
    assert convert(Decimal("6.50"), "EUR", "KRW", table) is None
