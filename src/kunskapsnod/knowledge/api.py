"""JSON twins of the knowledge bank pages: the list (with the same filters) and one entry.
Each answers only what the caller may read: published entries for everyone, drafts and
entries in review only to those who may change their owner."""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from kunskapsnod.apiparams import Offset
from kunskapsnod.knowledge.access import can_create, get_entry_for_user
from kunskapsnod.knowledge.connections import (
    confirmed_for_municipality,
    confirmed_for_need,
    confirmed_for_target,
    suggest_connections,
    what_similar_do,
)
from kunskapsnod.knowledge.forms import EntryFilterForm, ProjectRegisterForm
from kunskapsnod.knowledge.markdown import render_markdown
from kunskapsnod.knowledge.models import Entry
from kunskapsnod.knowledge.register import build_register, funder_label
from kunskapsnod.mapping.access import get_item_for_user
from kunskapsnod.mapping.models import Kind
from kunskapsnod.regions.models import OrganisationKind
from kunskapsnod.regions.permissions import get_organisation_or_404

router = Router(tags=["kunskapsbank"])
MAX_ENTRIES = 100


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    content_type: str
    size: int
    url: str


class LinkOut(Schema):
    url: str
    label: str


class ProjectOut(Schema):
    owner: str | None
    funding: str
    funder: str
    start_date: date | None
    end_date: date | None
    budget: int | None
    modules: list[str]
    goals: str
    results: str


class EntryOut(Schema):
    id: int
    kind: str
    status: str
    title: str
    summary: str
    owner: str
    themes: list[str]
    level: str | None
    target_group: str
    target_age: str
    actors: list[str]
    municipalities: list[str]
    contact_name: str
    contact_email: str
    contact_phone: str
    links: list[LinkOut]
    attachments: list[AttachmentOut]
    project: ProjectOut | None
    url: str
    published_at: datetime | None
    updated_at: datetime


class EntryDetailOut(EntryOut):
    body: str
    body_html: str


class EntryPage(Schema):
    count: int
    offset: int
    entries: list[EntryOut]


def _entries():
    return Entry.objects.select_related("owner", "level", "project_owner").prefetch_related(
        "themes", "municipalities", "actor_links", "links", "attachments"
    )


@router.get("/knowledge/entries", response=EntryPage)
def entries(request: HttpRequest, offset: Offset = 0):
    """Entries the caller may read, filtered as the list page (kind, theme, level,
    municipality, and status for those who may write); at most 100 per call."""
    form = EntryFilterForm(request.GET, show_status=can_create(request.user))
    if request.GET and not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise HttpError(400, f"{field}: {' '.join(map(str, errors))}")
    queryset = form.filter(_entries().visible_to(request.user))
    rows = list(queryset[offset : offset + MAX_ENTRIES])
    return {"count": queryset.count(), "offset": offset, "entries": [_entry(e) for e in rows]}


@router.get("/knowledge/entries/{entry_id}", response=EntryDetailOut)
def entry(request: HttpRequest, entry_id: int):
    """One entry with its Markdown body and the body as sanitised HTML; 404 when it does
    not exist or the caller may not read it."""
    found = get_entry_for_user(request.user, entry_id)
    found = _entries().get(pk=found.pk)
    return {**_entry(found), "body": found.body, "body_html": render_markdown(found.body)}


def _entry(entry: Entry) -> dict:
    return {
        "id": entry.pk,
        "kind": entry.kind,
        "status": entry.status,
        "title": entry.title,
        "summary": entry.summary,
        "owner": entry.owner.slug,
        "themes": [theme.name for theme in entry.themes.all()],
        "level": entry.level.name if entry.level else None,
        "target_group": entry.target_group,
        "target_age": entry.target_age,
        "actors": entry.actor_values,
        "municipalities": [m.slug for m in entry.municipalities.all()],
        "contact_name": entry.contact_name,
        "contact_email": entry.contact_email,
        "contact_phone": entry.contact_phone,
        "links": [{"url": link.url, "label": link.label} for link in entry.links.all()],
        "attachments": [
            {
                "id": a.pk,
                "name": a.name,
                "kind": a.kind,
                "content_type": a.content_type,
                "size": a.size,
                "url": a.get_absolute_url(),
            }
            for a in entry.attachments.all()
        ],  # fmt: skip
        "project": _project(entry) if entry.is_project else None,
        "url": entry.get_absolute_url(),
        "published_at": entry.published_at,
        "updated_at": entry.updated_at,
    }


def _project(entry: Entry) -> dict:
    return {
        "owner": entry.project_owner.slug if entry.project_owner else None,
        "funding": entry.funding,
        "funder": entry.funder,
        "start_date": entry.start_date,
        "end_date": entry.end_date,
        "budget": entry.budget,
        "modules": entry.module_list(),
        "goals": entry.goals,
        "results": entry.results,
    }


class RegisterProjectOut(Schema):
    id: int
    title: str
    owner: str
    status: str
    running: bool
    funder: str
    funding: str
    start_date: date | None
    end_date: date | None
    budget: int | None
    themes: list[str]
    target_group: str
    target_age: str
    municipalities: list[str]
    url: str


class OverlapOut(Schema):
    first: int
    second: int
    themes: list[str]
    target: str


class FunderOut(Schema):
    label: str
    projects: int
    budget: int


class RegisterOut(Schema):
    organisation: str | None
    today: date
    show: str
    projects: list[RegisterProjectOut]
    overlaps: list[OverlapOut]
    funders: list[FunderOut]


@router.get("/knowledge/projects", response=RegisterOut)
def projects(request: HttpRequest):
    """The project register's JSON twin: ``organisation`` (a municipality's or an
    association's slug) and ``visa`` (``pagaende``, the default, or ``alla``)."""
    form = ProjectRegisterForm(request.GET)
    if request.GET and not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise HttpError(400, f"{field}: {' '.join(map(str, errors))}")
    organisation, show = form.selection()
    register = build_register(Entry.objects.visible_to(request.user), organisation=organisation, show=show)
    return {
        "organisation": organisation.slug if organisation else None,
        "today": register.today,
        "show": register.show,
        "projects": [_register_project(p, register.running_ids) for p in register.projects],
        "overlaps": [
            {"first": o.first.pk, "second": o.second.pk, "themes": [t.name for t in o.themes], "target": o.target}
            for o in register.overlaps
        ],
        "funders": [{"label": f.label, "projects": f.projects, "budget": f.budget} for f in register.funders],
    }


def _register_project(p: Entry, running: set[int]) -> dict:
    return {
        "id": p.pk,
        "title": p.title,
        "owner": p.owner.slug,
        "status": p.status,
        "running": p.pk in running,
        "funder": funder_label(p),
        "funding": p.funding,
        "start_date": p.start_date,
        "end_date": p.end_date,
        "budget": p.budget,
        "themes": [t.name for t in p.themes.all()],
        "target_group": p.target_group,
        "target_age": p.target_age,
        "municipalities": [m.slug for m in p.municipalities.all()],
        "url": p.get_absolute_url(),
    }


# --- connections (the mapping's needs and interventions: signed-in users only) -------------


class ConnectionOut(Schema):
    need: int
    need_municipality: str
    kind: str  # "insats" or "post"
    target: int
    title: str
    municipality: str
    status: str
    reason: str
    decided_by: str | None
    decided_at: datetime


class SuggestedConnectionOut(Schema):
    kind: str
    target: int
    title: str
    municipality: str
    score: float
    words: list[str]
    themes: list[str]
    reason: str


class NeedConnectionsOut(Schema):
    need: int
    confirmed: list[ConnectionOut]
    suggestions: list[SuggestedConnectionOut]


class SimilarDoingOut(Schema):
    municipality: str
    why: str
    interventions: list[dict]
    entries: list[int]


class MunicipalityConnectionsOut(Schema):
    municipality: str
    confirmed: list[ConnectionOut]
    similar: list[SimilarDoingOut]


@router.get("/knowledge/needs/{need_id}/connections", response=NeedConnectionsOut, auth=django_auth)
def need_connections(request: HttpRequest, need_id: int):
    """A need's page section "what others already do": its confirmed connections and the
    suggested interventions of other municipalities and published entries, with reasons."""
    need = get_item_for_user(request.user, need_id)
    suggested = suggest_connections(need) if need.kind == Kind.NEED else []
    confirmed = confirmed_for_need(need) if need.kind == Kind.NEED else confirmed_for_target(need)
    return {
        "need": need.pk,
        "confirmed": [_connection(c) for c in confirmed],
        "suggestions": [
            {
                "kind": "post" if c.is_entry else "insats",
                "target": c.target.pk,
                "title": _title(c.target),
                "municipality": _owner(c.target),
                "score": c.score,
                "words": c.words,
                "themes": [t.name for t in c.themes],
                "reason": c.reason,
            }
            for c in suggested
        ],
    }


@router.get("/knowledge/municipalities/{slug}/connections", response=MunicipalityConnectionsOut, auth=django_auth)
def municipality_connections(request: HttpRequest, slug: str):
    """The municipality page "what others do": confirmed connections that touch it and
    what its most similar municipalities do (interventions closest to its needs)."""
    municipality = get_organisation_or_404(slug, kind=OrganisationKind.MUNICIPALITY)
    return {
        "municipality": municipality.slug,
        "confirmed": [_connection(c) for c in confirmed_for_municipality(municipality)],
        "similar": [
            {
                "municipality": d.municipality.slug,
                "why": d.why,
                "interventions": [
                    {"id": item.pk, "text": item.text, "closest_need": need.pk if need else None, "score": round(s, 3)}
                    for item, need, s in d.interventions
                ],
                "entries": [e.pk for e in d.entries],
            }
            for d in what_similar_do(municipality)
        ],
    }


def _connection(c) -> dict:
    target = c.entry or c.intervention
    return {
        "need": c.need_id,
        "need_municipality": c.need.municipality.slug,
        "kind": "post" if c.entry_id else "insats",
        "target": target.pk,
        "title": _title(target),
        "municipality": _owner(target),
        "status": c.status,
        "reason": c.reason,
        "decided_by": c.decided_by.get_username() if c.decided_by else None,
        "decided_at": c.decided_at,
    }


def _title(target) -> str:
    return target.title if isinstance(target, Entry) else target.text


def _owner(target) -> str:
    return target.owner.slug if isinstance(target, Entry) else target.municipality.slug
