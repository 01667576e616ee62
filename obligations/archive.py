"""Evidence as one ZIP with a manifest, as inspectors ask for it.

The archive is written to a temporary file that spills to disk past a few MB, so a large
download does not sit in memory; files are streamed into it one by one.
"""

import csv
import io
import tempfile
import zipfile
from pathlib import PurePath

from django.http import FileResponse
from django.utils.translation import gettext as _

MANIFEST_HEADER = (
    _("Организация"),
    _("Мероприятие"),
    _("Отчётный год"),
    _("Вид подтверждения"),
    _("Вид акта"),
    _("Номер"),
    _("Дата"),
    _("Наименование"),
    _("Исходное имя файла"),
    _("SHA-256"),
    _("Файл в архиве"),
)
# A spreadsheet would run a cell starting with these as a formula: make it plain text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def manifest_rows(files):
    for stored in files:
        evidence = stored.evidence
        obligation = evidence.obligation
        activity = obligation.responsibility.activity
        yield (
            obligation.organization.name,
            f"{activity.stage.position}.{activity.number} {activity.title}",
            obligation.period_year or "",
            evidence.get_kind_display(),
            evidence.get_act_type_display() if evidence.act_type else "",
            evidence.act_number,
            (evidence.act_date or evidence.effective_date).strftime("%d.%m.%Y"),
            evidence.title,
            stored.original_name,
            stored.sha256,
            archive_name(stored),
        )


def archive_name(stored):
    """Unique, readable path inside the ZIP: organization folder, file id, original name."""
    organization_id = stored.evidence.obligation.organization_id
    safe = PurePath(stored.original_name).name.replace("/", "_").replace("\\", "_")
    return f"{organization_id}/{stored.pk}-{safe}"


def evidence_zip_response(files, basename):
    files = files.select_related(
        "evidence__obligation__organization",
        "evidence__obligation__responsibility__activity__stage",
    ).order_by("evidence__obligation__organization__name", "pk")
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        manifest = io.StringIO()
        writer = csv.writer(manifest, delimiter=";")
        writer.writerow(MANIFEST_HEADER)
        for stored, row in zip(files, manifest_rows(files), strict=True):
            writer.writerow([neutralize(cell) for cell in row])
            try:
                with stored.file.open("rb") as source, archive.open(archive_name(stored), "w") as target:
                    for chunk in iter(lambda: source.read(1024 * 1024), b""):  # noqa: B023
                        target.write(chunk)
            except FileNotFoundError:
                writer.writerow([neutralize(_("Файл отсутствует в хранилище: ")) + stored.original_name])
        # UTF-8 with BOM so that Excel opens the Cyrillic manifest correctly.
        archive.writestr("manifest.csv", "\ufeff" + manifest.getvalue())
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=f"{basename}.zip", content_type="application/zip")
