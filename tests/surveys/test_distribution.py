"""Sending a survey out: a file of addresses in (bad rows by line, duplicates once), one
one-time link per address out by e-mail, addresses deleted when used or closed."""

import pytest
from django.core import mail
from django.urls import reverse

from kunskapsnod.regions.permissions import PermissionDenied
from kunskapsnod.surveys import services
from kunskapsnod.surveys.models import Invitation


def test_it_reports_bad_rows_by_line_and_removes_duplicates():
    data = b"E-post\nanna@boras.se\ninte en adress\n\nANNA@boras.se\nbo@mark.se\n@saknas.se\n"
    found = services.read_addresses(data)
    assert found.addresses == ["anna@boras.se", "bo@mark.se"]
    assert [(line, text) for line, text, _reason in found.problems] == [(3, "inte en adress"), (7, "@saknas.se")]
    assert found.repeated == 1


def test_it_reads_an_address_column_among_others_as_swedish_excel_writes_it():
    data = "Namn;Kommun;E-post\r\nÅsa Öberg;Borås;asa@boras.se\r\nBo;Mark;\r\n".encode("cp1252")
    found = services.read_addresses(data)
    assert found.addresses == ["asa@boras.se"]
    assert found.problems == [(3, "Bo;Mark;", "adressen saknas")]


def test_it_reads_a_plain_list_without_header():
    assert services.read_addresses(b"a@x.se\nb@y.se").addresses == ["a@x.se", "b@y.se"]


def test_it_refuses_a_too_large_file(settings):
    settings.IMPORT_MAX_BYTES = 10
    with pytest.raises(services.SurveyError):
        services.read_addresses(b"a@x.se\nb@y.se\n")


def test_it_sends_one_link_per_address_and_stores_only_hashes(survey, sjuharad_staff):
    sent = services.send_invitations(
        actor=sjuharad_staff, survey=survey, addresses=["a@x.se", "b@y.se", "A@x.se"], link_base="http://nod.se/"
    )
    assert sent.sent == 2 and len(mail.outbox) == 2
    links = [m.body.split("http://nod.se")[1].split()[0] for m in mail.outbox]
    assert len(set(links)) == 2 and all(link.startswith("/enkat/svara/") for link in links)
    tokens = [link.split("/")[3] for link in links]
    stored = list(Invitation.objects.values_list("token_hash", "email_hash", "email"))
    assert all(token not in str(stored) for token in tokens)
    assert {email for _t, _e, email in stored} == {"a@x.se", "b@y.se"}


def test_an_address_is_invited_once_per_survey(survey, sjuharad_staff):
    services.send_invitations(actor=sjuharad_staff, survey=survey, addresses=["a@x.se"], link_base="http://t")
    again = services.send_invitations(actor=sjuharad_staff, survey=survey, addresses=["A@X.se"], link_base="http://t")
    assert again.sent == 0 and again.already_invited == 1 and len(mail.outbox) == 1


def test_closing_deletes_the_addresses(survey, sjuharad_staff):
    services.send_invitations(actor=sjuharad_staff, survey=survey, addresses=["a@x.se"], link_base="http://t")
    services.close_survey(actor=sjuharad_staff, survey=survey)
    assert list(Invitation.objects.values_list("email", flat=True)) == [""]


def test_only_an_open_survey_is_sent_and_only_by_its_staff(make_survey, sjuharad_staff, gr_staff):
    draft = make_survey(opened=False)
    with pytest.raises(services.SurveyError):
        services.send_invitations(actor=sjuharad_staff, survey=draft, addresses=["a@x.se"], link_base="http://t")
    with pytest.raises(PermissionDenied):
        services.send_invitations(actor=gr_staff, survey=make_survey(2027), addresses=["a@x.se"], link_base="http://t")
    assert Invitation.objects.count() == 0


def test_the_page_shows_bad_rows_and_sends_after_confirming(client, survey, sjuharad_staff):
    client.force_login(sjuharad_staff)
    url = reverse("surveys:invite", kwargs={"pk": survey.pk})
    upload = SimpleFile("adresser.csv", b"a@x.se\nfel\nb@y.se\na@x.se\n")
    preview = client.post(url, {"file": upload}).content.decode()
    assert "Rad 2" in preview and "2 giltiga adresser" in preview and "1 dubblett" in preview
    assert Invitation.objects.count() == 0 and mail.outbox == []
    response = client.post(url, {"addresses": "a@x.se\nb@y.se"})
    assert response.status_code == 302 and len(mail.outbox) == 2 and Invitation.objects.count() == 2


def SimpleFile(name, content):  # noqa: N802 - reads like the class it builds
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/csv")
