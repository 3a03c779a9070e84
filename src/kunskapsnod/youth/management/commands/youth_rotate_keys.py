"""Re-encrypt the youth module's values under the first key of
KUNSKAPSNOD_YOUTH_FERNET_KEYS (put a new key first, run this, then drop the old key), and
with --rehash recompute the matching hashes after KUNSKAPSNOD_YOUTH_HMAC_KEY changed."""

from django.core.management.base import BaseCommand

from kunskapsnod.youth.keys import generate_fernet_key, generate_hmac_key
from kunskapsnod.youth.services.keys import rotate_keys


class Command(BaseCommand):
    help = "Re-encrypt youth data under the current key; --rehash after a new HMAC key; --new-keys prints keys."

    def add_arguments(self, parser):
        parser.add_argument("--rehash", action="store_true", help="recompute the keyed hashes (new HMAC key)")
        parser.add_argument(
            "--new-keys", action="store_true", help="print a new Fernet key and HMAC key, change nothing"
        )

    def handle(self, *args, rehash=False, new_keys=False, **options):
        if new_keys:
            self.stdout.write(f"KUNSKAPSNOD_YOUTH_FERNET_KEYS={generate_fernet_key()}")
            self.stdout.write(f"KUNSKAPSNOD_YOUTH_HMAC_KEY={generate_hmac_key()}")
            return
        count = rotate_keys(rehash=rehash)
        self.stdout.write(f"{count} values re-encrypted" + (" and re-hashed" if rehash else ""))
