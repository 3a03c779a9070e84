"""Uploaded files on local disk by default, or in an S3-compatible bucket (django-storages)
when KUNSKAPSNOD_S3_BUCKET is set. Settings only: nothing here talks to a network."""

import json
import os
import subprocess
import sys

from django.conf import settings

SHOW = """
import django; django.setup()
from django.core.files.storage import default_storage
default_storage._setup()
s = default_storage._wrapped
print(json.dumps({"class": type(s).__module__ + "." + type(s).__name__, "bucket": s.bucket_name,
    "endpoint": s.endpoint_url, "location": s.location, "overwrite": s.file_overwrite, "acl": s.default_acl,
    "signed": s.querystring_auth, "key": s.access_key}))
"""


def test_uploaded_files_live_on_local_disk_unless_a_bucket_is_named():
    assert settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_a_named_bucket_puts_uploaded_files_in_s3_compatible_storage():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KUNSKAPSNOD_", "DATABASE_URL", "DJANGO_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "kunskapsnod.settings",
        "KUNSKAPSNOD_HTTPS": "0",
        "KUNSKAPSNOD_S3_BUCKET": "kunskapsnod-bilagor",
        "KUNSKAPSNOD_S3_ENDPOINT_URL": "https://s3.example.se",
        "KUNSKAPSNOD_S3_ACCESS_KEY": "AKIAEXAMPLE",
        "KUNSKAPSNOD_S3_SECRET_KEY": "hemlig",
        "KUNSKAPSNOD_S3_PREFIX": "nod",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import json\n" + SHOW], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    storage = json.loads(result.stdout)
    assert storage == {
        "class": "storages.backends.s3.S3Storage",
        "bucket": "kunskapsnod-bilagor",
        "endpoint": "https://s3.example.se",
        "location": "nod",
        "overwrite": False,  # a generated name is never replaced by another upload
        "acl": None,  # the bucket's (private) policy: files are served by the access-checking view only
        "signed": True,
        "key": "AKIAEXAMPLE",
    }
