"""The office's lists as Excel workbooks: the review queue, the summary, the matrix, one
organization's obligations and what is overdue. Each function here takes the queryset (or
rows) the page itself built from its filters, so the file always holds what the page shows,
and yields plain rows; `mentorship_portal.spreadsheets.write_workbook` writes them in
write-only mode (formula-safe text, real dates, a frozen header, fitted widths) to a temporary
file that is streamed to the browser, so memory stays flat however long the list is."""

import tempfile

from django.conf import settings
from django.db.models import Max, Q
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship_portal.dates import format_datetime
from mentorship_portal.spreadsheets import Column, Percent, Sheet, write_workbook

from . import progress
from .models import MessageKind, ObligationStatus

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 1000  # rows read from the database at a time
MATRIX_CHUNK = 200  # organizations per query of the matrix
STATUS_COLOURS = {
    str(ObligationStatus.ACCEPTED.label): "D1E7DD",
    str(ObligationStatus.SUBMITTED.label): "CFE2FF",
    str(ObligationStatus.RETURNED.label): "FFF3CD",
    str(ObligationStatus.IN_PROGRESS.label): "CFF4FC",
    str(progress.MATRIX_LABELS[progress.OVERDUE]): "F8D7DA",
}


def xlsx_response(sheet, *, name):
    """The workbook of one sheet as a download named `name`-DD.MM.YYYY.xlsx."""
    handle = tempfile.TemporaryFile()
    write_workbook(handle, [sheet])
    handle.seek(0)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    response = FileResponse(
        handle, as_attachment=True, filename=f"{name}-{stamp}.xlsx", content_type=XLSX_TYPE
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _heading(title, *lines):
    made = _("Выгружено %(when)s") % {"when": format_datetime(timezone.now())}
    return [title, *[line for line in lines if line], made]


def _link(obligation):
    return settings.PORTAL_BASE_URL.rstrip("/") + obligation.get_absolute_url()


def _status(obligation, on):
    if obligation.is_overdue(on):
        return str(progress.MATRIX_LABELS[progress.OVERDUE])
    return obligation.get_status_display()


# --- The review queue ------------------------------------------------------------------------


def review_queue_sheet(obligations):
    columns = [
        Column(_("Отправлено")),
        Column(_("Организация")),
        Column(_("№")),
        Column(_("Мероприятие"), width=60),
        Column(_("Год"), kind="integer"),
        Column(_("Срок")),
        Column(_("Срок по дорожной карте")),
        Column(_("Ссылка")),
    ]
    rows = (
        [
            timezone.localtime(o.submitted_at) if o.submitted_at else None,
            str(o.organization),
            o.activity.label,
            o.activity.title,
            o.period_year,
            o.due_date,
            o.responsibility.deadline_text,
            _link(o),
        ]
        for o in obligations.iterator(chunk_size=CHUNK)
    )
    return Sheet(_("Очередь проверки"), columns, rows, heading=_heading(_("Очередь проверки")))


# --- The summary and what is overdue ---------------------------------------------------------


def summary_sheet(rows, *, roadmap, year):
    columns = [
        Column(_("Этап")),
        Column(_("№")),
        Column(_("Мероприятие"), width=60),
        Column(_("Всего"), kind="integer"),
        Column(_("Принято"), kind="integer"),
        Column(_("Принято, %"), kind="percent"),
        Column(_("На проверке"), kind="integer"),
        Column(_("Возвращено"), kind="integer"),
        Column(_("Не выполнено"), kind="integer"),
        Column(_("Просрочено"), kind="integer"),
    ]
    values = (
        [
            f"{row.activity.stage.number} {row.activity.stage.title}".strip(),
            row.activity.label,
            row.activity.title,
            row.total,
            row.accepted,
            Percent(row.percent),
            row.submitted,
            row.returned,
            row.open,
            row.overdue,
        ]
        for row in rows
    )
    return Sheet(
        _("Сводка"),
        columns,
        values,
        heading=_heading(_("Ход выполнения дорожной карты"), roadmap.title, _year_line(year)),
    )


def _year_line(year):
    return _("Год: %(year)s") % {"year": year} if year else _("Все годы")


def overdue_sheet(obligations, *, roadmap, year, on):
    """Every overdue obligation, with when its organization was last reminded."""
    columns = [
        Column(_("Организация")),
        Column(_("№")),
        Column(_("Мероприятие"), width=60),
        Column(_("Год"), kind="integer"),
        Column(_("Срок")),
        Column(_("Дней просрочки"), kind="integer"),
        Column(_("Статус")),
        Column(_("Последнее напоминание")),
        Column(_("Ссылка")),
    ]
    chased = Max("messages__sent_at", filter=Q(messages__kind=MessageKind.CHASE))
    listed = (
        obligations.overdue(on=on)
        .annotate(last_chased=chased)
        .order_by("organization__name", "due_date", "pk")
    )
    rows = (
        [
            str(o.organization),
            o.activity.label,
            o.activity.title,
            o.period_year,
            o.due_date,
            (on - o.due_date).days,
            o.get_status_display(),
            timezone.localtime(o.last_chased) if o.last_chased else None,
            _link(o),
        ]
        for o in listed.iterator(chunk_size=CHUNK)
    )
    heading = _heading(
        _("Просроченные обязательства"),
        roadmap.title,
        _year_line(year),
        _("На дату %(date)s") % {"date": on.strftime("%d.%m.%Y")},
    )
    return Sheet(_("Просрочено"), columns, rows, heading=heading)


# --- The matrix ------------------------------------------------------------------------------


def matrix_sheet(obligations, organizations, columns, *, by_activity, on, heading):
    """Organizations (all of them, read in chunks) against the page's columns; a cell holds
    the status of each obligation in it ("Просрочено" outranks the status, as on the page)."""
    sheet_columns = [Column(_("Организация"))] + [
        Column(column.label, width=max(12, min(len(column.label) + 2, 30))) for column in columns
    ]

    def rows():
        chunk = []
        for organization in organizations.iterator(chunk_size=MATRIX_CHUNK):
            chunk.append(organization)
            if len(chunk) == MATRIX_CHUNK:
                yield from _matrix_chunk(obligations, chunk, columns, by_activity, on)
                chunk = []
        if chunk:
            yield from _matrix_chunk(obligations, chunk, columns, by_activity, on)

    return Sheet(
        _("Матрица"),
        sheet_columns,
        rows(),
        heading=_heading(_("Матрица выполнения"), *heading),
        fills=STATUS_COLOURS,
    )


def _matrix_chunk(obligations, organizations, columns, by_activity, on):
    for row in progress.matrix_rows(
        obligations, organizations, columns, by_activity=by_activity, on=on
    ):
        yield [str(row.organization)] + [
            ", ".join(str(cell["title"]) for cell in cells) or None for cells in row.cells
        ]


# --- One organization ------------------------------------------------------------------------


def organization_sheet(obligations, *, organization, on):
    columns = [
        Column(_("№")),
        Column(_("Мероприятие"), width=60),
        Column(_("Год"), kind="integer"),
        Column(_("Срок")),
        Column(_("Срок по дорожной карте")),
        Column(_("Статус")),
        Column(_("Отправлено")),
        Column(_("Проверено")),
        Column(_("В архиве")),
        Column(_("Ссылка")),
    ]
    rows = (
        [
            o.activity.label,
            o.activity.title,
            o.period_year,
            o.due_date,
            o.responsibility.deadline_text,
            _status(o, on),
            timezone.localtime(o.submitted_at) if o.submitted_at else None,
            timezone.localtime(o.reviewed_at) if o.reviewed_at else None,
            _("да") if o.is_archived else None,
            _link(o),
        ]
        for o in obligations.iterator(chunk_size=CHUNK)
    )
    return Sheet(
        _("Обязательства"),
        columns,
        rows,
        heading=_heading(str(organization), _("Обязательства по дорожным картам")),
        fills=STATUS_COLOURS,
    )
