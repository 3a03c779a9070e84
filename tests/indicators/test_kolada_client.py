"""The Kolada client against recorded-shape responses (httpx.MockTransport), never the
network. Pages are cut from the real v3 file in data/kolada."""

import json

import httpx
import pytest
from django.conf import settings

from kunskapsnod.indicators.kolada import (
    MAX_KPIS,
    MAX_MUNICIPALITIES,
    DataRequest,
    KoladaClient,
    KoladaError,
    data_requests,
)

V3 = json.loads((settings.DATA_DIR / "kolada" / "v3-N02797-sjuharad.json").read_text("utf-8"))
REQUEST = DataRequest(("N02797",), ("1490", "1466"), (2019, 2020))


def _client(handler, **kw):
    waits = []
    client = KoladaClient(transport=httpx.MockTransport(handler), sleep=waits.append, **kw)
    return client, waits


def _paged(per_page=40, key="next_url"):
    items = V3["values"]
    pages = [items[i : i + per_page] for i in range(0, len(items), per_page)]

    def handler(request):
        number = int(request.url.params.get("page", "1"))
        following = None
        if number < len(pages):
            following = str(request.url.copy_set_param("page", number + 1)) if key == "next_url" else number + 1
        return httpx.Response(
            200, json={"values": pages[number - 1], "count": len(items), key: following, "previous_url": None}
        )

    return handler, len(pages)


def test_it_asks_in_path_form():
    seen = []
    client, _ = _client(lambda r: seen.append(r.url) or httpx.Response(200, json={"values": []}))
    list(client.pages(REQUEST))
    assert str(seen[0]) == ("https://api.kolada.se/v3/data/kpi/N02797/municipality/1490,1466/year/2019,2020")


def test_it_chunks_id_lists_to_koladas_limits():
    kpis = [f"N{n:05}" for n in range(30)]
    municipalities = [f"{n:04}" for n in range(1400, 1423)]
    requests = data_requests(kpis, municipalities, [2020])
    assert len(requests) == 2 * 3
    assert max(len(r.kpis) for r in requests) == MAX_KPIS
    assert max(len(r.municipalities) for r in requests) == MAX_MUNICIPALITIES
    covered = {(k, m) for r in requests for k in r.kpis for m in r.municipalities}
    assert covered == {(k, m) for k in kpis for m in municipalities}


@pytest.mark.parametrize("key", ["next_url", "next_page"])
def test_it_follows_every_page(key):
    handler, count = _paged(key=key)
    client, _ = _client(handler)
    pages = list(client.pages(REQUEST))
    assert len(pages) == count == 3
    assert sum(len(page["values"]) for _url, page in pages) == len(V3["values"])


def test_it_retries_429_respecting_retry_after():
    answers = iter(
        [
            httpx.Response(429, headers={"Retry-After": "7"}),
            httpx.Response(503),
            httpx.Response(200, json={"values": []}),
        ]
    )
    client, waits = _client(lambda r: next(answers))
    assert len(list(client.pages(REQUEST))) == 1
    assert waits == [7.0, 2.0]


def test_it_retries_network_errors_then_gives_up_clearly():
    def handler(request):
        raise httpx.ConnectError("no route", request=request)

    client, waits = _client(handler, max_attempts=3)
    with pytest.raises(KoladaError, match="cannot reach Kolada"):
        list(client.pages(REQUEST))
    assert waits == [1.0, 2.0]


def test_it_gives_up_after_repeated_server_errors():
    client, waits = _client(lambda r: httpx.Response(502), max_attempts=2)
    with pytest.raises(KoladaError, match="HTTP 502"):
        list(client.pages(REQUEST))
    assert len(waits) == 1


def test_a_422_is_a_clear_error_without_retry():
    client, waits = _client(lambda r: httpx.Response(422, text="Too many municipalities"))
    with pytest.raises(KoladaError, match="HTTP 422.*Too many municipalities.*at most 25"):
        list(client.pages(REQUEST))
    assert waits == []


def test_a_page_that_is_not_json_is_a_clear_error():
    client, _ = _client(lambda r: httpx.Response(200, text="<html>maintenance</html>"))
    with pytest.raises(KoladaError, match="not JSON"):
        list(client.pages(REQUEST))


def test_it_stops_when_kolada_repeats_a_page():
    client, _ = _client(lambda r: httpx.Response(200, json={"values": [], "next_url": str(r.url)}))
    with pytest.raises(KoladaError, match="same next page"):
        list(client.pages(REQUEST))
