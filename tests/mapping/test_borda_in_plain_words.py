"""The combined priorities explain normalised Borda in words a board member understands,
with the formula kept in a "Så räknar vi" detail."""

from django.urls import reverse


def test_the_priorities_page_explains_the_points_in_plain_swedish(client, boras_reader, imported):
    client.force_login(boras_reader)
    html = client.get(reverse("mapping:priorities")).text
    method = html.split('<div class="method">')[1].split("</div>")[0]
    before_details = method.split("<details>")[0]
    assert "viktigaste behov får 1 poäng" in before_details
    assert "1 – 0,8 – 0,6 – 0,4 – 0,2" in before_details
    assert "Borda" not in before_details and "(n − r + 1) / n" not in before_details
    assert "<summary>Så räknar vi</summary>" in method and "(n − r + 1) / n" in method.split("<details>")[1]
