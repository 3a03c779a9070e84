"""The youth follow-up's records. Everything about a person lives here and nowhere else:
no other app imports these models (tests/youth/test_architecture.py), and what leaves the
module are the aggregates of :mod:`kunskapsnod.youth.aggregates`.

Identity numbers and pupil ids are never stored in clear: ``match_key`` is a keyed hash
for finding a person again, ``identity_encrypted`` the Fernet token shown to coordinators
(:mod:`kunskapsnod.youth.identity`). Ages and statistics read ``birth_year``, which
survives anonymisation, so a retention run leaves every count unchanged."""

from kunskapsnod.youth.models.absence import (
    AbsenceRecord,
    Flag,
    SchoolThreshold,
)
from kunskapsnod.youth.models.log import (
    AccessLog,
    AccessLogQuerySet,
    RetentionRun,
)
from kunskapsnod.youth.models.people import (
    Consent,
    ConsentTopic,
    ContactAttempt,
    CoordinatorGrant,
    Gender,
    KaaRecord,
    KaaStatus,
    Measure,
    Module,
    Outcome,
    Person,
    PersonQuerySet,
    Responsible,
    SensitiveNote,
    TotpDevice,
)
from kunskapsnod.youth.models.progress import (
    Enrolment,
    Step,
    StepChange,
    StepScale,
)
from kunskapsnod.youth.models.provenance import (
    HandEdit,
    ImportConflict,
    ImportConflictQuerySet,
    KaaImport,
    Resolution,
    TrackedField,
)

__all__ = [
    "Gender",
    "KaaStatus",
    "Module",
    "Outcome",
    "Responsible",
    "ConsentTopic",
    "CoordinatorGrant",
    "TotpDevice",
    "PersonQuerySet",
    "Person",
    "KaaRecord",
    "Measure",
    "ContactAttempt",
    "Consent",
    "SensitiveNote",
    "TrackedField",
    "Resolution",
    "KaaImport",
    "HandEdit",
    "ImportConflictQuerySet",
    "ImportConflict",
    "StepScale",
    "Step",
    "Enrolment",
    "StepChange",
    "SchoolThreshold",
    "AbsenceRecord",
    "Flag",
    "AccessLogQuerySet",
    "AccessLog",
    "RetentionRun",
]
