"""The respondent's pages: no login, no JavaScript, no session. The link is the key: a
one-time link (``/enkat/svara/<token>/``) or the survey's open link
(``/enkat/oppen/<code>/``). Nothing here names or keeps who answered; after answering the
respondent is sent to a thank-you page whose address holds no token."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from kunskapsnod.surveys import services
from kunskapsnod.surveys.forms import ResponseForm
from kunskapsnod.surveys.models import Status


def _link_page(find):
    """The page behind a link that ``find`` (token or code → Link) resolves."""

    @login_not_required
    @never_cache
    def view(request, **key):
        try:
            link = find(*key.values())
        except services.InvalidLink:
            return _invalid(request)
        return _answer(request, link)

    return view


respond = _link_page(services.link_for_token)
respond_open = _link_page(services.link_for_open_code)


@login_not_required
def thanks(request):
    return render(request, "surveys/respond_message.html", {"kind": "thanks"})


def _answer(request, link: services.Link):
    survey = link.survey
    if link.used:
        return _used(request, survey)
    if survey.status != Status.OPEN:
        return _not_open(request, survey)
    questions = list(survey.questions.all())
    form = ResponseForm(request.POST or None, survey=survey, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_response(link=link, answers=form.answers())
        except services.AnswerErrors as exc:
            form.add_answer_errors(exc.errors)
        except services.AlreadyAnswered:
            return _used(request, survey)
        except services.SurveyNotOpen as exc:
            return _not_open(request, exc.survey)
        except services.InvalidLink:
            return _invalid(request)
        else:
            return redirect("surveys:thanks")
    status = 400 if form.is_bound else 200
    return render(request, "surveys/respond.html", {"survey": survey, "form": form}, status=status)


def _used(request, survey):
    """A one-time link used before: the first answers stand (409 to a second submission)."""
    status = 409 if request.method == "POST" else 200
    return render(request, "surveys/respond_message.html", {"kind": "used", "survey": survey}, status=status)


def _not_open(request, survey):
    """Not yet open (a draft) answers as a missing page; closed as gone."""
    status = 410 if survey.status == Status.CLOSED else 404
    return render(request, "surveys/respond_message.html", {"kind": survey.status, "survey": survey}, status=status)


def _invalid(request):
    """A mistyped or tampered link: what a missing page says, in words a respondent
    understands, with nothing stored."""
    return render(request, "surveys/respond_message.html", {"kind": "invalid"}, status=404)
