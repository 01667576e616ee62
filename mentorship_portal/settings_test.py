"""Settings for the test suite: production settings with test-only conveniences.

Tests run with DEBUG off (as in production) so that they see what users see; the few values
below only make the suite fast and self-contained.
"""

import os
import tempfile

os.environ.setdefault("DEBUG", "False")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-9f8e7d6c5b4a")
os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("PORTAL_BASE_URL", "http://testserver")

from .settings import *  # noqa: E402,F403
from .settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A Celery worker started by a test shares the test's media folder through TEST_MEDIA_ROOT.
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="mentorship-test-media-")
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
