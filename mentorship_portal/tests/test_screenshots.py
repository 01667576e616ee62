"""`make screenshots` plans its pages from the demo data and by URL name."""

import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mentorship_portal.management.commands import take_screenshots
from obligations.models import ObligationStatus


@pytest.mark.django_db
def test_without_demo_data_the_command_says_what_to_run():
    with pytest.raises(CommandError, match="make setup"):
        take_screenshots.shots()


@pytest.mark.django_db
def test_plans_every_page_with_the_heads_returned_obligation(demo, settings):
    settings.DEBUG = True
    with open(os.devnull, "w") as quiet:
        call_command("load_roadmap", "fixtures/roadmap-order-654-2020.json", stdout=quiet)
        call_command("sync_obligations", stdout=quiet)
        call_command("seed_demo_activity", stdout=quiet)
    planned = {stem: (login, path) for stem, login, path in take_screenshots.shots()}
    assert set(planned) == {
        "01-login",
        "02-head-landing",
        "03-obligation",
        "04-review-queue",
        "05-matrix",
        "06-dashboard",
        "07-annual-report",
        "08-summary",
        "09-roadmap-activity",
        "10-organizations",
        "11-people",
    }
    login, path = planned["03-obligation"]
    from obligations.models import Obligation

    shown = Obligation.objects.get(pk=int(path.rstrip("/").rsplit("/", 1)[1]))
    assert login == "bogashevo" and shown.status == ObligationStatus.RETURNED


def test_a_page_of_an_app_not_installed_is_left_out():
    assert take_screenshots.url_or_none("no_such_app:page") is None
