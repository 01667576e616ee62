"""The import directions README's architecture section draws, checked against the code: a
new import that breaks them fails here (and README must change with it, if it is meant)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "organizations", "roadmap", "obligations", "reports", "jobs")
# Which apps each app may import (README, "Architecture"). `accounts` is the bottom layer:
# the access policy lives there, and its User names organizations.Organization only by
# Django's lazy model reference, never by an import.
MAY_IMPORT = {
    "accounts": set(),
    "organizations": {"accounts"},
    "roadmap": {"organizations", "accounts", "jobs"},
    "obligations": {"roadmap", "organizations", "accounts", "jobs"},
    "reports": {"obligations", "roadmap", "organizations", "accounts", "jobs"},
    # Background jobs: the machinery only; apps declare their kinds of job in their jobs.py.
    "jobs": {"accounts"},
}
# mentorship_portal holds the wiring (settings, URLs, the error and health pages), which may
# import every app, and shared helpers every app may import, which import no app.
WIRING = {"settings.py", "settings_test.py", "urls.py", "wsgi.py", "asgi.py", "views.py"}
# Pure modules: no Django, no database, tested without either.
PURE = ["roadmap/deadlines.py", "roadmap/schedule.py"]


def imported_packages(path):
    """Top-level packages imported anywhere in a module (also inside functions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def code_files(package):
    """The package's own code: tests and migrations may reach across apps."""
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" not in parts and "migrations" not in parts:
            yield path


def test_every_app_is_covered():
    assert set(MAY_IMPORT) == set(APPS)
    assert all((ROOT / app).is_dir() for app in APPS)


@pytest.mark.parametrize("app", APPS)
def test_app_imports_only_the_apps_below_it(app):
    others = set(APPS) - {app}
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & others - MAY_IMPORT[app])
        for path in code_files(app)
    }
    assert {path: apps for path, apps in wrong.items() if apps} == {}


def test_shared_helpers_import_no_app():
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & set(APPS))
        for path in code_files("mentorship_portal")
        if path.name not in WIRING and "management" not in path.parts  # commands are wiring
    }
    assert {path: apps for path, apps in wrong.items() if apps} == {}


@pytest.mark.parametrize("module", PURE)
def test_pure_modules_import_no_django(module):
    imported = imported_packages(ROOT / module)
    assert imported & {"django", *APPS, "mentorship_portal"} == set()


def test_the_checker_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from reports.models import X\n    import roadmap.views\n")
    assert imported_packages(module) == {"reports", "roadmap"}
