"""Access to the uploaded bytes, whatever kind of file object the caller has."""

from __future__ import annotations

import io
import os

from .records import RoadmapImportError

BROKEN_FILE = "Файл повреждён или не является документом Excel/Word"


def as_stream(fileobj) -> io.BytesIO:
    """Read the whole upload into memory, from its start.

    Uploads (Django's UploadedFile, BytesIO, open files) may already have been
    read by validation code, so rewind when possible; zip readers also need a
    seekable stream, which not every upload wrapper is.
    """
    if isinstance(fileobj, (bytes, bytearray, memoryview)):
        return io.BytesIO(bytes(fileobj))
    if isinstance(fileobj, (str, os.PathLike)):
        try:
            with open(fileobj, "rb") as handle:
                return io.BytesIO(handle.read())
        except OSError as exc:
            raise RoadmapImportError(BROKEN_FILE) from exc
    try:
        if getattr(fileobj, "seekable", lambda: True)():
            fileobj.seek(0)
        data = fileobj.read()
    except (OSError, ValueError, AttributeError) as exc:
        raise RoadmapImportError(BROKEN_FILE) from exc
    if isinstance(data, str):  # a text-mode file cannot hold a zip archive
        raise RoadmapImportError(BROKEN_FILE)
    if not data:
        raise RoadmapImportError(BROKEN_FILE)
    return io.BytesIO(data)
