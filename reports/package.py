"""The local-act package (roadmap activity 6): which required acts each organization has.

Plain read functions for the package page and the exports. An act counts for a year when it
is accepted local-act evidence of the organization (not removed, its obligation accepted) of
a required type, taking effect by the end of that year: an act adopted in 2021 still counts
in 2023, an act dated 2024 never changes the 2023 figures.

Years stay true once a year is closed: an act sent for an obligation of that year counts as
the obligation's status was frozen at the close (reports/year_models.py); an act sent for an
obligation of another year counts only if it was accepted before the office over the
organization closed the year — so nothing accepted after the close changes a closed year.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from obligations.models import Evidence, EvidenceFile, EvidenceKind, LocalActType, ObligationStatus

from .models import ReportingYear, RequiredActType

CHUNK_SIZE = 1000


def _closed_before_review(year):
    """A closed reporting year `year` of a body over the act's organization (up to three
    levels: the organization, its office, the region), closed before the act was accepted."""
    organization = "obligation__organization"
    over = Q(office=OuterRef(organization))
    for _level in range(2):
        organization += "__parent"
        over |= Q(office=OuterRef(organization))
    return Exists(
        ReportingYear.objects.filter(
            over, year=year, is_closed=True, closed_at__lt=OuterRef("obligation__reviewed_at")
        )
    )


def counted_acts(year):
    """Local-act evidence that counts for `year` (see the module's docstring)."""
    of_the_year = Q(obligation__period_year=year) | Q(
        obligation__period_year__isnull=True, obligation__due_date__year=year
    )
    accepted = ObligationStatus.ACCEPTED
    return (
        Evidence.objects.present()
        .alias(
            year_status=Coalesce(F("obligation__frozen__status"), F("obligation__status")),
            closed_before=_closed_before_review(year),
        )
        .filter(kind=EvidenceKind.LOCAL_ACT, effective_date__lte=dt.date(year, 12, 31))
        .filter(
            (of_the_year & Q(year_status=accepted))
            | (~of_the_year & Q(obligation__status=accepted, closed_before=False))
        )
    )


def required_types(year):
    """organization kind → [LocalActType], in the act types' order."""
    rows = (
        RequiredActType.objects.for_year(year)
        .select_related("act_type")
        .order_by("act_type__position", "act_type__name")
    )
    required = {}
    for row in rows:
        required.setdefault(row.organization_kind, []).append(row.act_type)
    return required


def package_columns(required):
    """The act types required of any kind, in order: the columns of the page and the sheet."""
    seen = {}
    for act_types in required.values():
        for act_type in act_types:
            seen.setdefault(act_type.code, act_type)
    return sorted(seen.values(), key=lambda act_type: (act_type.position, act_type.name))


@dataclass
class Cell:
    act_type: LocalActType
    required: bool
    evidence: Evidence | None = None  # the latest act of this type that counts
    file: EvidenceFile | None = None  # its current file, downloaded through the access check

    @property
    def present(self):
        return self.evidence is not None


@dataclass
class PackageRow:
    organization: object
    cells: list = field(default_factory=list)

    @property
    def required_count(self):
        return sum(1 for cell in self.cells if cell.required)

    @property
    def missing(self):
        return [cell.act_type for cell in self.cells if cell.required and not cell.present]

    @property
    def is_complete(self):
        return self.required_count > 0 and not self.missing


def package_rows(organizations, year, *, columns=None, required=None):
    """Yield a PackageRow per organization (in the queryset's order), a chunk of organizations
    at a time, so memory stays flat however many there are: two queries per chunk."""
    required = required_types(year) if required is None else required
    columns = package_columns(required) if columns is None else columns
    chunk = []
    for organization in organizations.iterator(chunk_size=CHUNK_SIZE):
        chunk.append(organization)
        if len(chunk) == CHUNK_SIZE:
            yield from rows_for(chunk, year, columns, required)
            chunk = []
    if chunk:
        yield from rows_for(chunk, year, columns, required)


def rows_for(organizations, year, columns, required):
    """A PackageRow for each organization of a list (a page of them): two queries."""
    latest = _latest_acts(organizations, year, [column.code for column in columns])
    for organization in organizations:
        wanted = {act_type.code for act_type in required.get(organization.kind, [])}
        cells = []
        for column in columns:
            evidence = latest.get((organization.pk, column.code))
            current = evidence.current_files[0] if evidence and evidence.current_files else None
            cells.append(
                Cell(
                    act_type=column, required=column.code in wanted, evidence=evidence, file=current
                )
            )
        yield PackageRow(organization=organization, cells=cells)


def _latest_acts(organizations, year, codes):
    """(organization id, act type code) → the latest act that counts; one query, and one
    for their current files."""
    acts = (
        counted_acts(year)
        .filter(
            obligation__organization__in=[organization.pk for organization in organizations],
            act_type_id__in=codes,
        )
        .select_related("obligation")
        .prefetch_related(
            Prefetch(
                "files",
                queryset=EvidenceFile.objects.filter(is_current=True),
                to_attr="current_files",
            )
        )
        .order_by("effective_date", "pk")
    )
    latest = {}
    for evidence in acts:  # later acts overwrite earlier ones
        latest[(evidence.obligation.organization_id, evidence.act_type_id)] = evidence
    return latest


def package_kinds(required):
    """The organization kinds of `required` (required_types()) that have a package at all."""
    return [kind for kind, types in required.items() if types]


def package_share(organizations, year, *, required=None, counted=None):
    """(complete, counted): how many of `organizations` have their whole required package, of
    those with a package required at all (`counted`, if the caller has counted them already).
    Two aggregate queries whatever their number: the acts are grouped by organization in the
    database and compared with what its kind needs."""
    required = required_types(year) if required is None else required
    required = {kind: {t.code for t in types} for kind, types in required.items()}
    required = {kind: codes for kind, codes in required.items() if codes}
    if not required:
        return 0, 0
    if counted is None:
        counted = organizations.filter(kind__in=list(required)).count()
    kind = "obligation__organization__kind"
    wanted = Q()
    for organization_kind, codes in required.items():
        wanted |= Q(**{kind: organization_kind, "act_type__in": codes})
    needed = Case(
        *[When(**{kind: k}, then=Value(len(codes))) for k, codes in required.items()],
        output_field=IntegerField(),
    )
    complete = (
        counted_acts(year)
        .filter(wanted, obligation__organization__in=organizations.values("pk"))
        .order_by()
        .values("obligation__organization")
        .annotate(present=Count("act_type", distinct=True), needed=Max(needed))
        .filter(present__gte=F("needed"))
        .count()
    )
    return complete, counted


def act_type_counts(organizations, year, *, required=None):
    """[(act type, organizations it is required of, of them having it)] in the columns'
    order: the package in bounded form for the справка (two aggregate queries)."""
    required = required_types(year) if required is None else required
    columns = package_columns(required)
    by_kind = dict(
        organizations.filter(kind__in=list(required))
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    kind = "obligation__organization__kind"
    wanted = Q(pk__in=[])
    for organization_kind, types in required.items():
        codes = [t.code for t in types]
        wanted |= Q(**{kind: organization_kind, "act_type__in": codes})
    having = dict(
        counted_acts(year)
        .filter(wanted, obligation__organization__in=organizations.values("pk"))
        .order_by()
        .values_list("act_type")
        .annotate(n=Count("obligation__organization", distinct=True))
    )
    rows = []
    for act_type in columns:
        of = sum(
            by_kind.get(k, 0)
            for k, types in required.items()
            if act_type.code in {t.code for t in types}
        )
        rows.append((act_type, of, having.get(act_type.code, 0)))
    return rows
