"""The roadmap as a spreadsheet: one row per deadline row, laid out so that our own importer
reads the file back into the same roadmap (stages, activities, deadline rows, bodies).

Exporters only yield rows; `mentorship_portal.spreadsheets.write_xlsx` formats them.
"""

from django.utils.translation import gettext as _

from mentorship_portal.spreadsheets import write_xlsx

from .models import DeadlineKind, Roadmap

# Kinds whose parsed form has a start date, and kinds that have an end date, in the export.
_WITH_START = {DeadlineKind.MONTH, DeadlineKind.PERIOD}
_WITH_END = {
    DeadlineKind.FIXED,
    DeadlineKind.MONTH,
    DeadlineKind.PERIOD,
    DeadlineKind.FIXED_THEN_ONGOING,
}
COLUMN_WIDTHS = (30, 6, 50, 40, 18, 16, 12, 12, 40)
PARTY_SEPARATOR = "; "


def header():
    return [
        _("Этап"),
        _("№"),
        _("Мероприятие"),
        _("Форма представления результата"),
        _("Срок"),
        _("Тип срока"),
        _("Начало"),
        _("Окончание"),
        _("Ответственные"),
    ]


def title_lines(roadmap):
    """The heading above the table: the order it belongs to, then the roadmap's title."""
    order = " ".join(
        part
        for part in (
            roadmap.appendix,
            _("к приказу") if roadmap.order_label else "",
            roadmap.issuer.name if roadmap.issuer and roadmap.order_label else "",
            roadmap.order_label,
        )
        if part
    )
    return [line for line in (order, roadmap.title) if line]


def roadmap_rows(roadmap):
    """One row per deadline row, in document order; `roadmap` comes from with_structure()."""
    for stage in roadmap.stages.all():
        stage_text = f"{stage.number} {stage.title}".strip()
        for activity in stage.activities.all():
            for row in activity.responsibilities.all():
                kind = DeadlineKind(row.deadline_kind)
                yield [
                    stage_text,
                    activity.number,
                    activity.title,
                    activity.result_form,
                    row.deadline_text,
                    kind.label,
                    row.start if kind in _WITH_START else None,
                    row.end if kind in _WITH_END else None,
                    PARTY_SEPARATOR.join(party.text for party in row.parties.all()),
                ]


def export_roadmap_xlsx(roadmap, fileobj):
    """Write `roadmap` (any Roadmap; its structure is fetched in a fixed number of queries)."""
    roadmap = Roadmap.objects.with_structure().get(pk=roadmap.pk)
    write_xlsx(
        fileobj,
        title=title_lines(roadmap),
        header=header(),
        rows=roadmap_rows(roadmap),
        sheet_title=_("Дорожная карта"),
        column_widths=COLUMN_WIDTHS,
    )


def export_filename(roadmap):
    order = f"-{roadmap.order_number}" if roadmap.order_number else ""
    year = f"-{roadmap.order_date.year}" if roadmap.order_date else ""
    return f"roadmap{order}{year}-{roadmap.pk}.xlsx"
