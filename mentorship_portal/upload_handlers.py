"""Upload handlers that keep the client's file name whole.

Django cuts a longer-than-255-character name to 255 (keeping the extension) when it builds
the UploadedFile, so a form could only ever see the cut name and store it as if it were the
real one. These handlers put the name as sent on the file as `client_name`; evidence forms
check that one and refuse an over-long name with a message instead.
"""

from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler


class _KeepsClientName:
    def file_complete(self, file_size):
        uploaded = super().file_complete(file_size)
        if uploaded is not None:
            uploaded.client_name = self.file_name
        return uploaded


class MemoryFileUploadHandler(_KeepsClientName, MemoryFileUploadHandler):
    pass


class TemporaryFileUploadHandler(_KeepsClientName, TemporaryFileUploadHandler):
    pass


def client_name(upload) -> str:
    """The name the browser sent (uncut), else the upload's name."""
    return getattr(upload, "client_name", None) or upload.name
