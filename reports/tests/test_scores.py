"""Computing and storing scores with the default methodology, criterion by criterion, and a
methodology change between years."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from obligations.models import ObligationStatus
from obligations.reference_data import DEFAULT_SCHOOL_PACKAGE
from reports import methodology as methodology_services, scores
from reports.default_methodology import TITLE
from reports.models import Methodology, MethodologyStatus, ReportingYear, ReturnStatus, Score

from .scoring_data import FULL_VALUES, NA, accepted_act, accepted_return, obligation

pytestmark = pytest.mark.django_db
ACCEPTED = ObligationStatus.ACCEPTED


def default_methodology():
    return Methodology.objects.get(title=TITLE, version=1)


def _school_with_everything(school, year=2022):
    accepted_return(school, year, FULL_VALUES)
    for code in DEFAULT_SCHOOL_PACKAGE[:4]:  # half the package: 4 of 8
        accepted_act(school, code, dt.date(2021, 9, 1))
    for _ in range(3):
        obligation(school, year, status=ACCEPTED, reviewed_on=dt.date(year, 5, 20))
    obligation(school, year, status=ACCEPTED, reviewed_on=dt.date(year, 7, 1))  # late


def _items(score):
    return {item.criterion.title: item for item in score.items.select_related("criterion")}


def test_default_methodology_is_seeded_approved_and_complete():
    methodology = default_methodology()
    assert methodology.status == MethodologyStatus.APPROVED
    assert methodology.first_year == 2021
    assert [(b.title, b.weight) for b in methodology.blocks.all()] == [
        ("Нормативно-правовое обеспечение", D(30)),
        ("Охват наставничеством", D(30)),
        ("Развитие кадрового потенциала", D(20)),
        ("Качество и удовлетворённость", D(20)),
    ]
    documents = methodology.blocks.get(position=1).criteria.values_list("act_type__code", flat=True)
    assert list(documents) == DEFAULT_SCHOOL_PACKAGE
    assert methodology_services.approval_problems(methodology) == []
    assert methodology_services.approved_for_year(2024) == methodology


def test_every_criterion_scored_as_its_rule_says(office, school_a, school_b, office_user):
    _school_with_everything(school_a)
    result = scores.compute_scores(by=office_user, office=office, year=2022)
    score = Score.objects.get(organization=school_a, year=2022)
    items = _items(score)
    points = {title: item.points for title, item in items.items()}
    assert points["Доля обучающихся, вовлечённых в наставничество (цель — 70 %)"] == D(2)  # 75 %
    assert points["Доля педагогов-наставников"] == D(1)  # 20 %
    assert points[
        "Доля молодых педагогов с наставником (не применимо, если молодых педагогов нет)"
    ] == D(0)
    assert points["Педагоги-наставники, прошедшие КПК по наставничеству"] == D(1)  # 100 %
    assert points["Участники конкурсов для наставников"] == D(2)  # 3 people
    assert points["Удовлетворённость наставляемых (средний балл анкеты)"] == D(2)  # 8.5
    assert points["Удовлетворённость наставников (средний балл анкеты)"] == D(1)  # 6
    assert points["Мероприятия дорожной карты, выполненные в срок (баллы в пропорции)"] == D(
        "1.5"
    )  # 3 of 4
    documents = [items[t] for t in items if items[t].criterion.rule == "document"]
    assert sorted(i.points for i in documents) == [0, 0, 0, 0, 1, 1, 1, 1]
    # (30·50 + 30·50 + 20·75 + 20·75) / 100
    assert score.percent == D("60.00")
    assert (score.level, score.rank, score.methodology) == ("sufficient", 1, default_methodology())
    assert (result.scored, result.without_score) == (2, 0)
    assert Score.objects.get(organization=school_b).percent == D(
        0
    )  # nothing reported: 0, not "no score"


def test_inputs_are_stored_with_the_points(office, school_a, office_user):
    _school_with_everything(school_a)
    scores.compute_scores(by=office_user, office=office, year=2022)
    items = _items(Score.objects.get(organization=school_a, year=2022))
    k01 = items["Доля обучающихся, вовлечённых в наставничество (цель — 70 %)"].inputs
    assert k01["values"] == {"ST02": "50", "ST03": "25", "ST01": "100"}
    assert k01["measured"] == "75"
    roadmap = items["Мероприятия дорожной карты, выполненные в срок (баллы в пропорции)"].inputs
    assert (roadmap["owed"], roadmap["on_time"], roadmap["percent"]) == (4, 3, "75")
    regulation = next(
        i
        for i in items.values()
        if i.criterion.act_type and i.criterion.act_type.code == DEFAULT_SCHOOL_PACKAGE[0]
    )
    assert [e["number"] for e in regulation.inputs["evidence"]] == ["12-о"]
    assert regulation.inputs["evidence"][0]["date"] == "2021-09-01"


@pytest.mark.parametrize("young_teachers", [0, NA])
def test_no_young_teachers_leaves_the_denominator(office, school_a, office_user, young_teachers):
    _school_with_everything(school_a)
    school_a.indicator_returns.all().delete()
    accepted_return(school_a, 2022, {**FULL_VALUES, "TE04": young_teachers, "TE05": 0})
    scores.compute_scores(by=office_user, office=office, year=2022)
    score = Score.objects.get(organization=school_a, year=2022)
    k03 = _items(score)[
        "Доля молодых педагогов с наставником (не применимо, если молодых педагогов нет)"
    ]
    assert k03.points is None
    # coverage block: (2 + 1) of 4 instead of 6 → 75 %; (1500 + 2250 + 1500 + 1500) / 100
    assert score.percent == D("67.50")


def test_without_an_accepted_return_indicator_criteria_score_zero(office, school_a, office_user):
    accepted_return(school_a, 2022, FULL_VALUES, status=ReturnStatus.SUBMITTED)
    scores.compute_scores(by=office_user, office=office, year=2022)
    items = _items(Score.objects.get(organization=school_a, year=2022))
    k01 = items["Доля обучающихся, вовлечённых в наставничество (цель — 70 %)"]
    assert (k01.points, k01.inputs["not_reported"]) == (D(0), True)


def test_a_document_counts_only_accepted_present_and_in_force_by_the_year(
    office, school_a, office_user
):
    regulation, curator, website, programme = (DEFAULT_SCHOOL_PACKAGE[i] for i in (2, 6, 7, 4))
    accepted_act(school_a, regulation, dt.date(2022, 3, 1))
    accepted_act(school_a, curator, dt.date(2022, 3, 1), status=ObligationStatus.SUBMITTED)
    accepted_act(school_a, website, dt.date(2022, 3, 1), removed=True)
    accepted_act(school_a, programme, dt.date(2023, 1, 10))  # takes effect after 2022
    scores.compute_scores(by=office_user, office=office, year=2022)
    items = {
        i.criterion.act_type.code: i.points
        for i in Score.objects.get(organization=school_a).items.select_related(
            "criterion__act_type"
        )
        if i.criterion.act_type_id
    }
    assert (items[regulation], items[curator], items[website], items[programme]) == (1, 0, 0, 0)


def test_ties_share_a_rank(office, school_a, school_b, office_user):
    for school in (school_a, school_b):
        accepted_return(school, 2022, FULL_VALUES)
    scores.compute_scores(by=office_user, office=office, year=2022)
    rows = list(scores.ranking_rows(year=2022, organizations=scores.organizations_scored(office)))
    assert [(r.rank, r.percent) for r in rows] == [(1, rows[0].percent), (1, rows[0].percent)]
    assert [r.rank for r in rows] == [Score.objects.get(pk=r.score_id).rank for r in rows]


def test_methodology_change_between_years(office, school_a, office_user, administrator):
    _school_with_everything(school_a, 2022)
    _school_with_everything(school_a, 2023)
    scores.compute_scores(by=office_user, office=office, year=2022)
    before = Score.objects.get(organization=school_a, year=2022)
    v1 = default_methodology()
    v2 = methodology_services.new_version(by=office_user, methodology=v1, first_year=2023)
    blocks = list(v2.blocks.all())
    methodology_services.save_blocks(
        by=office_user,
        methodology=v2,
        blocks=[
            {"pk": b.pk, "title": b.title, "weight": w, "position": b.position}
            for b, w in zip(blocks, (20, 20, 30, 30), strict=True)
        ],
    )
    methodology_services.approve_methodology(by=administrator, methodology=v2)
    v1.refresh_from_db()
    assert (v1.status, v1.last_year) == (MethodologyStatus.APPROVED, 2022)

    scores.compute_scores(by=office_user, office=office, year=2023)
    scores.compute_scores(by=office_user, office=office, year=2022)  # recomputed: still v1
    after = Score.objects.get(organization=school_a, year=2022)
    score_2023 = Score.objects.get(organization=school_a, year=2023)
    assert (after.methodology, after.percent) == (v1, before.percent) == (v1, D("60.00"))
    # (20·50 + 20·50 + 30·75 + 30·75) / 100
    assert (score_2023.methodology, score_2023.percent) == (v2, D("65.00"))
    assert score_2023.items.first().criterion.block.methodology == v2


def test_a_closed_year_keeps_its_scores(office, school_a, office_user):
    accepted_return(school_a, 2022, FULL_VALUES)
    scores.compute_scores(by=office_user, office=office, year=2022)
    stored = list(Score.objects.values_list("pk", "percent", "computed_at"))
    ReportingYear.objects.create(office=office, year=2022, is_closed=True, closed_at=timezone.now())
    accepted_act(school_a, DEFAULT_SCHOOL_PACKAGE[0], dt.date(2022, 2, 1))
    with pytest.raises(scores.ScoresError, match="2022 год закрыт"):
        scores.compute_scores(by=office_user, office=office, year=2022)
    assert list(Score.objects.values_list("pk", "percent", "computed_at")) == stored


def test_no_approved_methodology_for_the_year(office, school_a, office_user):
    Methodology.objects.filter(pk=default_methodology().pk).update(first_year=2023)
    with pytest.raises(scores.ScoresError, match="нет утверждённой методики"):
        scores.compute_scores(by=office_user, office=office, year=2022)


def test_heads_cannot_compute(office, head_a):
    with pytest.raises(scores.ScoresError):
        scores.compute_scores(by=head_a, office=office, year=2022)


def test_command_computes_each_office(office, school_a, school_b):
    accepted_return(school_a, 2022, FULL_VALUES)
    out = io.StringIO()
    call_command("compute_scores", "--year", "2022", stdout=out)
    assert "2 организаций оценено" in out.getvalue()
    assert Score.objects.filter(year=2022).count() == 2
    ReportingYear.objects.create(office=office, year=2022, is_closed=True, closed_at=timezone.now())
    with pytest.raises(CommandError, match="не рассчитаны"):
        call_command(
            "compute_scores",
            "--year",
            "2022",
            "--office",
            str(office.pk),
            stdout=out,
            stderr=io.StringIO(),
        )
    with pytest.raises(CommandError, match="Нет органа"):
        call_command("compute_scores", "--year", "2022", "--office", "999999", stdout=out)


def scored_schools(office, percents, year=2022):
    """Schools «Школа 0», «Школа 1», … of `office` with a score of each of `percents`."""
    from model_bakery import baker

    schools = baker.make(
        "organizations.Organization",
        kind="school",
        parent=office,
        name=iter(f"Школа {i}" for i in range(len(percents))),
        _quantity=len(percents),
    )
    for school, percent in zip(schools, percents, strict=True):
        Score.objects.create(
            methodology=default_methodology(), organization=school, year=year, percent=percent
        )
    return schools


def test_ranking_rows_rank_in_the_database_ties_and_no_score_last(office):
    scored_schools(office, [D(60), None, D(75), D(90), D(75)])
    rows = list(scores.ranking_rows(year=2022, organizations=scores.organizations_scored(office)))
    assert [(r.rank, r.percent, r.organization) for r in rows] == [
        (1, D(90), "Школа 3"),
        (2, D(75), "Школа 2"),
        (2, D(75), "Школа 4"),
        (4, D(60), "Школа 0"),
        (None, None, "Школа 1"),
    ]


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 5, 10])
@pytest.mark.parametrize("everyone", [False, True])
def test_the_best_of_a_ranking_have_the_places_of_the_whole_ranking(office, limit, everyone):
    """best_scores (the report's top of the ranking, without ranking every row) gives the
    first rows of ranked_scores with the same places, ties and scores without a per cent
    included, for a subtree and for every organization (None)."""
    scored_schools(office, [D(60), None, D(75), D(90), D(75), D(90), None])
    organizations = None if everyone else scores.organizations_scored(office)
    whole = list(scores.ranked_scores(year=2022, organizations=organizations))
    best = scores.best_scores(year=2022, organizations=organizations, limit=limit)
    assert best == [tuple(row) for row in whole[:limit]]
    assert [row[-1] for row in best] == [1, 1, 3, 3, 5, 6, 6][:limit]
