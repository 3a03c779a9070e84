"""Staff pages of the annual survey: the list, building a survey from questions, its life
(open, close), sending it out and its results. Every page needs a login; reading is open to
every signed-in user, changing to the association's node staff (the services check)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kunskapsnod.indicators.exports import export_response, wants_export
from kunskapsnod.regions.permissions import PermissionDenied
from kunskapsnod.surveys import services
from kunskapsnod.surveys.access import (
    association_choices,
    can_create,
    can_manage,
    get_question_for_user,
    get_survey_for_user,
)
from kunskapsnod.surveys.figures import figures, results_workbook
from kunskapsnod.surveys.forms import AddressFileForm, ConfirmAddressesForm, QuestionForm, SurveyForm
from kunskapsnod.surveys.models import Question, Survey

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def survey_list(request):
    surveys = Survey.objects.select_related("organisation").order_by("-year", "organisation__name", "title")
    return render(request, "surveys/survey_list.html", {"surveys": surveys, "can_create": can_create(request.user)})


def survey_create(request):
    associations = association_choices(request.user)
    if not associations.exists():
        raise PermissionDenied(_("Bara nodpersonal och administratörer får skapa enkäter."))
    form = SurveyForm(request.POST or None, associations=associations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.create_survey(
                actor=request.user,
                organisation=data["organisation"],
                from_template=data["from_template"],
                **_survey_fields(data),
            )
        except services.SurveyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Enkäten är skapad som ett utkast."))
            return redirect(survey)
    return render(request, "surveys/survey_form.html", {"form": form})


def survey_edit(request, pk):
    survey = get_survey_for_user(request.user, pk, write=True)
    form = SurveyForm(request.POST or None, instance=Survey.objects.get(pk=survey.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_survey(actor=request.user, survey=survey, **_survey_fields(form.cleaned_data))
        except services.SurveyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Enkäten är sparad."))
            return redirect(survey)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": survey})


def _survey_fields(data: dict) -> dict:
    return {key: data[key] for key in ("title", "year", "introduction", "open_link")}


def survey_detail(request, pk):
    survey = get_survey_for_user(request.user, pk)
    invitations = survey.invitations.all()
    context = {
        "survey": survey,
        "questions": survey.questions.all(),
        "manage": can_manage(request.user, survey),
        "invited": invitations.count(),
        "used": invitations.filter(used=True).count(),
        "responses": survey.responses.count(),
        "open_url": request.build_absolute_uri(survey_open_path(survey)) if survey.open_link else "",
    }
    return render(request, "surveys/survey_detail.html", context)


def survey_open_path(survey: Survey) -> str:
    from django.urls import reverse

    return reverse("surveys:respond_open", kwargs={"code": survey.open_code})


def _step(service, done):
    @require_POST
    def view(request, pk):
        survey = get_survey_for_user(request.user, pk)
        try:
            service(actor=request.user, survey=survey)
        except services.SurveyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done)
        return redirect(survey)

    return view


survey_open = _step(services.open_survey, gettext_lazy("Enkäten är öppen: länkarna fungerar och frågorna är låsta."))
survey_close = _step(
    services.close_survey, gettext_lazy("Enkäten är stängd. E-postadresserna till inbjudningarna är raderade.")
)


def question_form(request, pk=None, survey_pk=None):
    if pk is not None:
        question = get_question_for_user(request.user, pk, write=True)
        survey = question.survey
    else:
        survey = get_survey_for_user(request.user, survey_pk, write=True)
        question = Question(survey=survey, kind="likert")
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_question(actor=request.user, survey=survey, question=form.save(commit=False))
        except services.SurveyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Frågan är sparad."))
            return redirect(survey)
    return render(request, "surveys/question_form.html", {"form": form, "survey": survey, "question": question})


@require_POST
def question_delete(request, pk):
    question = get_question_for_user(request.user, pk)
    try:
        services.delete_question(actor=request.user, question=question)
    except services.SurveyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Frågan är borttagen."))
    return redirect(question.survey)


@require_POST
def question_move(request, pk):
    question = get_question_for_user(request.user, pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        services.move_question(actor=request.user, question=question, offset=offset)
    except services.SurveyError as exc:
        messages.error(request, str(exc))
    return redirect(question.survey)


def invite(request, pk):
    """Upload a file of addresses, see what it holds (bad rows by line), confirm to send."""
    survey = get_survey_for_user(request.user, pk, write=True)
    services.require_survey_staff(request.user, survey.organisation_id)
    upload, preview, confirm = AddressFileForm(), None, None
    if request.method == "POST" and "addresses" in request.POST:
        confirm = ConfirmAddressesForm(request.POST)
        if confirm.is_valid():
            try:
                sent = services.send_invitations(
                    actor=request.user,
                    survey=survey,
                    addresses=confirm.address_list(),
                    link_base=request.build_absolute_uri("/"),
                )
            except services.SurveyError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _sent_message(sent))
                return redirect(survey)
    elif request.method == "POST":
        upload = AddressFileForm(request.POST, request.FILES)
        if upload.is_valid():
            try:
                preview = services.read_addresses(upload.cleaned_data["file"].read())
            except services.SurveyError as exc:
                upload.add_error("file", str(exc))
            else:
                confirm = ConfirmAddressesForm(initial={"addresses": "\n".join(preview.addresses)})
    context = {"survey": survey, "upload": upload, "preview": preview, "confirm": confirm}
    return render(request, "surveys/invite.html", context)


def _sent_message(sent: services.Sent) -> str:
    text = _("%(sent)s inbjudningar skickade.") % {"sent": sent.sent}
    if sent.already_invited:
        again = _("%(count)s adresser var redan inbjudna och fick ingen ny länk.")
        text += " " + again % {"count": sent.already_invited}
    if sent.failed:
        text += " " + _("Misslyckades (kan skickas igen): %(list)s.") % {"list": ", ".join(sent.failed)}
    return text


def results(request, pk):
    survey = get_survey_for_user(request.user, pk)
    survey_results = services.survey_results(survey)
    charts = figures(survey_results)
    if wants_export(request):
        return export_response(request, charts, name=f"enkat-{survey.year}-{survey.pk}")
    by_key = {figure.key: figure for figure in charts}
    sections = [(q, by_key.get(f"fraga-{q.key}"), by_key.get(f"ar-{q.key}")) for q in survey_results.questions]
    context = {"survey": survey, "results": survey_results, "sections": sections}
    return render(request, "surveys/results.html", context)


def results_xlsx(request, pk):
    survey = get_survey_for_user(request.user, pk)
    response = HttpResponse(results_workbook(services.survey_results(survey)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="enkat-{survey.year}-{survey.pk}-resultat.xlsx"'
    return response
