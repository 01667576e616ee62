import datetime as dt
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from model_bakery import baker

from organizations.models import Organization, OrganizationKind
from roadmap.models import (
    Activity,
    DeadlineKind,
    PartyKind,
    Responsibility,
    ResponsibleParty,
    Roadmap,
    RoadmapChange,
    RoadmapStatus,
)
from roadmap.pending_import import SESSION_KEY
from roadmap.services import save_imported_roadmap
from roadmap.tests import importer_samples as samples
from roadmap.tests.conftest import TOIPKRO_NAME, make_imported

pytestmark = pytest.mark.django_db

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def text_of(response):
    """The page's visible text with whitespace collapsed (tags dropped)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def seed_activity(roadmap, stage_position, activity_number):
    return Activity.objects.get(
        stage__roadmap=roadmap, stage__position=stage_position, number=activity_number
    )


def after_event_row(roadmap):
    return Responsibility.objects.get(
        activity__stage__roadmap=roadmap, deadline_kind=DeadlineKind.AFTER_EVENT
    )


# --- Permission matrix over every URL of the app ---


# Who may open each URL is walked once for the whole portal, roadmap URLs included
# (roadmap/tests/permissions.py, run by mentorship_portal/tests/test_permissions.py).


@pytest.mark.parametrize(
    "name", ["roadmap:activate", "roadmap:archive", "roadmap:deadline_edit", "roadmap:party_edit"]
)
def test_get_on_a_post_only_url_is_405(administrator_client, seed_roadmap, name):
    response = administrator_client.get(reverse(name, args=[1]))
    assert response.status_code == 405


# --- The list ---


def test_list_shows_order_status_counts_and_admin_buttons(administrator_client, seed_roadmap):
    response = administrator_client.get(reverse("roadmap:list"))
    text = text_of(response)
    assert response.status_code == 200
    row = response.context["roadmaps"][0]
    assert (row.stage_count, row.activity_count, row.row_count, row.flagged_count) == (4, 15, 16, 1)
    assert "от 30.12.2020 № 654" in text
    assert "Действует" in text
    content = response.content.decode()
    assert reverse("roadmap:archive", args=[seed_roadmap.pk]) in content
    assert reverse("roadmap:activate", args=[seed_roadmap.pk]) not in content  # already active
    assert 'href="/roadmaps/import/"' in content
    assert "data-confirm=" in content


def test_office_sees_no_admin_buttons(office_client, seed_roadmap):
    content = office_client.get(reverse("roadmap:list")).content.decode()
    assert reverse("roadmap:archive", args=[seed_roadmap.pk]) not in content
    assert 'href="/roadmaps/import/"' not in content


# --- The roadmap page ---


def test_detail_is_laid_out_like_the_document(office_client, seed_roadmap):
    response = office_client.get(seed_roadmap.get_absolute_url())
    text = text_of(response)
    assert (
        "Приложение №2 к приказу Управление образования Администрации Томского района от "
        "30.12.2020 № 654" in text
    )
    assert seed_roadmap.title in text
    assert "№ Мероприятия Форма представления результата Сроки Ответственные" in text
    content = response.content.decode()
    assert content.count('data-testid="deadline-row"') == 16
    assert content.count('class="stage-row"') == 4
    # Activity 2 of stage 1: its number, title and result span its two deadline rows.
    assert '<td rowspan="2">1.2</td>' in content
    for parsed in (
        "до 20.11.2021",
        "01.01.2022 — 31.03.2022",
        "ежегодно, до 31.12",
        "после события: утверждения региональных критериев — дата не задана",
        "до 01.03.2022, далее постоянно",
    ):
        assert parsed in text
    assert "Скачать Excel" in text
    assert response.context["flagged_count"] == 1
    assert content.count('class="flagged"') == 1
    assert "1 строка сроков требует внимания" in text
    assert f'href="{after_event_row(seed_roadmap).activity.get_absolute_url()}"' in content
    # The change log at the bottom.
    assert "Журнал изменений" in text
    assert [change.action for change in response.context["changes"]] == [
        "Введена в действие",
        "Загружена",
    ]


def test_detail_marks_unmatched_bodies(office_client, administrator, office):
    roadmap = save_imported_roadmap(imported=make_imported(1), by=administrator)
    response = office_client.get(roadmap.get_absolute_url())
    text = text_of(response)
    assert "Неизвестный орган не сопоставлен" in text
    assert response.context["flagged_count"] == 1


def test_unknown_roadmap_is_404(office_client, db):
    assert office_client.get(reverse("roadmap:detail", args=[999])).status_code == 404


@pytest.mark.parametrize("activities", [1, 200])
def test_detail_query_count_does_not_grow(
    office_client, administrator, office, django_assert_num_queries, activities
):
    roadmap = save_imported_roadmap(
        imported=make_imported(activities, stages=4, rows_per_activity=2), by=administrator
    )
    # session, user (+organization), roadmap (+programme, issuer), stages, activities,
    # deadline rows, parties (+organizations), whether the user may correct it, change log,
    # the bell's unread count
    with django_assert_num_queries(10):
        response = office_client.get(roadmap.get_absolute_url())
    assert response.content.decode().count('data-testid="deadline-row"') == activities * 2


@pytest.mark.parametrize("roadmaps", [1, 30])
def test_list_query_count_does_not_grow(
    office_client, administrator, office, django_assert_num_queries, roadmaps
):
    for number in range(roadmaps):
        imported = make_imported(2)
        imported.order_number = str(number)
        save_imported_roadmap(imported=imported, by=administrator)
    # session, user with organization, roadmaps with programme and counts, the bell
    with django_assert_num_queries(4):
        response = office_client.get(reverse("roadmap:list"))
    assert len(response.context["roadmaps"]) == roadmaps


# --- Export ---


def test_export_filename_from_an_imported_order_number_is_encoded(office_client, seed_roadmap):
    """The order number comes from the file: a quote or a semicolon must not end the header's
    filename, and Cyrillic goes in the RFC 5987 form."""
    Roadmap.objects.filter(pk=seed_roadmap.pk).update(order_number='12"; x=y №7-п')
    response = office_client.get(reverse("roadmap:export", args=[seed_roadmap.pk]))
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''"
        f"roadmap-12%22%3B%20x%3Dy%20%E2%84%967-%D0%BF-2020-{seed_roadmap.pk}.xlsx"
    )
    assert response["Content-Disposition"].count(";") == 1  # the order's ";" is encoded


def test_export_filename_with_a_quote_only(office_client, seed_roadmap):
    Roadmap.objects.filter(pk=seed_roadmap.pk).update(order_number='1"2')
    response = office_client.get(reverse("roadmap:export", args=[seed_roadmap.pk]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="roadmap-1\\"2-2020-{seed_roadmap.pk}.xlsx"'
    )


def test_export_downloads_the_roadmap_as_xlsx(office_client, seed_roadmap):
    response = office_client.get(reverse("roadmap:export", args=[seed_roadmap.pk]))
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == (
        f'attachment; filename="roadmap-654-2020-{seed_roadmap.pk}.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2] == (
        "Этап", "№", "Мероприятие", "Форма представления результата", "Срок", "Тип срока",
        "Начало", "Окончание", "Ответственные",
    )  # fmt: skip
    assert len(rows) == 3 + 16


# --- Activation and archiving ---


def test_activating_a_draft_archives_the_previous_active_roadmap(
    administrator_client, seed_roadmap
):
    draft = save_imported_roadmap(
        imported=make_imported(3), by=None, title="Новая редакция", first_year=2020, last_year=2024
    )
    draft.programme = seed_roadmap.programme  # the new edition of the same programme
    draft.save(update_fields=["programme"])
    response = administrator_client.post(
        reverse("roadmap:activate", args=[draft.pk]), {"confirmed": "1"}, follow=True
    )
    assert response.redirect_chain == [(draft.get_absolute_url(), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Дорожная карта «Новая редакция» введена в действие."
    ]
    seed_roadmap.refresh_from_db()
    draft.refresh_from_db()
    assert (seed_roadmap.status, draft.status) == (RoadmapStatus.ARCHIVED, RoadmapStatus.ACTIVE)
    assert RoadmapChange.objects.filter(roadmap=seed_roadmap).first().action == (
        "Перенесена в архив"
    )


def test_activating_an_active_roadmap_says_so(administrator_client, seed_roadmap):
    response = administrator_client.post(
        reverse("roadmap:activate", args=[seed_roadmap.pk]), {"confirmed": "1"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["Дорожная карта уже действует."]


def test_archive(administrator_client, seed_roadmap):
    response = administrator_client.post(
        reverse("roadmap:archive", args=[seed_roadmap.pk]), {"confirmed": "1"}, follow=True
    )
    seed_roadmap.refresh_from_db()
    assert seed_roadmap.status == RoadmapStatus.ARCHIVED
    assert [str(m) for m in response.context["messages"]] == [
        f"Дорожная карта «{seed_roadmap.title}» перенесена в архив."
    ]


def test_office_cannot_activate(office_client, seed_roadmap):
    seed_roadmap.status = RoadmapStatus.DRAFT
    seed_roadmap.save(update_fields=["status"])
    response = office_client.post(
        reverse("roadmap:activate", args=[seed_roadmap.pk]), {"confirmed": "1"}
    )
    assert response.status_code == 403
    seed_roadmap.refresh_from_db()
    assert seed_roadmap.status == RoadmapStatus.DRAFT


# --- The activity page and corrections ---


def test_activity_page_shows_rows_and_parties(office_client, seed_roadmap):
    activity = seed_activity(seed_roadmap, 1, "2")
    response = office_client.get(activity.get_absolute_url())
    text = text_of(response)
    assert "Подготовительный этап" in text
    assert "1.2 Назначение ответственного лица за реализацию наставничества" in text
    assert response.content.decode().count('data-testid="deadline-card"') == 2
    assert "Срок: До 20.11.2021 г. до 20.11.2021" in text
    assert "Срок: До 01.12.2021г. до 01.12.2021" in text
    assert "Управление образования Администрации Томского района организация портала" in text
    assert "Руководители образовательных организаций все руководители ОО" in text
    assert len(response.context["deadline_forms"]) == 2


def test_setting_the_event_date_of_a_flagged_deadline(office_client, office_user, seed_roadmap):
    row = after_event_row(seed_roadmap)
    prefix = f"deadline-{row.pk}"
    response = office_client.post(
        reverse("roadmap:deadline_edit", args=[row.pk]),
        {
            f"{prefix}-deadline_kind": "after_event",
            f"{prefix}-event_date": "15.03.2023",
            f"{prefix}-days_after_event": "30",
        },
        follow=True,
    )
    assert response.redirect_chain == [(row.activity.get_absolute_url(), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Срок «После утверждения региональных критериев» сохранён."
    ]
    row.refresh_from_db()
    assert (row.deadline_kind, row.event_date, row.days_after_event, row.deadline_set_by_hand) == (
        DeadlineKind.AFTER_EVENT,
        dt.date(2023, 3, 15),
        30,
        True,
    )
    assert row.event_text == "утверждения региональных критериев"
    assert "после события: утверждения региональных критериев (15.03.2023) — до 14.04.2023" in (
        text_of(response)
    )
    change = RoadmapChange.objects.filter(roadmap=seed_roadmap).first()
    assert (change.action, change.actor) == ("Изменён срок", office_user)
    detail = office_client.get(seed_roadmap.get_absolute_url())
    assert detail.context["flagged_count"] == 0


@pytest.mark.parametrize(
    "data, errors",
    [
        (
            {"deadline_kind": "period", "start": "01.04.2022", "end": "01.03.2022"},
            {"end": ["Окончание срока не может быть раньше начала."]},
        ),
        ({"deadline_kind": "fixed"}, {"end": ["Для этого типа срока укажите окончание."]}),
        (
            {"deadline_kind": "month", "end": "31.03.2022"},
            {"start": ["Для этого типа срока укажите начало."]},
        ),
        (
            {"deadline_kind": "after_event", "days_after_event": "10"},
            {"event_date": ["Укажите дату события: без неё срок исполнения не определить."]},
        ),
        (
            {"deadline_kind": "yearly", "yearly_day": "31", "yearly_month": "4"},
            {"yearly_day": ["В этом месяце нет такого дня."]},
        ),
        (
            {"deadline_kind": "fixed", "end": "31/12/2022"},
            {"end": ["Введите правильную дату."]},
        ),
    ],
)
def test_invalid_deadline_keeps_the_input(office_client, seed_roadmap, data, errors):
    row = after_event_row(seed_roadmap)
    prefix = f"deadline-{row.pk}"
    response = office_client.post(
        reverse("roadmap:deadline_edit", args=[row.pk]),
        {f"{prefix}-{key}": value for key, value in data.items()},
    )
    assert response.status_code == 200
    form = response.context["deadline_forms"][row.pk]
    assert form.errors == errors
    for key, value in data.items():
        assert f'value="{value}"' in response.content.decode() or key == "deadline_kind"
    assert f'<option value="{data["deadline_kind"]}" selected>' in response.content.decode()
    row.refresh_from_db()
    assert (row.deadline_kind, row.deadline_set_by_hand) == (DeadlineKind.AFTER_EVENT, False)


def test_setting_a_period_by_hand(office_client, administrator, office):
    roadmap = save_imported_roadmap(imported=make_imported(4), by=administrator)
    row = Responsibility.objects.get(
        activity__stage__roadmap=roadmap, deadline_kind=DeadlineKind.UNKNOWN
    )
    prefix = f"deadline-{row.pk}"
    office_client.post(
        reverse("roadmap:deadline_edit", args=[row.pk]),
        {
            f"{prefix}-deadline_kind": "period",
            f"{prefix}-start": "01.09.2022",
            f"{prefix}-end": "31.05.2023",
            f"{prefix}-event_date": "01.01.2022",  # not used by a period: dropped
        },
    )
    row.refresh_from_db()
    assert (row.deadline_kind, row.start, row.end, row.event_date) == (
        DeadlineKind.PERIOD,
        dt.date(2022, 9, 1),
        dt.date(2022, 5, 31).replace(year=2023),
        None,
    )


def test_matching_an_unmatched_body(office_client, office_user, administrator, office, school_a):
    roadmap = save_imported_roadmap(imported=make_imported(1), by=administrator)
    party = ResponsibleParty.objects.get(
        responsibility__activity__stage__roadmap=roadmap, kind=PartyKind.UNMATCHED
    )
    activity_url = party.responsibility.activity.get_absolute_url()
    page = office_client.get(activity_url)
    assert list(page.context["party_forms"]) == [party.pk]
    response = office_client.post(
        reverse("roadmap:party_edit", args=[party.pk]),
        {f"party-{party.pk}-target": str(school_a.pk)},
        follow=True,
    )
    assert response.redirect_chain == [(activity_url, 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "«Неизвестный орган» сопоставлен: МБОУ «Школа А»."
    ]
    party.refresh_from_db()
    assert (party.kind, party.organization) == (PartyKind.ORGANIZATION, school_a)
    change = RoadmapChange.objects.filter(roadmap=roadmap).first()
    assert (change.action, change.actor) == ("Сопоставлен ответственный", office_user)


def test_matching_to_all_heads(office_client, administrator, office):
    roadmap = save_imported_roadmap(imported=make_imported(1), by=administrator)
    party = ResponsibleParty.objects.get(
        responsibility__activity__stage__roadmap=roadmap, kind=PartyKind.UNMATCHED
    )
    office_client.post(
        reverse("roadmap:party_edit", args=[party.pk]), {f"party-{party.pk}-target": "all_heads"}
    )
    party.refresh_from_db()
    assert (party.kind, party.organization) == (PartyKind.ALL_HEADS, None)


def test_an_organization_outside_the_users_subtree_cannot_be_chosen(
    office_client, administrator, office
):
    elsewhere = baker.make(Organization, name="Школа другого района", kind=OrganizationKind.SCHOOL)
    roadmap = save_imported_roadmap(imported=make_imported(1), by=administrator)
    party = ResponsibleParty.objects.get(
        responsibility__activity__stage__roadmap=roadmap, kind=PartyKind.UNMATCHED
    )
    response = office_client.post(
        reverse("roadmap:party_edit", args=[party.pk]),
        {f"party-{party.pk}-target": str(elsewhere.pk)},
    )
    form = response.context["party_forms"][party.pk]
    assert form.errors == {
        "target": [f"Выберите корректный вариант. {elsewhere.pk} нет среди допустимых значений."]
    }
    assert "Школа другого района" not in response.content.decode()
    party.refresh_from_db()
    assert party.kind == PartyKind.UNMATCHED


# --- Reading is wider than correcting ---


@pytest.fixture
def regional_roadmap(administrator, region):
    """A roadmap issued by the region: its districts read it but do not correct it."""
    imported = make_imported(4)
    imported.order_number = "региональный"
    return save_imported_roadmap(imported=imported, by=administrator, issuer=region)


def unmatched_party(roadmap):
    return ResponsibleParty.objects.filter(
        responsibility__activity__stage__roadmap=roadmap, kind=PartyKind.UNMATCHED
    ).first()


def test_district_staff_correct_their_own_offices_roadmap(office_client, seed_roadmap):
    row = after_event_row(seed_roadmap)
    page = office_client.get(row.activity.get_absolute_url())
    assert list(page.context["deadline_forms"]) == [row.pk]
    response = office_client.post(
        reverse("roadmap:deadline_edit", args=[row.pk]),
        {f"deadline-{row.pk}-deadline_kind": "ongoing"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.deadline_kind == DeadlineKind.ONGOING


def test_district_staff_read_but_cannot_correct_a_regional_roadmap(office_client, regional_roadmap):
    row = Responsibility.objects.filter(activity__stage__roadmap=regional_roadmap).first()
    party = unmatched_party(regional_roadmap)

    detail = office_client.get(regional_roadmap.get_absolute_url())
    assert (detail.status_code, detail.context["can_edit"]) == (200, False)
    assert "исправить" not in text_of(detail)
    page = office_client.get(row.activity.get_absolute_url())
    assert page.status_code == 200
    assert (page.context["deadline_forms"], page.context["party_forms"]) == ({}, {})
    content = page.content.decode()
    assert reverse("roadmap:deadline_edit", args=[row.pk]) not in content
    assert reverse("roadmap:party_edit", args=[party.pk]) not in content

    response = office_client.post(
        reverse("roadmap:deadline_edit", args=[row.pk]),
        {f"deadline-{row.pk}-deadline_kind": "ongoing"},
    )
    assert response.status_code == 403
    response = office_client.post(
        reverse("roadmap:party_edit", args=[party.pk]),
        {f"party-{party.pk}-target": "all_heads"},
    )
    assert response.status_code == 403
    row.refresh_from_db()
    party.refresh_from_db()
    assert (row.deadline_set_by_hand, party.kind) == (False, PartyKind.UNMATCHED)
    assert list(regional_roadmap.changes.values_list("action", flat=True)) == ["Загружена"]


def test_admins_correct_any_roadmap(administrator_client, regional_roadmap):
    row = Responsibility.objects.filter(activity__stage__roadmap=regional_roadmap).first()
    party = unmatched_party(regional_roadmap)
    page = administrator_client.get(row.activity.get_absolute_url())
    assert row.pk in page.context["deadline_forms"]
    response = administrator_client.post(
        reverse("roadmap:deadline_edit", args=[row.pk]),
        {f"deadline-{row.pk}-deadline_kind": "ongoing"},
    )
    assert response.status_code == 302
    response = administrator_client.post(
        reverse("roadmap:party_edit", args=[party.pk]),
        {f"party-{party.pk}-target": "all_heads"},
    )
    assert response.status_code == 302
    party.refresh_from_db()
    assert party.kind == PartyKind.ALL_HEADS


def test_another_districts_rows_stay_404(client, seed_roadmap, region):
    other_office = baker.make(Organization, kind=OrganizationKind.DISTRICT_OFFICE, parent=region)
    client.force_login(baker.make("accounts.User", role="office", organization=other_office))
    row = after_event_row(seed_roadmap)
    response = client.post(
        reverse("roadmap:deadline_edit", args=[row.pk]),
        {f"deadline-{row.pk}-deadline_kind": "ongoing"},
    )
    assert response.status_code == 404


def test_heads_cannot_edit_deadlines(head_a_client, seed_roadmap):
    row = after_event_row(seed_roadmap)
    response = head_a_client.post(
        reverse("roadmap:deadline_edit", args=[row.pk]),
        {f"deadline-{row.pk}-deadline_kind": "ongoing"},
    )
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.deadline_kind == DeadlineKind.AFTER_EVENT


# --- Import: upload → preview → save as draft ---


def upload(path, content_type="application/octet-stream"):
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type=content_type)


@pytest.fixture
def bodies(office):
    """The bodies the seed names, so the preview can match them."""
    return baker.make(
        Organization, name=TOIPKRO_NAME, short_name="ТОИПКРО", kind=OrganizationKind.INSTITUTE
    )


@pytest.mark.parametrize("writer", [samples.write_seed_xlsx, samples.write_seed_docx])
def test_import_preview_then_save_as_draft(
    administrator_client, administrator, bodies, tmp_path, writer
):
    path = writer(tmp_path)
    response = administrator_client.post(reverse("roadmap:import"), {"file": upload(path)})
    assert response.status_code == 302
    assert response["Location"] == reverse("roadmap:import_preview")
    assert Roadmap.objects.count() == 0

    preview = administrator_client.get(reverse("roadmap:import_preview"))
    text = text_of(preview)
    assert Roadmap.objects.count() == 0  # nothing saved yet
    assert (
        preview.context["preview"].stage_count,
        preview.context["preview"].activity_count,
        preview.context["preview"].row_count,
        preview.context["preview"].flagged_deadline_count,
        preview.context["preview"].unmatched_bodies,
    ) == (4, 15, 16, 1, [])
    assert "Этапов: 4 Мероприятий: 15 Строк сроков: 16 Сроков задать вручную: 1" in text
    assert "До 20.11.2021 г. до 20.11.2021" in text
    assert "Январь-март 2022 г. 01.01.2022 — 31.03.2022" in text
    content = preview.content.decode()
    assert content.count('data-testid="preview-row"') == 16
    assert content.count('class="flagged"') == 1
    assert "Сохранить как черновик" in text and "Отмена" in text

    saved = administrator_client.post(
        reverse("roadmap:import_preview"),
        {"save": "1", "title": "", "years": "", "order_number": "", "order_date": ""},
    )
    roadmap = Roadmap.objects.get()
    assert saved["Location"] == roadmap.get_absolute_url()
    assert (roadmap.status, roadmap.title, roadmap.order_number, roadmap.order_date) == (
        RoadmapStatus.DRAFT,
        samples.SEED_TITLE,
        "654",
        dt.date(2020, 12, 30),
    )
    assert (roadmap.programme.first_year, roadmap.programme.last_year) == (2020, 2024)
    assert roadmap.created_by == administrator
    assert roadmap.source_name == path.name
    assert Responsibility.objects.filter(activity__stage__roadmap=roadmap).count() == 16
    assert SESSION_KEY not in administrator_client.session


def test_import_options_override_the_heading(administrator_client, bodies, tmp_path):
    path = samples.write_seed_xlsx(tmp_path)
    administrator_client.post(
        reverse("roadmap:import"),
        {
            "file": upload(path),
            "title": "Своё наименование",
            "years": "2021-2025",
            "order_number": "12-п",
            "order_date": "01.02.2021",
        },
    )
    preview = administrator_client.get(reverse("roadmap:import_preview"))
    assert preview.context["form"]["title"].value() == "Своё наименование"
    administrator_client.post(
        reverse("roadmap:import_preview"),
        {
            "save": "1",
            "title": "Своё наименование",
            "years": "2021-2025",
            "order_number": "12-п",
            "order_date": "01.02.2021",
        },
    )
    roadmap = Roadmap.objects.get()
    assert (
        roadmap.title,
        roadmap.order_number,
        roadmap.order_date,
        roadmap.programme.first_year,
        roadmap.programme.last_year,
    ) == ("Своё наименование", "12-п", dt.date(2021, 2, 1), 2021, 2025)


def test_missing_years_are_asked_for_on_the_preview(administrator_client, office, tmp_path):
    rows, merges = samples.roadmap_table()
    path = samples.write_xlsx(tmp_path / "no-heading.xlsx", rows, (), merges)
    administrator_client.post(reverse("roadmap:import"), {"file": upload(path)})
    response = administrator_client.post(
        reverse("roadmap:import_preview"), {"save": "1", "title": "Карта без шапки"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "В документе не указаны годы реализации: задайте их (например, 2020-2024)."
    ]
    assert 'value="Карта без шапки"' in response.content.decode()
    assert Roadmap.objects.count() == 0
    administrator_client.post(
        reverse("roadmap:import_preview"),
        {"save": "1", "title": "Карта без шапки", "years": "2021-2024"},
    )
    assert Roadmap.objects.get().title == "Карта без шапки"


def test_cancel_discards_the_upload(administrator_client, office, tmp_path):
    path = samples.write_seed_docx(tmp_path)
    administrator_client.post(reverse("roadmap:import"), {"file": upload(path)})
    response = administrator_client.post(
        reverse("roadmap:import_preview"), {"cancel": "1"}, follow=True
    )
    assert response.redirect_chain == [(reverse("roadmap:list"), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Импорт отменён, ничего не сохранено."
    ]
    assert Roadmap.objects.count() == 0
    assert SESSION_KEY not in administrator_client.session


def test_a_file_with_a_bad_row_opens_in_the_mapping_view_and_is_fixed_there(
    administrator_client, office, tmp_path
):
    rows = [list(samples.HEADER), ["1", "Мероприятие", "", "До 01.12.2022", "ТОИПКРО"]]
    rows.append(["1", "Другое мероприятие", "", "ежегодно", "ТОИПКРО"])
    path = samples.write_xlsx(tmp_path / "duplicate.xlsx", rows)
    response = administrator_client.post(
        reverse("roadmap:import"),
        {"file": upload(path), "title": "Моя карта", "years": "2021-2024"},
    )
    assert response["Location"] == reverse("roadmap:import_preview")
    response = administrator_client.get(reverse("roadmap:import_preview"))
    assert response.context["problem"] == (
        "Строка 3: номер мероприятия 1 уже встречается в этом этапе (строка 2)"
    )
    assert response.context["preview"] is None
    assert "Другое мероприятие" in text_of(response)  # the raw rows are shown
    # The user says the third row is not an activity: the stored table is read again.
    mapping = {
        "apply_mapping": "1",
        "header_row": "0",
        "column_0": "number",
        "column_1": "activity",
        "column_2": "result",
        "column_3": "deadline",
        "column_4": "responsible",
        "mark_2": "skip",
    }
    response = administrator_client.post(reverse("roadmap:import_preview"), mapping)
    assert response.status_code == 302
    response = administrator_client.get(reverse("roadmap:import_preview"))
    assert response.context["problem"] == ""
    assert response.context["preview"].activity_count == 1
    content = response.content.decode()
    assert 'value="Моя карта"' in content and 'value="2021-2024"' in content
    assert Roadmap.objects.count() == 0


def test_a_mapping_without_an_activity_column_is_refused(administrator_client, office, tmp_path):
    path = samples.write_seed_xlsx(tmp_path)
    administrator_client.post(reverse("roadmap:import"), {"file": upload(path)})
    response = administrator_client.post(
        reverse("roadmap:import_preview"),
        {
            "apply_mapping": "1",
            "column_0": "number",
            "column_1": "deadline",
            "column_2": "deadline",
        },
    )
    assert response.status_code == 200
    assert response.context["mapping"].non_field_errors() == [
        "«Срок» выбрано для двух столбцов (2 и 3): оставьте один."
    ]
    response = administrator_client.post(
        reverse("roadmap:import_preview"), {"apply_mapping": "1", "column_0": "number"}
    )
    assert response.context["mapping"].non_field_errors() == ["Укажите столбец с мероприятиями."]
    # The file as the importer read it is untouched.
    assert administrator_client.get(reverse("roadmap:import_preview")).context["preview"]


@pytest.mark.parametrize(
    "name, content, error",
    [
        ("roadmap.odt", b"PK", "Загрузите файл .xlsx, .docx или .pdf (получен «roadmap.odt»)."),
        ("roadmap.pdf", b"%PDF-1.4", "Файл повреждён или не является документом PDF"),
        ("broken.xlsx", b"not a zip", "Файл повреждён или не является документом Excel/Word"),
        ("big.docx", b"x" * (5 * 1024 * 1024 + 1), "Файл больше 5 МБ."),
    ],
)
def test_bad_files_are_refused(administrator_client, office, settings, name, content, error):
    settings.UPLOAD_MAX_MB = 5
    response = administrator_client.post(
        reverse("roadmap:import"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.context["form"].errors == {"file": [error]}
    assert Roadmap.objects.count() == 0


def test_bad_years_are_refused(administrator_client, office, tmp_path):
    path = samples.write_seed_xlsx(tmp_path)
    response = administrator_client.post(
        reverse("roadmap:import"), {"file": upload(path), "years": "двадцатый"}
    )
    assert response.context["form"].errors == {"years": ["Укажите годы так: 2020-2024."]}


def test_preview_marks_unmatched_bodies(administrator_client, office, tmp_path):
    path = samples.write_seed_docx(tmp_path)  # no ТОИПКРО organization in this portal
    administrator_client.post(reverse("roadmap:import"), {"file": upload(path)})
    response = administrator_client.get(reverse("roadmap:import_preview"))
    preview = response.context["preview"]
    assert preview.unmatched_bodies == ["ТОИПКРО"]
    assert preview.flagged_row_count == 1 + 3  # the after-event row and three ТОИПКРО rows
    assert "Несопоставленных ответственных: 1" in text_of(response)
    assert "ТОИПКРО не сопоставлен" in text_of(response)


def test_a_too_long_cell_is_shown_with_its_row_and_nothing_saved(
    administrator_client, office, tmp_path
):
    rows = [
        list(samples.HEADER),
        ["1", "Мероприятие", "", "До 01.12.2022", "ТОИПКРО"],
        ["2", "Другое мероприятие", "", "до " + "очень " * 100, "ТОИПКРО"],
    ]
    path = samples.write_xlsx(tmp_path / "long.xlsx", rows)
    administrator_client.post(
        reverse("roadmap:import"), {"file": upload(path), "years": "2021-2024"}
    )
    response = administrator_client.get(reverse("roadmap:import_preview"))
    assert response.context["problem"] == "Строка 3: срок длиннее 500 символов"
    response = administrator_client.post(reverse("roadmap:import_preview"), {"save": "1"})
    assert response.context["problem"] == "Строка 3: срок длиннее 500 символов"
    assert Roadmap.objects.count() == 0


def test_a_too_long_title_option_is_refused_on_save(administrator_client, office, tmp_path):
    """The preview keeps the raw table in the session; saving checks again before writing."""
    path = samples.write_seed_xlsx(tmp_path)
    administrator_client.post(reverse("roadmap:import"), {"file": upload(path)})
    response = administrator_client.post(
        reverse("roadmap:import_preview"), {"save": "1", "title": "Карта " * 200}
    )
    assert response.status_code == 200
    assert Roadmap.objects.count() == 0
    assert SESSION_KEY in administrator_client.session
