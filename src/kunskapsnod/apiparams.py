"""Parameter types the JSON API's routers share: numbers a database can hold.

An unbounded ``offset`` of 2**63 passed validation and reached the database as
``OFFSET 9223372036854775808``, which both SQLite and PostgreSQL refuse with an error
(issue 8: 500 instead of an answer). Bounded here, it is a 422 with the documented
``{"error": ...}`` before any query runs."""

from typing import Annotated

from ninja import Query

MAX_OFFSET = 1_000_000_000

# A list's offset: 0 ≤ offset ≤ 10⁹ (more rows than any list here will ever hold).
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip, 0–1 000 000 000")]
