"""Celery tasks of the rate table."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from currency.rates import RatesError, load

logger = logging.getLogger(__name__)


@shared_task(name="currency.tasks.refresh_exchange_rates", acks_late=True)
def refresh_exchange_rates() -> dict[str, object]:
    """Every few hours (CELERY_BEAT_SCHEDULE): reload the rates from EXCHANGE_RATES_URL. A failure
    keeps the table in use, which stops being shown once older than EXCHANGE_RATES_MAX_AGE_HOURS."""
    if not settings.EXCHANGE_RATES_URL:
        return {"loaded": 0, "skipped": "EXCHANGE_RATES_URL is not set"}
    try:
        result = load(settings.EXCHANGE_RATES_URL)
    except RatesError as error:
        logger.warning("exchange rates not refreshed: %s", error)
        return {"loaded": 0, "error": str(error)}
    return {"loaded": result.count, "base": result.base, "missing": list(result.missing)}
