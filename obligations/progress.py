"""Where a roadmap stands: the office's summary (counts by activity) and the matrix
(organizations × obligations). Plain functions over querysets, without requests or
templates, so that they are tested without a client and reused by reports."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from organizations.models import Organization, sort_name
from roadmap.models import Activity

from .figures import Figures
from .models import ObligationStatus

OVERDUE = "overdue"
# A matrix cell's symbol, so that the status reads without colour too.
MATRIX_SYMBOLS = {
    ObligationStatus.NOT_STARTED: "·",
    ObligationStatus.IN_PROGRESS: "…",
    ObligationStatus.SUBMITTED: "?",
    ObligationStatus.RETURNED: "↺",
    ObligationStatus.ACCEPTED: "✓",
    OVERDUE: "!",
}
MATRIX_LABELS = {**dict(ObligationStatus.choices), OVERDUE: _("Просрочено")}


def activities_of(roadmap):
    """The roadmap's activities in document order, each with its stage."""
    return (
        Activity.objects.filter(stage__roadmap=roadmap)
        .select_related("stage")
        .order_by("stage__position", "position")
    )


# --- Summary ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryRow(Figures):
    """One activity's line of the summary: its Figures (from the rollup, obligations/figures.py)."""

    activity: Activity | None = None


# --- Matrix ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: object  # (responsibility pk, year) for one activity; an activity pk for one year
    label: str
    title: str


@dataclass
class MatrixRow:
    organization: Organization
    # Per column: the cells of its obligations; for an `aggregated` row (a district in a
    # region's matrix) the Figures of its subtree, from the rollup (None where nothing).
    cells: list = field(default_factory=list)
    aggregated: bool = False


def columns_for_activity(activity, programme, *, year=None):
    """One column per deadline row and period of one activity (only `year`'s, if given;
    rows without a period stay in every year)."""
    columns = []
    for row in activity.responsibilities.order_by("position"):
        years = sorted({p.year for p in row.due_periods(programme)}, key=lambda y: y or 0)
        for period_year in years:
            if year is None or period_year is None or period_year == year:
                label = f"{period_year}" if period_year else row.deadline_text
                columns.append(Column((row.pk, period_year), label, row.deadline_text))
    return columns


def columns_for_year(activities):
    """One column per activity (the obligations of one reporting year)."""
    return [Column(a.pk, a.label, a.title) for a in activities]


def organizations_in(obligations):
    """The organizations owing any of `obligations`, by short name (or name): the rows of
    the matrix's Excel download (every organization; the page itself drills down)."""
    return Organization.objects.filter(pk__in=obligations.values("organization")).order_by(
        sort_name(), "pk"
    )


def cell_of(obligation, *, on):
    """What a matrix cell shows for one obligation: overdue outranks its status."""
    state = OVERDUE if obligation.is_overdue(on) else obligation.status
    return {
        "obligation": obligation,
        "css": state,
        "symbol": MATRIX_SYMBOLS[state],
        "title": MATRIX_LABELS[state],
    }


def matrix_rows(obligations, organizations, columns, *, by_activity, on):
    """The matrix for `organizations` (one page of them): a row each, a list of cells per
    column. `by_activity` says whether columns are keyed by (deadline row, year) or by
    activity. One query."""
    organizations = list(organizations)
    cells = {}
    chosen = obligations.filter(organization__in=organizations).select_related("responsibility")
    for obligation in chosen:
        key = (
            (obligation.responsibility_id, obligation.period_year)
            if by_activity
            else obligation.responsibility.activity_id
        )
        per_organization = cells.setdefault(obligation.organization_id, {})
        per_organization.setdefault(key, []).append(cell_of(obligation, on=on))
    return [
        MatrixRow(org, [cells.get(org.pk, {}).get(c.key, []) for c in columns])
        for org in organizations
    ]


def legend():
    return [
        {"css": css, "symbol": symbol, "label": MATRIX_LABELS[css]}
        for css, symbol in MATRIX_SYMBOLS.items()
    ]


# --- The organization's own page -------------------------------------------------------------


def urgency_of(obligation, *, on):
    """Which group of the head's page an obligation belongs to: done, on review, overdue,
    due soon, or later (including obligations without a due date)."""
    if obligation.status == ObligationStatus.ACCEPTED:
        return "done"
    if obligation.awaits_review:
        return "review"
    if obligation.is_overdue(on):
        return "overdue"
    if obligation.is_due_soon(on):
        return "soon"
    return "later"


def todo_of(obligation, *, on):
    """Which part of the head's «Что сделать сейчас» block an obligation belongs to, or None:
    returned for rework first (the reviewer is waiting for a fix), then overdue, then due soon."""
    if obligation.status == ObligationStatus.RETURNED:
        return "returned"
    if obligation.is_overdue(on):
        return "overdue"
    if obligation.is_due_soon(on):
        return "soon"
    return None
