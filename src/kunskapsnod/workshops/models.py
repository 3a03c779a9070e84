"""Live workshops: notes (lappar) from anonymous participants, sorting, dot voting (pluppar).

Invariants that the database itself holds: one join code per workshop, a dot budget between
1 and MAX_DOTS, non-empty notes of at most NOTE_STORED_MAX_LENGTH characters, and at most one dot
per (participant, slot). A dot's slot is its number in the participant's budget (1..N), so a
participant can never hold more dots than slots, whatever the application code does.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kunskapsnod.mapping.models import AnalysisModel, Theme
from kunskapsnod.regions.models import Organisation

# A note is short, like a sticky note: 280 characters for new and edited notes. The column
# (and its check constraint) keeps 500, the limit before, so that older notes stay valid.
NOTE_MAX_LENGTH = 280
NOTE_STORED_MAX_LENGTH = 500
MAX_DOTS = 20
# No 0/O, 1/I/L: codes are read aloud and typed on phones.
JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
JOIN_CODE_LENGTH = 6
# A request key (idempotency key) names one click on "Lägg plupp" or "Lägg upp lappen": a
# request sent again with the same key (a retry on bad wifi, a proxy retrying on failover,
# a form posted twice) finds what the first one wrote instead of writing it again.
REQUEST_KEY_MAX_LENGTH = 64


class Phase(models.TextChoices):
    NOTES = "notes", _("Lappar")
    SORTING = "sorting", _("Sortering")
    VOTING = "voting", _("Röstning")
    RESULTS = "results", _("Resultat")
    CLOSED = "closed", _("Stängd")


PHASE_ORDER: list[str] = [Phase.NOTES, Phase.SORTING, Phase.VOTING, Phase.RESULTS, Phase.CLOSED]


class NoteKind(models.TextChoices):
    NEED = "behov", _("Behov")
    INTERVENTION = "insats", _("Insatser")


class Placement(models.TextChoices):
    UNSORTED = "unsorted", _("Osorterad")
    INTERNAL = "internt", _("Internt")
    SUBREGIONAL = "delregionalt", _("Delregionalt")


class SortBy(models.TextChoices):
    """What the board's columns are: the levels (internal or sub-regional) or the themes of
    the analysis model. Chosen before the sorting starts."""

    LEVEL = "niva", _("Efter nivå: Osorterat, Internt, Delregionalt")
    THEME = "tema", _("Efter tema: Osorterat och analysmodellens teman")


UNSORTED = "unsorted"  # the key of the Osorterat column, whatever the board is sorted by


class WorkshopQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(phase=Phase.CLOSED)

    def with_counts(self):
        """participant_count and note_count (notes on the board) as subqueries: a join of
        both would multiply participants by notes in every workshop."""
        return self.annotate(
            participant_count=_count_per_workshop(Participant.objects.all()),
            note_count=_count_per_workshop(Note.objects.active()),
        )


def _count_per_workshop(queryset):
    counts = queryset.filter(workshop=OuterRef("pk")).order_by().values("workshop").annotate(n=Count("pk"))
    return Coalesce(Subquery(counts.values("n")), 0)


class Workshop(models.Model):
    title = models.CharField(_("rubrik"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="workshops",
        verbose_name=_("kommun eller nätverk"),
    )
    # Who created and leads it. Anyone who may change the organisation may run it; the
    # workshop outlives a deleted account (and the demo workshop has none).
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="facilitated_workshops",
        verbose_name=_("samtalsledare"),
    )
    join_code = models.CharField(_("kod"), max_length=JOIN_CODE_LENGTH, unique=True)
    phase = models.CharField(_("fas"), max_length=10, choices=Phase.choices, default=Phase.NOTES)
    dots_per_participant = models.PositiveSmallIntegerField(_("pluppar per deltagare"), default=5)
    note_kind = models.CharField(_("lapparna gäller"), max_length=10, choices=NoteKind.choices, default=NoteKind.NEED)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    closed_at = models.DateTimeField(_("stängd"), null=True, blank=True)
    results_saved_at = models.DateTimeField(_("resultat sparat"), null=True, blank=True)
    # Whoever has the code may join while this is set. It is cleared when the voting starts
    # (a new participant, or the same person with cleared cookies, would get fresh dots);
    # the facilitator can close or open it at any time.
    joining_open = models.BooleanField(_("öppen för nya deltagare"), default=True)
    # Votes are hidden (the board shows how many have voted) until the facilitator reveals
    # them, or the results phase begins; votes_live shows them as they come instead.
    votes_live = models.BooleanField(_("visa rösterna medan deltagarna röstar"), default=False)
    votes_revealed_at = models.DateTimeField(_("rösterna visade"), null=True, blank=True)
    # The countdown of the current phase: running until timer_ends_at, or paused with
    # timer_remaining seconds left; both empty: no timer. Cleared when the phase changes.
    timer_ends_at = models.DateTimeField(_("tiden går ut"), null=True, blank=True)
    timer_remaining = models.PositiveIntegerField(_("sekunder kvar (pausad)"), null=True, blank=True)
    # Sorted by theme, the columns are the themes of this version of the analysis model (the
    # newest when the facilitator chose it): a version made later does not move the notes.
    sort_by = models.CharField(_("sorteras"), max_length=4, choices=SortBy.choices, default=SortBy.LEVEL)
    analysis_model = models.ForeignKey(
        AnalysisModel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("analysmodell"),
    )

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshoppar")
        constraints = [
            models.CheckConstraint(
                condition=Q(dots_per_participant__gte=1, dots_per_participant__lte=MAX_DOTS),
                name="workshop_dots_in_range",
            ),
            models.CheckConstraint(condition=Q(phase__in=[p.value for p in Phase]), name="workshop_phase_valid"),
            models.CheckConstraint(
                condition=Q(note_kind__in=[k.value for k in NoteKind]),
                name="workshop_note_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(timer_ends_at__isnull=True) | Q(timer_remaining__isnull=True),
                name="workshop_timer_running_or_paused",
            ),
            models.CheckConstraint(condition=Q(sort_by__in=SortBy.values), name="workshop_sort_by_valid"),
            models.CheckConstraint(
                condition=Q(sort_by=SortBy.LEVEL) | Q(analysis_model__isnull=False),
                name="workshop_themes_need_a_model",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.join_code})"

    def get_absolute_url(self) -> str:
        return reverse("workshops:facilitate", args=[self.pk])

    def join_url(self) -> str:
        return reverse("workshops:participate", args=[self.join_code])

    @property
    def is_closed(self) -> bool:
        return self.phase == Phase.CLOSED

    @property
    def shows_results(self) -> bool:
        return self.phase in (Phase.RESULTS, Phase.CLOSED)

    @property
    def saves_prioritised_needs(self) -> bool:
        """Only a municipality's needs are prioritised needs; a network's workshop (or one
        about interventions) keeps its result here."""
        return self.note_kind == NoteKind.NEED and self.organisation.is_municipality

    @property
    def shows_votes(self) -> bool:
        """Whether boards and the projector show the dots per note (not only how many voted)."""
        return self.votes_live or self.votes_revealed_at is not None or self.shows_results

    @property
    def sorts_by_theme(self) -> bool:
        return self.sort_by == SortBy.THEME

    def column_of(self, note: "Note") -> str:
        """The key of the board column the note lies in (see :class:`SortBy`)."""
        if self.sorts_by_theme:
            return str(note.theme_id) if note.theme_id else UNSORTED
        return note.placement

    def votes_on(self, note: "Note") -> bool:
        """Whether the note gets dots: sub-regional ones, or by theme every sorted one."""
        if self.sorts_by_theme:
            return note.theme_id is not None
        return note.placement == Placement.SUBREGIONAL

    def next_phase(self) -> str | None:
        index = PHASE_ORDER.index(self.phase)
        return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None


class Participant(models.Model):
    """An anonymous participant; the token lives in their session cookie's server-side session."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="participants", verbose_name=_("workshop")
    )
    token = models.CharField(max_length=64, unique=True, verbose_name=_("deltagarnyckel"))
    display_name = models.CharField(_("namn (frivilligt)"), max_length=60, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True, verbose_name=_("anslöt"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")

    def __str__(self) -> str:
        return self.display_name or _("Deltagare %(number)s") % {"number": self.pk}


class NoteQuerySet(models.QuerySet):
    def active(self):
        """Notes shown on the board: not hidden, not merged into another note."""
        return self.filter(hidden=False, merged_into__isnull=True)

    def votable(self):
        """The notes that get dots (:meth:`Workshop.votes_on`, for a query)."""
        by_level = Q(workshop__sort_by=SortBy.LEVEL, placement=Placement.SUBREGIONAL)
        by_theme = Q(workshop__sort_by=SortBy.THEME, theme__isnull=False)
        return self.active().filter(by_level | by_theme)

    def with_dot_counts(self):
        return self.annotate(dot_count=Count("dots"))

    def ranked(self):
        return self.votable().with_dot_counts().order_by("-dot_count", "created_at", "pk")


class Note(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="notes", verbose_name=_("workshop"))
    author = models.ForeignKey(
        Participant,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notes",
        verbose_name=_("författare"),
    )
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("författare (användare)"),
    )
    text = models.CharField(_("text"), max_length=NOTE_STORED_MAX_LENGTH)
    kind = models.CharField(_("typ"), max_length=10, choices=NoteKind.choices, default=NoteKind.NEED)
    placement = models.CharField(_("placering"), max_length=14, choices=Placement.choices, default=Placement.UNSORTED)
    # The note's column on a board sorted by theme (empty: Osorterat); kept, but not shown,
    # on a board sorted by level.
    theme = models.ForeignKey(
        Theme,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="workshop_notes",
        verbose_name=_("tema"),
    )
    # The author proposes a placement for their own note; once the facilitator has moved
    # the note, the author's proposal no longer moves it.
    placed_by_facilitator = models.BooleanField(_("placerad av samtalsledaren"), default=False)
    hidden = models.BooleanField(_("dold"), default=False)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_notes",
        verbose_name=_("sammanslagen med"),
    )
    request_key = models.CharField(
        _("nyckel för begäran"), max_length=REQUEST_KEY_MAX_LENGTH, blank=True, default="", editable=False
    )
    # Set when the facilitator saves the result without this note (junk, a duplicate):
    # the saved list of prioritised needs does not hold it.
    left_out = models.BooleanField(_("utelämnad ur den sparade listan"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("skapad"))
    # Part of the board's version: polls get 204 No Content while nothing changed.
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("ändrad"))

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("lapp")
        verbose_name_plural = _("lappar")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="note_text_not_empty"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), NOTE_STORED_MAX_LENGTH),
                name="note_text_max_length",
            ),
            models.CheckConstraint(condition=~Q(merged_into=F("pk")), name="note_not_merged_into_itself"),
            models.CheckConstraint(
                condition=Q(placement__in=[p.value for p in Placement]), name="note_placement_valid"
            ),
            models.UniqueConstraint(
                fields=["author", "request_key"], condition=~Q(request_key=""), name="note_request_key_once"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def merge_root(self) -> "Note":
        """The active note this one's group ends in (itself when not merged)."""
        note = self
        while note.merged_into_id is not None:
            note = note.merged_into
        return note


class Dot(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="dots", verbose_name=_("deltagare")
    )
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="dots", verbose_name=_("lapp"))
    slot = models.PositiveSmallIntegerField(verbose_name=_("prick nummer"))
    # Set when a merge moved this dot away from the note it was cast on (the first such
    # note), so that undoing the merge gives the dot back to that note's group.
    moved_from = models.ForeignKey(
        Note, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("flyttad från")
    )
    request_key = models.CharField(
        _("nyckel för begäran"), max_length=REQUEST_KEY_MAX_LENGTH, blank=True, default="", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("skapad"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("plupp")
        verbose_name_plural = _("pluppar")
        constraints = [
            models.UniqueConstraint(fields=["participant", "slot"], name="dot_one_per_slot"),
            models.UniqueConstraint(
                fields=["participant", "request_key"], condition=~Q(request_key=""), name="dot_request_key_once"
            ),
            models.CheckConstraint(condition=Q(slot__gte=1, slot__lte=MAX_DOTS), name="dot_slot_in_range"),
        ]

    def __str__(self) -> str:
        return f"plupp {self.slot} på lapp {self.note_id}"


class DotRemoval(models.Model):
    """A keyed "Ta bort plupp" that took a dot back. A request sent again with the same key
    takes back nothing more, and a cast sent again with the key of the dot taken back
    casts nothing (the dot row is gone, so its key is kept here)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="dot_removals", verbose_name=_("deltagare")
    )
    request_key = models.CharField(_("nyckel för begäran"), max_length=REQUEST_KEY_MAX_LENGTH, editable=False)
    dot_request_key = models.CharField(
        _("den borttagna pluppens nyckel"), max_length=REQUEST_KEY_MAX_LENGTH, blank=True, default="", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("skapad"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("borttagen plupp")
        verbose_name_plural = _("borttagna pluppar")
        constraints = [
            models.UniqueConstraint(fields=["participant", "request_key"], name="dot_removal_key_once"),
            models.CheckConstraint(condition=~Q(request_key=""), name="dot_removal_key_not_empty"),
        ]

    def __str__(self) -> str:
        return f"borttagen plupp ({self.request_key})"
