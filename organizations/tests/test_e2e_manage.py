"""In Chromium: staff add a school to their district and it owes at once what the roadmap in
force asks of every school; the organization's page shows who added it."""

import os

import pytest
from django.core.management import call_command

from obligations.models import Obligation
from organizations.models import Organization

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OFFICE = "Управление образования Администрации Томского района"
NEW_SCHOOL = "МБОУ «Кисловская СОШ» Томского района"


@pytest.fixture
def demo_roadmap(demo):
    with open(os.devnull, "w") as quiet:
        call_command("load_roadmap", "fixtures/roadmap-order-654-2020.json", stdout=quiet)


def test_staff_add_an_organization_and_it_gets_its_obligations(
    page, live_server, demo_roadmap, sign_in
):
    neighbour = Organization.objects.get(users__username="bogashevo")
    owed_by_a_school = Obligation.objects.filter(organization=neighbour, is_archived=False).count()
    assert owed_by_a_school > 0

    sign_in(page, "office1")
    page.get_by_role("link", name="Организации").click()
    page.get_by_role("link", name="Добавить организацию").click()
    page.get_by_label("Полное наименование").fill(NEW_SCHOOL)
    page.get_by_label("Краткое наименование").fill("Кисловская СОШ")
    page.get_by_label("Тип").select_option(label="Общеобразовательная организация")
    page.get_by_label("Вышестоящая организация").select_option(label=OFFICE)
    page.get_by_label("ФИО руководителя").fill("Орлова Татьяна Ивановна")
    page.get_by_role("button", name="Добавить").click()
    page.get_by_text("Организация добавлена").wait_for()
    assert page.get_by_role("heading", name=NEW_SCHOOL).is_visible()
    history = page.get_by_test_id("history").inner_text()
    assert "Добавлена" in history and "Сотрудник" not in history

    school = Organization.objects.get(name=NEW_SCHOOL)
    owed = Obligation.objects.filter(organization=school, is_archived=False)
    assert owed.count() == owed_by_a_school

    page.get_by_role("link", name="Обязательства и подтверждения").click()
    page.get_by_role("heading", name=NEW_SCHOOL).first.wait_for()
    assert "Разработка пакета локальных актов" in page.content()
