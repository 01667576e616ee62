"""In Chromium: a head whose submission was returned sees the bell's count, opens the notice
(it leads to the obligation and becomes read); staff find a document by its number in the
top bar's search and download the review queue as Excel."""

import datetime as dt
import os

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from accounts.models import User
from obligations import services
from obligations.models import EvidenceKind, Obligation

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def submissions(reference_data, demo):
    """Two of Богашёвская школа's obligations sent for review; the office returns one."""
    with open(os.devnull, "w") as quiet:
        call_command("load_roadmap", "fixtures/roadmap-order-654-2020.json", stdout=quiet)
    head = User.objects.get(username="bogashevo")
    office = User.objects.get(username="office1")
    first, second = Obligation.objects.filter(organization=head.organization).order_by("pk")[:2]
    for obligation, number in ((first, "45-о"), (second, "77-п")):
        services.add_evidence(
            obligation=obligation,
            by=head,
            kind=EvidenceKind.LOCAL_ACT,
            title=f"Приказ о наставничестве № {number}",
            act_type="regulation",
            act_number=number,
            act_date=dt.date(2022, 9, 1),
            effective_date=dt.date(2022, 9, 1),
        )
        services.submit(obligation=obligation, by=head)
    services.return_for_rework(obligation=first, by=office, comment="Нет подписи руководителя")
    return first, second


def signed_in(browser, sign_in, username, **options):
    context = browser.new_context(locale="ru-RU", **options)
    page = context.new_page()
    sign_in(page, username)
    page.get_by_test_id("user-menu").wait_for()
    return page


def test_head_reads_a_returned_notice(browser, live_server, submissions, sign_in):
    returned, _waiting = submissions
    head = signed_in(browser, sign_in, "bogashevo")
    assert head.get_by_test_id("bell-count").inner_text() == "1"
    head.get_by_test_id("bell").click()
    notice = head.get_by_test_id("notice").first
    assert "Нет подписи руководителя" in notice.inner_text()
    notice.get_by_role("link").first.click()
    assert head.url == f"{live_server.url}/obligations/{returned.pk}/"
    assert head.get_by_test_id("bell-count").count() == 0  # read now
    head.get_by_test_id("bell").click()
    assert "не прочитано" not in head.get_by_test_id("notices").inner_text()


def test_staff_search_a_document_number_and_download_the_queue(
    browser, live_server, submissions, sign_in
):
    _returned, waiting = submissions
    office = signed_in(browser, sign_in, "office1", accept_downloads=True)
    assert office.get_by_test_id("bell-count").inner_text() == "2"  # two submissions
    office.get_by_test_id("top-search").fill("77-п")
    office.get_by_test_id("top-search").press("Enter")
    results = office.get_by_test_id("search-evidence")
    assert "Приказ о наставничестве № 77-п" in results.inner_text()
    results.get_by_role("link").first.click()
    assert office.url == f"{live_server.url}/obligations/{waiting.pk}/"

    office.get_by_role("link", name="Проверка").first.click()
    with office.expect_download() as download:
        office.get_by_test_id("xlsx").click()
    assert download.value.suggested_filename.startswith("review-queue-")
    with open(download.value.path(), "rb") as workbook:
        sheet = load_workbook(workbook).active
    names = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)]
    queue = office.get_by_test_id("queue").inner_text()
    assert names == [str(waiting.organization)]
    assert str(waiting.organization) in queue
