"""Every write of the youth follow-up (docs/architecture.md, docs/youth.md).

Each function is keyword-only, takes the acting user as ``actor=``, runs in one
transaction, checks the coordinator grant inside (:mod:`kunskapsnod.youth.access`) and
logs what it did in the append-only :class:`~kunskapsnod.youth.models.AccessLog`. Bad
input is refused with a :class:`YouthError` in Swedish before anything is written."""


class YouthError(ValueError):
    """Refused input; the message (Swedish) says what to fix, with line numbers for files."""
