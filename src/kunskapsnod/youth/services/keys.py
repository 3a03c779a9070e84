"""Key rotation: every encrypted value re-encrypted under the first Fernet key, and, when
the HMAC key changes, every matching hash recomputed from the decrypted values."""

from __future__ import annotations

from django.db import transaction

from kunskapsnod.youth import identity
from kunskapsnod.youth.keys import fernet
from kunskapsnod.youth.models import AbsenceRecord, Person, TotpDevice


@transaction.atomic
def rotate_keys(*, rehash: bool = False) -> int:
    """Re-encrypt with the current key (MultiFernet.rotate); with ``rehash``, recompute the
    keyed hashes with the current HMAC key. Returns the number of values rewritten."""
    multi = fernet()

    def rotated(token: str) -> str:
        return multi.rotate(token.encode()).decode() if token else token

    count = 0
    people = list(Person.objects.exclude(identity_encrypted=""))
    for person in people:
        person.identity_encrypted = rotated(person.identity_encrypted)
        if rehash:
            person.match_key = identity.match_key(identity.decrypt(person.identity_encrypted))
    Person.objects.bulk_update(people, ["identity_encrypted", "match_key"], batch_size=1000)
    absence = list(AbsenceRecord.objects.exclude(pupil_encrypted=""))
    for record in absence:
        record.pupil_encrypted = rotated(record.pupil_encrypted)
        if rehash:
            record.pupil_key = identity.match_key(identity.decrypt(record.pupil_encrypted))
    AbsenceRecord.objects.bulk_update(absence, ["pupil_encrypted", "pupil_key"], batch_size=1000)
    devices = list(TotpDevice.objects.all())
    for device in devices:
        device.secret_encrypted = rotated(device.secret_encrypted)
    TotpDevice.objects.bulk_update(devices, ["secret_encrypted"])
    count = len(people) + len(absence) + len(devices)
    return count
