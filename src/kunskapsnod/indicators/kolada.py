"""A thin client for the Kolada API v3 (https://api.kolada.se/v3/).

Only what the importer needs: ``/data`` in path form, id lists chunked to Kolada's limits
(25 KPIs, 10 municipalities per call; longer lists are answered with HTTP 422), pages
followed through ``next_url`` (``next_page`` accepted too), and retries with back-off on
429 and 5xx that respect ``Retry-After``. Tests pass an ``httpx.MockTransport``."""

import email.utils
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import urljoin

import httpx

BASE_URL = "https://api.kolada.se/v3/"
MAX_KPIS = 25
MAX_MUNICIPALITIES = 10
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class KoladaError(Exception):
    """Kolada could not answer: refused request, too many failures, or an unreadable page."""


@dataclass(frozen=True)
class DataRequest:
    """One path-form ``/data`` call within Kolada's limits."""

    kpis: tuple[str, ...]
    municipalities: tuple[str, ...]
    years: tuple[int, ...] = ()
    # Only values Kolada added or changed on or after this day (v3's ``from_date``).
    from_date: date | None = None

    @property
    def path(self) -> str:
        path = f"data/kpi/{','.join(self.kpis)}/municipality/{','.join(self.municipalities)}"
        if self.years:
            path += f"/year/{','.join(map(str, self.years))}"
        return f"{path}?from_date={self.from_date.isoformat()}" if self.from_date else path


def _chunks(items: list, size: int) -> list[tuple]:
    return [tuple(items[i : i + size]) for i in range(0, len(items), size)]


def data_requests(
    kpis: Iterable[str], municipalities: Iterable[str], years: Iterable[int] = (), *, from_date: date | None = None
) -> list[DataRequest]:
    """The calls that together fetch every combination, each within Kolada's limits."""
    kpis, municipalities = list(dict.fromkeys(kpis)), list(dict.fromkeys(municipalities))
    years = tuple(sorted(set(years)))
    return [
        DataRequest(k, m, years, from_date)
        for k in _chunks(kpis, MAX_KPIS)
        for m in _chunks(municipalities, MAX_MUNICIPALITIES)
    ]


class KoladaClient:
    def __init__(
        self,
        *,
        base_url: str = BASE_URL,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        max_attempts: int = 5,
        backoff: float = 1.0,
        max_wait: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.max_attempts, self.backoff, self.max_wait, self.sleep = (max_attempts, backoff, max_wait, sleep)
        self.http = httpx.Client(
            base_url=base_url,
            transport=transport,
            follow_redirects=True,
            timeout=httpx.Timeout(timeout, connect=10.0),
            headers={"Accept": "application/json", "User-Agent": "kunskapsnod (Kolada client)"},
        )

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.http.close()

    def pages(self, request: DataRequest) -> Iterator[tuple[str, dict]]:
        """Every page of one request as (url, decoded envelope), following ``next_url``."""
        url: str | None = request.path
        seen: set[str] = set()
        while url:
            absolute = str(self.http.build_request("GET", url).url)
            if absolute in seen:
                raise KoladaError(f"Kolada returned the same next page twice: {absolute}")
            seen.add(absolute)
            page = self._get_json(url)
            yield absolute, page
            url = _next_url(page, absolute)

    def _get_json(self, url: str) -> dict:
        response = self._get(url)
        try:
            page = response.json()
        except ValueError:
            raise KoladaError(f"Kolada answered {response.url} with something that is not JSON") from None
        if not isinstance(page, dict):
            raise KoladaError(f"Kolada answered {response.url} with an unexpected shape")
        return page

    def _get(self, url: str) -> httpx.Response:
        for attempt in range(1, self.max_attempts + 1):
            try:
                response = self.http.get(url)
            except httpx.TransportError as exc:
                if attempt == self.max_attempts:
                    raise KoladaError(f"cannot reach Kolada ({exc.__class__.__name__}: {exc})") from None
                self.sleep(self._delay(attempt, None))
                continue
            if response.status_code in RETRY_STATUSES and attempt < self.max_attempts:
                self.sleep(self._delay(attempt, response.headers.get("Retry-After")))
                continue
            return _checked(response)
        raise AssertionError("unreachable")

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        wanted = _retry_after_seconds(retry_after)
        if wanted is None:
            wanted = self.backoff * 2 ** (attempt - 1)
        return min(max(wanted, 0.0), self.max_wait)


def _checked(response: httpx.Response) -> httpx.Response:
    if response.status_code == 422:
        raise KoladaError(
            f"Kolada refused the request (HTTP 422) for {response.url}: "
            f"{response.text[:300].strip()} — keep at most {MAX_KPIS} KPIs and "
            f"{MAX_MUNICIPALITIES} municipalities per call and check the ids"
        )
    if response.status_code >= 400:
        raise KoladaError(f"Kolada answered HTTP {response.status_code} for {response.url}")
    return response


def _retry_after_seconds(header: str | None) -> float | None:
    """``Retry-After`` as seconds: either a number or an HTTP date."""
    if not header:
        return None
    try:
        return float(header)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (when - datetime.now(UTC)).total_seconds()


def _next_url(page: dict, current: str) -> str | None:
    """``next_url`` (v3) or ``next_page``: a URL, or a page number on the current URL."""
    following = page.get("next_url") or page.get("next_page")
    if not following:
        return None
    if isinstance(following, int) and not isinstance(following, bool):
        return str(httpx.URL(current).copy_set_param("page", following))
    if isinstance(following, str):
        return urljoin(current, following)
    raise KoladaError(f"Kolada gave an unreadable next page: {following!r}")
