"""How fast a large roadmap imports, and how sure the importer is on the test corpus.

    .venv/bin/python benchmarks/roadmap_import.py [--rows 2000] [--repeat 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python benchmarks/roadmap_import.py

1. A table of `--rows` deadline rows (activities in 10 stages, headings no list knows) is
   written as .xlsx, .docx and .pdf; for each, reading (file -> table -> columns found by
   content -> stages and activities) and saving a draft in a throwaway test database are
   timed. Target: the whole import of 2,000 rows in a few seconds (TARGET_SECONDS).
2. Every roadmap of the test corpus (roadmap/tests/corpus.py), in each format, is read with
   no hint; the table says whether it was recognised and the confidence the importer gave.
"""

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship_portal.settings_test")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

from roadmap.importers import read_raw_table, read_roadmap  # noqa: E402
from roadmap.importers.limits import ReadLimits  # noqa: E402
from roadmap.tests import (  # noqa: E402
    corpus,
    importer_samples as samples,  # noqa: E402
    pdf_samples,
)

TARGET_SECONDS = 5.0
DEADLINES = (
    "до 01.03.2022",
    "ежегодно",
    "сентябрь 2021 г.",
    "ежеквартально",
    "в течение учебного года",
)
BODIES = ("Руководители ОО", "директор ОО", "Управление образования", "куратор")


def large_table(rows):
    table = [["№", "Задачи и действия", "Итог", "Когда", "Кто отвечает"]]
    per_stage = max(1, rows // 10)
    for stage in range(1, 11):
        table.append([f"{'I II III IV V VI VII VIII IX X'.split()[stage - 1]}. Раздел {stage}"])
        for number in range(1, per_stage + 1):
            table.append([
                str(number),
                f"Мероприятие {stage}.{number}: проведение работы по развитию наставничества",
                "Отчёт о проведении",
                DEADLINES[number % len(DEADLINES)],
                BODIES[number % len(BODIES)],
            ])  # fmt: skip
    return table


def write_large(directory, rows):
    table = large_table(rows)
    width = len(table[0])
    table = [row + [None] * (width - len(row)) for row in table]
    merges = [(index, 0, index, width - 1) for index, row in enumerate(table) if row[1] is None]
    heading = ("План мероприятий по наставничеству на 2021-2025 годы",)
    return {
        "xlsx": samples.write_xlsx(directory / "large.xlsx", table, heading, merges),
        "docx": write_large_docx(directory / "large.docx", table, heading, merges),
        "pdf": pdf_samples.write_pdf(directory / "large.pdf", table, heading, merges),
    }


def write_large_docx(path, table, heading, merges):
    """importer_samples.write_docx addresses cells one by one (quadratic in python-docx):
    fill the rows in order instead."""
    import docx

    document = docx.Document()
    for line in heading:
        document.add_paragraph(line)
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for row, values in zip(grid.rows, table, strict=True):
        cells = row.cells
        for cell, value in zip(cells, values, strict=True):
            if value:
                cell.text = str(value)
        if values[1] is None:  # a stage row: one cell across the table
            cells[0].merge(cells[-1])
    document.save(path)
    return path


def time_import(path, repeat, limits):
    from roadmap.services import save_imported_roadmap

    read_times, save_times = [], []
    activities = 0
    for _ in range(repeat):
        started = time.perf_counter()
        with path.open("rb") as handle:
            imported = read_roadmap(handle, path.name, limits=limits)
        read_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        with transaction.atomic():
            save_imported_roadmap(imported=imported, by=None)
            transaction.set_rollback(True)
        save_times.append(time.perf_counter() - started)
        activities = sum(len(stage.activities) for stage in imported.stages)
    return statistics.median(read_times), statistics.median(save_times), activities


def corpus_report(directory):
    from roadmap.tests.test_corpus import write_corpus_file

    print("\n| corpus file | recognised with no help | confidence | read as written |")
    print("| --- | --- | --- | --- |")
    recognised = total = 0
    for roadmap in corpus.CORPUS:
        for fmt in ("xlsx", "docx", "pdf"):
            path = write_corpus_file(roadmap, fmt, directory)
            with path.open("rb") as handle:
                layout_confidence = None
                try:
                    imported = read_roadmap(handle, path.name)
                    layout_confidence = imported.layout["confidence"]
                    same = corpus.summary(imported) == corpus.expected(roadmap)
                    ok = True
                except Exception:  # noqa: BLE001 - a report, not a test: show what happened
                    ok, same = False, False
            total += 1
            recognised += ok
            print(
                f"| {path.name} | {'yes' if ok else 'no'} | {layout_confidence} | "
                f"{'yes' if same else 'NO'} |"
            )
    print(f"\nRecognised with no help: {recognised} of {total}")


def main():
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # fpdf2's font subsetting chatter
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    limits = ReadLimits(max_rows=max(5000, args.rows * 2))
    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    missed = False
    try:
        with tempfile.TemporaryDirectory() as directory:
            files = write_large(Path(directory), args.rows)
            print(
                f"{args.rows}-row roadmap, median of {args.repeat} (target: whole import "
                f"under {TARGET_SECONDS:.0f} s)"
            )
            print("| format | read | save draft | total | activities |")
            print("| --- | --- | --- | --- | --- |")
            for fmt, path in files.items():
                read_s, save_s, activities = time_import(path, args.repeat, limits)
                total = read_s + save_s
                missed |= total > TARGET_SECONDS
                print(f"| {fmt} | {read_s:.2f} s | {save_s:.2f} s | {total:.2f} s | {activities} |")
            with Path(files["xlsx"]).open("rb") as handle:
                raw = read_raw_table(handle, "large.xlsx", limits=limits)
            print(f"(raw table rows: {len(raw.rows)})")
            corpus_report(Path(directory))
    finally:
        teardown_databases(databases, verbosity=0)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
