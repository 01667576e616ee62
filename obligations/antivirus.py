"""Optional antivirus scanning of evidence files by a ClamAV daemon (clamd).

Off unless CLAMD_SOCKET names clamd's Unix socket. When it is set, every file is streamed to
clamd (the INSTREAM command, in 64 KiB chunks) before it is accepted; a file clamd calls
infected, or any failure to get an answer, refuses the upload: with scanning configured, an
unscanned file must not slip through because the daemon was down.

The protocol is four lines of socket code, so no client library is needed.
"""

import logging
import socket
import struct

from django.conf import settings
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)
CHUNK = 64 * 1024


class ScanFailed(Exception):
    """Infected, or not scanned; the message (Russian) is for the user."""


def scan_for_viruses(fileobj) -> None:
    """Raise ScanFailed unless clamd says the content is clean; no-op without CLAMD_SOCKET."""
    path = getattr(settings, "CLAMD_SOCKET", "")
    if not path:
        return
    try:
        reply = _instream(path, fileobj, timeout=getattr(settings, "CLAMD_TIMEOUT_SECONDS", 30))
    except OSError as error:
        log.error("clamd at %s did not answer: %s", path, error)
        raise ScanFailed(_("антивирусная проверка сейчас недоступна, попробуйте позже")) from error
    finally:
        fileobj.seek(0)
    if reply.endswith(" FOUND"):
        signature = reply.removeprefix("stream: ").removesuffix(" FOUND")
        log.warning("clamd found %s in an upload", signature)
        raise ScanFailed(_("антивирус обнаружил угрозу (%(signature)s)") % {"signature": signature})
    if not reply.endswith(" OK"):
        log.error("clamd answered %r", reply)
        raise ScanFailed(_("антивирусная проверка не удалась, попробуйте позже"))


def _instream(path: str, fileobj, *, timeout: float) -> str:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(timeout)
        connection.connect(path)
        connection.sendall(b"zINSTREAM\0")
        fileobj.seek(0)
        while chunk := fileobj.read(CHUNK):
            connection.sendall(struct.pack("!L", len(chunk)) + chunk)
        connection.sendall(struct.pack("!L", 0))
        reply = b""
        while not reply.endswith(b"\0"):
            data = connection.recv(4096)
            if not data:
                break
            reply += data
    return reply.rstrip(b"\0").decode("utf-8", errors="replace").strip()
