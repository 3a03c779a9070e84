"""Uploaded files on local disk by default, or in an S3-compatible bucket (django-storages)
when KUNSKAPSNOD_S3_BUCKET is set. Settings only: nothing here talks to a network."""

import json

from django.conf import settings

from fresh_process import run_with_settings

SHOW = """
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
    shown = run_with_settings(
        SHOW,
        KUNSKAPSNOD_S3_BUCKET="kunskapsnod-bilagor",
        KUNSKAPSNOD_S3_ENDPOINT_URL="https://s3.example.se",
        KUNSKAPSNOD_S3_ACCESS_KEY="AKIAEXAMPLE",
        KUNSKAPSNOD_S3_SECRET_KEY="hemlig",
        KUNSKAPSNOD_S3_PREFIX="nod",
    )
    storage = json.loads(shown)
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
