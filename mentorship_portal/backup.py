"""Backup and restore: the PostgreSQL database (pg_dump custom format) plus every stored file
with its SHA-256, so that a restore can prove it brought back exactly what was saved.

A backup folder holds:
  database.dump   pg_dump --format=custom (restorable table by table with pg_restore)
  media/          every file of the default storage (local folder or S3 bucket), same names
  media.sha256    "<sha256>  <name>" per file (`cd media && sha256sum -c ../media.sha256`)
  manifest.json   when, from which database, row count of every table, file count and size

Files are copied through Django's storage API, so the same commands back up local files and
an S3 bucket. Only PostgreSQL is supported: a laptop's SQLite file is backed up by copying it.
"""

import datetime as dt
import hashlib
import json
import os
import subprocess
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import psycopg2
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection

CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why (in Russian)."""


def _require_postgresql(settings_dict):
    if "postgresql" not in settings_dict["ENGINE"]:
        raise BackupError(
            "Резервное копирование командой поддерживается только для PostgreSQL; "
            "файл SQLite копируется как есть."
        )


def _libpq_env(settings_dict):
    env = {**os.environ}
    env.update(
        {
            "PGHOST": settings_dict.get("HOST") or "127.0.0.1",
            "PGPORT": str(settings_dict.get("PORT") or 5432),
            "PGUSER": settings_dict.get("USER") or "postgres",
            "PGDATABASE": settings_dict["NAME"],
        }
    )
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def settings_from_url(url):
    """The few connection fields pg_restore and psycopg2 need, from a postgres:// URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise BackupError(f"Адрес базы «{url}» не похож на postgres://…")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/"),
        "USER": parts.username or "postgres",
        "PASSWORD": parts.password or "",
        "HOST": parts.hostname or "127.0.0.1",
        "PORT": parts.port or 5432,
    }


def _connect(settings_dict, dbname=None):
    return psycopg2.connect(
        dbname=dbname or settings_dict["NAME"],
        user=settings_dict.get("USER") or "postgres",
        password=settings_dict.get("PASSWORD") or None,
        host=settings_dict.get("HOST") or "127.0.0.1",
        port=settings_dict.get("PORT") or 5432,
    )


def row_counts(settings_dict):
    """{table: rows} for every table of the public schema."""
    with _connect(settings_dict) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [name for (name,) in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    db.close()
    return counts


def stored_names(storage, folder=""):
    """Every file name in `storage`, recursively, sorted."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [str(PurePosixPath(folder) / name) if folder else name for name in files]
    for sub in folders:
        names += stored_names(storage, f"{folder}/{sub}" if folder else sub)
    return sorted(names)


def _sha256(handle):
    digest = hashlib.sha256()
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _copy_hashing(source, target):
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def backup(*, to, storage=None, settings_dict=None):
    """Write a backup into the new folder `to`; returns the manifest."""
    settings_dict = settings_dict or connection.settings_dict
    storage = storage or default_storage
    _require_postgresql(settings_dict)
    target = Path(to)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"Папка «{target}» не пуста: резервная копия пишется в новую папку.")
    (target / "media").mkdir(parents=True, exist_ok=True)
    dump = subprocess.run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={target / 'database.dump'}",
        ],
        env=_libpq_env(settings_dict),
        capture_output=True,
        text=True,
    )
    if dump.returncode != 0:
        raise BackupError(f"pg_dump завершился с ошибкой: {dump.stderr.strip()}")
    hashes, total = [], 0
    for name in stored_names(storage):
        destination = target / "media" / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, open(destination, "wb") as copy:
            digest, size = _copy_hashing(source, copy)
        hashes.append(f"{digest}  {name}\n")
        total += size
    (target / "media.sha256").write_text("".join(hashes), encoding="utf-8")
    manifest = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": settings_dict["NAME"],
        "tables": row_counts(settings_dict),
        "files": len(hashes),
        "file_bytes": total,
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return manifest


def read_hashes(folder):
    hashes = {}
    for line in (Path(folder) / "media.sha256").read_text(encoding="utf-8").splitlines():
        digest, _sep, name = line.partition("  ")
        hashes[name] = digest
    return hashes


def _create_database_if_missing(settings_dict):
    admin = _connect(settings_dict, dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [settings_dict["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{settings_dict["NAME"]}"')
    admin.close()


def _verify_backup_files(source, hashes):
    for name, expected in hashes.items():
        with open(source / "media" / name, "rb") as handle:
            digest = _sha256(handle)
        if digest != expected:
            raise BackupError(f"Файл «{name}» в резервной копии повреждён: SHA-256 не совпадает.")


def restore(*, source, settings_dict, storage):
    """Restore the backup in `source` into a database and a storage; returns a report.

    The database is created when missing and its tables replaced (pg_restore --clean).
    Files are checked against media.sha256 before and after they are written.
    The report compares row counts and file hashes with the manifest.
    """
    source = Path(source)
    _require_postgresql(settings_dict)
    manifest = json.loads((source / "manifest.json").read_text())
    hashes = read_hashes(source)
    _verify_backup_files(source, hashes)
    _create_database_if_missing(settings_dict)
    restored = subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={settings_dict['NAME']}",
            str(source / "database.dump"),
        ],
        env=_libpq_env(settings_dict),
        capture_output=True,
        text=True,
    )
    if restored.returncode != 0:
        raise BackupError(f"pg_restore завершился с ошибкой: {restored.stderr.strip()}")
    for name in hashes:
        if storage.exists(name):
            storage.delete(name)
        with open(source / "media" / name, "rb") as handle:
            saved = storage.save(name, handle)
        if saved != name:
            raise BackupError(f"Хранилище сохранило «{name}» под другим именем «{saved}».")
    return compare(manifest=manifest, hashes=hashes, settings_dict=settings_dict, storage=storage)


def compare(*, manifest, hashes, settings_dict, storage):
    """Differences between a backup's manifest and a database + storage; empty when equal."""
    counts = row_counts(settings_dict)
    problems = [
        f"таблица {table}: в копии {expected}, восстановлено {counts.get(table)}"
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    ]
    for name, expected in hashes.items():
        with storage.open(name, "rb") as handle:
            digest = _sha256(handle)
        if digest != expected:
            problems.append(f"файл {name}: SHA-256 не совпадает")
    return {
        "tables": len(counts),
        "rows": sum(counts.values()),
        "files": len(hashes),
        "problems": problems,
    }


def storage_at(media_root):
    """A local storage at `media_root` (restore drills put files beside, not over, the live "
    "ones)."""
    Path(media_root).mkdir(parents=True, exist_ok=True)
    return FileSystemStorage(location=media_root)
