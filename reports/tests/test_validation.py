"""The cross-checks of a return, rule by rule, with the Russian message each one shows."""

from decimal import Decimal

import pytest

from reports.returns import indicators_for
from reports.validation import Entry, Rules, check

from .return_data import school_entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(school_a):
    return [Rules.of(indicator) for indicator in indicators_for(school_a, 2024)]


def errors_of(rules, entries, **options):
    return check(rules, entries, **options).errors


def test_a_complete_valid_return_passes(rules):
    findings = check(rules, school_entries(), complete=True)
    assert (findings.errors, findings.warnings) == ({}, {})


def test_counts_are_whole_and_not_negative(rules):
    errors = errors_of(
        rules, school_entries(PR06=Entry(value=Decimal("1.5")), EX01=Entry(value=Decimal(-1)))
    )
    assert errors["PR06"] == ["Укажите целое число."]
    assert errors["EX01"] == ["Значение не может быть меньше 0."]


def test_a_part_never_above_its_whole(rules):
    errors = errors_of(
        rules, school_entries(ST02=Entry(value=Decimal(600)), TE05=Entry(value=Decimal(6)))
    )
    assert errors["ST02"] == [
        "Не может быть больше показателя ST01 «Численность обучающихся» (500)."
    ]
    # Young teachers with a mentor: at most the young teachers (5) and the mentees (6).
    assert errors["TE05"] == [
        "Не может быть больше показателя TE04 «Молодые педагоги (до 35 лет, стаж до 3 лет)» (5)."
    ]


def test_pairs_by_form_add_up_to_the_total(rules):
    errors = errors_of(rules, school_entries(PR01=Entry(value=Decimal(9))))
    assert errors["PR01"] == ["Должно равняться сумме PR02 + PR03 + PR04 + PR05 + PR06: 10."]
    assert "PR02" not in errors


def test_satisfaction_is_between_one_and_ten(rules):
    errors = errors_of(
        rules, school_entries(QL01=Entry(value=Decimal(11)), QL02=Entry(value=Decimal(0)))
    )
    expected = (
        "Значение должно быть от 1 до 10. Если показатель к организации не относится, "
        "отметьте «не применимо», а не 0."
    )
    assert errors["QL01"] == [expected] and errors["QL02"] == [expected]


def test_not_applicable_only_where_allowed(rules):
    entries = school_entries(
        ST01=Entry(not_applicable=True),
        ST02=Entry(not_applicable=True),
        ST03=Entry(not_applicable=True),
        TE01=Entry(not_applicable=True),
    )
    errors = errors_of(rules, entries, complete=True)
    assert errors == {
        "TE01": ["Для этого показателя «не применимо» не допускается: укажите значение."]
    }


def test_zero_pupils_asks_for_not_applicable(rules):
    errors = errors_of(
        rules,
        school_entries(
            ST01=Entry(value=Decimal(0)), ST02=Entry(value=Decimal(0)), ST03=Entry(value=Decimal(0))
        ),
    )
    assert errors["ST01"] == [
        "Значение не может быть меньше 1. Если показатель к организации не относится, "
        "отметьте «не применимо», а не 0."
    ]


def test_missing_values_refuse_a_submission_but_not_a_draft(rules):
    entries = school_entries()
    del entries["TE02"], entries["IN01"], entries["ST01"]
    assert errors_of(rules, entries) == {}
    errors = errors_of(rules, entries, complete=True)
    assert errors == {
        "TE02": ["Укажите значение."],
        "IN01": ["Выберите «да» или «нет»."],
        "ST01": ["Укажите значение или отметьте «не применимо»."],
    }


def test_yes_needs_a_link_or_a_document(rules):
    errors = errors_of(rules, school_entries(IN01=Entry(value=Decimal(1))))
    assert errors["IN01"] == ["Ответ «да» подтвердите ссылкой или документом из подтверждений."]
    assert errors_of(rules, school_entries(IN01=Entry(value=Decimal(1), evidence_id=7))) == {}
    assert errors_of(rules, school_entries(IN01=Entry(value=Decimal(0)))) == {}


def test_a_big_change_from_last_year_is_a_warning_until_explained(rules):
    last_year = {"PR01": Decimal(4), "ST01": Decimal(480)}
    findings = check(rules, school_entries(), last_year=last_year, complete=True)
    assert findings.errors == {}
    assert findings.warnings == {
        "PR01": ["Изменение больше чем на 50 % к прошлому году (было 4): кратко поясните причину."]
    }
    explained = school_entries(
        PR01=Entry(value=Decimal(10), explanation="Новый приказ о закреплении")
    )
    assert check(rules, explained, last_year=last_year).warnings == {}
