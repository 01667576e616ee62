"""The interface is Russian, but every string a user reads is wrapped for translation and the
English catalogue (locale/en/LC_MESSAGES/django.po) holds them all, so that an English
interface is a matter of filling in msgstr lines (README, «Другой язык интерфейса»).

Two guards: a template text with Cyrillic outside {% translate %}/{% blocktranslate %} fails,
and the catalogue must equal what `make messages` extracts now (a new or changed string in
code or templates without regenerating the catalogue fails, as does a stale one)."""

import ast
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from mentorship_portal.management.commands.update_catalogue import CATALOGUE_OPTIONS

BASE = Path(settings.BASE_DIR)
CATALOGUE = BASE / "locale" / "en" / "LC_MESSAGES" / "django.po"
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
WRAPPED_BLOCKS = re.compile(
    r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}"
    r"|{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}",
    re.S,
)
TAG = re.compile(r"{%.*?%}|{{.*?}}", re.S)
TRANSLATE_TAG = re.compile(r"{%\s*trans(?:late)?\b")
WRAPPED_LITERAL = re.compile(r"""_\((["']).*?\1\)""")


def project_templates():
    skip = {".venv", "node_modules", ".git"}
    for path in sorted(BASE.glob("**/templates/**/*.html")):
        if not skip & set(path.relative_to(BASE).parts):
            yield path


def unwrapped_lines(text):
    """(line number, text) of Cyrillic a user would read that no translation tag wraps."""

    def blank(match):  # keep line numbers
        return "\n" * match.group(0).count("\n")

    def tag(match):
        source = match.group(0)
        if TRANSLATE_TAG.match(source):
            return blank(match)
        literal_left = WRAPPED_LITERAL.sub("", source)  # {{ x|default:_("нет") }} is wrapped
        return source if CYRILLIC.search(literal_left) else blank(match)

    text = TAG.sub(tag, WRAPPED_BLOCKS.sub(blank, text))
    for number, line in enumerate(text.splitlines(), 1):
        if CYRILLIC.search(line):
            yield number, line.strip()


def test_the_checker_finds_unwrapped_text():
    template = (
        '{% load i18n %}<h1>{% translate "Заголовок" %}</h1>\n'
        "{# комментарий #}<p>{% blocktranslate %}Текст {{ x }}{% endblocktranslate %}</p>\n"
        '<p>{{ value|default:_("нет") }}</p>\n'
        '<button aria-label="Закрыть"></button>\n'
        '<p>{{ value|default:"нет" }}</p>\n'
        "<p>Без обёртки</p>\n"
    )
    assert [number for number, _ in unwrapped_lines(template)] == [4, 5, 6]


def test_every_template_string_is_wrapped_for_translation():
    found = [
        f"{path.relative_to(BASE)}:{number}: {line}"
        for path in project_templates()
        for number, line in unwrapped_lines(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "Wrap these in {% translate %}:\n" + "\n".join(found)


def catalogue_entries(path):
    """{(msgctxt, msgid, msgid_plural)} of a .po file (entries are blank-line separated), the
    header excluded."""
    entries = set()
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields, field = {}, None
        for line in block.splitlines():
            keyword = re.match(r"(msgctxt|msgid_plural|msgid|msgstr\S*) (\".*\")$", line)
            if keyword:
                field = keyword.group(1)
                fields[field] = ast.literal_eval(keyword.group(2))
            elif line.startswith('"') and field:
                fields[field] += ast.literal_eval(line)
        if fields.get("msgid"):
            context, plural = fields.get("msgctxt", ""), fields.get("msgid_plural", "")
            entries.add((context, fields["msgid"], plural))
    return entries


@pytest.fixture
def gettext_tools():
    if not shutil.which("xgettext") or not shutil.which("msgfmt"):
        message = "GNU gettext is missing: apt-get install gettext (make test installs it)"
        if os.environ.get("REQUIRE_E2E") or os.environ.get("REQUIRE_SERVICES"):
            pytest.fail(message + " — CI must run this test")
        pytest.skip(message)


def test_the_english_catalogue_is_current(gettext_tools, settings, tmp_path, monkeypatch):
    """Extracted afresh in a mirror of the project (links to its folders, an empty locale/):
    makemessages writes beside the sources, and the committed catalogue must stay untouched."""
    mirror = tmp_path / "project"
    mirror.mkdir()
    for entry in BASE.iterdir():
        if entry.name not in ("locale", ".git"):
            (mirror / entry.name).symlink_to(entry)
    (mirror / "locale").mkdir()
    settings.LOCALE_PATHS = [mirror / "locale"]
    monkeypatch.chdir(mirror)
    before = CATALOGUE.read_bytes()
    with open(os.devnull, "w") as quiet:
        call_command(
            "makemessages", locale=["en"], symlinks=True, stdout=quiet, **CATALOGUE_OPTIONS
        )
    assert CATALOGUE.read_bytes() == before
    extracted = catalogue_entries(mirror / "locale" / "en" / "LC_MESSAGES" / "django.po")
    committed = catalogue_entries(CATALOGUE)
    assert len(extracted) > 500  # the whole interface, not an empty extraction
    missing = sorted(extracted - committed)
    stale = sorted(committed - extracted)
    assert (missing, stale) == ([], []), "The catalogue is out of date: run `make messages`"


def test_the_catalogue_compiles(gettext_tools, tmp_path):
    compiled = subprocess.run(
        ["msgfmt", "--check-format", "-o", str(tmp_path / "django.mo"), str(CATALOGUE)],
        capture_output=True,
        text=True,
    )
    assert compiled.returncode == 0, compiled.stderr
