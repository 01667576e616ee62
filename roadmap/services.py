"""Writes for roadmaps: saving an imported roadmap, activating and archiving it, and the
corrections staff make where the parser could not decide (deadlines, responsible bodies).

Every function is keyword-only, atomic, takes the acting user and records a RoadmapChange in
the same transaction. Changes that affect who owes what send `responsibilities_changed`, on
which the obligations app re-syncs its obligations inside the same transaction.
"""

from django.db import transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from organizations.models import Organization

from .deadlines import parse_deadline
from .display import describe_deadline
from .editions import MATCH, find_previous_edition, link_carried_activities, resolve_edition
from .importers import ImportedRoadmap, is_all_heads, is_position_or_person, split_responsible
from .models import (
    Activity,
    PartyKind,
    Programme,
    Responsibility,
    ResponsibleParty,
    Roadmap,
    RoadmapChange,
    RoadmapStatus,
    Stage,
)
from .signals import edition_activated, responsibilities_changed


class RoadmapStateError(Exception):
    """The roadmap is not in a state that allows this; the message is for the user."""


def organization_named(text, organizations=None):
    """The one organization whose full or short name is `text`; None if none or several."""
    candidates = list((organizations or Organization.objects).matching_name(text)[:2])
    return candidates[0] if len(candidates) == 1 else None


def match_party(text, organizations=None, *, issuer=None):
    """(kind, organization) for a responsible as written; never refuses. The heads of all
    schools ("руководители ОО", "директор ОО"); an organization by its name; a position or a
    person ("куратор", "Иванова И.И.") is one of the issuing body's people, so the issuer
    owes it (the text stays as written, shown beside it); else staff match it by hand."""
    if is_all_heads(text):
        return PartyKind.ALL_HEADS, None
    organization = organization_named(text, organizations)
    if organization is not None:
        return PartyKind.ORGANIZATION, organization
    if issuer is not None and is_position_or_person(text):
        return PartyKind.ORGANIZATION, issuer
    return PartyKind.UNMATCHED, None


def party_matcher(*, issuer=None):
    """match_party for one import: each distinct body as written is looked up once."""
    matches = {}

    def match(text):
        if text not in matches:
            matches[text] = match_party(text, issuer=issuer)
        return matches[text]

    return match


def build_parties(responsible_text, match=match_party):
    """Unsaved ResponsibleParty objects for a responsible cell, matched where possible."""
    parties = []
    for position, text in enumerate(split_responsible(responsible_text), start=1):
        kind, organization = match(text)
        parties.append(
            ResponsibleParty(position=position, kind=kind, organization=organization, text=text)
        )
    return parties


def _limited_texts(imported, *, title, order_number):
    """(where, what, value, field) for each text an import saves in a length-limited field."""

    def field(model, name):
        return model._meta.get_field(name)

    yield "", _("наименование"), title, field(Roadmap, "title")
    programme_title = imported.programme_title or title
    yield "", _("наименование программы"), programme_title, field(Programme, "title")
    yield "", _("номер приказа"), order_number, field(Roadmap, "order_number")
    yield "", _("приложение"), imported.appendix, field(Roadmap, "appendix")
    for position, stage in enumerate(imported.stages, start=1):
        # Not every layout gives a stage a row of its own: name it by its place instead.
        where = _("Этап %(position)s") % {"position": position}
        yield where, _("номер этапа"), stage.number, field(Stage, "number")
        yield where, _("наименование этапа"), stage.title, field(Stage, "title")
        for activity in stage.activities:
            where = _("Строка %(row)s") % {"row": activity.source_row}
            yield where, _("номер мероприятия"), activity.number, field(Activity, "number")
            for row in activity.deadline_rows:
                where = _("Строка %(row)s") % {"row": row.source_row}
                yield where, _("срок"), row.deadline, field(Responsibility, "deadline_text")
                for text in split_responsible(row.responsible):
                    yield where, _("ответственный"), text, field(ResponsibleParty, "text")


def _counted_positions(imported):
    """(where, what, count) for each list whose items are numbered in a small-integer column."""
    yield "", _("этапов"), len(imported.stages)
    for position, stage in enumerate(imported.stages, start=1):
        where = _("Этап %(position)s") % {"position": position}
        yield where, _("мероприятий в этапе"), len(stage.activities)
        for activity in stage.activities:
            where = _("Строка %(row)s") % {"row": activity.source_row}
            yield where, _("строк сроков у мероприятия"), len(activity.deadline_rows)


def check_positions(imported: ImportedRoadmap):
    """Refuse a stage (or roadmap, or activity) with more items than its `position` column can
    number: PostgreSQL and SQLite would fail with an overflow after minutes of inserts."""
    # The portable range (PostgreSQL's), not this connection's: SQLite would accept more,
    # and a roadmap must import the same on a laptop as in production.
    _low, high = BaseDatabaseOperations.integer_field_ranges["PositiveSmallIntegerField"]
    for where, what, count in _counted_positions(imported):
        if count > high:
            message = _("%(what)s больше %(limit)s — разделите документ на части") % {
                "what": capfirst(what) if not where else what,
                "limit": f"{high:,}".replace(",", "\u00a0"),
            }
            raise RoadmapStateError(f"{where}: {message}" if where else message)


def check_lengths(imported: ImportedRoadmap, *, title=None, order_number=None):
    """Refuse, naming the row, a text longer than its column allows (PostgreSQL would fail
    with DataError), or a list too long to number. `title` and `order_number` are the options
    that override the heading."""
    check_positions(imported)
    texts = _limited_texts(
        imported,
        title=title or imported.title,
        order_number=order_number if order_number is not None else imported.order_number,
    )
    for where, what, value, field in texts:
        if len(value or "") > field.max_length:
            message = _("%(what)s длиннее %(limit)s символов") % {
                "what": what,
                "limit": field.max_length,
            }
            raise RoadmapStateError(f"{where}: {message}" if where else capfirst(message))


def issuer_of(imported: ImportedRoadmap, *, by, issuer=None):
    """The body a roadmap is saved under: `issuer`, else the body the heading names when it
    is written exactly as an organization's name, else the acting user's organization."""
    if issuer is None and imported.issuer:
        issuer = organization_named(imported.issuer)
    if issuer is None and by is not None and by.organization_id:
        issuer = by.organization
    return issuer


def previous_edition_for(imported: ImportedRoadmap, *, by, title=None):
    """The roadmap the file would be saved as the next edition of (as the preview says it)."""
    issuer = issuer_of(imported, by=by)
    return find_previous_edition(
        title=imported.programme_title or title or imported.title, issuer=issuer
    )


def _record(roadmap, by, action, details=""):
    RoadmapChange.objects.create(roadmap=roadmap, actor=by, action=action, details=details)


@transaction.atomic
def save_imported_roadmap(
    *,
    imported: ImportedRoadmap,
    by,
    title=None,
    first_year=None,
    last_year=None,
    order_number=None,
    order_date=None,
    issuer=None,
    regional_document="",
    source_name="",
    edition_of=MATCH,
):
    """Save a roadmap read from a file as a draft; options override what the heading said.

    `edition_of`: MATCH links it to the roadmap it is the next edition of (same title without
    the years, same issuer), a Roadmap links it to that one, NEW_PROGRAMME or None to none.

    All or nothing: a failure anywhere (a text too long for its column, say) leaves no trace
    of the roadmap. The issuer is `issuer`, else the body the heading names when that is
    exactly one organization's name, else the acting user's organization; without one,
    "all heads" means every educational organization of the portal.
    """
    first_year = first_year or imported.first_year
    last_year = last_year or imported.last_year
    if not first_year or not last_year:
        raise RoadmapStateError(
            _("В документе не указаны годы реализации: задайте их (например, 2020-2024).")
        )
    if last_year < first_year:
        raise RoadmapStateError(_("Последний год не может быть раньше первого."))
    roadmap_title = title or imported.title or imported.programme_title
    if not roadmap_title:
        raise RoadmapStateError(_("В документе не найдено наименование: задайте его."))
    check_lengths(imported, title=roadmap_title, order_number=order_number)
    programme, _created = Programme.objects.get_or_create(
        title=imported.programme_title or roadmap_title,
        first_year=first_year,
        last_year=last_year,
        defaults={"regional_document": regional_document},
    )
    issuer = issuer_of(imported, by=by, issuer=issuer)
    roadmap = Roadmap.objects.create(
        programme=programme,
        title=roadmap_title,
        issuer=issuer,
        order_number=order_number if order_number is not None else imported.order_number,
        order_date=order_date or imported.order_date,
        appendix=imported.appendix,
        source_name=source_name[:255],
        created_by=by,
        previous_edition=resolve_edition(
            edition_of, title=imported.programme_title or roadmap_title, issuer=issuer
        ),
    )
    _save_structure(roadmap, imported)
    carried = link_carried_activities(roadmap)
    _record(roadmap, by, _("Загружена"), source_name)
    if roadmap.previous_edition is not None:
        _record(
            roadmap,
            by,
            _("Новая редакция"),
            _("Предыдущая редакция: «%(title)s»; переносимых мероприятий: %(count)s")
            % {"title": roadmap.previous_edition.title, "count": carried},
        )
    return roadmap


def _save_structure(roadmap, imported):
    """Stages, activities, deadline rows and parties: a bulk insert per level, so a table of
    thousands of rows saves in a few queries (their pks come back from the database)."""
    stages = Stage.objects.bulk_create(
        Stage(roadmap=roadmap, position=position, number=stage.number, title=stage.title)
        for position, stage in enumerate(imported.stages, start=1)
    )
    activities = Activity.objects.bulk_create(
        Activity(
            stage=stage,
            position=position,
            number=activity.number,
            title=activity.title,
            result_form=activity.result_form,
        )
        for stage, imported_stage in zip(stages, imported.stages, strict=True)
        for position, activity in enumerate(imported_stage.activities, start=1)
    )
    rows = [
        row
        for imported_stage in imported.stages
        for activity in imported_stage.activities
        for row in activity.deadline_rows
    ]
    responsibilities = []
    for activity, imported_activity in zip(
        activities,
        (activity for stage in imported.stages for activity in stage.activities),
        strict=True,
    ):
        for position, row in enumerate(imported_activity.deadline_rows, start=1):
            responsibility = Responsibility(
                activity=activity,
                position=position,
                deadline_text=row.deadline,
                responsible_text=row.responsible,
            )
            responsibility.apply_parsed(parse_deadline(row.deadline))
            responsibilities.append(responsibility)
    responsibilities = Responsibility.objects.bulk_create(responsibilities, batch_size=500)
    match = party_matcher(issuer=roadmap.issuer)
    parties = []
    for responsibility, row in zip(responsibilities, rows, strict=True):
        for party in build_parties(row.responsible, match):
            party.responsibility = responsibility
            parties.append(party)
    ResponsibleParty.objects.bulk_create(parties, batch_size=1000)


@transaction.atomic
def activate_roadmap(*, roadmap, by):
    """Put a draft (or archived) roadmap in force; the programme's previous one is archived."""
    roadmap = Roadmap.objects.select_for_update().get(pk=roadmap.pk)
    if roadmap.status == RoadmapStatus.ACTIVE:
        raise RoadmapStateError(_("Дорожная карта уже действует."))
    if not Activity.objects.filter(stage__roadmap=roadmap).exists():
        raise RoadmapStateError(_("В дорожной карте нет мероприятий."))
    # The programme's roadmap in force, and the previous edition (another period).
    previous = list(
        Roadmap.objects.select_for_update().filter(
            Q(programme=roadmap.programme) | Q(pk=roadmap.previous_edition_id),
            status=RoadmapStatus.ACTIVE,
        )
    )
    for old in previous:
        old.status = RoadmapStatus.ARCHIVED
        old.save(update_fields=["status"])
        _record(old, by, _("Перенесена в архив"), _("Введена в действие новая редакция."))
        responsibilities_changed.send(sender=Roadmap, roadmap=old, by=by)
    roadmap.status = RoadmapStatus.ACTIVE
    roadmap.activated_at = timezone.now()
    roadmap.save(update_fields=["status", "activated_at"])
    _record(roadmap, by, _("Введена в действие"))
    responsibilities_changed.send(sender=Roadmap, roadmap=roadmap, by=by)
    if roadmap.previous_edition_id:
        edition_activated.send(sender=Roadmap, roadmap=roadmap, by=by)
    return roadmap


@transaction.atomic
def archive_roadmap(*, roadmap, by):
    roadmap = Roadmap.objects.select_for_update().get(pk=roadmap.pk)
    if roadmap.status == RoadmapStatus.ARCHIVED:
        raise RoadmapStateError(_("Дорожная карта уже в архиве."))
    roadmap.status = RoadmapStatus.ARCHIVED
    roadmap.save(update_fields=["status"])
    _record(roadmap, by, _("Перенесена в архив"))
    responsibilities_changed.send(sender=Roadmap, roadmap=roadmap, by=by)
    return roadmap


DEADLINE_FIELDS = (
    "deadline_kind",
    "start",
    "end",
    "recurrence",
    "event_text",
    "event_date",
    "days_after_event",
    "yearly_day",
    "yearly_month",
)


@transaction.atomic
def update_deadline(*, responsibility, by, **values):
    """Staff set a deadline by hand (the parser flagged it, or an event has happened)."""
    unknown = set(values) - set(DEADLINE_FIELDS)
    if unknown:
        raise TypeError(f"unknown deadline fields: {sorted(unknown)}")
    responsibility = Responsibility.objects.select_for_update().get(pk=responsibility.pk)
    before = describe_deadline(responsibility.parsed, responsibility.event_date)
    for name, value in values.items():
        setattr(responsibility, name, value)
    responsibility.deadline_set_by_hand = True
    responsibility.full_clean()
    responsibility.save()
    roadmap = Roadmap.objects.get(stages__activities__responsibilities=responsibility)
    _record(
        roadmap,
        by,
        _("Изменён срок"),
        _("Мероприятие %(activity)s, «%(text)s»: %(before)s → %(after)s")
        % {
            "activity": responsibility.activity,
            "text": responsibility.deadline_text,
            "before": before,
            "after": describe_deadline(responsibility.parsed, responsibility.event_date),
        },
    )
    responsibilities_changed.send(sender=Roadmap, roadmap=roadmap, by=by)
    return responsibility


@transaction.atomic
def set_party(*, party, by, kind, organization=None):
    """Staff match a responsible body that the import could not match (or correct one)."""
    party = ResponsibleParty.objects.select_for_update().get(pk=party.pk)
    party.kind = kind
    party.organization = organization if kind == PartyKind.ORGANIZATION else None
    party.full_clean()
    party.save()
    roadmap = Roadmap.objects.get(stages__activities__responsibilities__parties=party)
    _record(
        roadmap,
        by,
        _("Сопоставлен ответственный"),
        _("«%(text)s» → %(party)s") % {"text": party.text, "party": party},
    )
    responsibilities_changed.send(sender=Roadmap, roadmap=roadmap, by=by)
    return party
