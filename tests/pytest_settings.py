"""Settings for the test run: the production settings module, over plain http, with
static files served from the finders. Only environment defaults change here."""

import os

os.environ.setdefault("KUNSKAPSNOD_HTTPS", "0")
os.environ.setdefault("KUNSKAPSNOD_STATIC_FROM_FINDERS", "1")
os.environ.setdefault("KUNSKAPSNOD_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")

from kunskapsnod.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405  (speed only)
STATIC_ROOT = None  # nothing collected in tests; whitenoise serves from the finders
