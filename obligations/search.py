"""The search box: organizations, roadmap activities and evidence (title, document number),
only among what the user may see (each kind starts from its `visible_to(user)`), so a school
head never finds another school's evidence.

On PostgreSQL, words match through full-text search with the Russian dictionary («положения»
finds «Положение»), ranked; document numbers match by prefix («45» finds «45-о»), and any
fragment of a name still matches as plain text. On SQLite it is plain case-insensitive
matching (Cyrillic tried as typed, in lower case, capitalised and in capitals, since
SQLite folds only Latin letters). Each kind costs two queries (count and one page),
whatever the number of results.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, FloatField, Q, Value
from django.utils.translation import gettext as _

from accounts.policy import Capability, can
from organizations.models import Organization
from roadmap.models import Activity

from .models import Evidence, Obligation

MIN_LENGTH = 2
MAX_LENGTH = 100
PREVIEW_SIZE = 10  # per kind on the overview
PAGE_SIZE = 30  # one kind, paged
KINDS = ("organizations", "activities", "evidence")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class QueryRefused(ValueError):
    """The text cannot be searched for; the message says why, in Russian."""


def clean_query(raw):
    """The text to search for: spaces collapsed, control characters dropped, at most
    MAX_LENGTH characters; QueryRefused when too short or without a letter or digit."""
    text = " ".join(_CONTROL.sub(" ", raw or "").split())[:MAX_LENGTH]
    if not text:
        raise QueryRefused(_("Введите, что найти: название, номер документа или мероприятия."))
    if len(text) < MIN_LENGTH:
        raise QueryRefused(
            _("Слишком короткий запрос: нужно хотя бы %(count)d символа.") % {"count": MIN_LENGTH}
        )
    if not any(char.isalnum() for char in text):
        raise QueryRefused(_("В запросе нет ни букв, ни цифр: уточните, что найти."))
    return text


def _full_text():
    return connection.vendor == "postgresql"


def _case_variants(text):
    """SQLite folds the case of Latin letters only: there, Cyrillic text is also tried as
    typed in lower case, with a capital and in capitals (PostgreSQL folds every alphabet)."""
    if _full_text():
        return [text]
    return list(dict.fromkeys([text, text.lower(), text.capitalize(), text.upper()]))


def _matching(queryset, text, *, words, prefixes=(), contains=()):
    """Rows whose `words` fields match `text` as Russian words (PostgreSQL) or whose
    `contains` fields hold it; `prefixes` fields start with it. Best matches first."""
    condition = Q()
    for variant in _case_variants(text):
        for name in contains:
            condition |= Q(**{f"{name}__icontains": variant})
        for name in prefixes:
            condition |= Q(**{f"{name}__istartswith": variant})
    if not _full_text():
        return queryset.filter(condition).annotate(rank=Value(0.0, output_field=FloatField()))
    query = SearchQuery(text, config="russian", search_type="websearch")
    return (
        queryset.annotate(
            document=SearchVector(*words, config="russian"),
            rank=SearchRank(F("document"), query),
        )
        .filter(condition | Q(document=query))
        .order_by(F("rank").desc(nulls_last=True))
    )


def organizations(user, text):
    found = _matching(
        Organization.objects.visible_to(user),
        text,
        words=["name", "short_name"],
        contains=["name", "short_name"],
    )
    return found.order_by(*found.query.order_by, "name", "pk")


def activities(user, text):
    """Staff find the roadmap's activities; a head finds what their organization owes for
    them (the activity pages are the office's)."""
    if not can(user, Capability.VIEW_STAFF_PAGES):
        return None
    found = _matching(
        Activity.objects.visible_to(user).select_related("stage__roadmap"),
        text,
        words=["title", "result_form"],
        prefixes=["number"],
        contains=["title"],
    )
    return found.order_by(*found.query.order_by, "stage__roadmap", "stage__position", "position")


def obligations(user, text):
    """For a head: their own obligations whose activity matches."""
    if can(user, Capability.VIEW_STAFF_PAGES):
        return None
    found = _matching(
        Obligation.objects.visible_to(user).with_details(),
        text,
        words=["responsibility__activity__title"],
        prefixes=["responsibility__activity__number"],
        contains=["responsibility__activity__title"],
    )
    return found.order_by(*found.query.order_by, "due_date", "pk")


def evidence(user, text):
    found = _matching(
        Evidence.objects.visible_to(user)
        .present()
        .select_related(
            "act_type", "obligation__organization", "obligation__responsibility__activity__stage"
        ),
        text,
        words=["title"],
        prefixes=["act_number"],
        contains=["title", "act_number"],
    )
    return found.order_by(*found.query.order_by, "-act_date", "-pk")


@dataclass
class Group:
    kind: str
    label: str
    page: object  # a Paginator page of the kind's results


def search(user, text, *, kind=None, page=None):
    """The groups of results for `text` (already cleaned): the first PREVIEW_SIZE of each
    kind, or, when `kind` is one of KINDS, that kind alone paged by PAGE_SIZE."""
    labelled = [
        ("organizations", _("Организации"), organizations(user, text)),
        ("activities", _("Мероприятия дорожной карты"), activities(user, text)),
        ("activities", _("Мои мероприятия"), obligations(user, text)),
        ("evidence", _("Подтверждения и документы"), evidence(user, text)),
    ]
    groups = []
    for name, label, queryset in labelled:
        if queryset is None or (kind in KINDS and name != kind):
            continue
        size = PAGE_SIZE if kind == name else PREVIEW_SIZE
        number = page if kind == name else 1
        groups.append(Group(name, label, Paginator(queryset, size).get_page(number)))
    return groups
