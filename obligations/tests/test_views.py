import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentorship_portal.pagination import CappedPaginator
from obligations import recount
from obligations.models import EvidenceFile, Obligation, ObligationStatus
from obligations.sync import sync_obligations
from roadmap.models import Activity

from .conftest import LOCAL_ACT, make_schools, pdf_upload


def post_local_act(client, obligation, **overrides):
    data = {**LOCAL_ACT, "file": pdf_upload(), **overrides}
    return client.post(reverse("obligations:evidence_add", args=[obligation.pk]), data)


# --- School head ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_head_page_groups_obligations(head_a_client, one_off_a, roadmap):
    response = head_a_client.get(reverse("obligations:my_organization"))
    assert response.status_code == 200
    groups = response.context["groups"]
    # Activity 1 was due 30.09.2022: overdue now; yearly ones of past years too.
    assert one_off_a in groups["overdue"]["items"]
    assert all(
        o.organization_id == one_off_a.organization_id for g in groups.values() for o in g["items"]
    )


@pytest.mark.django_db
def test_head_submits_local_act_with_file(head_a_client, one_off_a):
    response = post_local_act(head_a_client, one_off_a)
    assert response.status_code == 302
    stored = EvidenceFile.objects.get()
    assert stored.original_name == "prikaz.pdf"
    assert stored.file.name.startswith(f"evidence/{one_off_a.organization_id}/")
    assert stored.evidence.act_date == dt.date(2022, 3, 15)
    assert stored.evidence.effective_date == dt.date(2022, 3, 15)  # defaults to the act's date
    one_off_a.refresh_from_db()
    response = head_a_client.post(
        reverse("obligations:submit", args=[one_off_a.pk]), {"revision": one_off_a.revision}
    )
    one_off_a.refresh_from_db()
    assert one_off_a.status == ObligationStatus.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, message",
    [
        ("prikaz.pdf", b"<html><script>alert(1)</script></html>", "не соответствует формату PDF"),
        (
            "prikaz.pdf",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
            "не соответствует формату PDF",
        ),
        ("prikaz.pdf", b"", "пуст"),
        ("prikaz.exe", b"MZ\x90\x00", "не поддерживается"),
    ],
)
def test_bad_upload_refused_and_form_keeps_input(head_a_client, one_off_a, name, content, message):
    response = post_local_act(
        head_a_client,
        one_off_a,
        file=SimpleUploadedFile(name, content, content_type="application/pdf"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert (
        LOCAL_ACT["title"].replace("«", "&laquo;").replace("»", "&raquo;") in html
        or "Положение о наставничестве в МБОУ" in html
    )
    assert 'value="45-о"' in html
    assert EvidenceFile.objects.count() == 0
    assert one_off_a.evidence.count() == 0


@pytest.mark.django_db
def test_oversize_upload_refused(head_a_client, one_off_a, settings):
    settings.UPLOAD_MAX_MB = 1
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024)
    response = post_local_act(head_a_client, one_off_a, file=SimpleUploadedFile("big.pdf", big))
    assert response.status_code == 400
    assert "больше 1 МБ" in response.content.decode()


@pytest.mark.django_db
def test_path_in_upload_name_never_reaches_the_disk(head_a_client, one_off_a):
    post_local_act(head_a_client, one_off_a, file=pdf_upload(name="../../etc/passwd.pdf"))
    stored = EvidenceFile.objects.get()
    assert ".." not in stored.original_name and "/" not in stored.original_name
    assert stored.file.name.startswith(f"evidence/{one_off_a.organization_id}/")


@pytest.mark.django_db
def test_local_act_needs_type_and_date(head_a_client, one_off_a):
    response = post_local_act(head_a_client, one_off_a, act_type="", act_date="")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Укажите вид акта." in html and "Укажите дату акта." in html


@pytest.mark.django_db
def test_other_organization_answers_404(head_a_client, one_off_b):
    for name in ("obligations:detail",):
        assert head_a_client.get(reverse(name, args=[one_off_b.pk])).status_code == 404
    assert post_local_act(head_a_client, one_off_b).status_code == 404
    assert one_off_b.evidence.count() == 0


@pytest.mark.django_db
def test_files_only_through_the_checking_view(client, head_a, head_b, one_off_a):
    client.force_login(head_a)
    post_local_act(client, one_off_a)
    stored = EvidenceFile.objects.get()
    response = client.get(reverse("obligations:file", args=[stored.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="prikaz.pdf"'  # a checked PDF
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(head_b)
    assert client.get(reverse("obligations:file", args=[stored.pk])).status_code == 404


# --- Office --------------------------------------------------------------------------------


def submitted(client, obligation):
    post_local_act(client, obligation)
    obligation.refresh_from_db()
    client.post(
        reverse("obligations:submit", args=[obligation.pk]), {"revision": obligation.revision}
    )
    obligation.refresh_from_db()
    return obligation


@pytest.mark.django_db
def test_review_queue_oldest_first_and_return_needs_comment(
    client, head_a, head_b, office_user, one_off_a, one_off_b
):
    client.force_login(head_b)
    submitted(client, one_off_b)
    client.force_login(head_a)
    submitted(client, one_off_a)
    client.force_login(office_user)
    response = client.get(reverse("obligations:review_queue"))
    assert [o.pk for o in response.context["page"]] == [one_off_b.pk, one_off_a.pk]

    response = client.post(
        reverse("obligations:review", args=[one_off_a.pk]),
        {"decision": "return", "comment": "", "revision": one_off_a.revision},
    )
    assert response.status_code == 400
    assert "комментарий обязателен" in response.content.decode()
    response = client.post(
        reverse("obligations:review", args=[one_off_a.pk]),
        {
            "decision": "return",
            "comment": "Нет подписи руководителя",
            "revision": one_off_a.revision,
        },
    )
    one_off_a.refresh_from_db()
    assert one_off_a.status == ObligationStatus.RETURNED
    client.force_login(head_a)
    page = client.get(reverse("obligations:detail", args=[one_off_a.pk])).content.decode()
    assert "Нет подписи руководителя" in page


@pytest.mark.django_db
def test_stale_review_is_told_it_changed(client, head_a, office_user, administrator, one_off_a):
    client.force_login(head_a)
    submitted(client, one_off_a)
    seen = one_off_a.revision
    client.force_login(administrator)
    client.post(
        reverse("obligations:review", args=[one_off_a.pk]), {"decision": "accept", "revision": seen}
    )
    client.force_login(office_user)
    response = client.post(
        reverse("obligations:review", args=[one_off_a.pk]),
        {"decision": "return", "comment": "Не то", "revision": seen},
        follow=True,
    )
    assert "изменилось" in response.content.decode()
    one_off_a.refresh_from_db()
    assert one_off_a.status == ObligationStatus.ACCEPTED


@pytest.mark.django_db
def test_bulk_accept(client, head_a, head_b, office_user, one_off_a, one_off_b):
    client.force_login(head_a)
    submitted(client, one_off_a)
    client.force_login(head_b)
    submitted(client, one_off_b)
    client.force_login(office_user)
    client.post(
        reverse("obligations:bulk_accept"), {"confirmed": "1", "ids": [one_off_a.pk, one_off_b.pk]}
    )
    assert set(
        Obligation.objects.filter(pk__in=[one_off_a.pk, one_off_b.pk]).values_list(
            "status", flat=True
        )
    ) == {ObligationStatus.ACCEPTED}


@pytest.mark.django_db
def test_head_cannot_review(head_a_client, one_off_a):
    response = head_a_client.post(
        reverse("obligations:review", args=[one_off_a.pk]), {"decision": "accept", "revision": 0}
    )
    assert response.status_code == 403


def query_counts(client, urls):
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(captured)
    return counts


def submit_all_of_activity_1(organizations):
    Obligation.objects.filter(
        organization__in=organizations, responsibility__activity__number="1"
    ).update(status=ObligationStatus.SUBMITTED, submitted_at=dt.datetime(2022, 9, 1, tzinfo=dt.UTC))
    recount.rebuild()  # statuses set past the services: the rollup is recounted


@pytest.mark.django_db
def test_pages_cost_the_same_queries_with_5_or_500_organizations(
    client, head_a, office_user, roadmap, office, school_a
):
    """The head's page, the queue, the matrix, the summary and an organization page: the same
    number of queries whatever the number of organizations."""
    activity = Activity.objects.get(stage__roadmap=roadmap, number="2")
    office_urls = [
        reverse("obligations:review_queue"),
        reverse("obligations:matrix") + f"?activity={activity.pk}",
        reverse("obligations:matrix") + "?year=2022",
        reverse("obligations:summary"),
        reverse("obligations:organization", args=[school_a.pk]),
    ]
    head_urls = [reverse("obligations:my_organization")]
    few = make_schools(office, 3)  # 5 with schools A and B
    sync_obligations()
    submit_all_of_activity_1(few)
    client.force_login(office_user)
    small_office = query_counts(client, office_urls)
    client.force_login(head_a)
    small_head = query_counts(client, head_urls)

    many = make_schools(office, 495, prefix="Гимназия")
    sync_obligations()
    submit_all_of_activity_1(many)
    client.force_login(office_user)
    assert query_counts(client, office_urls) == small_office
    assert client.get(office_urls[0]).context["page"].paginator.count == 498
    client.force_login(head_a)
    assert query_counts(client, head_urls) == small_head
    # session + user with organization + obligations with details + archived ones + the bell
    assert small_head == {head_urls[0]: 5}
    # queue: session, user, count (from the rollup), page, organizations one level down
    # (count, page, their figures from the rollup); matrix by activity: session, user,
    # roadmaps, activities, deadline rows, organizations (count, page), cells; matrix by year:
    # the same without deadline rows; summary: session, user, roadmaps, figures by activity,
    # activities, organizations one level down (count, page, figures), the node's own figures;
    # organization page: + the organization, count, page, mail sent, its
    # path in the tree. The two matrix pages carry new filters: + 3 to remember them in the
    # session (savepoint, update, release; mentorship_portal/lists.py); each page + the
    # bell's unread count
    assert list(small_office.values()) == [8, 12, 11, 10, 9]


@pytest.mark.django_db
@pytest.mark.parametrize("pieces", [1, 12])
def test_obligation_page_costs_the_same_queries_with_1_or_12_pieces_of_evidence(
    client, head_a, office_user, one_off_a, pieces, django_assert_num_queries
):
    for number in range(pieces):
        client.force_login(head_a)
        post_local_act(client, one_off_a, title=f"Акт {number}")
    client.force_login(office_user)
    url = reverse("obligations:detail", args=[one_off_a.pk])
    # session, user, the obligation with its activity, evidence with who added it, their
    # files, history, mail sent, the bell
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["evidence_list"]) == pieces


@pytest.mark.django_db
def test_summary_counts(client, head_a, office_user, one_off_a):
    client.force_login(head_a)
    submitted(client, one_off_a)
    client.force_login(office_user)
    rows = client.get(reverse("obligations:summary")).context["rows"]
    first = rows[0]
    assert (first.activity.number, first.total, first.submitted, first.accepted) == ("1", 2, 1, 0)


@pytest.mark.django_db
def test_matrix_cells_link_to_obligations(office_client, roadmap, one_off_a):
    activity = one_off_a.responsibility.activity
    response = office_client.get(reverse("obligations:matrix"), {"activity": activity.pk})
    html = response.content.decode()
    assert one_off_a.get_absolute_url() in html


@pytest.mark.django_db
def test_chase_activity_and_log_on_organization_page(
    office_client, head_a, one_off_a, django_capture_on_commit_callbacks
):
    activity = one_off_a.responsibility.activity
    with django_capture_on_commit_callbacks(execute=True):
        office_client.post(reverse("obligations:chase_activity", args=[activity.pk]))
    page = office_client.get(reverse("obligations:organization", args=[one_off_a.organization_id]))
    assert [m.email for m in page.context["sent_messages"]] == [head_a.email]
    detail = office_client.get(reverse("obligations:detail", args=[one_off_a.pk])).content.decode()
    assert head_a.email in detail


@pytest.mark.django_db
def test_office_sets_status_of_its_own_obligations(office_client, office, roadmap):
    own = list(Obligation.objects.filter(organization=office).values_list("pk", flat=True))
    response = office_client.post(
        reverse("obligations:bulk_progress"), {"ids": own, "status": "in_progress"}
    )
    assert response.status_code == 302
    assert set(Obligation.objects.filter(pk__in=own).values_list("status", flat=True)) == {
        "in_progress"
    }


@pytest.mark.django_db
def test_office_cannot_fill_in_a_schools_obligation(office_client, one_off_a):
    # Staff see the obligation (they review it) but do not fill it in: 403, not 404.
    assert post_local_act(office_client, one_off_a).status_code == 403


@pytest.mark.django_db
def test_evidence_zip_with_manifest(client, head_a, office_user, one_off_a):
    client.force_login(head_a)
    post_local_act(client, one_off_a)
    stored = EvidenceFile.objects.get()
    client.force_login(office_user)
    response = client.get(
        reverse("obligations:activity_zip", args=[one_off_a.responsibility.activity_id])
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert names == [f"{one_off_a.organization_id}/{stored.pk}-prikaz.pdf", "manifest.csv"]
    manifest = archive.read("manifest.csv").decode("utf-8-sig").splitlines()
    assert manifest[0].startswith("Организация;Мероприятие")
    assert manifest[1].split(";")[4:12] == [
        "Положение о наставничестве",
        "45-о",
        "15.03.2022",
        "Положение о наставничестве в МБОУ «Школа А»",
        "",
        "prikaz.pdf",
        stored.sha256,
        f"{one_off_a.organization_id}/{stored.pk}-prikaz.pdf",
    ]


@pytest.mark.django_db
def test_manifest_neutralises_formulas(client, head_a, office_user, one_off_a):
    client.force_login(head_a)
    post_local_act(client, one_off_a, title='=HYPERLINK("http://evil")')
    client.force_login(office_user)
    response = client.get(reverse("obligations:organization_zip", args=[one_off_a.organization_id]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    row = archive.read("manifest.csv").decode("utf-8-sig").splitlines()[1]
    assert "\"'=HYPERLINK" in row
    assert ";=HYPERLINK" not in row


@pytest.mark.django_db
def test_queue_sorts(client, head_a, head_b, office_user, one_off_a, one_off_b):
    client.force_login(head_b)
    submitted(client, one_off_b)
    client.force_login(head_a)
    submitted(client, one_off_a)
    client.force_login(office_user)
    newest_first = client.get(reverse("obligations:review_queue"), {"sort": "-submitted"})
    assert [o.pk for o in newest_first.context["page"]] == [one_off_a.pk, one_off_b.pk]
    by_name = client.get(reverse("obligations:review_queue"), {"sort": "organization"})
    assert [o.organization.name for o in by_name.context["page"]] == [
        "МБОУ «Школа А»",
        "МБОУ «Школа Б»",
    ]


@pytest.mark.django_db
def test_a_long_queue_is_counted_only_up_to_a_bound(
    client, head_a, head_b, office_user, one_off_a, one_off_b, monkeypatch
):
    """A country's queue is not counted row by row: unfiltered, the rollup gives the count
    (exact); filtered by what the rollup does not know (an organization's name), it is
    counted up to a bound, beyond which the badge says "more than" and the pages stop."""
    client.force_login(head_b)
    submitted(client, one_off_b)
    client.force_login(head_a)
    submitted(client, one_off_a)
    client.force_login(office_user)
    monkeypatch.setattr(CappedPaginator, "cap", 1)
    response = client.get(reverse("obligations:review_queue"), {"organization": "МБОУ"})
    assert response.context["page"].paginator.capped
    assert "более 1" in response.content.decode()
    monkeypatch.setattr(CappedPaginator, "cap", 2)
    response = client.get(reverse("obligations:review_queue"), {"organization": "МБОУ"})
    assert not response.context["page"].paginator.capped
    assert [o.pk for o in response.context["page"]] == [one_off_b.pk, one_off_a.pk]
    assert "более" not in response.content.decode()
    monkeypatch.setattr(CappedPaginator, "cap", 1)
    unfiltered = client.get(reverse("obligations:review_queue"), {"reset": "1"}, follow=True)
    assert (
        unfiltered.context["page"].paginator.count,
        unfiltered.context["page"].paginator.capped,
    ) == (2, False)


@pytest.mark.django_db
def test_organization_page_filters_by_status(office_client, head_a, one_off_a, client):
    response = office_client.get(
        reverse("obligations:organization", args=[one_off_a.organization_id]),
        {"status": "accepted"},
    )
    assert list(response.context["page"]) == []
    response = office_client.get(
        reverse("obligations:organization", args=[one_off_a.organization_id]), {"sort": "activity"}
    )
    assert response.context["page"][0].responsibility.activity.number == "1"


@pytest.mark.django_db
def test_back_link_never_leaves_the_portal(office_client, one_off_a):
    activity = one_off_a.responsibility.activity
    response = office_client.post(
        reverse("obligations:chase_activity", args=[activity.pk]),
        {"back": "https://evil.example.org/"},
    )
    assert response["Location"] == reverse("obligations:summary")
    response = office_client.post(
        reverse("obligations:chase_activity", args=[activity.pk]),
        {"back": "/obligations/matrix/?year=2022"},
    )
    assert response["Location"] == "/obligations/matrix/?year=2022"


@pytest.mark.django_db
def test_removed_evidence_is_kept_but_not_shown_or_zipped(client, head_a, office_user, one_off_a):
    client.force_login(head_a)
    post_local_act(client, one_off_a)
    evidence = one_off_a.evidence.get()
    client.post(
        reverse("obligations:evidence_remove", args=[one_off_a.pk, evidence.pk]), {"confirmed": "1"}
    )
    evidence.refresh_from_db()
    assert evidence.removed_by == head_a
    assert evidence.files.count() == 1  # the file is kept
    page = client.get(reverse("obligations:detail", args=[one_off_a.pk]))
    assert list(page.context["evidence_list"]) == []
    one_off_a.refresh_from_db()
    client.post(
        reverse("obligations:submit", args=[one_off_a.pk]), {"revision": one_off_a.revision}
    )
    one_off_a.refresh_from_db()
    assert one_off_a.status == ObligationStatus.IN_PROGRESS  # nothing left to submit
    client.force_login(office_user)
    response = client.get(reverse("obligations:organization_zip", args=[one_off_a.organization_id]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == ["manifest.csv"]
    assert len(archive.read("manifest.csv").decode("utf-8-sig").splitlines()) == 1


@pytest.mark.django_db
def test_manifest_lists_evidence_without_files(client, head_a, office_user, one_off_a):
    client.force_login(head_a)
    client.post(
        reverse("obligations:evidence_add", args=[one_off_a.pk]),
        {
            "kind": "link",
            "title": "Раздел на сайте",
            "url": "https://school.example.org/mentor",
            "effective_date": "01.03.2022",
        },
    )
    client.force_login(office_user)
    response = client.get(
        reverse("obligations:activity_zip", args=[one_off_a.responsibility.activity_id])
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    rows = archive.read("manifest.csv").decode("utf-8-sig").splitlines()
    assert rows[1].split(";")[3:9] == [
        "Ссылка",
        "",
        "",
        "01.03.2022",
        "Раздел на сайте",
        "https://school.example.org/mentor",
    ]


@pytest.mark.django_db
def test_bulk_accept_refuses_what_changed_since_the_queue_was_loaded(
    client, head_a, office_user, one_off_a
):
    client.force_login(head_a)
    submitted(client, one_off_a)
    seen = one_off_a.revision
    Obligation.objects.filter(pk=one_off_a.pk).update(revision=seen + 1)  # somebody acted meanwhile
    client.force_login(office_user)
    response = client.post(
        reverse("obligations:bulk_accept"),
        {"confirmed": "1", "ids": [f"{one_off_a.pk}:{seen}"]},
        follow=True,
    )
    assert "изменилось" in response.content.decode()
    one_off_a.refresh_from_db()
    assert one_off_a.status == ObligationStatus.SUBMITTED


@pytest.mark.django_db
def test_matrix_of_one_activity_for_one_year(office_client, roadmap):
    activity = Activity.objects.get(stage__roadmap=roadmap, number="2")
    response = office_client.get(
        reverse("obligations:matrix"), {"activity": activity.pk, "year": 2023}
    )
    assert [c.label for c in response.context["columns"]] == ["2023"]
    years = {
        item["obligation"].period_year
        for row in response.context["table"]
        for cell in row.cells
        for item in cell
    }
    assert years == {2023}


@pytest.mark.django_db
def test_head_sees_archived_work(head_a_client, one_off_a, administrator):
    from roadmap.services import archive_roadmap

    post_local_act(head_a_client, one_off_a)
    archive_roadmap(roadmap=one_off_a.responsibility.activity.stage.roadmap, by=administrator)
    groups = head_a_client.get(reverse("obligations:my_organization")).context["groups"]
    assert [o.pk for o in groups["archived"]["items"]] == [one_off_a.pk]
    assert groups["overdue"]["items"] == []


@pytest.mark.django_db
def test_office_follows_bodies_outside_its_tree_named_in_its_roadmap(
    office_client, office, region, administrator
):
    """ТОИПКРО belongs to the region, yet the district office tracks its part of the roadmap."""
    from .conftest import roadmap_naming_institute

    _roadmap, institute = roadmap_naming_institute(
        office=office, region=region, administrator=administrator
    )
    obligation = Obligation.objects.filter(organization=institute).first()
    assert office_client.get(reverse("obligations:detail", args=[obligation.pk])).status_code == 200
    assert (
        office_client.get(reverse("obligations:organization", args=[institute.pk])).status_code
        == 200
    )
    # ...but the organization card itself stays the region's business.
    assert (
        office_client.get(reverse("organizations:detail", args=[institute.pk])).status_code == 404
    )
