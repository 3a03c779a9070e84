"""Settings for the test run: the production settings module, over plain http, with
static files served from the finders. Only environment defaults change here."""

import os
import secrets

from cryptography.fernet import Fernet

os.environ.setdefault("KUNSKAPSNOD_HTTPS", "0")
os.environ.setdefault("KUNSKAPSNOD_STATIC_FROM_FINDERS", "1")
os.environ.setdefault("KUNSKAPSNOD_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
# The youth module is on, with keys generated for this run (never keys from the repository).
os.environ.setdefault("KUNSKAPSNOD_YOUTH", "1")
os.environ.setdefault("KUNSKAPSNOD_YOUTH_FERNET_KEYS", Fernet.generate_key().decode())
os.environ.setdefault("KUNSKAPSNOD_YOUTH_HMAC_KEY", secrets.token_urlsafe(32))

from kunskapsnod.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405  (speed only)
STATIC_ROOT = None  # nothing collected in tests; whitenoise serves from the finders
