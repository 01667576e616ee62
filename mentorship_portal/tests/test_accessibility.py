"""Every page of every role, on the demo data, through axe-core in Chromium at desktop (1366 px)
and phone (390 px) width: any critical or serious violation fails the test.

The pages are the GET cases of the URL walker (test_permissions.CASES) that answer 200 for the
role, so a new page is audited as soon as it has expected answers there. axe-core comes from
the npm registry (package.json; `npm ci` in `make test`) and is injected into each page.
"""

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from jobs import services as job_services
from mentorship_portal.tests.test_permissions import CASES
from obligations.inbox import Notice
from obligations.models import EvidenceFile, Obligation
from organizations.models import Organization
from roadmap.models import Activity, ResponsibleParty, Roadmap, RoadmapStatus

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
# The walker's access levels played by demo accounts (head B's pages are head A's, elsewhere).
ROLES = {"anonymous": None, "head_a": "bogashevo", "office": "office1", "admin": "admin"}
BLOCKING = ("critical", "serious")
# The Django admin is the administrator's second door: its lists are audited too.
ADMIN_PAGES = [
    "admin:organizations_organization_changelist",
    "admin:accounts_user_changelist",
    "admin:roadmap_roadmap_changelist",
    "admin:obligations_obligation_changelist",
]


@pytest.fixture
def demo_world(reference_data, demo, settings):
    with open(os.devnull, "w") as quiet:
        call_command("load_roadmap", "fixtures/roadmap-order-654-2020.json", stdout=quiet)
        call_command("sync_obligations", stdout=quiet)
        call_command("seed_demo_activity", "--force", stdout=quiet)
    roadmap = Roadmap.objects.get(status=RoadmapStatus.ACTIVE)
    activity = Activity.objects.get(stage__roadmap=roadmap, stage__position=2, number="5")
    responsibility = activity.responsibilities.first()
    school = Organization.objects.get(users__username="bogashevo")
    evidence_file = EvidenceFile.objects.filter(evidence__obligation__organization=school).first()
    job = job_services.enqueue(
        kind="obligations.activity_zip",
        by=User.objects.get(username="office1"),
        params={"activity_id": activity.pk},
        title="ZIP",
    )
    obligation = Obligation.objects.get(pk=evidence_file.evidence.obligation_id)
    # The bell shows a count on the head's pages (its badge is audited too).
    notice = Notice.objects.create(
        recipient=User.objects.get(username="bogashevo"),
        obligation=obligation,
        kind="returned",
        comment="Нет подписи руководителя",
    )
    # The same attributes as the URL walker's world (test_permissions.world), from the demo.
    return SimpleNamespace(
        job=job,
        roadmap=roadmap,
        activity=activity,
        responsibility=responsibility,
        party=ResponsibleParty.objects.filter(responsibility=responsibility).first(),
        obligation=obligation,
        notice=notice,
        evidence=evidence_file.evidence,
        evidence_file=evidence_file,
        school_a=school,
        head=User.objects.get(username="bogashevo"),
    )


def pages_for(level, world):
    """URLs of the HTML pages `level` may open, each once."""
    urls = []
    for case in CASES:
        if case["method"] == "get" and case["expect"][level] == 200:
            url = reverse(case["name"], args=case["args"](world))
            if url not in urls:
                urls.append(url)
    if level == "admin":
        urls += [reverse(name) for name in ADMIN_PAGES]
    return urls


def violations(page):
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{v['impact']} {v['id']}: {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in found
        if v["impact"] in BLOCKING
    ]


def audit(browser, live_server, sign_in, level, world):
    context = browser.new_context(locale="ru-RU", bypass_csp=True)
    page = context.new_page()
    if ROLES[level]:
        sign_in(page, ROLES[level])
        page.get_by_test_id("user-menu").wait_for()
    failures = {}
    audited = 0
    for path in pages_for(level, world):
        answer = context.request.get(live_server.url + path)
        if not answer.headers.get("content-type", "").startswith("text/html"):
            continue  # a download (file, ZIP, workbook) or a health probe: nothing to audit
        for width, viewport in WIDTHS.items():
            page.set_viewport_size(viewport)
            page.goto(live_server.url + path)
            audited += 1
            if found := violations(page):
                failures[f"{path} @ {width}"] = found
    context.close()
    return audited, failures


@pytest.mark.parametrize("level", list(ROLES))
def test_every_page_has_no_serious_accessibility_violation(
    browser, live_server, demo_world, sign_in, level
):
    if not AXE.exists():
        if os.environ.get("REQUIRE_E2E"):
            pytest.fail("axe-core missing: run `npm ci` (make test does)")
        pytest.skip("axe-core missing: run `npm ci` (make test does)")
    audited, failures = audit(browser, live_server, sign_in, level, demo_world)
    assert audited >= 2
    assert not failures, "\n".join(
        f"{page}: {problem}" for page, found in failures.items() for problem in found
    )


def test_the_confirmation_page_has_no_serious_accessibility_violation(
    browser, live_server, demo_world, sign_in
):
    """The page a destructive action shows without JavaScript answers a POST, so the walker's
    GET pages do not include it (mentorship_portal/confirm.py)."""
    if not AXE.exists():
        if os.environ.get("REQUIRE_E2E"):
            pytest.fail("axe-core missing: run `npm ci` (make test does)")
        pytest.skip("axe-core missing: run `npm ci` (make test does)")
    context = browser.new_context(locale="ru-RU", bypass_csp=True)
    page = context.new_page()
    sign_in(page, "office1")
    page.goto(live_server.url + reverse("obligations:review_queue"))
    page.locator("input[name=ids]").first.check()
    # form.submit() skips the click handler that asks in a dialog: the server asks instead.
    page.evaluate("document.querySelector('input[name=ids]').form.submit()")
    page.get_by_test_id("confirm-page").wait_for()
    failures = {}
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        if found := violations(page):
            failures[width] = found
    context.close()
    assert not failures, failures
