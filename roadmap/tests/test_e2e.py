"""The import journey in a real browser: upload the seed .docx, see the preview, save, activate."""

import os

import pytest
from django.urls import reverse

from roadmap.models import Responsibility, Roadmap, RoadmapStatus
from roadmap.tests import importer_samples as samples

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_admin_uploads_previews_saves_and_activates(page, live_server, demo, tmp_path, sign_in):
    before = set(Roadmap.objects.values_list("pk", flat=True))
    path = samples.write_seed_docx(tmp_path)
    sign_in(page, "admin")
    page.get_by_test_id("main-menu").get_by_role("link", name="Импорт").click()
    page.get_by_label("Файл дорожной карты (.xlsx, .docx или .pdf)").set_input_files(str(path))
    page.get_by_label("Номер приказа").fill("655")
    page.get_by_role("button", name="Просмотреть").click()

    assert page.get_by_role("heading", name="Предварительный просмотр импорта").is_visible()
    counts = page.get_by_test_id("import-counts").inner_text()
    assert "Этапов: 4" in counts and "Мероприятий: 15" in counts and "Строк сроков: 16" in counts
    assert page.get_by_test_id("preview-row").count() == 16
    assert page.locator("tr.flagged").count() >= 1
    assert set(Roadmap.objects.values_list("pk", flat=True)) == before  # nothing saved yet

    page.get_by_role("button", name="Сохранить как черновик").click()
    assert page.get_by_text("Дорожная карта сохранена как черновик.").is_visible()
    roadmap = Roadmap.objects.exclude(pk__in=before).get()
    assert (roadmap.status, roadmap.order_number) == (RoadmapStatus.DRAFT, "655")
    assert page.get_by_test_id("deadline-row").count() == 16

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Ввести в действие").click()
    assert page.get_by_text(f"Дорожная карта «{roadmap.title}» введена в действие.").is_visible()
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.ACTIVE


def test_admin_maps_an_unrecognised_activity_column_and_imports(
    page, live_server, demo, tmp_path, sign_in
):
    """Headings no list foresees and cells that read as nothing known: the importer is not
    sure, so the user says which column is which in the preview, and the file imports."""
    rows = [
        ["Пункт", "Что", "Пояснение", "Когда", "Кто"],
        ["1", "Встреча с молодыми учителями", "Обсуждаем первые трудности", "по графику школы",
         "Коллектив"],
        ["2", "Открытые уроки", "Смотрим и разбираем вместе", "по графику школы", "Коллектив"],
        ["3", "Итоги года", "Подводим итоги и планируем", "по графику школы", "Коллектив"],
    ]  # fmt: skip
    path = samples.write_xlsx(
        tmp_path / "plan.xlsx", rows, ["План работы школы наставников на 2022-2024 годы"]
    )
    before = set(Roadmap.objects.values_list("pk", flat=True))
    sign_in(page, "admin")
    page.goto(f"{live_server.url}/roadmaps/import/")
    page.get_by_label("Файл дорожной карты (.xlsx, .docx или .pdf)").set_input_files(str(path))
    page.get_by_role("button", name="Просмотреть").click()

    assert page.get_by_test_id("import-problem").is_visible()
    assert page.get_by_role("button", name="Сохранить как черновик").count() == 0
    mapping = page.get_by_test_id("import-mapping")
    mapping.get_by_label("Строка заголовков").select_option(
        label="Строка 3: Пункт | Что | Пояснение | Когда | Кто"
    )
    for column, meaning in enumerate(["number", "activity", "result", "deadline", "responsible"]):
        mapping.get_by_label(f"Столбец {column + 1}", exact=True).select_option(meaning)
    page.get_by_role("button", name="Перечитать с этими столбцами").click()

    assert page.get_by_test_id("import-problem").count() == 0
    assert page.get_by_test_id("preview-row").count() == 3
    assert "столбцы указаны вами" in page.get_by_test_id("import-mapping").inner_text()
    assert set(Roadmap.objects.values_list("pk", flat=True)) == before  # nothing saved yet
    page.get_by_role("button", name="Сохранить как черновик").click()
    assert page.get_by_text("Дорожная карта сохранена как черновик.").is_visible()
    roadmap = Roadmap.objects.exclude(pk__in=before).get()
    titles = list(
        roadmap.stages.get().activities.order_by("position").values_list("title", flat=True)
    )
    assert titles == ["Встреча с молодыми учителями", "Открытые уроки", "Итоги года"]
    assert (roadmap.programme.first_year, roadmap.programme.last_year) == (2022, 2024)


def test_deadline_form_shows_only_the_fields_of_the_chosen_kind(page, live_server, demo, sign_in):
    from django.core.management import call_command

    from roadmap.deadlines import DEADLINE_FIELDS, FIELDS_BY_KIND

    with open(os.devnull, "w") as quiet:
        call_command("load_roadmap", "fixtures/roadmap-order-654-2020.json", stdout=quiet)
    row = Responsibility.objects.filter(activity__stage__roadmap__status=RoadmapStatus.ACTIVE)
    row = row.order_by("pk").first()
    sign_in(page, "office1")
    page.goto(live_server.url + row.activity.get_absolute_url())
    action = reverse("roadmap:deadline_edit", args=[row.pk])
    form = page.locator(f"form[data-deadline-form][action='{action}']")
    if not form.is_visible():
        form.locator("xpath=ancestor::details/summary").click()
    kind = form.get_by_label("Тип срока")

    def visible_fields():
        return {
            name
            for name in DEADLINE_FIELDS
            if form.locator(f"[data-deadline-field='{name}']").is_visible()
        }

    for chosen in ("after_event", "period", "ongoing", "recurring"):
        kind.select_option(chosen)
        assert visible_fields() == set(FIELDS_BY_KIND[chosen].shown), chosen
        marked = form.locator("[data-deadline-field]:visible:has(.asteriskField)")
        marked = {element.get_attribute("data-deadline-field") for element in marked.all()}
        assert marked == set(FIELDS_BY_KIND[chosen].required), chosen

    kind.select_option("after_event")
    form.get_by_label("Дата события").fill("15.03.2023")
    form.get_by_role("button", name="Сохранить срок").click()
    assert page.get_by_text("сохранён").first.is_visible()
    row.refresh_from_db()
    assert (row.deadline_kind, row.event_date.isoformat()) == ("after_event", "2023-03-15")


def _active_roadmap_page(live_server):
    from django.core.management import call_command

    with open(os.devnull, "w") as quiet:
        call_command("load_roadmap", "fixtures/roadmap-order-654-2020.json", stdout=quiet)
    roadmap = Roadmap.objects.get(status=RoadmapStatus.ACTIVE)
    return roadmap, live_server.url + roadmap.get_absolute_url()


def test_archiving_asks_first_in_the_browser(page, live_server, demo, sign_in):
    roadmap, url = _active_roadmap_page(live_server)
    sign_in(page, "admin")
    page.goto(url)
    questions = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_role("button", name="В архив").click()
    assert questions == ["Перенести дорожную карту в архив?"]
    assert page.url == url  # «Отмена» in the dialog: nothing posted
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.ACTIVE

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="В архив").click()
    assert page.get_by_text(f"Дорожная карта «{roadmap.title}» перенесена в архив.").is_visible()
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.ARCHIVED


def test_archiving_asks_on_a_page_without_javascript(browser, live_server, demo, sign_in):
    roadmap, url = _active_roadmap_page(live_server)
    context = browser.new_context(locale="ru-RU", java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "admin")
    page.goto(url)
    page.get_by_role("button", name="В архив").click()
    assert page.get_by_role("heading", name="Подтвердите действие").is_visible()
    assert page.get_by_text("Перенести дорожную карту в архив?").is_visible()
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.ACTIVE

    page.get_by_role("link", name="Отмена").click()
    assert page.url == url
    page.get_by_role("button", name="В архив").click()
    page.get_by_role("button", name="Да, продолжить").click()
    assert page.get_by_text(f"Дорожная карта «{roadmap.title}» перенесена в архив.").is_visible()
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.ARCHIVED
    context.close()
