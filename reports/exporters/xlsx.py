"""The annual report as an .xlsx workbook: the sheets the issue lists, each fed by a row
function of reports/annual.py or reports/annual_tables.py and written by the portal's one
formula-safe writer (mentorship_portal/spreadsheets.py) in write-only mode. This module only
turns report rows into cell values and says how columns look."""

from django.utils import timezone
from openpyxl.chart import BarChart, Reference

from mentorship_portal.spreadsheets import Column, Percent, Sheet, write_workbook
from obligations.models import Obligation, ObligationStatus
from organizations.models import Organization

from .. import annual, annual_tables, indicator_table, package
from ..models import IndicatorKind, ScoreLevel

STATUS_COLOURS = {
    str(ObligationStatus.ACCEPTED.label): "D1E7DD",
    str(ObligationStatus.SUBMITTED.label): "CFE2FF",
    str(ObligationStatus.RETURNED.label): "FFF3CD",
    str(ObligationStatus.IN_PROGRESS.label): "CFF4FC",
    str(ObligationStatus.NOT_STARTED.label): "F8D7DA",
    str(ScoreLevel.HIGH.label): "D1E7DD",
    str(ScoreLevel.SUFFICIENT.label): "CFF4FC",
    str(ScoreLevel.MEDIUM.label): "FFF3CD",
    str(ScoreLevel.LOW.label): "F8D7DA",
    "да": "D1E7DD",
    "нет": "F8D7DA",
}
PROGRESS_HEADERS = (
    "Положено",
    "Принято",
    "Принято в срок",
    "На проверке",
    "Возвращено",
    "Просрочено",
    "Не начато",
    "Полнота",
    "Своевременность",
)


def labels(model, field):
    """{value: label} of a field's choices, translated once: get_FOO_display() rebuilds and
    hashes the lazy labels on every call (3 s of the 36 000 rows at 20 000 organizations)."""
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


def write_annual_report(fileobj, scope):
    """Write the annual report of `scope` to `fileobj` (a path or a binary file)."""
    write_workbook(fileobj, sheets(scope))


def _heading(scope, title):
    place = scope.root.name if scope.root is not None else "Все организации"
    made = timezone.localtime().strftime("%d.%m.%Y %H:%M")
    return (f"{title} за {scope.year} год", f"{place}. Сформировано {made}")


def sheets(scope):
    yield summary_sheet(scope)
    yield activities_sheet(scope)
    yield organizations_sheet(scope)
    yield indicators_sheet(scope)
    yield package_sheet(scope)
    yield overdue_sheet(scope)


def _progress_cells(progress):
    return (
        progress.owed,
        progress.accepted,
        progress.on_time,
        progress.submitted,
        progress.returned,
        progress.overdue,
        progress.not_started,
        Percent(progress.completeness),
        Percent(progress.timeliness),
    )


def _progress_columns():
    kinds = ["integer"] * 7 + ["percent", "percent"]
    return [Column(header, kind=kind) for header, kind in zip(PROGRESS_HEADERS, kinds, strict=True)]


# --- Сводка ----------------------------------------------------------------------------------


def summary_sheet(scope):
    figures = annual.key_figures(scope)
    now, before = figures.current, figures.previous
    key_rows = [
        ("Организаций в отчёте", figures.organizations, None, None),
        ("Обязательств положено", now.owed, before.owed, None),
        ("Принято", now.accepted, before.accepted, None),
        ("Принято в срок", now.on_time, before.on_time, None),
        ("Просрочено", now.overdue, before.overdue, None),
        (
            "Полнота, %",
            Percent(now.completeness),
            Percent(before.completeness),
            figures.completeness_change,
        ),
        (
            "Своевременность, %",
            Percent(now.timeliness),
            Percent(before.timeliness),
            figures.timeliness_change,
        ),
        ("Организаций, выполнивших всё положенное", figures.organizations_complete, None, None),
        ("Не отчитались", annual.not_reported(scope).count(), None, None),
    ]
    activities = [
        (
            row.activity.label,
            Percent(row.progress.completeness),
            Percent(row.progress.timeliness),
            None,
        )
        for row in annual.activity_rows(scope)
    ]
    chart_header = ("Мероприятие", "Полнота", "Своевременность", None)

    def add_chart(worksheet, first_row, last_row):
        header_row = first_row + len(key_rows) + 1
        if last_row <= header_row:
            return
        chart = BarChart()
        chart.type = "bar"
        chart.title = "Полнота и своевременность по мероприятиям"
        chart.y_axis.number_format = "0%"
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 1
        chart.add_data(
            Reference(worksheet, min_col=2, max_col=3, min_row=header_row, max_row=last_row),
            titles_from_data=True,
        )
        chart.set_categories(
            Reference(worksheet, min_col=1, min_row=header_row + 1, max_row=last_row)
        )
        chart.height = max(7.5, 0.6 * (last_row - header_row) + 3)
        chart.width = 18
        worksheet.add_chart(chart, "F2")

    return Sheet(
        title="Сводка",
        heading=_heading(scope, "Итоги мониторинга"),
        columns=[
            Column("Показатель", width=45),
            Column(str(scope.year)),
            Column(str(scope.previous_year)),
            Column("Изменение, п. п."),
        ],
        rows=[*key_rows, (), chart_header, *activities],
        decorate=add_chart,
    )


# --- Мероприятия -----------------------------------------------------------------------------


def activities_sheet(scope):
    rows = (
        (
            row.activity.label,
            row.activity.title,
            str(row.activity.stage),
            *_progress_cells(row.progress),
        )
        for row in annual.activity_rows(scope)
    )
    return Sheet(
        title="Мероприятия",
        heading=_heading(scope, "Выполнение дорожной карты по мероприятиям"),
        columns=[
            Column("№", width=6),
            Column("Мероприятие", width=60),
            Column("Этап", width=30),
            *_progress_columns(),
        ],
        rows=rows,
    )


# --- Организации -----------------------------------------------------------------------------


def organizations_sheet(scope):
    def rows():
        scores = annual_tables.scores_of(scope)
        kinds = labels(Organization, "kind")
        for row in annual.organization_rows(scope):
            score = scores.get(row.organization.pk)
            yield (
                row.organization.name,
                kinds.get(row.organization.kind, row.organization.kind),
                *_progress_cells(row.progress),
                Percent(score.percent) if score else None,
                score.level_label if score and score.level else None,
                score.rank if score else None,
            )

    return Sheet(
        title="Организации",
        heading=_heading(scope, "Выполнение дорожной карты по организациям"),
        columns=[
            Column("Организация", width=50),
            Column("Тип", width=25),
            *_progress_columns(),
            Column("Эффективность, %", kind="percent"),
            Column("Уровень"),
            Column("Место", kind="integer"),
        ],
        rows=rows(),
        fills=STATUS_COLOURS,
    )


# --- Показатели ------------------------------------------------------------------------------


def indicators_sheet(scope):
    """Every indicator with a figure per organization — counts, scores, yes/no, text and the
    computed shares K01–K06 — this year and last, under a total row (reports/indicator_table)."""
    indicators = indicator_table.indicators_of(scope.year)
    columns = [Column("Организация", width=50)]
    for indicator in indicators:
        kind = "percent" if indicator.kind == IndicatorKind.SHARE else ""
        width = 30 if indicator.kind == IndicatorKind.TEXT else 11
        for year in (scope.year, scope.previous_year):
            columns.append(Column(f"{indicator.code} {year}", kind=kind, width=width))

    def rows():
        figures = annual.key_figures(scope)
        total = indicator_table.totals(scope, indicators, figures)
        yield ("Итого (для баллов — среднее, да/нет — число «да»)", *_flat(total))
        for organization, cells in indicator_table.rows(scope, indicators):
            yield (organization.name, *_flat(cells))

    names = "; ".join(f"{i.code} — {i.name}" for i in indicators)
    return Sheet(
        title="Показатели",
        heading=(*_heading(scope, "Показатели организаций"), names[:2000]),
        columns=columns,
        rows=rows(),
        fills={"да": STATUS_COLOURS["да"], "нет": STATUS_COLOURS["нет"]},
    )


def _flat(pairs):
    return [value for pair in pairs for value in pair]


# --- Локальные акты --------------------------------------------------------------------------


def act_cell(evidence):
    """ "№ 45-о от 15.03.2022 — Положение о наставничестве" for one act in a cell."""
    parts = []
    if evidence.act_number:
        parts.append(f"№ {evidence.act_number}")
    if evidence.act_date:
        parts.append(f"от {evidence.act_date:%d.%m.%Y}")
    return " ".join(parts) + f" — {evidence.title}"


def package_sheet(scope):
    required = package.required_types(scope.year)
    columns = package.package_columns(required)

    def rows():
        organizations = annual_tables.educational_organizations(scope)
        for row in package.package_rows(
            organizations, scope.year, columns=columns, required=required
        ):
            cells = [row.organization.name, "да" if row.is_complete else "нет"]
            for cell in row.cells:
                if cell.present:
                    cells.append(act_cell(cell.evidence))
                else:
                    cells.append("нет" if cell.required else None)
            yield cells

    return Sheet(
        title="Локальные акты",
        heading=_heading(scope, "Пакет локальных актов"),
        columns=[
            Column("Организация", width=50),
            Column("Пакет полный", width=10),
            *[Column(t.name, width=28) for t in columns],
        ],
        rows=rows(),
        fills={"да": STATUS_COLOURS["да"], "нет": STATUS_COLOURS["нет"]},
    )


# --- Просрочено ------------------------------------------------------------------------------


def overdue_sheet(scope):
    def rows():
        statuses = labels(Obligation, "status")
        for obligation in annual.overdue_obligations(scope):
            activity = obligation.responsibility.activity
            yield (
                obligation.organization.name,
                activity.label,
                activity.title,
                obligation.due_date,
                (scope.on - obligation.due_date).days,
                statuses.get(obligation.status, obligation.status),
                obligation.last_comment or None,
            )

    return Sheet(
        title="Просрочено",
        heading=_heading(scope, "Просроченные обязательства"),
        columns=[
            Column("Организация", width=50),
            Column("№", width=6),
            Column("Мероприятие", width=60),
            Column("Срок", width=11),
            Column("Дней просрочки", kind="integer"),
            Column("Статус", width=18),
            Column("Комментарий при возврате", width=50),
        ],
        rows=rows(),
        fills=STATUS_COLOURS,
    )
