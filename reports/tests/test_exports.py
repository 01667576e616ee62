"""The annual report's files: every sheet of the xlsx against figures the test computes
itself, the native chart, formula-like user text kept as text in every sheet; the docx
справка with its tables and the staff's conclusions, and the draft order; the command."""

import datetime as dt
import io
import zipfile

import docx
import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from obligations.models import (
    EventAction,
    Evidence,
    EvidenceKind,
    Obligation,
    ObligationEvent,
    ObligationStatus,
)
from reports import indicator_rollup
from reports.models import Indicator, IndicatorReturn, IndicatorValue, ReturnStatus

from .conftest import expected

pytestmark = pytest.mark.django_db
INJECTED = '=HYPERLINK("http://x","y")'
TOTAL_ROW = "Итого (для баллов — среднее, да/нет — число «да»)"
SHEETS = ["Сводка", "Мероприятия", "Организации", "Показатели", "Локальные акты", "Просрочено"]


@pytest.fixture
def data(story, school_a, school_b, one_off_a, office_user):
    """The dashboard's story, plus: school B named like a formula, an accepted local act of
    school A titled like one, B's return comment like one, and indicator returns."""
    school_b.name = INJECTED
    school_b.save()
    Evidence.objects.create(
        obligation=one_off_a,
        kind=EvidenceKind.LOCAL_ACT,
        title=INJECTED,
        act_type_id="regulation",
        act_number="45-о",
        act_date=dt.date(2022, 3, 15),
        effective_date=dt.date(2022, 3, 15),
    )
    returned = Obligation.objects.get(
        responsibility__activity__number="2", period_year=2022, organization=school_b
    )
    ObligationEvent.objects.create(
        obligation=returned,
        actor=office_user,
        action=EventAction.RETURNED,
        from_status=ObligationStatus.SUBMITTED,
        to_status=ObligationStatus.RETURNED,
        comment=INJECTED,
    )
    pupils = Indicator.objects.get(code="ST01")
    mentees = Indicator.objects.get(code="ST02")
    for organization, year, values in (
        (school_a, 2022, {pupils: 400, mentees: 120}),
        (school_a, 2021, {pupils: 380, mentees: 60}),
        (school_b, 2022, {pupils: 250, mentees: 100}),
    ):
        indicator_return = IndicatorReturn.objects.create(
            organization=organization,
            year=year,
            status=ReturnStatus.ACCEPTED,
            submitted_at=timezone.now(),
            reviewed_at=timezone.now(),
        )
        for indicator, value in values.items():
            IndicatorValue.objects.create(
                indicator_return=indicator_return, indicator=indicator, value=value
            )
    indicator_rollup.rebuild()  # accepted returns written directly, past the services
    return story


def workbook(client, **params):
    response = client.get(
        reverse("reports:annual_download", args=["xlsx"]), {"year": 2022, **params}
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    return openpyxl.load_workbook(io.BytesIO(content)), content


def table(sheet):
    """{first cell: row values} under the header row (the first row starting "Показатель",
    "№" or "Организация")."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] in ("Показатель", "№", "Организация"))
    return {row[0]: row[1:] for row in rows[start + 1 :] if row[0] is not None}


def pct(value):
    return None if value is None else float(value) / 100


def test_every_sheet_holds_the_figures_computed_here(office_client, data, office, school_a):
    book, _content = workbook(office_client, organization=office.pk)
    assert book.sheetnames == SHEETS
    on = timezone.localdate()
    year = list(Obligation.objects.for_year(2022))
    want = expected(year, on)

    summary = table(book["Сводка"])
    assert summary["Обязательств положено"][0] == want["owed"]
    assert summary["Просрочено"][0] == want["overdue"]
    assert summary["Полнота, %"][0] == pytest.approx(pct(want["completeness"]))
    assert summary["Своевременность, %"][0] == pytest.approx(pct(want["timeliness"]))
    assert summary["Организаций в отчёте"][0] == 3

    activities = table(book["Мероприятия"])
    for label, number in (("1.1", "1"), ("1.2", "2")):
        rows = [o for o in year if o.responsibility.activity.number == number]
        got, w = activities[label], expected(rows, on)
        assert (got[2], got[7], got[9], got[10]) == (
            w["owed"],
            w["overdue"],
            pytest.approx(pct(w["completeness"])),
            pytest.approx(pct(w["timeliness"])),
        )

    organizations = table(book["Организации"])
    for organization in (office, school_a):
        w = expected([o for o in year if o.organization_id == organization.pk], on)
        got = organizations[organization.name]
        assert (got[1], got[6], got[9]) == (
            w["owed"],
            w["overdue"],
            pytest.approx(pct(w["completeness"])),
        )

    indicators = book["Показатели"]
    header = [
        c.value for c in next(r for r in indicators.iter_rows() if r[0].value == "Организация")
    ]
    rows = table(indicators)
    st01, st01_before = header.index("ST01 2022") - 1, header.index("ST01 2021") - 1
    assert rows[TOTAL_ROW][st01] == 650  # 400 + 250
    assert rows[TOTAL_ROW][st01_before] == 380
    assert (rows[school_a.name][st01], rows[school_a.name][st01_before]) == (400, 380)

    acts = table(book["Локальные акты"])
    assert acts[school_a.name][0] == "нет"  # one act of the eight required
    assert f"№ 45-о от 15.03.2022 — {INJECTED}" in acts[school_a.name]

    overdue = book["Просрочено"]
    listed = [row for row in overdue.iter_rows(min_row=4, values_only=True)]
    assert sorted(r[0] for r in listed) == sorted(
        o.organization.name for o in year if o.is_overdue(on)
    )
    assert {r[6] for r in listed if r[0] == INJECTED} == {INJECTED}


def test_dates_and_percents_are_real_cells(office_client, data, office):
    book, _content = workbook(office_client, organization=office.pk)
    overdue = book["Просрочено"]
    due = overdue.cell(row=4, column=4)
    assert isinstance(due.value, dt.datetime) and due.number_format == "DD.MM.YYYY"
    completeness = next(r for r in book["Сводка"].iter_rows() if r[0].value == "Полнота, %")[1]
    assert completeness.data_type == "n" and completeness.number_format == "0.0%"
    assert book["Сводка"].freeze_panes == "A4"
    assert overdue.column_dimensions["A"].width == 50


def test_statuses_and_yes_no_are_coloured(office_client, data, office, school_a):
    from reports.exporters.xlsx import STATUS_COLOURS

    book, _content = workbook(office_client, organization=office.pk)
    statuses = [row[5] for row in book["Просрочено"].iter_rows(min_row=4)]
    assert statuses
    assert {(c.value, c.fill.fill_type, c.fill.fgColor.rgb) for c in statuses} == {
        (c.value, "solid", "00" + STATUS_COLOURS[c.value]) for c in statuses
    }
    acts = next(r for r in book["Локальные акты"].iter_rows() if r[0].value == school_a.name)
    assert (acts[1].value, acts[1].fill.fgColor.rgb) == ("нет", "00" + STATUS_COLOURS["нет"])


def test_chart_is_a_native_excel_chart(office_client, data, office):
    _book, content = workbook(office_client, organization=office.pk)
    archive = zipfile.ZipFile(io.BytesIO(content))
    charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
    assert charts == ["xl/charts/chart1.xml"]
    assert b"<barChart>" in archive.read(charts[0])
    assert b"drawing" in archive.read("xl/worksheets/_rels/sheet1.xml.rels")


def test_formula_like_user_text_stays_text_in_every_sheet(office_client, data, office):
    book, content = workbook(office_client, organization=office.pk)
    found = {}
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == INJECTED:
                    assert cell.data_type == "s", (sheet.title, cell.coordinate)
                    found[sheet.title] = found.get(sheet.title, 0) + 1
    # The organization's name in every sheet listing organizations; the act's title; the comment.
    assert set(found) == {"Организации", "Показатели", "Локальные акты", "Просрочено"}
    archive = zipfile.ZipFile(io.BytesIO(content))
    for name in archive.namelist():
        if name.startswith("xl/worksheets/"):
            assert b"<f>" not in archive.read(name), name


def test_docx_note_holds_tables_and_conclusions(office_client, data, office):
    post = office_client.post(
        reverse("reports:annual_note") + f"?year=2022&organization={office.pk}",
        {
            "conclusions": "Программа выполняется, отстают две школы.",
            "recommendations": "Назначить кураторов.",
        },
    )
    assert post.status_code == 302
    office_client.post(
        reverse("reports:annual_details") + f"?year=2022&organization={office.pk}",
        {
            "monitoring_order_number": "312",
            "monitoring_order_date": "01.11.2022",
            "collection_start": "07.11.2022",
            "collection_end": "16.11.2022",
        },
    )
    response = office_client.get(
        reverse("reports:annual_download", args=["note"]), {"year": 2022, "organization": office.pk}
    )
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Программа выполняется, отстают две школы." in text
    assert "приказ от 01.11.2022 № 312" in text
    assert "с 07.11.2022 по 16.11.2022" in text
    assert "«Тестовая программа наставничества»" in text
    roadmap_table = next(t for t in document.tables if t.rows[0].cells[0].text == "№")
    assert [r.cells[0].text for r in roadmap_table.rows[1:]] == ["1.1", "1.2"]
    assert roadmap_table.rows[1].cells[5].text == "100,0\u00a0%"
    indicator_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Код")
    st01 = next(r for r in indicator_table.rows if r.cells[0].text == "ST01")
    assert (st01.cells[2].text, st01.cells[3].text) == ("650", "380")


def test_docx_order(office_client, data, office):
    office_client.post(
        reverse("reports:annual_note") + f"?year=2022&organization={office.pk}",
        {"recommendations": "Назначить кураторов."},
    )
    response = office_client.get(
        reverse("reports:annual_download", args=["order"]),
        {"year": 2022, "organization": office.pk},
    )
    text = "\n".join(
        p.text for p in docx.Document(io.BytesIO(b"".join(response.streaming_content))).paragraphs
    )
    assert "Об итогах мониторинга эффективности реализации муниципальной программы" in text
    assert "Руководителям образовательных организаций: Назначить кураторов." in text


def test_command_writes_xlsx_and_docx(data, office, tmp_path):
    call_command(
        "export_report",
        "--year",
        "2022",
        "--organization",
        str(office.pk),
        "--output",
        str(tmp_path / "r.xlsx"),
    )
    call_command("export_report", "--year", "2022", "--output", str(tmp_path / "r.docx"))
    call_command("export_report", "--year", "2022", "--output", str(tmp_path / "o.docx"), "--order")
    assert openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames == SHEETS
    assert docx.Document(tmp_path / "r.docx").tables
    assert "ПРИКАЗ" in [p.text for p in docx.Document(tmp_path / "o.docx").paragraphs]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--output", "r.csv"], "Укажите файл с расширением .xlsx или .docx."),
        (["--output", "r.xlsx", "--order"], "Проект приказа выгружается только в .docx."),
        (["--output", "r.xlsx", "--organization", "999999"], "Организация с id 999999 не найдена."),
    ],
)
def test_command_refuses_bad_input_in_russian(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_report", "--year", "2022", *args)


def test_note_keeps_every_revision(office_client, data, office):
    url = reverse("reports:annual_note") + f"?year=2022&organization={office.pk}"
    office_client.post(url, {"conclusions": "Первая редакция"})
    office_client.post(url, {"conclusions": "Вторая редакция"})
    office_client.post(url, {"conclusions": "Вторая редакция"})  # unchanged: no new revision
    from reports.models import ReportNote

    note = ReportNote.objects.get()
    assert note.conclusions == "Вторая редакция"
    assert [r.conclusions for r in note.revisions.all()] == ["Вторая редакция", "Первая редакция"]


def test_bad_details_keep_the_page_and_say_why(office_client, data, office):
    response = office_client.post(
        reverse("reports:annual_details") + f"?year=2022&organization={office.pk}",
        {
            "collection_start": "16.11.2022",
            "collection_end": "07.11.2022",
            "monitoring_order_date": "32.13.2022",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Окончание сбора не может быть раньше начала." in html
    assert "Введите правильную дату." in html


def test_head_cannot_download(head_a_client, data):
    assert head_a_client.get(reverse("reports:annual_download", args=["xlsx"])).status_code == 403


def test_unknown_download_is_404(office_client, data):
    assert office_client.get(reverse("reports:annual_download", args=["pdf"])).status_code == 404


def test_scores_in_the_page_and_both_files(office_client, data, office, office_user, school_a):
    from reports import scores

    scores.compute_scores(by=office_user, office=office, year=2022)
    stored = {s.organization_id: s for s in scores.Score.objects.filter(year=2022)}
    page = office_client.get(reverse("reports:annual"), {"year": 2022, "node": office.pk}).context
    assert {row.organization_id for row in page["ranking"]} == set(stored)
    assert sum(count for _label, count in page["levels"]) == sum(
        1 for s in stored.values() if s.level
    )
    book, _content = workbook(office_client, organization=office.pk)
    got = table(book["Организации"])[school_a.name]
    assert (got[10], got[11]) == (
        pytest.approx(float(stored[school_a.pk].percent) / 100),
        stored[school_a.pk].get_level_display(),
    )
    response = office_client.get(
        reverse("reports:annual_download", args=["note"]), {"year": 2022, "organization": office.pk}
    )
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    ranking = next(t for t in document.tables if t.rows[0].cells[0].text == "Место")
    assert len(ranking.rows) == 1 + len(stored)
