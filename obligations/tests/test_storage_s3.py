"""Evidence files on a real S3 server (moto's server mode): uploaded through the page, kept
in the private bucket, downloaded only through the access-checked view."""

import hashlib

import pytest
from django.test import Client
from django.urls import reverse

from obligations.models import EvidenceFile

from .conftest import LOCAL_ACT, pdf_upload


@pytest.mark.django_db
def test_evidence_file_goes_to_s3_and_comes_back_through_the_view(
    s3_storage, head_a, head_b, one_off_a
):
    bucket, s3 = s3_storage
    client = Client()
    client.force_login(head_a)
    upload = pdf_upload()
    content = upload.read()
    upload.seek(0)
    response = client.post(
        reverse("obligations:evidence_add", args=[one_off_a.pk]), {**LOCAL_ACT, "file": upload}
    )
    assert response.status_code == 302

    stored = EvidenceFile.objects.get()
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=bucket)["Contents"]]
    assert keys == [stored.file.name]
    assert s3.get_object(Bucket=bucket, Key=stored.file.name)["Body"].read() == content
    assert stored.sha256 == hashlib.sha256(content).hexdigest()

    download = client.get(reverse("obligations:file", args=[stored.pk]), {"download": "1"})
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="prikaz.pdf"'
    assert b"".join(download.streaming_content) == content

    other = Client()
    other.force_login(head_b)
    assert other.get(reverse("obligations:file", args=[stored.pk])).status_code == 404


@pytest.mark.django_db
def test_signed_urls_of_the_bucket_expire_quickly(s3_storage, head_a, one_off_a):
    """Should a URL of the storage ever be handed out, it is signed and short-lived."""
    client = Client()
    client.force_login(head_a)
    client.post(
        reverse("obligations:evidence_add", args=[one_off_a.pk]),
        {**LOCAL_ACT, "file": pdf_upload()},
    )
    url = EvidenceFile.objects.get().file.url
    assert "X-Amz-Signature=" in url
    assert "X-Amz-Expires=60" in url
