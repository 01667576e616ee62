"""The restore drill: back up a portal with data and files, restore it into a fresh database
and another media folder, and compare row counts and file hashes. PostgreSQL only (pg_dump);
CI runs it."""

import hashlib
import io
import json

import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from mentorship_portal.backup import row_counts, stored_names
from obligations import services
from obligations.models import EvidenceKind, Obligation
from obligations.uploads import check_upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("backup and restore use pg_dump/pg_restore: PostgreSQL only (CI runs it)")


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    """A media folder of this test's own: the backup takes every file of the storage."""
    settings.MEDIA_ROOT = str(tmp_path / "live-media")


@pytest.fixture
def drill_database(postgresql):
    """A database name for the restore, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore"
    admin_url = connection.settings_dict

    def drop():
        admin = psycopg2.connect(
            dbname="postgres",
            user=admin_url["USER"] or "postgres",
            host=admin_url["HOST"] or "127.0.0.1",
            port=admin_url["PORT"] or 5432,
        )
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()

    drop()
    yield (
        name,
        f"postgres://{admin_url['USER'] or 'postgres'}@{admin_url['HOST'] or '127.0.0.1'}"
        f":{admin_url['PORT'] or 5432}/{name}",
    )
    drop()


def portal_with_files(head_a, school_a):
    call_command("load_roadmap", "fixtures/roadmap-order-654-2020.json", stdout=io.StringIO())
    for number, obligation in enumerate(Obligation.objects.filter(organization=school_a)[:3]):
        upload = ContentFile(
            b"%PDF-1.4\n" + bytes([number]) * 5000 + b"\n%%EOF\n", name=f"act-{number}.pdf"
        )
        services.add_evidence(
            obligation=obligation,
            by=head_a,
            kind=EvidenceKind.FILE,
            title=f"Документ {number}",
            effective_date=obligation.due_date,
            upload=check_upload(upload, upload.name, max_bytes=10**6),
            file=upload,
        )


def file_hashes(storage):
    return {
        name: hashlib.sha256(storage.open(name).read()).hexdigest()
        for name in stored_names(storage)
    }


def test_backup_restores_into_a_fresh_database_with_the_same_rows_and_files(
    drill_database, head_a, school_a, tmp_path
):
    portal_with_files(head_a, school_a)
    name, url = drill_database
    out = io.StringIO()
    call_command("backup", to=str(tmp_path / "copy"), stdout=out)
    assert "файлов 3" in out.getvalue()
    manifest = json.loads((tmp_path / "copy" / "manifest.json").read_text())
    assert manifest["tables"]["obligations_evidencefile"] == 3

    call_command(
        "restore",
        source=str(tmp_path / "copy"),
        database_url=url,
        media_root=str(tmp_path / "restored"),
        stdout=out,
    )
    assert "Число строк и SHA-256 файлов совпадают с копией." in out.getvalue()

    # Checked here independently of the command's own report.
    live = row_counts(connection.settings_dict)
    restored = row_counts({**connection.settings_dict, "NAME": name})
    assert restored == live
    assert live["obligations_obligation"] > 0
    assert file_hashes(FileSystemStorage(location=tmp_path / "restored")) == file_hashes(
        default_storage
    )
    assert len(file_hashes(default_storage)) == 3


def test_a_corrupted_file_in_the_backup_stops_the_restore(
    drill_database, head_a, school_a, tmp_path
):
    portal_with_files(head_a, school_a)
    _name, url = drill_database
    call_command("backup", to=str(tmp_path / "copy"), stdout=io.StringIO())
    victim = next(path for path in (tmp_path / "copy" / "media").rglob("*.pdf"))
    victim.write_bytes(b"changed")
    with pytest.raises(CommandError, match="повреждён: SHA-256 не совпадает"):
        call_command(
            "restore",
            source=str(tmp_path / "copy"),
            database_url=url,
            media_root=str(tmp_path / "restored"),
            stdout=io.StringIO(),
        )


def test_restore_over_the_live_database_needs_yes(postgresql, tmp_path):
    with pytest.raises(CommandError, match="заменит рабочую базу"):
        call_command("restore", source=str(tmp_path))


def test_backup_refuses_a_folder_in_use(postgresql, tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="не пуста"):
        call_command("backup", to=str(tmp_path))


def test_on_sqlite_backup_says_to_copy_the_file(settings, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite message is checked on SQLite")
    with pytest.raises(CommandError, match="только для PostgreSQL"):
        call_command("backup", to=str(tmp_path / "copy"))


def test_files_on_s3_are_backed_up_with_their_hashes(
    postgresql, s3_storage, head_a, school_a, tmp_path
):
    bucket, s3 = s3_storage
    portal_with_files(head_a, school_a)
    call_command("backup", to=str(tmp_path / "copy"), stdout=io.StringIO())
    in_bucket = {
        item["Key"]: hashlib.sha256(
            s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        ).hexdigest()
        for item in s3.list_objects_v2(Bucket=bucket)["Contents"]
    }
    listed = dict(
        reversed(line.split("  ", 1))
        for line in (tmp_path / "copy" / "media.sha256").read_text().splitlines()
    )
    assert listed == in_bucket
    assert len(listed) == 3
