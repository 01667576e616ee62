"""Memory and time of reading hostile roadmap files, with the import limits and without them.

    .venv/bin/python benchmarks/zip_bomb.py                 # with the limits (the portal's way)
    .venv/bin/python benchmarks/zip_bomb.py --no-limits --timeout 60   # how it was before

Each file is read in a child process (`read_roadmap`, the import entry point), so its peak
resident memory (ru_maxrss) and wall time are its own; a child still running after
--timeout seconds is killed, as gunicorn kills a worker. Target: every file answered with a
message in under 5 s and 300 MB.
"""

import argparse
import io
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 5
TARGET_MB = 300

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)


def xlsx(sheet_rows, merges="") -> bytes:
    """A minimal workbook whose one sheet holds `sheet_rows` (an iterable of XML strings)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(SHEET_START.encode())
            for row in sheet_rows:
                sheet.write(row.encode())
            sheet.write(f"</sheetData>{merges}</worksheet>".encode())
    return buffer.getvalue()


def dense_rows(count, columns=16):
    header = "".join(
        f'<c t="inlineStr"><is><t>{text}</t></is></c>'
        for text in ("№", "Мероприятия", "Сроки", "Ответственные")
    )
    yield f"<row>{header}</row>"
    cells = "".join('<c t="n"><v>1</v></c>' for _ in range(columns))
    for _ in range(count):
        yield f"<row>{cells}</row>"


def within_limits_rows(rows=2990, columns=30, chars=20):
    """Just under the default limits: 2 990 rows x 30 columns of 20-character texts."""
    header = "".join(
        f'<c t="inlineStr"><is><t>{text}</t></is></c>'
        for text in ("№", "Мероприятия", "Сроки", "Ответственные")
    )
    yield f"<row>{header}</row>"
    for row in range(rows):
        text = f"{row:06d} Мероприятие дорожной карты"
        cells = "".join(
            f'<c t="inlineStr"><is><t>{text[:chars]}</t></is></c>' for _ in range(columns)
        )
        yield f"<row>{cells}</row>"


def hostile_files():
    """(name, bytes): a dense bomb, the largest file the limits let in, and tiny sparse bombs."""
    yield "dense-16M-cells.xlsx", xlsx(dense_rows(1_000_000))
    yield "largest-allowed.xlsx", xlsx(within_limits_rows())
    long_text = "А" * 5_000_000
    yield (
        "one-5M-char-cell.xlsx",
        xlsx([f'<row><c t="inlineStr"><is><t>{long_text}</t></is></c></row>']),
    )
    yield (
        "merge-A1-XFD1048576.xlsx",
        xlsx(
            ['<row r="1"><c r="A1" t="n"><v>1</v></c></row>'],
            '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
        ),
    )
    yield (
        "cell-at-XFD1048576.xlsx",
        xlsx(
            [
                '<row r="1"><c r="A1" t="n"><v>1</v></c></row>',
                '<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>',
            ]
        ),
    )


CHILD = """
import os, sys, time
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship_portal.settings_test")
import django
django.setup()
from roadmap import importers
started = time.perf_counter()
try:
    if {no_limits}:  # as before the limits: straight into the format's reader
        stream = importers.as_stream(open({path!r}, "rb"))
        importers.interpret_raw_table(importers._READERS[".xlsx"](stream))
    else:
        importers.read_roadmap(open({path!r}, "rb"), {path!r})
    outcome = "read"
except importers.RoadmapImportError as error:
    outcome = "refused: " + str(error)[:110]
print(f"{{time.perf_counter() - started:.2f}}\\t{{outcome}}")
"""


def _peak_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(path: Path, *, no_limits: bool, timeout: float):
    """(seconds, peak MB, outcome) of reading `path` in a child process."""
    code = CHILD.format(root=str(ROOT), path=str(path), no_limits=no_limits)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    peak_mb = 0.0
    while process.poll() is None and time.perf_counter() - started < timeout:
        try:
            peak_mb = max(peak_mb, _peak_mb(process.pid))
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    if process.poll() is None:
        peak_mb = max(peak_mb, _peak_mb(process.pid))
        process.kill()
        process.wait()
        return time.perf_counter() - started, peak_mb, f"killed after {timeout:.0f} s"
    output = process.stdout.read().strip()
    if "\t" not in output:
        return time.perf_counter() - started, peak_mb, f"crashed ({process.returncode})"
    seconds, outcome = output.split("\t", 1)
    return float(seconds), peak_mb, outcome


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-limits", action="store_true", help="read as before the limits")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--dir", default="/tmp/zip-bombs")
    parser.add_argument("--only", help="only the file of this name")
    args = parser.parse_args()
    directory = Path(args.dir)
    directory.mkdir(parents=True, exist_ok=True)
    failed = False
    for name, data in hostile_files():
        if args.only and name != args.only:
            continue
        path = directory / name
        path.write_bytes(data)
        seconds, peak_mb, outcome = measure(path, no_limits=args.no_limits, timeout=args.timeout)
        ok = seconds <= TARGET_SECONDS and peak_mb <= TARGET_MB
        failed |= not ok
        print(
            f"{name:26} {len(data) / 1024 / 1024:5.2f} MB  {seconds:6.2f} s  "
            f"peak {peak_mb:6.0f} MB  {'ok' if ok else 'MISSED'}  {outcome}",
            flush=True,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
