"""Each named constraint of reports/ rejects bad rows in the database itself, and the seeded
reference data (indicators with their cross-checks, the default package) is there."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from model_bakery import baker

from obligations.reference_data import DEFAULT_SCHOOL_PACKAGE
from organizations.models import OrganizationKind
from reports.models import (
    Block,
    Criterion,
    CriterionRule,
    CriterionScore,
    Indicator,
    IndicatorReturn,
    IndicatorValue,
    Methodology,
    MethodologyStatus,
    ReportingYear,
    RequiredActType,
    ReturnStatus,
    Score,
)

pytestmark = pytest.mark.django_db


def rejected(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def indicator(**fields):
    return Indicator.objects.create(
        code=fields.pop("code", "X01"),
        name="Тест",
        section="Тест",
        kind="count",
        reporter="organization",
        **fields,
    )


def test_indicator_constraints():
    rejected(lambda: indicator(code="X01", first_year=2023, last_year=2022))
    rejected(lambda: indicator(code="X02", min_value=10, max_value=1))
    rejected(lambda: indicator(code="PR01"))  # the code is unique
    assert indicator(code="X03", first_year=2022, last_year=2022, min_value=1, max_value=1).pk


def test_return_constraints(school_a):
    IndicatorReturn.objects.create(organization=school_a, year=2022)
    rejected(lambda: IndicatorReturn.objects.create(organization=school_a, year=2022))
    rejected(
        lambda: IndicatorReturn.objects.create(
            organization=school_a, year=2023, status=ReturnStatus.SUBMITTED
        )
    )
    assert IndicatorReturn.objects.create(
        organization=school_a, year=2024, status=ReturnStatus.SUBMITTED, submitted_at=timezone.now()
    ).pk


def test_value_constraints(school_a):
    indicator_return = IndicatorReturn.objects.create(organization=school_a, year=2022)
    st01 = Indicator.objects.get(code="ST01")
    rejected(
        lambda: IndicatorValue.objects.create(
            indicator_return=indicator_return, indicator=st01, value=5, not_applicable=True
        )
    )
    IndicatorValue.objects.create(
        indicator_return=indicator_return, indicator=st01, not_applicable=True
    )
    rejected(
        lambda: IndicatorValue.objects.create(
            indicator_return=indicator_return, indicator=st01, value=3
        )
    )


def test_required_act_type_constraints():
    act_type = RequiredActType.objects.first().act_type
    rejected(
        lambda: RequiredActType.objects.create(
            act_type=act_type, organization_kind=OrganizationKind.SCHOOL
        )
    )
    rejected(
        lambda: RequiredActType.objects.create(
            act_type=act_type,
            organization_kind=OrganizationKind.SCHOOL,
            first_year=2024,
            last_year=2023,
        )
    )


def test_reporting_year_constraints(office):
    ReportingYear.objects.create(office=office, year=2022)
    rejected(lambda: ReportingYear.objects.create(office=office, year=2022))
    rejected(lambda: ReportingYear.objects.create(office=office, year=2023, is_closed=True))
    rejected(
        lambda: ReportingYear.objects.create(
            office=office, year=2024, collection_start="2024-12-10", collection_end="2024-12-01"
        )
    )


def methodology(**fields):
    defaults = {"title": "Методика", "version": 1, "first_year": 2022}
    return Methodology.objects.create(**{**defaults, **fields})


def test_methodology_constraints():
    now = timezone.now()
    methodology(status=MethodologyStatus.APPROVED, approved_at=now)
    rejected(lambda: methodology())  # same title and version
    rejected(lambda: methodology(version=2, status=MethodologyStatus.APPROVED, approved_at=now))
    rejected(lambda: methodology(version=3, first_year=2024, last_year=2023))
    rejected(lambda: methodology(version=4, high_from=50, sufficient_from=60))
    rejected(lambda: methodology(version=5, first_year=2025, status=MethodologyStatus.APPROVED))


def test_block_criterion_and_score_constraints(school_a):
    method = methodology()
    rejected(lambda: Block.objects.create(methodology=method, title="Блок", weight=Decimal("120")))
    block = Block.objects.create(methodology=method, title="Блок", weight=Decimal("30"))
    rejected(
        lambda: Criterion.objects.create(
            block=block, title="К", rule=CriterionRule.DOCUMENT, max_points=0
        )
    )
    criterion = Criterion.objects.create(
        block=block, title="К", rule=CriterionRule.DOCUMENT, max_points=1
    )
    score = Score.objects.create(methodology=method, organization=school_a, year=2022)
    rejected(lambda: Score.objects.create(methodology=method, organization=school_a, year=2022))
    rejected(
        lambda: CriterionScore.objects.create(
            score=score, criterion=criterion, points=2, max_points=1
        )
    )
    CriterionScore.objects.create(score=score, criterion=criterion, points=None, max_points=1)
    rejected(
        lambda: CriterionScore.objects.create(
            score=score, criterion=criterion, points=1, max_points=1
        )
    )


def test_seeded_indicators_carry_their_cross_checks():
    pr01 = Indicator.objects.get(code="PR01")
    assert sorted(pr01.sum_of.values_list("code", flat=True)) == [
        "PR02",
        "PR03",
        "PR04",
        "PR05",
        "PR06",
    ]
    te05 = Indicator.objects.get(code="TE05")
    assert sorted(te05.not_above.values_list("code", flat=True)) == ["TE03", "TE04"]
    k01 = Indicator.objects.get(code="K01")
    assert (sorted(k01.numerator.values_list("code", flat=True)), k01.denominator.code) == (
        ["ST02", "ST03"],
        "ST01",
    )
    assert k01.target_percent == 70
    assert Indicator.objects.get(code="K03").denominator.code == "TE04"
    assert Indicator.objects.get(code="ST01").allows_not_applicable is True
    assert Indicator.objects.get(code="TE01").allows_not_applicable is False
    qualities = Indicator.objects.get(code="QL01")
    assert (qualities.min_value, qualities.max_value) == (1, 10)


def test_indicators_reported_by_each_kind_of_organization(office, school_a):
    preschool = baker.make(
        "organizations.Organization", kind=OrganizationKind.PRESCHOOL, parent=office
    )
    Indicator.objects.filter(code="ST03").update(organization_kinds=[OrganizationKind.SCHOOL])
    office_codes = set(Indicator.objects.reported_by(office).values_list("code", flat=True))
    assert office_codes == {"MU01", "MU02"}
    school_codes = set(Indicator.objects.reported_by(school_a).values_list("code", flat=True))
    assert "ST03" in school_codes and "K01" not in school_codes and "MU01" not in school_codes
    assert "ST03" not in set(
        Indicator.objects.reported_by(preschool).values_list("code", flat=True)
    )


def test_indicators_for_year():
    indicator(code="OLD", first_year=2021, last_year=2022)
    indicator(code="NEW", first_year=2024)
    assert set(Indicator.objects.filter(code__in=["OLD", "NEW"]).for_year(2023)) == set()
    assert list(
        Indicator.objects.filter(code__in=["OLD", "NEW"])
        .for_year(2022)
        .values_list("code", flat=True)
    ) == ["OLD"]


def test_default_package_seeded_for_educational_kinds():
    for kind in (OrganizationKind.SCHOOL, OrganizationKind.PRESCHOOL, OrganizationKind.ADDITIONAL):
        codes = RequiredActType.objects.filter(organization_kind=kind).values_list(
            "act_type__code", flat=True
        )
        assert sorted(codes) == sorted(DEFAULT_SCHOOL_PACKAGE)
    assert not RequiredActType.objects.filter(
        organization_kind=OrganizationKind.DISTRICT_OFFICE
    ).exists()
