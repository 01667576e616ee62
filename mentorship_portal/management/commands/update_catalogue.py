"""Re-extract the translation catalogues (`make messages`): locale/<language>/LC_MESSAGES/
django.po for English and every other language already in locale/. One definition of what is
extracted, shared with the test that fails when the committed catalogue is out of date."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

CATALOGUE_OPTIONS = {
    # Not the interface: the tools' own packages, tests, benchmarks and documentation.
    "ignore_patterns": [
        ".venv",
        "node_modules",
        "docs",
        "benchmarks",
        "static",
        "*/tests/*",
        "conftest.py",
        "locale",
    ],
    # Without file:line references the catalogue changes only when a string does.
    "no_location": True,
    "no_obsolete": True,
}


class Command(BaseCommand):
    help = "Обновить каталоги переводов locale/*/LC_MESSAGES/django.po (по умолчанию — en)."

    def handle(self, *args, **options):
        root = Path(settings.LOCALE_PATHS[0])
        languages = sorted({"en"} | {path.name for path in root.glob("*") if path.is_dir()})
        call_command("makemessages", locale=languages, verbosity=0, **CATALOGUE_OPTIONS)
        self.stdout.write("Каталоги обновлены: " + ", ".join(languages))
