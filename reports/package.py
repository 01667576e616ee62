"""The local-act package (roadmap activity 6): which required acts each organization has.

Plain read functions for the package page and the exports. An act counts for a year when it
is accepted local-act evidence of the organization (not removed, its obligation accepted) of
a required type, taking effect by the end of that year: an act adopted in 2021 still counts
in 2023, an act dated 2024 never changes the 2023 figures.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce

from obligations.models import Evidence, EvidenceFile, EvidenceKind, LocalActType, ObligationStatus

from .models import RequiredActType

CHUNK_SIZE = 1000


def counted_acts(year):
    """Local-act evidence that counts for `year` (see the module's docstring)."""
    return Evidence.objects.present().filter(
        kind=EvidenceKind.LOCAL_ACT,
        obligation__status=ObligationStatus.ACCEPTED,
        effective_date__lte=dt.date(year, 12, 31),
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


def with_package_counts(organizations, year):
    """`organizations` annotated with `required_count` (act types required of its kind) and
    `present_count` (of those, how many it has), in the same single query."""
    required_of_kind = RequiredActType.objects.for_year(year).filter(
        organization_kind=OuterRef("kind")
    )
    required_count = (
        required_of_kind.order_by().values("organization_kind").annotate(n=Count("pk")).values("n")
    )
    present_count = (
        counted_acts(year)
        .filter(
            obligation__organization=OuterRef("pk"),
            act_type__in=RequiredActType.objects.for_year(year)
            .filter(organization_kind=OuterRef(OuterRef("kind")))
            .values("act_type__code"),
        )
        .order_by()
        .values("obligation__organization")
        .annotate(n=Count("act_type", distinct=True))
        .values("n")
    )
    zero = Value(0, output_field=IntegerField())
    return organizations.annotate(
        required_count=Coalesce(Subquery(required_count), zero),
        present_count=Coalesce(Subquery(present_count), zero),
    )


def package_share(organizations, year):
    """(complete, counted): how many organizations have their whole required package, of
    those with a package required at all; one query."""
    counted = with_package_counts(organizations, year).order_by()
    totals = counted.aggregate(
        counted=Count("pk", filter=Q(required_count__gt=0)),
        complete=Count(
            "pk", filter=Q(required_count__gt=0, present_count__gte=F("required_count"))
        ),
    )
    return totals["complete"], totals["counted"]
