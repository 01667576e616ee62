"""The roadmap as xlsx: rows, real dates, and a round trip through our own importer."""

import datetime as dt
import io

import openpyxl
import pytest

from roadmap.exporters import export_roadmap_xlsx, header, roadmap_rows, title_lines
from roadmap.importers import read_roadmap, split_responsible
from roadmap.models import Roadmap
from roadmap.services import save_imported_roadmap

pytestmark = pytest.mark.django_db

UO = "Управление образования Администрации Томского района"
HEADS = "Руководители образовательных организаций"


def exported_sheet(roadmap):
    buffer = io.BytesIO()
    export_roadmap_xlsx(roadmap, buffer)
    return buffer.getvalue(), openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active


def test_rows_follow_the_document(seed_roadmap):
    rows = list(roadmap_rows(Roadmap.objects.with_structure().get(pk=seed_roadmap.pk)))
    assert len(rows) == 16
    stage_1 = "Подготовительный этап"
    assert rows[0] == [
        stage_1,
        "1",
        "Изучение и систематизация имеющихся материалов по реализации наставничества",
        "Распоряжение ДОО ТО от 13.04.2020 № 305-р «Об утверждении региональной программы "
        "«Развитие наставничества в системе общего образования Томской области на 2020-2024 г.г.»",
        "декабрь 2020",
        "Месяц",
        dt.date(2020, 12, 1),
        dt.date(2020, 12, 31),
        UO,
    ]
    assert rows[1][4:] == ["До 20.11.2021 г.", "Дата", None, dt.date(2021, 11, 20), UO]
    assert rows[2][:2] == [stage_1, "2"]
    assert rows[2][4:] == ["До 01.12.2021г.", "Дата", None, dt.date(2021, 12, 1), HEADS]
    assert rows[5][4:] == [
        "До 01.03.2022 г., далее постоянно",
        "Дата, далее постоянно",
        None,
        dt.date(2022, 3, 1),
        f"{UO}; {HEADS}",
    ]
    assert rows[4][4:8] == [
        "Январь-март 2022 г.",
        "Период",
        dt.date(2022, 1, 1),
        dt.date(2022, 3, 31),
    ]
    assert rows[6][4:8] == ["После утверждения региональных критериев", "После события", None, None]
    assert rows[8][4:8] == ["ежегодно", "Ежегодно", None, None]
    assert rows[11][8] == f"{UO}; ТОИПКРО"


def test_sheet_layout_and_real_dates(seed_roadmap):
    _content, sheet = exported_sheet(seed_roadmap)
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == (
        "Приложение №2 к приказу Управление образования Администрации Томского района "
        "от 30.12.2020 № 654"
    )
    assert values[1][0] == seed_roadmap.title
    assert list(values[2]) == header()
    assert len(values) == 3 + 16
    assert sheet.freeze_panes == "A4"
    assert sheet["A3"].font.b is True
    start, end = sheet["G4"], sheet["H4"]
    assert (start.value, end.value) == (dt.datetime(2020, 12, 1), dt.datetime(2020, 12, 31))
    assert (start.number_format, end.number_format) == ("DD.MM.YYYY", "DD.MM.YYYY")
    assert sheet["B4"].data_type == "s"  # numbers as written ("1", "1.") stay text


def _imported_as_data(imported):
    return [
        (
            stage.number,
            stage.title,
            [
                (
                    activity.number,
                    activity.title,
                    activity.result_form,
                    [
                        (row.deadline, split_responsible(row.responsible))
                        for row in activity.deadline_rows
                    ],
                )
                for activity in stage.activities
            ],
        )
        for stage in imported.stages
    ]


def _roadmap_as_data(roadmap):
    roadmap = Roadmap.objects.with_structure().get(pk=roadmap.pk)
    return [
        (
            stage.number,
            stage.title,
            [
                (
                    activity.number,
                    activity.title,
                    activity.result_form,
                    [
                        (row.deadline_text, [party.text for party in row.parties.all()])
                        for row in activity.responsibilities.all()
                    ],
                )
                for activity in stage.activities.all()
            ],
        )
        for stage in roadmap.stages.all()
    ]


def _deadlines(roadmap):
    roadmap = Roadmap.objects.with_structure().get(pk=roadmap.pk)
    return [
        (
            row.deadline_text,
            row.deadline_kind,
            row.start,
            row.end,
            row.event_text,
            row.yearly_day,
            row.yearly_month,
            [(party.kind, party.organization_id, party.text) for party in row.parties.all()],
        )
        for stage in roadmap.stages.all()
        for activity in stage.activities.all()
        for row in activity.responsibilities.all()
    ]


def test_round_trip_through_our_importer(seed_roadmap, administrator):
    content, _sheet = exported_sheet(seed_roadmap)
    imported = read_roadmap(io.BytesIO(content), "export.xlsx")
    assert (
        imported.title,
        imported.programme_title,
        imported.order_number,
        imported.order_date,
        imported.appendix,
        imported.issuer,
        imported.first_year,
        imported.last_year,
    ) == (
        seed_roadmap.title,
        seed_roadmap.programme.title,
        "654",
        dt.date(2020, 12, 30),
        "Приложение №2",
        UO,
        2020,
        2024,
    )
    assert _imported_as_data(imported) == _roadmap_as_data(seed_roadmap)
    again = save_imported_roadmap(imported=imported, by=administrator)
    assert _roadmap_as_data(again) == _roadmap_as_data(seed_roadmap)
    assert _deadlines(again) == _deadlines(seed_roadmap)
    assert again.programme == seed_roadmap.programme


def test_formula_like_texts_survive_the_round_trip(seed_roadmap, administrator):
    activity = seed_roadmap.stages.get(position=1).activities.get(position=1)
    activity.title = '=HYPERLINK("http://evil.example","нажми")'
    activity.result_form = "-подготовка; +1 @всем"
    activity.save()
    content, sheet = exported_sheet(seed_roadmap)
    title_cell, result_cell = sheet["C4"], sheet["D4"]
    assert (title_cell.data_type, title_cell.quotePrefix) == ("s", True)
    assert (result_cell.data_type, result_cell.quotePrefix) == ("s", True)
    assert sheet["E4"].quotePrefix is False
    imported = read_roadmap(io.BytesIO(content), "export.xlsx")
    first = imported.stages[0].activities[0]
    assert (first.title, first.result_form) == (activity.title, activity.result_form)


def test_title_lines_without_an_order(administrator, office):
    from roadmap.tests.conftest import make_imported

    imported = make_imported(1)
    imported.order_number = ""
    roadmap = save_imported_roadmap(imported=imported, by=administrator)
    assert title_lines(roadmap) == ["Дорожная карта «Проверка»"]
