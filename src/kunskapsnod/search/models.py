"""The search index, kept in the database so every app server sees the same one.

``Document`` is one searchable thing (an intervention, a need, a priority, a knowledge-bank
entry) with its text for snippets, its facets and who may see it; ``Posting`` holds the
terms of each document (kunskapsnod.search.analysis) with their weighted frequency and,
copied from the document, its length and visibility, so ranking reads one table through
one index. ``Synonym`` is the staff-edited list of abbreviations and synonyms, read on
every query (an edit counts at once, on every server, without re-indexing).

Multi-valued facets (themes, municipalities, associations) are stored as ",3,17," text:
one column to filter with LIKE and to count in the same GROUP BY as the single-valued
ones, identically on SQLite and PostgreSQL.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kunskapsnod.regions.models import Organisation


class Visibility(models.IntegerChoices):
    PUBLIC = 0, _("Alla")
    SIGNED_IN = 1, _("Inloggade")
    OWNER = 2, _("De som får ändra ägaren")


class DocumentKind(models.TextChoices):
    INTERVENTION = "insats", _("Insats")
    NEED = "behov", _("Behov")
    PRIORITY = "prioritering", _("Prioritering")
    GOOD_EXAMPLE = "gott_exempel", _("Gott exempel")
    METHOD = "metod", _("Metod")
    RESEARCH = "forskning", _("Forskning")
    PROJECT = "projekt", _("Projekt")


class Source(models.TextChoices):
    ITEM = "item", "mapping.Item"
    PRIORITY = "priority", "mapping.Priority"
    ENTRY = "entry", "knowledge.Entry"


class Document(models.Model):
    source = models.CharField(max_length=10, choices=Source.choices, verbose_name=_("källa"))
    object_id = models.PositiveBigIntegerField(verbose_name=_("objekt-id"))
    kind = models.CharField(_("typ"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("rubrik"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    url = models.CharField(max_length=300, verbose_name=_("adress"))
    municipality = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("kommun")
    )
    # Facets: ",id,id," lists (see the module docstring), a level id, an age group, a year.
    themes = models.CharField(max_length=500, blank=True, default="", verbose_name=_("teman"))
    municipalities = models.CharField(max_length=2000, blank=True, default="", verbose_name=_("kommuner"))
    associations = models.CharField(max_length=200, blank=True, default="", verbose_name=_("kommunalförbund"))
    level_id = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("nivå"))
    target = models.CharField(max_length=10, blank=True, default="", verbose_name=_("målgrupp"))
    year = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("år"))
    visibility = models.PositiveSmallIntegerField(choices=Visibility.choices, verbose_name=_("synlighet"))
    owner_id = models.PositiveBigIntegerField(null=True, blank=True, verbose_name=_("ägare"))
    length = models.PositiveIntegerField(default=0, verbose_name=_("längd"))
    indexed_at = models.DateTimeField(auto_now=True, verbose_name=_("indexerad"))

    class Meta:
        verbose_name = _("sökdokument")
        verbose_name_plural = _("sökdokument")
        # The facet filters and the facet counts of the best hits (by id) read this index
        # alone, not the rows with their texts.
        indexes = [
            models.Index(
                fields=["id", "kind", "year", "level_id", "target", "themes", "municipalities", "associations"],
                name="search_document_facet_values",
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id"], name="search_document_unique"),
            models.CheckConstraint(condition=Q(visibility__in=[v.value for v in Visibility]), name="search_visibility"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title[:60]}"


class Posting(models.Model):
    """A term of a document: its weighted frequency, and the document's length, visibility
    and owner, copied here so the ranking query needs no join."""

    term = models.CharField(max_length=60, verbose_name=_("term"))
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="postings", db_index=False, verbose_name=_("dokument")
    )
    frequency = models.FloatField(verbose_name=_("frekvens"))
    # BM25's term-frequency part with a fixed average length: the order in which a common
    # term's postings are read when only its best ones can make the first pages.
    impact = models.FloatField(default=0, verbose_name=_("vikt"))
    length = models.PositiveIntegerField(verbose_name=_("längd"))
    visibility = models.PositiveSmallIntegerField(verbose_name=_("synlighet"))
    owner_id = models.PositiveBigIntegerField(null=True, verbose_name=_("ägare"))

    class Meta:
        # Both cover the queries that read them: a term's postings best first (candidates),
        # and a document's postings (re-scoring the best candidates, deleting).
        indexes = [
            models.Index(
                fields=["term", "-impact", "document", "frequency", "length", "visibility", "owner_id"],
                name="search_posting_impact",
            ),
            models.Index(fields=["document", "term", "frequency", "length"], name="search_posting_document"),
        ]
        verbose_name = _("sökindexpost")
        verbose_name_plural = _("sökindexposter")

    def __str__(self) -> str:
        return f"{self.term} × {self.frequency}"


class Statistic(models.Model):
    """How many documents of one visibility (and owner) the index holds and their total
    length: BM25's corpus size and average length for what a user may see, in one small
    read instead of a scan of every document. Kept by the index writes, in their
    transaction."""

    visibility = models.PositiveSmallIntegerField(verbose_name=_("synlighet"))
    owner_id = models.PositiveBigIntegerField(default=0, verbose_name=_("ägare"))
    documents = models.BigIntegerField(default=0, verbose_name=_("dokument"))
    length = models.BigIntegerField(default=0, verbose_name=_("längd"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visibility", "owner_id"], name="search_statistic_unique")]
        verbose_name = _("sökstatistik")
        verbose_name_plural = _("sökstatistik")

    def __str__(self) -> str:
        return f"{self.visibility}/{self.owner_id}: {self.documents}"


class TermStatistic(models.Model):
    """In how many documents of one visibility (and owner) a term occurs: BM25's document
    frequency for what a user may see, without counting a common term's postings on
    every query. Kept by the index writes, in their transaction."""

    term = models.CharField(max_length=60, verbose_name=_("term"))
    visibility = models.PositiveSmallIntegerField(verbose_name=_("synlighet"))
    owner_id = models.PositiveBigIntegerField(default=0, verbose_name=_("ägare"))
    documents = models.BigIntegerField(default=0, verbose_name=_("dokument"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "visibility", "owner_id"], name="search_term_statistic_unique")
        ]
        verbose_name = _("termstatistik")
        verbose_name_plural = _("termstatistik")

    def __str__(self) -> str:
        return f"{self.term} {self.visibility}/{self.owner_id}: {self.documents}"


class Synonym(models.Model):
    """An abbreviation or synonym and what it means ("SYV" = "studie- och
    yrkesvägledning"). A query for either finds both."""

    term = models.CharField(
        _("förkortning eller ord"), max_length=60, unique=True, help_text=_("T.ex. SYV, BUP eller KAA.")
    )
    meaning = models.CharField(
        _("betydelse"),
        max_length=300,
        help_text=_("Det den står för, t.ex. studie- och yrkesvägledning. Flera betydelser skiljs med semikolon."),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("ändrad"))

    class Meta:
        ordering = ["term"]
        verbose_name = _("synonym")
        verbose_name_plural = _("synonymer och förkortningar")
        constraints = [models.CheckConstraint(condition=~Q(term="") & ~Q(meaning=""), name="search_synonym_filled")]

    def __str__(self) -> str:
        return f"{self.term} = {self.meaning}"
