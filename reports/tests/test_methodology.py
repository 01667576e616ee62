"""Methodology services and pages: drafts edited, approved ones immutable, new versions,
one approved methodology per year, history; Russian messages for bad input."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from reports import methodology as services
from reports.default_methodology import TITLE
from reports.models import Criterion, Methodology, MethodologyAction, MethodologyStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def v1():
    return Methodology.objects.get(title=TITLE, version=1)


@pytest.fixture
def draft(office_user):
    methodology = services.create_methodology(
        by=office_user, title="Проект критериев", first_year=2025
    )
    services.save_blocks(
        by=office_user,
        methodology=methodology,
        blocks=[
            {"title": "Документы", "weight": D(60), "position": 1},
            {"title": "Охват", "weight": D(40), "position": 2},
        ],
    )
    return methodology


def _add_criteria(draft, user):
    documents, coverage = draft.blocks.all()
    from obligations.models import LocalActType
    from reports.models import Indicator

    services.save_criterion(
        by=user,
        block=documents,
        title="Положение",
        rule="document",
        position=1,
        act_type=LocalActType.objects.get(code="regulation"),
        max_points=1,
    )
    services.save_criterion(
        by=user,
        block=coverage,
        title="Охват",
        rule="share_bands",
        position=1,
        indicator=Indicator.objects.get(code="K01"),
        bands=[{"from": "70", "points": "2"}, {"from": "40", "points": "1"}],
    )


def test_a_draft_is_built_approved_and_then_immutable(draft, office_user, administrator):
    _add_criteria(draft, office_user)
    assert Criterion.objects.get(block__methodology=draft, rule="share_bands").max_points == D(2)
    with pytest.raises(services.MethodologyError, match="администратору"):
        services.approve_methodology(by=office_user, methodology=draft)
    services.approve_methodology(by=administrator, methodology=draft)
    draft.refresh_from_db()
    assert (draft.status, draft.approved_by) == (MethodologyStatus.APPROVED, administrator)
    with pytest.raises(services.MethodologyError, match="новую версию"):
        services.save_blocks(
            by=office_user, methodology=draft, blocks=[{"title": "X", "weight": 100, "position": 1}]
        )
    actions = list(draft.events.order_by("at", "pk").values_list("action", flat=True))
    assert actions[0] == MethodologyAction.CREATED and actions[-1] == MethodologyAction.APPROVED


def test_weights_must_add_up_to_100(draft, office_user):
    with pytest.raises(
        services.MethodologyError, match="Сумма весов блоков должна быть 100 %, сейчас 90 %"
    ):
        services.save_blocks(
            by=office_user,
            methodology=draft,
            blocks=[
                {"title": "А", "weight": D(50), "position": 1},
                {"title": "Б", "weight": D(40), "position": 2},
            ],
        )
    assert sorted(draft.blocks.values_list("weight", flat=True)) == [D(40), D(60)]  # nothing lost


def test_a_draft_with_an_empty_block_cannot_be_approved(draft, administrator):
    problems = services.approval_problems(draft)
    assert problems == [
        "В блоке «Документы» нет ни одного критерия.",
        "В блоке «Охват» нет ни одного критерия.",
    ]
    with pytest.raises(services.MethodologyError, match="нет ни одного критерия"):
        services.approve_methodology(by=administrator, methodology=draft)


def test_a_criterion_needs_what_its_rule_needs(draft, office_user):
    block = draft.blocks.first()
    with pytest.raises(services.MethodologyError, match="выберите вид локального акта"):
        services.save_criterion(
            by=office_user, block=block, title="Без акта", rule="document", position=1, max_points=1
        )
    with pytest.raises(services.MethodologyError, match="выберите показатель"):
        services.save_criterion(
            by=office_user,
            block=block,
            title="Без показателя",
            rule="count_bands",
            position=1,
            bands=[{"from": 1, "points": 1}],
        )


def test_new_version_copies_and_approval_shortens_the_old_one(v1, office_user, administrator):
    v2 = services.new_version(by=office_user, methodology=v1, first_year=2024)
    assert (v2.version, v2.status, v2.first_year) == (2, MethodologyStatus.DRAFT, 2024)
    assert v2.blocks.count() == v1.blocks.count()
    assert (
        Criterion.objects.filter(block__methodology=v2).count()
        == Criterion.objects.filter(block__methodology=v1).count()
    )
    services.approve_methodology(by=administrator, methodology=v2)
    v1.refresh_from_db()
    assert v1.last_year == 2023
    assert services.approved_for_year(2023) == v1
    assert services.approved_for_year(2024) == v2
    assert v1.events.filter(action=MethodologyAction.SHORTENED).exists()


def test_two_approved_methodologies_never_cover_one_year(v1, office_user, administrator):
    same_start = services.new_version(by=office_user, methodology=v1, first_year=2021)
    with pytest.raises(services.MethodologyError, match="уже покрывает"):
        services.approve_methodology(by=administrator, methodology=same_start)
    services.retire_methodology(by=administrator, methodology=v1)
    services.approve_methodology(by=administrator, methodology=same_start)
    assert services.approved_for_year(2021) == same_start


# --- Pages -------------------------------------------------------------------------------------


def test_heads_get_403(head_a_client, v1):
    for url in (
        reverse("reports:methodology_list"),
        reverse("reports:methodology_detail", args=[v1.pk]),
    ):
        assert head_a_client.get(url).status_code == 403


def test_staff_see_blocks_and_criteria(office_client, v1):
    response = office_client.get(reverse("reports:methodology_detail", args=[v1.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Нормативно-правовое обеспечение" in text and "Доля педагогов-наставников" in text
    assert "Новая версия" in text and "Утвердить" not in text  # approved: no approval, no editing


def test_create_form_answers_in_russian(office_client):
    response = office_client.post(
        reverse("reports:methodology_create"),
        {
            "title": "Новая",
            "first_year": "2025",
            "last_year": "2024",
            "high_from": "50",
            "sufficient_from": "60",
            "medium_from": "40",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Год окончания не может быть раньше года начала." in text
    assert "Пороги должны убывать" in text
    assert not Methodology.objects.filter(title="Новая").exists()


def test_blocks_page_refuses_weights_not_adding_up(office_client, draft):
    blocks = list(draft.blocks.all())
    data = {"blocks-TOTAL_FORMS": "3", "blocks-INITIAL_FORMS": "2"}
    for index, (block, weight) in enumerate(zip(blocks, ("60", "30"), strict=True)):
        data |= {
            f"blocks-{index}-pk": block.pk,
            f"blocks-{index}-title": block.title,
            f"blocks-{index}-weight": weight,
            f"blocks-{index}-position": block.position,
        }
    response = office_client.post(reverse("reports:methodology_blocks", args=[draft.pk]), data)
    assert response.status_code == 400
    assert "Сумма весов блоков должна быть 100 %, сейчас 90 %." in response.content.decode()
    data["blocks-1-weight"] = "40"
    response = office_client.post(reverse("reports:methodology_blocks", args=[draft.pk]), data)
    assert response.status_code == 302


def test_criterion_form_refuses_bands_out_of_order(office_client, draft):
    block = draft.blocks.last()
    from reports.models import Indicator

    response = office_client.post(
        reverse("reports:criterion_create", args=[block.pk]),
        {
            "title": "Охват",
            "rule": "share_bands",
            "indicator": Indicator.objects.get(code="K01").pk,
            "bands": "40: 1\n70: 2",
            "position": "1",
        },
    )
    assert response.status_code == 400
    assert "Начала диапазонов должны убывать" in response.content.decode()
    response = office_client.post(
        reverse("reports:criterion_create", args=[block.pk]),
        {
            "title": "Охват",
            "rule": "share_bands",
            "indicator": Indicator.objects.get(code="K01").pk,
            "bands": "70: 2\n40 1",
            "position": "1",
        },
    )
    assert "Строка 2: напишите «от: баллы»" in response.content.decode()
    assert not block.criteria.exists()


def test_approve_is_for_the_administrator(client, draft, office_user, administrator):
    _add_criteria(draft, office_user)
    url = reverse("reports:methodology_approve", args=[draft.pk])
    client.force_login(office_user)
    assert client.post(url).status_code == 403
    client.force_login(administrator)
    response = client.post(url, {"confirmed": "1"}, follow=True)
    assert "Методика утверждена." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == MethodologyStatus.APPROVED


def test_editing_an_approved_methodology_is_refused_with_a_message(office_client, v1):
    response = office_client.get(reverse("reports:methodology_blocks", args=[v1.pk]), follow=True)
    assert "Утверждённую методику изменить нельзя" in response.content.decode()
    criterion = Criterion.objects.filter(block__methodology=v1).first()
    office_client.post(reverse("reports:criterion_delete", args=[criterion.pk]), {"confirmed": "1"})
    assert Criterion.objects.filter(pk=criterion.pk).exists()
