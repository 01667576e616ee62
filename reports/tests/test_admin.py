"""Monitoring rows are shown in the admin for reference only: services write them."""

import pytest
from django.urls import reverse

from reports.models import (
    Indicator,
    IndicatorReturn,
    Methodology,
    ReportingYear,
    RequiredActType,
    Score,
)

MODELS = [Indicator, IndicatorReturn, RequiredActType, ReportingYear, Methodology, Score]


@pytest.mark.django_db
def test_monitoring_rows_are_view_only(administrator_client, school_a):
    IndicatorReturn.objects.create(organization=school_a, year=2022)
    for model in MODELS:
        name = f"admin:reports_{model._meta.model_name}"
        assert administrator_client.get(reverse(f"{name}_changelist")).status_code == 200
        assert administrator_client.get(reverse(f"{name}_add")).status_code == 403
    indicator = Indicator.objects.get(code="PR01")
    page = administrator_client.get(reverse("admin:reports_indicator_change", args=[indicator.pk]))
    assert page.status_code == 200 and "Сохранить" not in page.content.decode()
    assert (
        administrator_client.post(
            reverse("admin:reports_indicator_delete", args=[indicator.pk])
        ).status_code
        == 403
    )
    assert Indicator.objects.filter(pk=indicator.pk).exists()
