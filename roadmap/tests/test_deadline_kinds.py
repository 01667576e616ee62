"""The deadline-correction form shows and keeps only the fields of the chosen kind of deadline:
the kinds and their fields are defined once (roadmap.deadlines.FIELDS_BY_KIND), the form
validates against that definition and hands it to static/js/portal.js as JSON."""

import datetime as dt
import html
import json
import re

import pytest
from django.urls import reverse

from roadmap.deadlines import DEADLINE_FIELDS, FIELDS_BY_KIND, DeadlineKind
from roadmap.models import Responsibility

pytestmark = pytest.mark.django_db


def test_every_editable_kind_names_only_real_fields():
    assert set(FIELDS_BY_KIND) == set(DeadlineKind.ALL) - {DeadlineKind.UNKNOWN}
    for fields in FIELDS_BY_KIND.values():
        assert set(fields.shown) <= set(DEADLINE_FIELDS)
        assert not set(fields.required) & set(fields.optional)
    model_fields = {field.name for field in Responsibility._meta.get_fields()}
    assert set(DEADLINE_FIELDS) <= model_fields


def _form_definition(response, row):
    page = response.content.decode()
    action = reverse("roadmap:deadline_edit", args=[row.pk])
    form = re.search(rf'<form method="post" action="{action}"[^>]*>', page).group(0)
    return json.loads(html.unescape(re.search(r'data-fields-by-kind="([^"]*)"', form).group(1)))


def test_the_page_hands_the_one_definition_to_the_script(office_client, seed_roadmap):
    row = Responsibility.objects.filter(activity__stage__roadmap=seed_roadmap).first()
    response = office_client.get(row.activity.get_absolute_url())
    assert _form_definition(response, row) == {
        kind: {"shown": list(fields.shown), "required": list(fields.required)}
        for kind, fields in FIELDS_BY_KIND.items()
    }
    for name in DEADLINE_FIELDS:
        assert f'data-deadline-field="{name}"' in response.content.decode()


def test_a_head_gets_no_deadline_form(head_a_client, seed_roadmap):
    row = Responsibility.objects.filter(activity__stage__roadmap=seed_roadmap).first()
    response = head_a_client.get(row.activity.get_absolute_url())
    assert "data-deadline-form" not in response.content.decode()
    post = head_a_client.post(
        reverse("roadmap:deadline_edit", args=[row.pk]),
        {f"deadline-{row.pk}-deadline_kind": "ongoing"},
    )
    assert post.status_code in (403, 404)


ALL_POSTED = {
    "start": "01.02.2023",
    "end": "30.06.2023",
    "recurrence": "quarterly",
    "yearly_day": "15",
    "yearly_month": "5",
    "event_date": "10.01.2023",
    "days_after_event": "7",
}
EXPECTED = {
    DeadlineKind.FIXED: {"end": dt.date(2023, 6, 30)},
    DeadlineKind.MONTH: {"start": dt.date(2023, 2, 1), "end": dt.date(2023, 6, 30)},
    DeadlineKind.PERIOD: {"start": dt.date(2023, 2, 1), "end": dt.date(2023, 6, 30)},
    DeadlineKind.FIXED_THEN_ONGOING: {"end": dt.date(2023, 6, 30), "recurrence": "quarterly"},
    DeadlineKind.YEARLY: {"yearly_day": 15, "yearly_month": 5},
    DeadlineKind.RECURRING: {"recurrence": "quarterly", "yearly_day": 15, "yearly_month": 5},
    DeadlineKind.ONGOING: {},
    DeadlineKind.AFTER_EVENT: {"event_date": dt.date(2023, 1, 10), "days_after_event": 7},
}
CLEARED = {
    "start": None,
    "end": None,
    "recurrence": "",
    "yearly_day": 31,
    "yearly_month": 12,
    "event_date": None,
    "days_after_event": 0,
}


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_fields_of_other_kinds_are_cleared_on_save(office_client, seed_roadmap, kind):
    """Everything posted (as a browser without JavaScript would): only the kind's fields stay."""
    row = Responsibility.objects.filter(activity__stage__roadmap=seed_roadmap).first()
    prefix = f"deadline-{row.pk}"
    data = {f"{prefix}-{name}": value for name, value in ALL_POSTED.items()}
    response = office_client.post(
        reverse("roadmap:deadline_edit", args=[row.pk]), {**data, f"{prefix}-deadline_kind": kind}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert {name: getattr(row, name) for name in DEADLINE_FIELDS} == {**CLEARED, **EXPECTED[kind]}
    assert row.deadline_kind == kind


@pytest.mark.parametrize("kind", sorted(FIELDS_BY_KIND))
def test_each_required_field_of_a_kind_is_asked_for(office_client, seed_roadmap, kind):
    row = Responsibility.objects.filter(activity__stage__roadmap=seed_roadmap).first()
    response = office_client.post(
        reverse("roadmap:deadline_edit", args=[row.pk]),
        {f"deadline-{row.pk}-deadline_kind": kind},
    )
    if not FIELDS_BY_KIND[kind].required:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    form = response.context["deadline_forms"][row.pk]
    assert set(form.errors) == set(FIELDS_BY_KIND[kind].required)
    assert f'<option value="{kind}" selected>' in response.content.decode()
