"""Junk in the report pages' query strings and URLs (issue 9): never a 500. A number that is not
a plain ASCII number in range is ignored (the default applies); a year or an id out of range in
the path is a 404."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

JUNK = ["²", "٣", "9" * 40, str(2**63), "-1", "0", "1e5"]


@pytest.mark.parametrize("value", JUNK)
@pytest.mark.parametrize("name", ["reports:dashboard", "reports:annual", "reports:package"])
def test_junk_year_roadmap_and_organization_are_ignored(office_client, name, value):
    url = reverse(name) if name != "reports:package" else reverse(name, args=[2023])
    response = office_client.get(url, {"year": value, "roadmap": value, "organization": value})
    assert response.status_code in (200, 302, 404)


@pytest.mark.parametrize("path", ["/reports/returns/99999/", "/reports/returns/0999/mine/",
                                  "/reports/returns/2023/" + "9" * 20 + "/",
                                  "/reports/methodologies/" + str(2**63) + "/"])  # fmt: skip
def test_out_of_range_numbers_in_the_path_are_404(office_client, path):
    assert office_client.get(path).status_code == 404


def test_a_year_in_range_still_resolves(office_client):
    assert office_client.get(reverse("reports:returns", args=[2023])).status_code == 200


@pytest.mark.parametrize("value", ["²", "٣٠٢٣", "9" * 30])
def test_junk_years_in_report_forms_are_refused_with_a_message(office_client, value):
    """Found by the fuzz run at 20 examples: "²".isdigit() is true, and int("²") fails."""
    assert office_client.get(reverse("reports:ranking"), {"year": value}).status_code == 200
    assert office_client.get(reverse("reports:indicators"), {"year": value}).status_code == 200
    response = office_client.post(
        reverse("reports:package_settings_save"),
        {"organization_kind": "school", "from_year": value},
    )
    assert response.status_code == 302
