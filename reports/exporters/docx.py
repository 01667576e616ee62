"""«Аналитическая справка» and the draft order «Об итогах мониторинга…» as .docx
(python-docx), following the contents of a district's справка (docs: shared/domain
monitoring.md). Figures come from the report's row functions; the texts staff wrote on the
report page (ReportNote) go in as they are. Russian typography through reports/formatting."""

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from .. import annual, annual_tables, notes, package, progress, scores
from ..formatting import change, date, number, percent, quoted
from ..models import Methodology, MethodologyStatus, ScoreLevel

# The справка stays a document to read, and its memory flat, however many organizations: long
# lists by organization are cut to these many names, with counts; the full lists are in the
# xlsx (sheets «Организации», «Локальные акты», «Показатели») and on the report page.
NAMES_SHOWN = 100
RANKING_SHOWN = 10
FULL_LIST_NOTE = (
    "Полные перечни по организациям приведены в приложении к справке — файле Excel "
    "«Итоги мониторинга» (листы «Организации», «Показатели», «Локальные акты»)."
)

NOTE_SECTIONS = (
    ("best_practices", "9. Лучшие практики"),
    ("problems", "10. Проблемы и дефициты"),
    ("conclusions", "11. Выводы"),
    ("recommendations", "12. Рекомендации"),
)


# --- What both documents read ----------------------------------------------------------------


class Facts:
    """Everything the two documents say, read once."""

    def __init__(self, scope):
        self.scope = scope
        self.office = scope.root
        self.reporting_year = (
            notes.reporting_year_of(scope.root, scope.year) if scope.root else None
        )
        self.note = notes.note_of(self.reporting_year) if self.reporting_year else None
        counts = annual.ActivityCounts.of(scope)
        self.activities = list(counts.rows())
        self.figures = annual.key_figures(scope, counts)
        not_reported = annual.not_reported(scope)
        self.not_reported_count = not_reported.count()
        self.not_reported = list(not_reported[:NAMES_SHOWN])
        self.programme = annual.programme_of(scope)
        self.methodology = (
            Methodology.objects.filter(
                status=MethodologyStatus.APPROVED, first_year__lte=scope.year
            )
            .exclude(last_year__lt=scope.year)
            .order_by("-version")
            .first()
        )

    @property
    def programme_title(self):
        return self.programme.title if self.programme else "Развитие наставничества"

    @property
    def office_name(self):
        return self.office.name if self.office else "Орган управления образованием"

    def order_basis(self):
        """ "приказ от 01.11.2024 № 123" or a blank to fill in by hand."""
        year = self.reporting_year
        if year and (year.monitoring_order_number or year.monitoring_order_date):
            number = year.monitoring_order_number or "___"
            return f"приказ от {date(year.monitoring_order_date)} № {number}"
        return "приказ от __.__.____ № ___"

    def collection_window(self):
        year = self.reporting_year
        if year and year.collection_start and year.collection_end:
            return f"с {date(year.collection_start)} по {date(year.collection_end)}"
        return "с __.__.____ по __.__.____"

    def text(self, name):
        return getattr(self.note, name, "") if self.note else ""


def _document():
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    return document


def _paragraphs(document, text, placeholder):
    """Staff's text, a paragraph per line; a visible placeholder when they wrote nothing."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    for line in lines or [placeholder]:
        document.add_paragraph(line)


def _table(document, header, rows):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = "" if value is None else str(value)
    return table


# --- «Аналитическая справка» -----------------------------------------------------------------


def write_note(fileobj, scope):
    facts = Facts(scope)
    document = _document()
    header = document.add_paragraph(facts.office_name)
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_heading(
        "Аналитическая справка по итогам ежегодного мониторинга эффективности реализации "
        f"муниципальной программы {quoted(facts.programme_title)} за {scope.year} год",
        level=1,
    )
    _introduction(document, facts)
    _package(document, facts)
    _indicators(document, facts)
    _scores(document, facts)
    _roadmap(document, facts)
    for name, title in NOTE_SECTIONS:
        document.add_heading(title, level=2)
        _paragraphs(document, facts.text(name), "(не заполнено)")
    document.add_heading("13. Управленческие решения", level=2)
    title = (
        "Об итогах мониторинга эффективности реализации муниципальной программы "
        f"за {scope.year} год"
    )
    document.add_paragraph(f"Подготовлен проект приказа {quoted(title)}.")
    _annex_not_reported(document, facts)
    document.save(fileobj)


def _introduction(document, facts):
    figures = facts.figures
    took_part = figures.organizations - facts.not_reported_count
    document.add_heading("1. Введение", level=2)
    _paragraphs(document, facts.text("introduction"), "")
    document.add_paragraph(
        f"Основание: {facts.order_basis()} {quoted('О проведении мониторинга')}. "
        f"Сбор сведений проводился {facts.collection_window()}."
    )
    if facts.methodology:
        method = facts.methodology
        basis = f" (основание: {method.basis})" if method.basis else ""
        document.add_paragraph(
            f"Методика оценки: {quoted(method.title)}, версия {method.version}{basis}."
        )
    else:
        document.add_paragraph("Методика оценки эффективности на этот год не утверждена.")
    document.add_paragraph(
        f"В мониторинге приняли участие {number(took_part)} из "
        f"{number(figures.organizations)} организаций. Полнота исполнения дорожной карты — "
        f"{percent(figures.current.completeness)} ({change(figures.completeness_change)} к "
        f"{facts.scope.previous_year} году), своевременность — "
        f"{percent(figures.current.timeliness)}."
    )
    document.add_paragraph(FULL_LIST_NOTE)


def _package(document, facts):
    """The package by act type (how many organizations have each), not organization by
    organization: the table by organization is the xlsx sheet «Локальные акты»."""
    document.add_heading("2. Нормативно-правовое обеспечение", level=2)
    year = facts.scope.year
    required = package.required_types(year)
    organizations = annual_tables.educational_organizations(facts.scope)
    complete, counted = package.package_share(organizations, year, required=required)
    document.add_paragraph(
        f"Полный пакет локальных актов имеют {number(complete)} из {number(counted)} "
        f"организаций ({percent(progress.share(complete, counted))})."
    )
    _table(
        document,
        ["Вид локального акта", "Обязателен для организаций", "Имеют", "Доля"],
        [
            (act_type.name, number(of), number(having), percent(progress.share(having, of)))
            for act_type, of, having in package.act_type_counts(
                organizations, year, required=required
            )
        ],
    )
    document.add_paragraph(
        "Акты каждой организации (номер, дата) — в файле Excel, лист «Локальные акты»."
    )


def _indicators(document, facts):
    document.add_heading("3–6. Охват наставничеством, кадровое обеспечение, качество", level=2)
    indicators = annual_tables.indicators_of(facts.scope.year)
    totals = list(annual_tables.indicator_totals(facts.scope, indicators))
    year, before = facts.scope.year, facts.scope.previous_year
    _table(
        document,
        ["Код", "Показатель", str(year), str(before), "Изменение"],
        [
            (
                t.indicator.code,
                t.indicator.name,
                number(t.value),
                number(t.previous),
                change(t.change, "%"),
            )
            for t in totals
        ],
    )


def _scores(document, facts):
    """Levels for everyone; the ranking as its top and bottom RANKING_SHOWN (the full one is
    the xlsx sheet «Организации»)."""
    document.add_heading("7. Оценка эффективности", level=2)
    organizations = facts.scope.organizations_all()
    year = facts.scope.year
    counts = annual_tables.level_counts(facts.scope)
    ranked = scores.ranked_scores(year=year, organizations=organizations)
    top = list(
        scores.ranking_rows(year=year, organizations=organizations, scores=ranked[:RANKING_SHOWN])
    )
    if not top:
        document.add_paragraph("Оценка эффективности за этот год не рассчитана.")
        return
    total = sum(counts.values())
    document.add_paragraph(
        f"Методика: {top[0].methodology}. Оценено организаций: {number(total)}; "
        + "; ".join(
            f"{ScoreLevel(level).label} уровень — {number(count)}"
            for level, count in counts.items()
        )
        + "."
    )
    header = ["Место", "Организация", "Результат", "Уровень"]
    document.add_paragraph(f"Лучшие {number(len(top))}:")
    _table(document, header, _score_cells(top))
    if total > RANKING_SHOWN:
        bottom = list(
            scores.ranking_rows(
                year=year,
                organizations=organizations,
                scores=scores.ranked_scores(
                    year=year, organizations=organizations, worst_first=True
                )[:RANKING_SHOWN],
            )
        )
        bottom.reverse()
        document.add_paragraph(f"Последние {number(len(bottom))} в рейтинге:")
        _table(document, header, _score_cells(bottom))
    document.add_paragraph("Полный рейтинг — в файле Excel, лист «Организации».")


def _score_cells(rows):
    return [
        (row.rank or "", row.organization, percent(row.percent), row.level_label) for row in rows
    ]


def _roadmap(document, facts):
    document.add_heading("8. Выполнение муниципальной дорожной карты", level=2)
    _table(
        document,
        [
            "№",
            "Мероприятие",
            "Форма результата",
            "Положено",
            "Принято",
            "Полнота",
            "Своевременность",
        ],
        [
            (
                row.activity.label,
                row.activity.title,
                row.activity.result_form,
                number(row.progress.owed),
                number(row.progress.accepted),
                percent(row.progress.completeness),
                percent(row.progress.timeliness),
            )
            for row in facts.activities
        ],
    )


def _annex_not_reported(document, facts):
    document.add_heading("Приложение. Организации, не представившие сведения", level=2)
    if not facts.not_reported_count:
        document.add_paragraph("Сведения представили все организации.")
        return
    document.add_paragraph(f"Не представили сведения: {number(facts.not_reported_count)}.")
    for organization in facts.not_reported:
        document.add_paragraph(organization.name, style="List Bullet")
    left = facts.not_reported_count - len(facts.not_reported)
    if left > 0:
        document.add_paragraph(
            f"…и ещё {number(left)} (полный перечень — на странице годового отчёта)."
        )


# --- The draft order -------------------------------------------------------------------------


def write_order(fileobj, scope):
    facts = Facts(scope)
    document = _document()
    for text in (
        facts.office_name,
        "ПРИКАЗ",
        "__.__.____                                                  № ___",
    ):
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_heading(
        f"Об итогах мониторинга эффективности реализации муниципальной программы "
        f"{quoted(facts.programme_title)} за {scope.year} год",
        level=1,
    )
    document.add_paragraph(
        f"В соответствии с {facts.order_basis()} {quoted('О проведении мониторинга')}, на "
        "основании "
        f"аналитической справки по итогам мониторинга за {scope.year} год ПРИКАЗЫВАЮ:"
    )
    items = [
        f"Утвердить аналитическую справку по итогам мониторинга за {scope.year} год (приложение).",
        "Руководителям образовательных организаций: "
        + (facts.text("recommendations").strip() or "учесть рекомендации аналитической справки."),
    ]
    if facts.not_reported:
        names = ", ".join(o.name for o in facts.not_reported[:50])
        items.append(
            f"Руководителям организаций, не представивших сведения ({names}), представить их "
            "в срок до __.__.____."
        )
    items.append("Контроль исполнения приказа оставляю за собой.")
    for position, text in enumerate(items, start=1):
        document.add_paragraph(f"{position}. {text}")
    document.add_paragraph("")
    document.add_paragraph("Начальник ____________________")
    document.save(fileobj)
