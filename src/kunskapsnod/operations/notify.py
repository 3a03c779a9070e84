"""E-mail about scheduled jobs, sent through Django's e-mail backend.

Two messages, each sent only when someone is configured to receive it:

* to the administrators (``ADMINS``, from ``KUNSKAPSNOD_ADMINS``) when a run fails, or when
  a run is found abandoned by a server that died holding the job's lock: job, run, error,
  and links to the run and to ``/drift/``;
* after a job that reports to people (the nightly Kolada refresh), its summary to
  ``KOLADA_SUMMARY_TO`` (``KUNSKAPSNOD_KOLADA_SUMMARY_TO``, else the administrators).

The run is recorded before any mail is sent, and a mail server that refuses is logged,
never allowed to change how the run is recorded or to hide the job's own error. The mail
carries only the error's headline (the exception and the first line of its message): the
whole traceback stays in the run record, behind the administrators' login. Not the
traceback's last line: for a database error that is PostgreSQL's DETAIL, which quotes the
offending row's values (an e-mail address, a name) and does not even say what failed."""

import logging
import traceback

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kunskapsnod.operations.models import JobRun

logger = logging.getLogger(__name__)

SUMMARY_LINES = 40  # a summary longer than this is cut; the run page has all of it
ERROR_CHARS = 500


def notify_failed(run: JobRun, *, error: BaseException | None = None) -> bool:
    """Tell the administrators that ``run`` failed (with ``error``, the exception that ended
    it, when there was one); False when nobody is configured."""
    facts = _facts(run)
    facts["error"] = (error_headline(error) if error is not None else _first_line(run.error))[:ERROR_CHARS]
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Jobbet %(job)s misslyckades (körning %(run)s)") % {"job": run.job, "run": run.pk}
        body = "\n\n".join(
            [
                _("Det schemalagda jobbet ”%(job)s” misslyckades på servern %(host)s.") % facts,
                _("Körning: %(run)s\nStartad: %(started)s\nFel: %(error)s") % facts,
                _links(run),
                _("Jobbet körs igen vid nästa schemalagda tillfälle."),
            ]
        )
    return _send(subject, body, settings.ADMINS)


def notify_summary(run: JobRun) -> bool:
    """Send a successful run's summary (what changed) to its readers; False when none."""
    lines = run.summary.strip().splitlines()
    shown = "\n".join(lines[:SUMMARY_LINES])
    with translation.override(settings.LANGUAGE_CODE):
        if len(lines) > SUMMARY_LINES:
            shown += "\n" + _("… och %(n)s rader till på körningens sida.") % {"n": len(lines) - SUMMARY_LINES}
        subject = _("Jobbet %(job)s: vad som ändrades") % {"job": run.job}
        body = "\n\n".join(
            [
                _("Det schemalagda jobbet ”%(job)s” är klart (körning %(run)s, startad %(started)s).") % _facts(run),
                shown or _("Jobbet skrev ingen sammanfattning."),
                _links(run),
            ]
        )
    return _send(subject, body, settings.KOLADA_SUMMARY_TO)


def error_headline(error: BaseException) -> str:
    """``Type: first line of the message``, as a traceback's header names the exception."""
    return _first_line(traceback.format_exception_only(error)[0])


def _first_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[0] if lines else "–"


def _facts(run: JobRun) -> dict[str, object]:
    return {
        "job": run.job,
        "run": run.pk,
        "host": run.host,
        "started": f"{timezone.localtime(run.started_at):%Y-%m-%d %H:%M}",
    }


def _links(run: JobRun) -> str:
    run_url = settings.SITE_URL + reverse("operations:job_run", kwargs={"pk": run.pk})
    all_url = settings.SITE_URL + reverse("operations:job_runs")
    return _("Körningen: %(run_url)s\nAlla jobb: %(all_url)s") % {"run_url": run_url, "all_url": all_url}


def _send(subject: str, body: str, recipients: list) -> bool:
    addresses = [entry if isinstance(entry, str) else entry[1] for entry in recipients]
    if not addresses:
        return False
    message = EmailMessage(settings.EMAIL_SUBJECT_PREFIX + subject, body, settings.SERVER_EMAIL, addresses)
    try:
        message.send()
    except Exception:  # noqa: BLE001 - the run is recorded; a mail server's refusal must not undo it
        logger.exception("could not send the e-mail %r to %s", subject, ", ".join(addresses))
        return False
    return True
