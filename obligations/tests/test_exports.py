"""Excel downloads of the office's lists: each holds the rows its page shows under the same
filters (every row, not one page), through the formula-safe writer; heads may not have them."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from obligations import recount
from obligations.models import Obligation, ObligationStatus
from organizations.models import Organization
from roadmap.models import Activity

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EVIL = '=HYPERLINK("http://evil.example/","Нажмите")'
SUBMITTED_AT = dt.datetime(2022, 9, 1, 10, 0, tzinfo=dt.UTC)


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment;")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def table(sheet):
    """(header, data rows) below the heading lines; the header row is the frozen one."""
    header_row = int(sheet.freeze_panes[1:]) - 1
    rows = list(sheet.iter_rows(min_row=header_row, values_only=True))
    return list(rows[0]), [list(row) for row in rows[1:]]


def submit_activity_1(*organizations):
    Obligation.objects.filter(
        organization__in=organizations, responsibility__activity__number="1"
    ).update(status=ObligationStatus.SUBMITTED, submitted_at=SUBMITTED_AT)
    recount.rebuild()  # statuses set past the services: the pages' counts are recounted


@pytest.mark.django_db
def test_review_queue_download_has_the_pages_rows_under_its_filters(
    office_client, one_off_a, one_off_b, school_a, school_b
):
    submit_activity_1(school_a, school_b)
    query = {"organization": "Школа А", "sort": "organization"}
    page = office_client.get(reverse("obligations:review_queue"), query)
    shown = [str(o.organization) for o in page.context["page"]]
    sheet = workbook(office_client.get(reverse("obligations:review_queue_xlsx"), query))
    header, rows = table(sheet)
    assert header[:3] == ["Отправлено", "Организация", "№"]
    assert [row[1] for row in rows] == shown == ["МБОУ «Школа А»"]
    submitted, _org, label, title, year, due = rows[0][:6]
    assert (label, title, year) == ("1.1", "Разработка пакета локальных актов", None)
    assert isinstance(submitted, dt.datetime) and due == dt.datetime(2022, 9, 30)
    assert sheet.cell(row=sheet.max_row, column=6).number_format == "DD.MM.YYYY"
    assert rows[0][-1] == f"http://testserver/obligations/{one_off_a.pk}/"


@pytest.mark.django_db
def test_formula_in_a_title_comes_out_as_text(office_client, one_off_a, school_a):
    Activity.objects.filter(pk=one_off_a.activity.pk).update(title=EVIL)
    Organization.objects.filter(pk=school_a.pk).update(name="+7 (3822) 000-000")
    submit_activity_1(school_a)
    sheet = workbook(office_client.get(reverse("obligations:review_queue_xlsx")))
    header, rows = table(sheet)
    assert rows[0][1:4] == ["+7 (3822) 000-000", "1.1", EVIL]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == EVIL)
    assert (cell.data_type, cell.quotePrefix) == ("s", True)


@pytest.mark.django_db
def test_summary_and_overdue_downloads_match_the_summary(
    office_client, roadmap, one_off_a, school_a
):
    submit_activity_1(school_a)
    query = {"roadmap": roadmap.pk, "year": 2022}
    page = office_client.get(reverse("obligations:summary"), query)
    expected = [
        [r.activity.label, r.total, r.accepted, r.submitted, r.returned, r.overdue]
        for r in page.context["rows"]
    ]
    header, rows = table(workbook(office_client.get(reverse("obligations:summary_xlsx"), query)))
    assert header[:4] == ["Этап", "№", "Мероприятие", "Всего"]
    assert [[r[1], r[3], r[4], r[6], r[7], r[9]] for r in rows] == expected
    overdue_total = sum(r.overdue for r in page.context["rows"])
    sheet = workbook(office_client.get(reverse("obligations:overdue_xlsx"), query))
    header, rows = table(sheet)
    assert len(rows) == overdue_total > 0
    assert all(isinstance(row[5], int) and row[5] > 0 for row in rows)  # days overdue
    assert "МБОУ «Школа А»" not in [row[0] for row in rows if row[1] == "1.1"]  # submitted


@pytest.mark.django_db
def test_matrix_download_has_every_organization_and_the_pages_cells(
    office_client, roadmap, one_off_a, school_a
):
    submit_activity_1(school_a)
    query = {"roadmap": roadmap.pk, "year": 2022}
    page = office_client.get(reverse("obligations:matrix"), query)
    expected = [
        [str(row.organization)]
        + [", ".join(str(c["title"]) for c in cells) or None for cells in row.cells]
        for row in page.context["table"]
    ]
    header, rows = table(workbook(office_client.get(reverse("obligations:matrix_xlsx"), query)))
    assert header == ["Организация"] + [c.label for c in page.context["columns"]]
    assert rows == expected
    assert "На проверке" in rows[[r[0] for r in rows].index("МБОУ «Школа А»")]


@pytest.mark.django_db
def test_matrix_download_is_not_one_page(office_client, roadmap, office):
    from obligations.sync import sync_obligations

    from .conftest import make_schools

    make_schools(office, 45)
    sync_obligations()
    query = {"roadmap": roadmap.pk, "year": 2022}
    page = office_client.get(reverse("obligations:matrix"), query)
    _header, rows = table(workbook(office_client.get(reverse("obligations:matrix_xlsx"), query)))
    assert len(page.context["table"]) < page.context["page"].paginator.count == len(rows)


@pytest.mark.django_db
def test_organization_download_honours_status_filter(office_client, one_off_a, school_a):
    submit_activity_1(school_a)
    url = reverse("obligations:organization", args=[school_a.pk])
    query = {"status": "submitted"}
    shown = [o.pk for o in office_client.get(url, query).context["page"]]
    sheet = workbook(
        office_client.get(reverse("obligations:organization_xlsx", args=[school_a.pk]), query)
    )
    header, rows = table(sheet)
    assert header[:2] == ["№", "Мероприятие"]
    assert [row[-1].rsplit("/", 2)[-2] for row in rows] == [str(pk) for pk in shown]
    assert [row[5] for row in rows] == ["На проверке"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["review_queue_xlsx", "summary_xlsx", "overdue_xlsx", "matrix_xlsx"]
)
def test_heads_may_not_download_office_lists(head_a_client, roadmap, name):
    assert head_a_client.get(reverse(f"obligations:{name}")).status_code == 403


@pytest.mark.django_db
def test_another_districts_organization_answers_404(office_client, roadmap):
    stranger = Organization.objects.create(name="Чужая школа")
    url = reverse("obligations:organization_xlsx", args=[stranger.pk])
    assert office_client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_download_is_never_sent_to_remembered_filters(office_client, one_off_a, school_a):
    submit_activity_1(school_a)
    office_client.get(reverse("obligations:review_queue"), {"organization": "Школа Б"})
    office_client.get(reverse("obligations:review_queue_xlsx"), {"organization": "Школа Б"})
    # The page's filters were cleared: its download has every row, not the remembered ones.
    _header, rows = table(workbook(office_client.get(reverse("obligations:review_queue_xlsx"))))
    assert [row[1] for row in rows] == ["МБОУ «Школа А»"]
