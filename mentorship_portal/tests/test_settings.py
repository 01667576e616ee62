"""Settings come from the environment and fail loudly; production values pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "False",
    "SECRET_KEY": "x" * 30 + "-production-secret-key-with-enough-entropy-1234567890",
    "ALLOWED_HOSTS": "portal.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://portal.example.org",
    "DATABASE_URL": "sqlite:////tmp/mentorship-settings-test.sqlite3",
    "PORTAL_BASE_URL": "https://portal.example.org",
}


def run_django(code, env, settings="mentorship_portal.settings"):
    """Run `code` in a fresh interpreter with exactly `env` (plus PATH), from an empty folder
    so that no developer's .env file leaks in."""
    full_env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": settings, **env}
    script = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r});"
        "import environ; environ.Env.read_env = staticmethod(lambda *a, **k: None);"
        "import django; django.setup();" + code
    )
    return subprocess.run(
        [sys.executable, "-c", script], env=full_env, capture_output=True, text=True, cwd="/tmp"
    )


def test_database_url_selects_postgresql():
    result = run_django(
        "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
        {**PRODUCTION_ENV, "DATABASE_URL": "postgres://u:p@db.example.org:5432/portal"},
    )
    assert result.stdout.strip() == "django.db.backends.postgresql", result.stderr


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, "-c jit=off -c random_page_cost=1.1"),
        ({"DB_RANDOM_PAGE_COST": "2"}, "-c jit=off -c random_page_cost=2.0"),
        ({"DB_RANDOM_PAGE_COST": "", "DB_JIT": "on"}, "none"),
    ],
)
def test_postgresql_connections_plan_for_ssd_without_jit(extra, expected):
    result = run_django(
        "from django.conf import settings;"
        "print(settings.DATABASES['default'].get('OPTIONS', {}).get('options', 'none'))",
        {**PRODUCTION_ENV, "DATABASE_URL": "postgres://u:p@db.example.org:5432/portal", **extra},
    )
    assert result.stdout.strip() == expected, result.stderr


def test_random_page_cost_refuses_a_word():
    result = run_django(
        "pass",
        {
            **PRODUCTION_ENV,
            "DATABASE_URL": "postgres://u:p@db.example.org:5432/portal",
            "DB_RANDOM_PAGE_COST": "ssd; drop table x",
        },
    )
    assert result.returncode != 0 and "ValueError" in result.stderr


def test_without_database_url_sqlite_in_project():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DATABASE_URL"}
    result = run_django(
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'])",
        env,
    )
    assert result.stdout.split() == ["django.db.backends.sqlite3", str(ROOT / "db.sqlite3")]


def test_secret_key_required_when_debug_off():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_django("print('started')", env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_portal_base_url_required_when_debug_off():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "PORTAL_BASE_URL"}
    result = run_django("print('started')", env)
    assert result.returncode != 0
    assert "PORTAL_BASE_URL must be set when DEBUG is off" in result.stderr


def test_email_url_spelled_out_into_django_settings():
    code = (
        "from django.conf import settings as s;"
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER,"
        " s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL)"
    )
    env = {**PRODUCTION_ENV, "EMAIL_URL": "smtp+tls://mailer:secret@mail.example.org:587"}
    assert run_django(code, env).stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.org",
        "587",
        "mailer",
        "secret",
        "True",
        "False",
    ]


def test_bad_boolean_fails_loudly():
    result = run_django("print('started')", {**PRODUCTION_ENV, "DEBUG": "maybe"})
    assert result.returncode != 0


def test_lists_and_paths_read_from_environment():
    result = run_django(
        "from django.conf import settings;"
        "print(settings.ALLOWED_HOSTS, settings.CSRF_TRUSTED_ORIGINS, settings.MEDIA_ROOT,"
        " settings.EMAIL_HOST, settings.SECURE_SSL_REDIRECT)",
        {
            **PRODUCTION_ENV,
            "ALLOWED_HOSTS": "a.example.org,b.example.org",
            "MEDIA_ROOT": "/srv/portal-media",
            "EMAIL_URL": "smtp://mail.example.org:587",
            "SECURE_SSL_REDIRECT": "False",
        },
    )
    assert result.stdout.strip() == (
        "['a.example.org', 'b.example.org'] ['https://portal.example.org'] /srv/portal-media"
        " mail.example.org False"
    ), result.stderr


def test_check_deploy_clean_with_production_values():
    full_env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "mentorship_portal.settings",
        **PRODUCTION_ENV,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=full_env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "header, expected",
    [("Content-Security-Policy", "default-src 'self'"), ("X-Frame-Options", "DENY")],
)
def test_security_headers(client, header, expected):
    response = client.get("/accounts/login/")
    assert expected in response[header]
