"""The database connection closes in the middle of an evidence submission: the head gets a
Russian page, and nothing half-written remains (issue 9). On PostgreSQL the connection is
really closed, from inside the request, just before the history row is written (Django's
execute_wrapper); SQLite's in-memory test database cannot be closed without losing it."""

import os

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.urls import reverse

from obligations.models import Evidence, EvidenceFile, ObligationEvent, ObligationStatus

from .conftest import LOCAL_ACT, pdf_upload


def stored_files():
    return sorted(
        os.path.join(folder, name)
        for folder, _dirs, names in os.walk(settings.MEDIA_ROOT)
        for name in names
    )


def close_before_history(execute, sql, params, many, context):
    if sql.lstrip().upper().startswith("INSERT") and "obligationevent" in sql.lower():
        if connection.vendor == "sqlite":
            # The in-memory SQLite test database ignores close() (closing would destroy it):
            # raise what the driver raises for a lost database instead.
            raise OperationalError("disk I/O error")
        connection.close()  # what a restarted database or a dropped network does
    return execute(sql, params, many, context)


@pytest.mark.django_db(transaction=True)
def test_connection_closed_mid_submission(head_a_client, one_off_a):
    files_before = stored_files()
    with connection.execute_wrapper(close_before_history):
        response = head_a_client.post(
            reverse("obligations:evidence_add", args=[one_off_a.pk]),
            {**LOCAL_ACT, "file": pdf_upload()},
        )
    assert response.status_code == 503
    text = response.content.decode()
    assert (
        "Пропала связь с базой данных. Последнее действие не выполнено и ничего из него не "
        "сохранено" in text
    )
    assert (Evidence.objects.count(), EvidenceFile.objects.count()) == (0, 0)
    assert ObligationEvent.objects.filter(obligation=one_off_a).count() == 0
    one_off_a.refresh_from_db()
    assert one_off_a.status == ObligationStatus.NOT_STARTED
    assert stored_files() == files_before  # no file without its row

    # The portal recovers by itself: the same submission now goes through.
    again = head_a_client.post(
        reverse("obligations:evidence_add", args=[one_off_a.pk]),
        {**LOCAL_ACT, "file": pdf_upload()},
    )
    assert again.status_code == 302
    assert EvidenceFile.objects.count() == 1
    assert len(stored_files()) == len(files_before) + 1
