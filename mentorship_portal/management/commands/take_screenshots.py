"""Screenshots of the main pages at desktop and phone width, from the demo data, for README.

`make screenshots` builds the demo data, serves the portal and runs this command against it.
Pages are named by URL; a page whose app is not installed in this deployment is left out.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.urls import NoReverseMatch, reverse

from obligations.models import Obligation, ObligationStatus

CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
DEMO_PASSWORD = "demo-nastavnik-2024"
HEAD, STAFF = "bogashevo", "office1"


def url_or_none(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _activity_with_a_deadline_to_set():
    """The activity page of the active roadmap where the deadline form is open: a deadline
    the parser left to staff (its page shows the form's fields for the kind)."""
    from roadmap.models import Responsibility, RoadmapStatus

    rows = Responsibility.objects.filter(activity__stage__roadmap__status=RoadmapStatus.ACTIVE)
    row = rows.needing_attention().order_by("pk").first() or rows.order_by("pk").first()
    return row.activity.get_absolute_url() if row else None


def shots():
    """(file stem, login or None, path) for each screenshot; resolved before the browser starts
    (Playwright runs an event loop, in which the ORM refuses to work)."""
    returned = (
        Obligation.objects.filter(
            organization__users__username=HEAD, status=ObligationStatus.RETURNED
        )
        .order_by("pk")
        .first()
    ) or Obligation.objects.filter(organization__users__username=HEAD).order_by("pk").first()
    if returned is None:
        raise CommandError(
            "Нет демо-данных: выполните make setup (seed_demo, load_roadmap, sync_obligations)."
        )
    wanted = [
        ("01-login", None, url_or_none("login")),
        ("02-head-landing", HEAD, url_or_none("obligations:my_organization")),
        ("03-obligation", HEAD, url_or_none("obligations:detail", returned.pk)),
        ("04-review-queue", STAFF, url_or_none("obligations:review_queue")),
        ("05-matrix", STAFF, url_or_none("obligations:matrix")),
        ("06-dashboard", STAFF, url_or_none("reports:dashboard")),
        ("07-annual-report", STAFF, url_or_none("reports:annual")),
        ("08-summary", STAFF, url_or_none("obligations:summary")),
        ("09-roadmap-activity", STAFF, _activity_with_a_deadline_to_set()),
        ("10-organizations", STAFF, url_or_none("organizations:list")),
        ("11-people", STAFF, url_or_none("people:list")),
    ]
    return [shot for shot in wanted if shot[2]]


class Command(BaseCommand):
    help = "Снимки экрана главных страниц (ширина 1366 и 390 px) с демо-данными."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8765")
        parser.add_argument("--output", default="docs/screenshots")

    def handle(self, *args, base_url, output, **options):
        from playwright.sync_api import sync_playwright

        planned = shots()
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            pages = {}
            try:
                for stem, login, path in planned:
                    page = pages.get(login) or pages.setdefault(
                        login, self.signed_in(browser, base_url, login)
                    )
                    for width, viewport in WIDTHS.items():
                        page.set_viewport_size(viewport)
                        page.goto(base_url + path)
                        target = folder / f"{stem}-{width}.png"
                        page.screenshot(path=str(target), full_page=False)
                        self.stdout.write(str(target))
            finally:
                browser.close()

    def signed_in(self, browser, base_url, login):
        context = browser.new_context(locale="ru-RU", timezone_id="Asia/Tomsk")
        page = context.new_page()
        if login:
            page.goto(f"{base_url}/accounts/login/")
            page.get_by_label("Имя пользователя").fill(login)
            page.get_by_label("Пароль").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Войти").click()
            page.wait_for_load_state()
        return page
