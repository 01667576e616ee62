"""The reviewer's day: evidence first with PDF and images previewed inline (served inline only
when the stored bytes are a PDF, PNG or JPEG, sandboxed), two separate decisions, the return
needing a comment with or without JavaScript, and the move on to the next in the queue."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from obligations import services
from obligations.models import EvidenceFile, EvidenceKind, Obligation, ObligationStatus
from obligations.uploads import check_upload

from .conftest import pdf_upload
from .test_uploads import docx_bytes, png_bytes


def with_file(obligation, by, upload, *, title="Скан"):
    checked = check_upload(upload, upload.name, max_bytes=10**7)
    services.add_evidence(
        obligation=obligation,
        by=by,
        kind=EvidenceKind.FILE,
        title=title,
        upload=checked,
        file=upload,
    )
    return EvidenceFile.objects.filter(evidence__obligation=obligation).latest("pk")


def submitted(obligation, by, *, upload=None, at=None):
    stored = with_file(obligation, by, upload or pdf_upload())
    services.submit(obligation=obligation, by=by)
    if at is not None:
        Obligation.objects.filter(pk=obligation.pk).update(submitted_at=at)
    obligation.refresh_from_db()
    return stored


def file_url(stored, **query):
    url = reverse("obligations:file", args=[stored.pk])
    return url + ("?download=1" if query.get("download") else "")


# --- Serving files ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("prikaz.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"),
        ("scan.png", png_bytes(), "image/png"),
    ],
)
def test_pdf_and_images_open_inline_sandboxed(
    office_client, head_a, one_off_a, name, content, content_type
):
    stored = with_file(one_off_a, head_a, SimpleUploadedFile(name, content))
    response = office_client.get(file_url(stored))
    assert response["Content-Disposition"] == f'inline; filename="{name}"'
    assert response["Content-Type"] == content_type
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"  # the obligation page frames it
    download = office_client.get(file_url(stored, download=True))
    assert download["Content-Disposition"] == f'attachment; filename="{name}"'


@pytest.mark.django_db
def test_other_formats_stay_attachments(office_client, head_a, one_off_a):
    stored = with_file(one_off_a, head_a, SimpleUploadedFile("otchet.docx", docx_bytes()))
    response = office_client.get(file_url(stored))
    assert response["Content-Disposition"] == 'attachment; filename="otchet.docx"'
    assert response["X-Frame-Options"] == "DENY"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_stored_file_whose_bytes_are_not_what_was_recorded_is_downloaded(
    office_client, head_a, one_off_a
):
    stored = with_file(one_off_a, head_a, pdf_upload())
    with stored.file.open("wb") as handle:  # the storage changed behind the portal's back
        handle.write(b"<html><script>alert(1)</script></html>")
    response = office_client.get(file_url(stored))
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.django_db
def test_inline_files_keep_the_access_check(client, head_a, head_b, one_off_a):
    stored = with_file(one_off_a, head_a, pdf_upload())
    client.force_login(head_b)
    assert client.get(file_url(stored)).status_code == 404
    client.logout()
    assert client.get(file_url(stored)).status_code == 302


# --- The reviewer's page ---------------------------------------------------------------------


@pytest.mark.django_db
def test_reviewer_sees_evidence_with_previews_before_two_separate_decisions(
    office_client, head_a, one_off_a
):
    pdf = submitted(one_off_a, head_a)
    html = office_client.get(one_off_a.get_absolute_url()).content.decode()
    evidence, decision = (
        html.index('data-testid="evidence"'),
        html.index('data-testid="review-form"'),
    )
    assert evidence < decision
    assert f'<iframe src="{file_url(pdf)}"' in html
    form = html[decision:]
    assert 'name="decision" value="accept"' in form and 'name="decision" value="return"' in form
    assert "checked" not in form and "selected" not in form  # nothing chosen in advance
    assert "<details" in form and "data-focus-on-open open" not in form  # comment shut


@pytest.mark.django_db
def test_image_preview_is_an_image(office_client, head_a, one_off_a):
    png = submitted(one_off_a, head_a, upload=SimpleUploadedFile("scan.png", png_bytes()))
    html = office_client.get(one_off_a.get_absolute_url()).content.decode()
    assert f'<img src="{file_url(png)}"' in html


@pytest.mark.django_db
def test_head_gets_no_review_controls_or_previews(head_a_client, head_a, one_off_a):
    submitted(one_off_a, head_a)
    html = head_a_client.get(one_off_a.get_absolute_url()).content.decode()
    assert 'data-testid="review-form"' not in html and "<iframe" not in html


@pytest.mark.django_db
def test_return_without_comment_is_refused_beside_the_field(office_client, head_a, one_off_a):
    submitted(one_off_a, head_a)
    response = office_client.post(
        reverse("obligations:review", args=[one_off_a.pk]),
        {"decision": "return", "comment": "  ", "revision": one_off_a.revision},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "комментарий обязателен" in html
    assert "data-focus-on-open open" in html  # the comment field is shown, without JS too
    one_off_a.refresh_from_db()
    assert one_off_a.status == ObligationStatus.SUBMITTED


@pytest.mark.django_db
def test_a_post_without_a_decision_changes_nothing(office_client, head_a, one_off_a):
    submitted(one_off_a, head_a)
    response = office_client.post(
        reverse("obligations:review", args=[one_off_a.pk]), {"revision": one_off_a.revision}
    )
    assert response.status_code == 400
    assert "Выберите решение" in response.content.decode()
    one_off_a.refresh_from_db()
    assert one_off_a.status == ObligationStatus.SUBMITTED


@pytest.mark.django_db
def test_after_a_decision_the_next_oldest_opens(
    client, office_user, head_a, head_b, one_off_a, one_off_b
):
    now = timezone.now()
    submitted(one_off_a, head_a, at=now - dt.timedelta(days=2))
    submitted(one_off_b, head_b, at=now - dt.timedelta(days=1))
    client.force_login(office_user)
    page = client.get(one_off_a.get_absolute_url())
    assert page.context["queue_left"] == 1
    response = client.post(
        reverse("obligations:review", args=[one_off_a.pk]),
        {"decision": "return", "comment": "Нет подписи", "revision": one_off_a.revision},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == one_off_b.get_absolute_url()
    assert "Возвращено на доработку с комментарием." in response.content.decode()
    assert response.context["queue_left"] == 0
    one_off_b.refresh_from_db()
    response = client.post(
        reverse("obligations:review", args=[one_off_b.pk]),
        {"decision": "accept", "revision": one_off_b.revision},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("obligations:review_queue")
    assert "Очередь проверки пуста" in response.content.decode()
    one_off_a.refresh_from_db()
    one_off_b.refresh_from_db()
    assert (one_off_a.status, one_off_b.status) == ("returned", "accepted")


@pytest.mark.django_db
def test_next_skips_forward_and_wraps_around(office_client, head_a, head_b, one_off_a, one_off_b):
    now = timezone.now()
    submitted(one_off_a, head_a, at=now - dt.timedelta(days=2))
    submitted(one_off_b, head_b, at=now - dt.timedelta(days=1))
    following = reverse("obligations:review_next")
    assert office_client.get(following).url == one_off_a.get_absolute_url()
    assert office_client.get(f"{following}?after={one_off_a.pk}").url == (
        one_off_b.get_absolute_url()
    )
    assert office_client.get(f"{following}?after={one_off_b.pk}").url == (
        one_off_a.get_absolute_url()
    )


@pytest.mark.django_db
def test_next_never_offers_the_reviewers_own_organization(client, office, office_user, roadmap):
    own = Obligation.objects.filter(organization=office).first()
    submitted(own, office_user)
    client.force_login(office_user)
    response = client.get(reverse("obligations:review_next"))
    assert response.url == reverse("obligations:review_queue")


@pytest.mark.django_db
@pytest.mark.parametrize("pieces", [1, 6])
def test_reviewer_page_queries_do_not_grow_with_evidence(
    client, office_user, head_a, one_off_a, pieces, django_assert_num_queries
):
    for number in range(pieces):
        with_file(one_off_a, head_a, pdf_upload(), title=f"Скан {number}")
    services.submit(obligation=one_off_a, by=head_a)
    client.force_login(office_user)
    # session, user, the obligation, evidence, files, history, mail sent, the queue's count,
    # the bell
    with django_assert_num_queries(9):
        response = client.get(one_off_a.get_absolute_url())
    assert response.content.decode().count("<iframe") == pieces


@pytest.mark.django_db
def test_the_queue_starts_a_review_run_at_the_oldest(office_client, head_a, one_off_a):
    submitted(one_off_a, head_a)
    html = office_client.get(reverse("obligations:review_queue")).content.decode()
    assert f'href="{reverse("obligations:review_next")}"' in html
    assert office_client.get(reverse("obligations:review_next")).url == (
        one_off_a.get_absolute_url()
    )
