"""``IN (...)`` on an integer column skips numbers the column cannot hold.

Django's exact and comparison lookups already treat a number beyond the column's range
as matching nothing; ``__in`` does not (Django 5.2), so a form's multiple choice with
2**70 among the ids answered 500: OverflowError on SQLite, DataError on PostgreSQL
(issue 8). Such a number matches no row, so leaving it out changes no answer. Registered
once at start-up (regions' AppConfig), for every model of every app."""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [value for value in self.rhs if _within(value, low, high)]
        return super().process_rhs(compiler, connection)


def _within(value, low, high) -> bool:
    if not isinstance(value, int):
        return True
    return (low is None or value >= low) and (high is None or value <= high)


def install() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
