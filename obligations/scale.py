"""A country's worth of data for benchmarks and load tests, reproducible from a seed.

Regions → districts (each with its office, its staff and its own roadmap imported from the
seed order, with the district's office named in it) → schools, preschools and additional-
education organizations with their heads. Obligations come from the real sync; then a
realistic mix of statuses (by due date: most past ones accepted, some waiting for review,
returned or overdue), their history, evidence metadata (links and files; a small sample of
real files in the storage).

Bulk inserts everywhere (bulk_create, and set-based UPDATEs by status), so that 100,000
organizations take minutes on PostgreSQL. The same seed on an empty database gives the same
rows: every random choice comes from one random.Random(seed), in primary-key order.
"""

import contextlib
import csv
import dataclasses
import datetime as dt
import hashlib
import io
import random
import time
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection, transaction

from accounts.models import Role
from organizations.models import Organization, OrganizationKind
from roadmap.fixture import read_fixture
from roadmap.services import activate_roadmap, save_imported_roadmap
from roadmap.signals import responsibilities_changed

from . import recount
from .models import (
    EventAction,
    Evidence,
    EvidenceFile,
    EvidenceKind,
    Obligation,
    ObligationEvent,
    ObligationStatus,
)
from .receivers import roadmap_changed
from .sync import _wanted

SYNC_RECEIVER = "obligations-sync"  # obligations/apps.py connects the sync under this uid

SEED_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "roadmap-order-654-2020.json"
SEED_OFFICE = "Управление образования Администрации Томского района"
DISTRICTS_PER_REGION = 20
BATCH = 5000
KINDS = (
    [OrganizationKind.SCHOOL] * 6 + [OrganizationKind.PRESCHOOL] * 3 + [OrganizationKind.ADDITIONAL]
)
KIND_NAMES = {
    OrganizationKind.SCHOOL: "МБОУ «Средняя общеобразовательная школа №{n}»",
    OrganizationKind.PRESCHOOL: "МБДОУ «Детский сад №{n}»",
    OrganizationKind.ADDITIONAL: "МБУ ДО «Дом детского творчества №{n}»",
}
# For obligations already due on `today`: (status, weight).
PAST_MIX = [
    (ObligationStatus.ACCEPTED, 55),
    (ObligationStatus.SUBMITTED, 10),
    (ObligationStatus.RETURNED, 5),
    (ObligationStatus.IN_PROGRESS, 10),
    (ObligationStatus.NOT_STARTED, 20),
]
FUTURE_MIX = [
    (ObligationStatus.NOT_STARTED, 70),
    (ObligationStatus.IN_PROGRESS, 25),
    (ObligationStatus.SUBMITTED, 5),
]
NULL = r"\N"  # how the COPY below spells NULL
FILES_SAMPLE = 200  # real files in the storage; the rest of the evidence is metadata


@dataclasses.dataclass
class Plan:
    organizations: int
    districts: int
    first_year: int
    last_year: int
    seed: int
    today: dt.date

    @property
    def regions(self):
        return max(1, -(-self.districts // DISTRICTS_PER_REGION))


def generate(plan, *, say=print):
    rng = random.Random(plan.seed)
    started = time.perf_counter()

    def timed(message):
        say(f"{message} [{time.perf_counter() - started:.0f} с]")

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Generated data, not anyone's work: no need to wait for each commit's flush.
            cursor.execute("SET synchronous_commit TO off")
    offices = _organizations(plan, timed)
    _people(offices, timed)
    _roadmaps(plan, rng, offices, timed)
    _history_and_evidence(plan, rng, timed)
    recount.rebuild()  # the statuses above were set in bulk, past the services
    timed("  свёртка счётчиков пересчитана")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh statistics: without them the planner takes a million rows for a hundred
            # and the first pages after a generation read whole tables.
            cursor.execute("ANALYZE")
        timed("  статистика планировщика обновлена (ANALYZE)")
    return {
        "organizations": Organization.objects.count(),
        "obligations": Obligation.objects.count(),
        "events": ObligationEvent.objects.count(),
        "evidence": Evidence.objects.count(),
        "files": EvidenceFile.objects.count(),
    }


@transaction.atomic
def _organizations(plan, say):
    regions = Organization.objects.bulk_create(
        [
            Organization(
                name=f"Министерство образования региона №{r + 1}",
                short_name=f"Регион №{r + 1}",
                kind=OrganizationKind.REGIONAL_MINISTRY,
                municipality=f"Регион №{r + 1}",
            )
            for r in range(plan.regions)
        ]
    )
    offices = Organization.objects.bulk_create(
        [
            Organization(
                name=f"Управление образования района №{d + 1}",
                short_name=f"УО района №{d + 1}",
                kind=OrganizationKind.DISTRICT_OFFICE,
                parent=regions[d // DISTRICTS_PER_REGION],
                municipality=f"Район №{d + 1}",
            )
            for d in range(plan.districts)
        ]
    )
    institutions = []
    for index in range(plan.organizations):
        office = offices[index % plan.districts]
        kind = KINDS[index % len(KINDS)]
        number = index // plan.districts + 1
        institutions.append(
            Organization(
                name=KIND_NAMES[kind].format(n=number) + f" ({office.municipality})",
                short_name=f"№{number}",
                kind=kind,
                parent=office,
                municipality=office.municipality,
                head_name=f"Руководитель {index + 1}",
            )
        )
    Organization.objects.bulk_create(institutions, batch_size=BATCH)
    say(
        f"  организаций: {plan.regions} регионов, {plan.districts} районов, "
        f"{plan.organizations} учреждений"
    )
    return offices


@transaction.atomic
def _people(offices, say):
    User = get_user_model()
    staff = [
        User(
            username=f"office{office.pk}",
            role=Role.OFFICE,
            organization=office,
            password="!",
            last_name="Сотрудник",
            first_name=office.short_name,
            email=f"office{office.pk}@example.org",
        )
        for office in offices
    ]
    heads = (
        User(
            username=f"head{pk}",
            role=Role.SCHOOL_HEAD,
            organization_id=pk,
            password="!",
            last_name="Руководитель",
            first_name=str(pk),
            email=f"head{pk}@example.org",
        )
        for pk in Organization.objects.filter(parent__in=offices)
        .values_list("pk", flat=True)
        .iterator()
    )
    User.objects.bulk_create(staff, batch_size=BATCH)
    created = 0
    chunk = []
    for user in heads:
        chunk.append(user)
        if len(chunk) == BATCH:
            created += len(User.objects.bulk_create(chunk))
            chunk = []
    created += len(User.objects.bulk_create(chunk))
    say(
        f"  пользователей: {len(staff)} сотрудников, {created} руководителей (вход только "
        "после сброса пароля)"
    )


def _district_roadmap(imported, office):
    """The seed roadmap as this district's own: its programme, its office named in it."""

    def own(row):
        return dataclasses.replace(
            row, responsible=row.responsible.replace(SEED_OFFICE, office.name)
        )

    stages = [
        dataclasses.replace(
            stage,
            activities=[
                dataclasses.replace(
                    activity, deadline_rows=[own(row) for row in activity.deadline_rows]
                )
                for activity in stage.activities
            ],
        )
        for stage in imported.stages
    ]
    return dataclasses.replace(
        imported,
        stages=stages,
        programme_title=f"{imported.programme_title} ({office.municipality})",
        title=f"{imported.title} ({office.municipality})",
    )


def _roadmaps(plan, rng, offices, say):
    """Each district's roadmap, imported and put in force; its obligations are what the
    sync wants (`_wanted`), written with their status in one COPY instead of the sync's
    row-by-row inserts and a second pass of UPDATEs. Returns {status: count}."""
    imported, _details = read_fixture(str(SEED_FIXTURE))
    counts = defaultdict(int)
    with _sync_suspended():
        for number, office in enumerate(offices, start=1):
            with transaction.atomic():
                draft = save_imported_roadmap(
                    imported=_district_roadmap(imported, office),
                    by=None,
                    issuer=office,
                    first_year=plan.first_year,
                    last_year=plan.last_year,
                    source_name=SEED_FIXTURE.name,
                )
                roadmap = activate_roadmap(roadmap=draft, by=None)
                for status in _obligations(plan, rng, roadmap):
                    counts[status] += 1
            if number % 20 == 0 or number == len(offices):
                say(f"  дорожные карты и обязательства: {number}/{len(offices)} районов")
    say("  статусы: " + ", ".join(f"{status} {n}" for status, n in sorted(counts.items())))
    return counts


@contextlib.contextmanager
def _sync_suspended():
    """Activation without the obligations' receiver: `_obligations` writes what it would."""
    responsibilities_changed.disconnect(dispatch_uid=SYNC_RECEIVER)
    try:
        yield
    finally:
        responsibilities_changed.connect(roadmap_changed, dispatch_uid=SYNC_RECEIVER)


def _obligations(plan, rng, roadmap):
    """Insert the obligations of `roadmap` with a realistic status; returns their statuses."""
    rows = []
    for (responsibility, organization, (year, unit, number)), due in sorted(
        _wanted(roadmap, None).items(),
        key=lambda item: (*item[0][:2], item[0][2][0] or 0, item[0][2][1], item[0][2][2] or 0),
    ):
        row = dict(
            responsibility_id=responsibility,
            organization_id=organization,
            period_year=year,
            period_unit=unit,
            period_number=number,
            due_date=due,
        )
        row.update(_status_fields(plan, rng, due))
        rows.append(row)
    bulk_insert(Obligation, rows)
    return [row.get("status", ObligationStatus.NOT_STARTED) for row in rows]


def _pick(rng, mix):
    return rng.choices([status for status, _w in mix], weights=[w for _s, w in mix])[0]


def _moment(day, rng, hour=10):
    return dt.datetime.combine(day, dt.time(hour, rng.randrange(60)), tzinfo=dt.UTC)


def _status_fields(plan, rng, due):
    """The status of an obligation due on `due` as of plan.today, with its times."""
    if due is None:
        return {}
    status = _pick(rng, PAST_MIX if due < plan.today else FUTURE_MIX)
    if status == ObligationStatus.NOT_STARTED:
        return {}
    moment = _moment(min(due, plan.today) - dt.timedelta(days=rng.randrange(40)), rng)
    reviewed = status in (ObligationStatus.ACCEPTED, ObligationStatus.RETURNED)
    return dict(
        status=status,
        submitted_at=moment if status != ObligationStatus.IN_PROGRESS else None,
        reviewed_at=moment + dt.timedelta(days=7) if reviewed else None,
        revision=1,
    )


def _copy(cursor, table, columns, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # csv writes str(value): PostgreSQL reads dates, times with their offset and True/False
    # as they print; only None needs spelling out.
    writer.writerows([NULL if value is None else value for value in row] for row in rows)
    buffer.seek(0)
    quoted = ", ".join(f'"{column}"' for column in columns)
    cursor.cursor.copy_expert(
        f"COPY \"{table}\" ({quoted}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer
    )


def bulk_insert(model, rows):
    """Insert `rows` (dicts of field values; the rest take the fields' defaults).

    COPY on PostgreSQL, straight from the values: no model instance is built, which is most
    of the time a million rows would otherwise take. bulk_create elsewhere.
    """
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH)
        return
    now = dt.datetime.now(dt.UTC)
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    defaults = {
        field.attname: now if getattr(field, "auto_now_add", False) else field.get_default()
        for field in fields
    }
    names = [field.attname for field in fields]
    values = ([row.get(name, defaults[name]) for name in names] for row in rows)
    with connection.cursor() as cursor:
        _copy(cursor, model._meta.db_table, [field.column for field in fields], values)


def _history_and_evidence(plan, rng, say):
    """History and evidence of every obligation that moved, in primary-key order (keyset
    pages of BATCH rows, each written by COPY)."""
    heads = dict(
        get_user_model().objects.filter(role=Role.SCHOOL_HEAD).values_list("organization_id", "pk")
    )
    moved = (
        Obligation.objects.exclude(status=ObligationStatus.NOT_STARTED)
        .order_by("pk")
        .values_list("pk", "organization_id", "status", "submitted_at", "due_date")
    )
    events = evidence = last = 0
    while chunk := list(moved.filter(pk__gt=last)[:BATCH]):
        last = chunk[-1][0]
        new_events, new_evidence = [], []
        for pk, organization_id, status, submitted, due in chunk:
            head = heads.get(organization_id)
            moment = submitted or _moment(
                min(due, plan.today) - dt.timedelta(days=rng.randrange(40)), rng
            )
            new_events += _events(pk, head, status, moment)
            if status != ObligationStatus.IN_PROGRESS:
                new_evidence.append(_evidence(rng, pk, organization_id, head, moment))
        with transaction.atomic():
            bulk_insert(ObligationEvent, new_events)
            bulk_insert(Evidence, new_evidence)
        events += len(new_events)
        evidence += len(new_evidence)
    files = _sample_files()
    say(f"  история: {events} событий; подтверждений: {evidence}; файлов в хранилище: {files}")


def _events(pk, head, status, moment):
    """The steps that led an obligation to `status`: started, sent, reviewed."""
    events = [
        dict(
            obligation_id=pk,
            actor_id=head,
            action=EventAction.STATUS_CHANGED,
            from_status=ObligationStatus.NOT_STARTED,
            to_status=ObligationStatus.IN_PROGRESS,
            at=moment - dt.timedelta(days=3),
        )
    ]
    if status == ObligationStatus.IN_PROGRESS:
        return events
    events.append(
        dict(
            obligation_id=pk,
            actor_id=head,
            action=EventAction.SUBMITTED,
            from_status=ObligationStatus.IN_PROGRESS,
            to_status=ObligationStatus.SUBMITTED,
            at=moment,
        )
    )
    if status in (ObligationStatus.ACCEPTED, ObligationStatus.RETURNED):
        events.append(
            dict(
                obligation_id=pk,
                action=status,
                from_status=ObligationStatus.SUBMITTED,
                to_status=status,
                at=moment + dt.timedelta(days=7),
                comment="" if status == ObligationStatus.ACCEPTED else "Нет подписи руководителя",
            )
        )
    return events


def _evidence(rng, pk, organization_id, head, moment):
    link = rng.random() < 0.7
    return dict(
        obligation_id=pk,
        created_by_id=head,
        kind=EvidenceKind.LINK if link else EvidenceKind.FILE,
        title="Страница на сайте организации" if link else "Скан документа",
        url=f"https://school{organization_id}.example.org/nastavnichestvo/{pk}" if link else "",
        effective_date=moment.date(),
    )


def _sample_files():
    """Real small files for the first file-kind evidence, so downloads and ZIPs have bytes."""
    sample = Evidence.objects.filter(kind=EvidenceKind.FILE).order_by("pk")[:FILES_SAMPLE]
    for item in sample:
        content = b"%PDF-1.4\n% generate_scale\n" + str(item.pk).encode() * 64 + b"\n%%EOF\n"
        stored = EvidenceFile(
            evidence=item,
            original_name=f"skan-{item.pk}.pdf",
            content_type="application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by_id=item.created_by_id,
        )
        stored.file.save(f"skan-{item.pk}.pdf", ContentFile(content), save=True)
    return min(FILES_SAMPLE, len(sample))
