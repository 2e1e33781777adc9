"""The HTTP client that carries GraphQL operations to Saleor.

Timeouts on every call; retries with exponential back-off and jitter on network errors, 5xx and rate
limits (honouring ``Retry-After``); a bound on concurrent requests; the app token on every request.

A mutation is retried only when Saleor cannot have applied it (the connection was never made, or the
answer was 429/502/503/504). A mutation that timed out while reading the answer is reported, not
repeated, because Saleor may have applied it: callers make writes idempotent (``externalReference``)
so a later run finishes the job without duplicates.

A client may carry a total ``deadline`` for one operation, retries included (pages use one well
inside the web worker's timeout), and a circuit breaker that refuses calls at once after repeated
failures, so a hanging Saleor costs a visitor a few seconds, not the worker.

Files (a product's photo) travel as a GraphQL multipart request
(https://github.com/jaydenseric/graphql-multipart-request-spec), which Saleor reads: ``uploads``
names the variables that carry a file. The same retry rules apply: an upload is a mutation.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from saleor_api.breaker import CircuitBreaker
from saleor_api.errors import (
    FieldError,
    SaleorAuthError,
    SaleorGraphQLError,
    SaleorMutationError,
    SaleorNotConfigured,
    SaleorUnavailable,
)
from saleor_api.operations import (
    Operation,
    Version,
    is_versioned,
    load_operations,
    parse_version,
    select_operation,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

MAX_PAGE_SIZE = 100  # Saleor refuses `first` above 100
MAX_MUTATIONS_PER_REQUEST = 4
MAX_ALIASES_PER_REQUEST = 100
RETRYABLE_STATUS = {429, 500, 502, 503, 504}
NOT_APPLIED_STATUS = {429, 502, 503, 504}  # Saleor never ran the operation
AUTH_ERROR_CODES = {"PermissionDenied", "InvalidTokenError", "ExpiredSignatureError", "JWTError"}


@dataclass(frozen=True)
class Upload:
    """A file sent with an operation, in the variable that names it (GraphQL type ``Upload``)."""

    filename: str
    content: bytes
    content_type: str


class SaleorClient:
    def __init__(
        self,
        api_url: str,
        token: str = "",
        *,
        timeout: float = 10.0,
        max_retries: int = 4,
        max_concurrency: int = 4,
        backoff_base: float = 0.5,
        backoff_cap: float = 8.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        version_source: Callable[[], Version] | None = None,
        deadline: float | None = None,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        if not api_url:
            raise SaleorNotConfigured("client", "SALEOR_API_URL is not set")
        self.api_url = api_url
        self.timeout = timeout
        self.deadline = deadline
        self.breaker = breaker
        self.max_retries = max_retries
        self.max_concurrency = max(1, max_concurrency)
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self._sleep = sleep
        self._slots = threading.BoundedSemaphore(self.max_concurrency)
        # No client-wide Content-Type: JSON bodies set their own, multipart ones need a boundary.
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            headers=headers,
            transport=transport,
            limits=httpx.Limits(max_connections=self.max_concurrency),
        )
        # Every HTTP request (retries included) and those that carried a mutation: read by
        # benchmarks and by tests that prove a run wrote nothing.
        self.requests_sent = 0
        self.mutations_sent = 0
        self.seconds_waiting = 0.0  # time spent waiting for Saleor's answers, summed over threads
        self._stats_lock = threading.Lock()
        self._version: Version | None = None
        self._version_source = version_source
        self._version_lock = threading.Lock()
        self._guard = threading.local()

    def close(self) -> None:
        self._http.close()

    # --- one operation ------------------------------------------------------------------------
    def server_version(self, *, deadline: float | None = None) -> Version:
        """Saleor's version (major, minor), asked once."""
        with self._version_lock:
            if self._version is None:
                if self._version_source is not None:
                    self._version = self._guarded("ShopInfo", self._version_source)
                else:
                    shop = self.execute("ShopInfo", deadline=deadline)["shop"]
                    self._version = parse_version(shop["version"])
            return self._version

    def resolve(self, operation_name: str) -> Operation:
        """The operation to send: a base name of a versioned operation resolves to the variant
        that fits the server; any other name (a variant named explicitly) is sent as it is."""
        exact = load_operations().get(operation_name)
        if exact is not None and (exact.name != exact.base_name or not is_versioned(exact.name)):
            return exact
        return select_operation(operation_name, self.server_version())

    def execute(
        self,
        operation_name: str,
        variables: Mapping[str, Any] | None = None,
        *,
        deadline: float | None = None,
        uploads: Mapping[str, Upload] | None = None,
    ) -> dict[str, Any]:
        """Run a named operation; its ``data``, or a typed exception.

        ``deadline`` (seconds, retries included) overrides the client's own for this call.
        ``uploads`` maps variable names to files, sent as a multipart request (the variables
        themselves are sent as null, as the multipart request spec says).
        """
        budget = deadline if deadline is not None else self.deadline
        until = time.monotonic() + budget if budget is not None else None

        def send() -> tuple[Operation, dict[str, Any]]:
            operation = self.resolve(operation_name)
            payload = {
                "query": operation.document,
                "operationName": operation.name,
                "variables": {**(variables or {}), **dict.fromkeys(uploads or {})},
            }
            return operation, self._post_with_retries(operation, payload, until, uploads)

        operation, body = self._guarded(operation_name, send)
        errors = body.get("errors") or []
        if errors:
            codes = {
                str(err.get("extensions", {}).get("exception", {}).get("code", ""))
                for err in errors
            }
            if codes & AUTH_ERROR_CODES:
                raise SaleorAuthError(
                    operation.name, "; ".join(e.get("message", "") for e in errors)
                )
            raise SaleorGraphQLError(operation.name, errors)
        data = body.get("data")
        if not isinstance(data, dict):
            raise SaleorGraphQLError(operation.name, [{"message": "response has no data"}])
        return data

    def _guarded(self, operation_name: str, call: Callable[[], T]) -> T:
        """``call`` through the circuit breaker, when the client has one (once per call: the
        version look-up inside an operation is part of it)."""
        if self.breaker is None or getattr(self._guard, "active", False):
            return call()
        if not self.breaker.allow():
            raise SaleorUnavailable(
                operation_name,
                "Saleor failed repeatedly: not asked again for "
                f"{self.breaker.seconds_until_retry():.0f} s (circuit open)",
            )
        self._guard.active = True
        try:
            result = call()
        except SaleorUnavailable:
            self.breaker.record_failure()
            raise
        except BaseException:
            self.breaker.release_trial()  # Saleor answered (or we failed): no verdict
            raise
        finally:
            self._guard.active = False
        self.breaker.record_success()
        return result

    def mutate(
        self,
        operation_name: str,
        variables: Mapping[str, Any],
        *,
        result: str,
        uploads: Mapping[str, Upload] | None = None,
    ) -> dict[str, Any]:
        """Run a mutation and return its payload ``data[result]``; its ``errors`` raise."""
        data = self.execute(operation_name, variables, uploads=uploads)
        payload = data.get(result)
        if payload is None:
            raise SaleorGraphQLError(operation_name, [{"message": f"no {result} in the answer"}])
        errors = payload.get("errors") or []
        if errors:
            raise SaleorMutationError(operation_name, [parse_field_error(err) for err in errors])
        return payload

    # --- many ---------------------------------------------------------------------------------
    def paginate(
        self,
        operation_name: str,
        variables: Mapping[str, Any] | None = None,
        *,
        connection: str,
        page_size: int = MAX_PAGE_SIZE,
    ) -> Iterator[dict[str, Any]]:
        """Every node of a cursor connection at ``data[connection]`` (a dotted path), page by page."""
        page_size = min(max(1, page_size), MAX_PAGE_SIZE)
        after: str | None = None
        while True:
            data = self.execute(
                operation_name, {**(variables or {}), "first": page_size, "after": after}
            )
            conn: Any = data
            for key in connection.split("."):
                conn = conn.get(key) if isinstance(conn, dict) else None
            if not conn:
                return
            for edge in conn.get("edges", []):
                yield edge["node"]
            info = conn.get("pageInfo") or {}
            if not info.get("hasNextPage"):
                return
            after = info.get("endCursor")

    def map_concurrent(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """``fn`` over ``items`` with at most ``max_concurrency`` in flight; results in order."""
        items = list(items)
        if len(items) <= 1 or self.max_concurrency == 1:
            return [fn(item) for item in items]
        with ThreadPoolExecutor(max_workers=self.max_concurrency) as pool:
            return list(pool.map(fn, items))

    # --- transport ----------------------------------------------------------------------------
    def _post_with_retries(
        self,
        operation: Operation,
        payload: dict[str, Any],
        until: float | None = None,
        uploads: Mapping[str, Upload] | None = None,
    ) -> dict[str, Any]:
        attempt = 0
        while True:
            retry_after: float | None = None
            timeout = self._request_timeout(operation, until, attempt)
            try:
                with self._slots:
                    self.requests_sent += 1
                    self.mutations_sent += int(operation.is_mutation)
                    started = time.perf_counter()
                    try:
                        response = self._post(payload, timeout, until, uploads)
                    finally:
                        with self._stats_lock:
                            self.seconds_waiting += time.perf_counter() - started
            except httpx.TransportError as exc:
                unsent = isinstance(
                    exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout
                )
                if (operation.is_mutation and not unsent) or attempt >= self.max_retries:
                    raise SaleorUnavailable(
                        operation.name, f"{type(exc).__name__}: {exc} (after {attempt + 1} tries)"
                    ) from exc
                reason = type(exc).__name__
            else:
                status = response.status_code
                if status in (401, 403):
                    raise SaleorAuthError(
                        operation.name, f"HTTP {status}: the app token was refused"
                    )
                retryable = status in (
                    NOT_APPLIED_STATUS if operation.is_mutation else RETRYABLE_STATUS
                )
                if status >= 500 or status == 429:
                    if not retryable or attempt >= self.max_retries:
                        raise SaleorUnavailable(
                            operation.name, f"HTTP {status} (after {attempt + 1} tries)"
                        )
                    retry_after = _retry_after_seconds(response)
                    reason = f"HTTP {status}"
                else:
                    try:
                        body = response.json()
                    except ValueError as exc:
                        raise SaleorUnavailable(
                            operation.name, f"HTTP {status}: the answer is not JSON"
                        ) from exc
                    if not isinstance(body, dict):
                        raise SaleorUnavailable(operation.name, f"HTTP {status}: unexpected answer")
                    return body
            delay = retry_after if retry_after is not None else self._backoff(attempt)
            if until is not None and time.monotonic() + delay >= until:
                raise SaleorUnavailable(
                    operation.name,
                    f"{reason}: no time left within the deadline (after {attempt + 1} tries)",
                )
            logger.warning(
                "Saleor %s failed (%s); retry %d/%d in %.2fs",
                operation.name,
                reason,
                attempt + 1,
                self.max_retries,
                delay,
            )
            self._sleep(delay)
            attempt += 1

    def _post(
        self,
        payload: dict[str, Any],
        timeout: httpx.Timeout,
        until: float | None,
        uploads: Mapping[str, Upload] | None = None,
    ) -> httpx.Response:
        """POST and read the answer; a Saleor that trickles its answer cannot outlast the
        deadline (httpx's timeouts bound each read, not the whole answer)."""
        body: dict[str, Any] = {"json": payload}
        if uploads:
            body = multipart_body(payload, uploads)
        with self._http.stream("POST", self.api_url, timeout=timeout, **body) as streamed:
            chunks = []
            for chunk in streamed.iter_bytes():
                chunks.append(chunk)
                if until is not None and time.monotonic() > until:
                    raise httpx.ReadTimeout("the answer did not arrive within the deadline")
            headers = httpx.Headers(streamed.headers)  # the body is decoded already:
            for name in ("Content-Encoding", "Content-Length"):
                headers.pop(name, None)
            return httpx.Response(
                streamed.status_code,
                headers=headers,
                content=b"".join(chunks),
                request=streamed.request,
            )

    def _request_timeout(
        self, operation: Operation, until: float | None, attempt: int
    ) -> httpx.Timeout:
        """The client's timeout, cut to what is left of the operation's deadline."""
        seconds = self.timeout
        if until is not None:
            left = until - time.monotonic()
            if left <= 0:
                raise SaleorUnavailable(
                    operation.name, f"no answer within the deadline (after {attempt} tries)"
                )
            seconds = min(seconds, left)
        return httpx.Timeout(seconds, connect=min(seconds, 5.0))

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.backoff_cap, self.backoff_base * (2**attempt))
        return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not cryptography


def multipart_body(payload: dict[str, Any], uploads: Mapping[str, Upload]) -> dict[str, Any]:
    """httpx's ``data`` and ``files`` for a GraphQL multipart request: ``operations`` (the payload,
    its file variables null), then ``map`` (file part → variable), then the files."""
    names = list(uploads)
    return {
        "data": {
            "operations": json.dumps(payload, ensure_ascii=False),
            "map": json.dumps({str(i): [f"variables.{name}"] for i, name in enumerate(names)}),
        },
        "files": {
            str(i): (uploads[name].filename, uploads[name].content, uploads[name].content_type)
            for i, name in enumerate(names)
        },
    }


def _retry_after_seconds(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, min(float(value), 60.0))
    except ValueError:
        return None


def parse_field_error(err: Mapping[str, Any], index: int | None = None) -> FieldError:
    return FieldError(
        field=err.get("field") or err.get("path"),
        code=str(err.get("code") or "UNKNOWN"),
        message=str(err.get("message") or ""),
        index=index,
    )


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
