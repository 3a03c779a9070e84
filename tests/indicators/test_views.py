import pytest
from real_kolada import kolada_module, kolada_values  # noqa: F401

pytestmark = pytest.mark.usefixtures("kolada_values")


@pytest.mark.parametrize(
    "url",
    [
        "/statistik/",
        "/kommun/boras/statistik/",
        "/statistik/N17461/",
        "/statistik/N17461/karta/",
        "/statistik/jamfor/?nyckeltal=N17461&kommun=boras&forbund=sjuharad&lan=on&riket=on",
        "/kommun/boras/liknande/",
    ],
)
def test_pages_render(client, boras_reader, url):
    client.force_login(boras_reader)
    response = client.get(url)
    assert response.status_code == 200, response.content[:2000]
