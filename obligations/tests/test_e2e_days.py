"""Each role's day in Chromium on the demo data: a head sees a returned submission's comment on
the landing page, fixes it and resends in one step; staff review from the queue with the
inline preview and move on to the next; staff chase twice and nobody is e-mailed twice."""

import os
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from accounts.models import User
from obligations import services
from obligations.models import EvidenceKind, Obligation, ObligationStatus
from obligations.uploads import check_upload
from organizations.management.commands.seed_demo import DEMO_ORGANIZATIONS

from .test_uploads import png_bytes

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COMMENT = "Нет подписи руководителя на положении. Приложите скан с подписью и печатью."
SECOND_HEAD = DEMO_ORGANIZATIONS[1][0]


@pytest.fixture
def demo_roadmap(demo):
    with open(os.devnull, "w") as quiet:
        call_command("load_roadmap", "fixtures/roadmap-order-654-2020.json", stdout=quiet)


def signed_in(browser, sign_in, username, **viewport):
    context = browser.new_context(locale="ru-RU", **viewport)
    page = context.new_page()
    sign_in(page, username)
    page.get_by_test_id("user-menu").wait_for(state="attached")  # in the collapsed menu on a phone
    return page


def obligation_of(username, number="5", stage=2):
    head = User.objects.get(username=username)
    return head, Obligation.objects.get(
        organization=head.organization,
        responsibility__activity__stage__position=stage,
        responsibility__activity__number=number,
    )


def send_with_file(obligation, head, name, content):
    upload = SimpleUploadedFile(name, content)
    services.add_evidence(
        obligation=obligation,
        by=head,
        kind=EvidenceKind.FILE,
        title=f"Скан: {name}",
        upload=check_upload(upload, name, max_bytes=10**7),
        file=upload,
    )
    services.submit(obligation=obligation, by=head)


def test_head_sees_the_return_comment_first_fixes_and_resends(
    browser, live_server, demo_roadmap, sign_in, tmp_path
):
    head_user, obligation = obligation_of("bogashevo")
    send_with_file(obligation, head_user, "polozhenie.pdf", b"%PDF-1.4\n%%EOF\n")
    services.return_for_rework(
        obligation=obligation, by=User.objects.get(username="office1"), comment=COMMENT
    )
    scan = tmp_path / "prikaz.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n")

    head = signed_in(browser, sign_in, "bogashevo", viewport={"width": 390, "height": 844})
    returned = head.get_by_test_id("todo-returned")
    assert returned.get_by_test_id("return-comment").inner_text().endswith(COMMENT)
    returned.get_by_role("link", name=re.compile("2.5")).click()
    assert head.url.endswith(obligation.get_absolute_url())
    # On a phone the comment is the first thing on the page, above the form.
    notice = head.get_by_test_id("return-notice")
    assert COMMENT in notice.inner_text()
    form = head.get_by_test_id("evidence-form")
    assert notice.bounding_box()["y"] < form.bounding_box()["y"]
    assert notice.bounding_box()["y"] < 400

    form.get_by_label("Вид подтверждения").select_option("local_act")
    form.get_by_label("Наименование").fill("Приказ об утверждении положения, с подписью")
    form.get_by_label("Вид локального акта").select_option(label="Приказ")
    form.get_by_label("Дата акта").fill("15.09.2022")
    form.get_by_label("Файл").set_input_files(str(scan))
    form.get_by_role("button", name="Добавить и отправить").click()
    assert head.get_by_text(
        "Подтверждение добавлено и отправлено на проверку в управление образования."
    ).is_visible()
    assert head.get_by_test_id("status").inner_text().strip() == "На проверке"
    assert head.get_by_test_id("return-notice").count() == 0
    head.goto(live_server.url + "/")  # the head's landing page
    assert head.get_by_test_id("todo-returned").count() == 0
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.SUBMITTED


def test_staff_review_from_the_queue_with_preview_and_next(
    browser, live_server, demo_roadmap, sign_in
):
    first_head, first = obligation_of("bogashevo")
    send_with_file(first, first_head, "skan.png", png_bytes())
    second_head, second = obligation_of(SECOND_HEAD)
    send_with_file(second, second_head, "prikaz.pdf", b"%PDF-1.4\n%%EOF\n")

    office = signed_in(browser, sign_in, "office1")
    office.get_by_role("link", name="Проверка").click()
    office.get_by_test_id("queue").get_by_role("link", name="Открыть").first.click()
    assert office.url.endswith(first.get_absolute_url())
    preview = office.get_by_test_id("preview-image")
    preview.scroll_into_view_if_needed()
    assert office.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=preview.element_handle()
    )
    file_answer = office.request.get(live_server.url + preview.get_attribute("src"))
    assert file_answer.headers["content-disposition"].startswith("inline")
    assert "sandbox" in file_answer.headers["content-security-policy"]
    assert office.get_by_test_id("queue-left").inner_text().endswith("1")

    # Returning needs a comment: the field appears only when asked for.
    comment = office.get_by_label("Что нужно исправить")
    assert not comment.is_visible()
    office.get_by_text("Вернуть на доработку", exact=True).click()
    assert comment.is_visible()
    comment.fill("Скан нечитаем: пришлите PDF")
    office.get_by_role("button", name="Вернуть с комментарием").click()

    # On to the next in the queue: the second school's PDF, previewed in a frame.
    assert office.url.endswith(second.get_absolute_url())
    assert office.get_by_text("Возвращено на доработку с комментарием.").is_visible()
    assert office.get_by_test_id("preview-pdf").is_visible()
    office.get_by_role("button", name="Принять").click()
    assert office.get_by_text("Очередь проверки пуста: всё проверено.").is_visible()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ObligationStatus.RETURNED, ObligationStatus.ACCEPTED)


def test_staff_chase_twice_and_nobody_is_emailed_again(browser, live_server, demo_roadmap, sign_in):
    office = signed_in(browser, sign_in, "office1")
    office.get_by_role("link", name="Сводка").click()
    office.get_by_test_id("chase-roadmap").click()
    # A second tab with the same confirmation open: a colleague, or a second click later.
    stale = office.context.new_page()
    stale.goto(office.url)
    emails = int(office.get_by_test_id("chase-emails").inner_text().split()[0])
    assert emails > 0
    assert len(mail.outbox) == 0  # the confirmation sends nothing
    office.get_by_role("button", name=re.compile("Отправить напоминания")).click()
    assert office.get_by_text(re.compile(f"Отправлено писем: {emails}, ")).is_visible()
    assert len(mail.outbox) == emails

    office.get_by_test_id("chase-roadmap").click()
    assert office.get_by_test_id("chase-emails").inner_text().startswith("0")
    assert office.get_by_test_id("chase-nothing").is_visible()
    stale.get_by_role("button", name=re.compile("Отправить напоминания")).click()
    assert stale.get_by_text(re.compile("Пропущено организаций, которым сегодня уже")).is_visible()
    assert len(mail.outbox) == emails  # nobody e-mailed twice
