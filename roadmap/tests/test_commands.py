"""import_roadmap and export_roadmap from the command line."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from roadmap.importers import split_responsible
from roadmap.management.commands.import_roadmap import NO_ISSUER_WARNING
from roadmap.models import Activity, Responsibility, Roadmap, RoadmapStatus
from roadmap.tests import importer_samples as samples

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def counts(roadmap):
    return (
        roadmap.stages.count(),
        Activity.objects.filter(stage__roadmap=roadmap).count(),
        Responsibility.objects.filter(activity__stage__roadmap=roadmap).count(),
    )


SEED_SUMMARY = [
    "Этапов: 4",
    "Мероприятий: 15",
    "Строк сроков: 16",
    "Сроков задать вручную: 1",
    "Несопоставленных ответственных: 1",
    "  — ТОИПКРО",
]
NEW_PROGRAMME_LINE = "Новая программа (предыдущая редакция не найдена)."


@pytest.mark.parametrize("writer", [samples.write_seed_xlsx, samples.write_seed_docx])
def test_import_seed_file_as_draft(office, tmp_path, writer):
    path = writer(tmp_path)
    output = run("import_roadmap", str(path), "--issuer", "Управление  образования")
    roadmap = Roadmap.objects.get()
    assert roadmap.issuer == office  # by its short name, extra spaces ignored
    assert output.splitlines() == [
        *SEED_SUMMARY,
        NEW_PROGRAMME_LINE,
        f"Сохранена как черновик: {samples.SEED_TITLE} (id {roadmap.pk})",
    ]
    assert roadmap.status == RoadmapStatus.DRAFT
    assert (roadmap.title, roadmap.order_number, roadmap.order_date, roadmap.appendix) == (
        samples.SEED_TITLE,
        "654",
        dt.date(2020, 12, 30),
        "Приложение №2",
    )
    assert (roadmap.programme.title, roadmap.programme.first_year, roadmap.programme.last_year) == (
        samples.SEED_PROGRAMME_TITLE,
        2020,
        2024,
    )
    assert counts(roadmap) == (4, 15, 16)
    assert roadmap.source_name == path.name


def test_import_another_layout_with_options(office, tmp_path):
    """Other column names, a stage column, no heading: the options supply what is missing."""
    uo = "Управление образования Администрации Томского района"
    rows = [
        ["Этап", "№ п/п", "Наименование мероприятия", "Ожидаемый результат", "Срок исполнения",
         "Исполнители"],
        ["I. Подготовка", "1", "Приказ о наставничестве", "Приказ", "до 01.09.2023",
         "руководители ОО"],
        ["I. Подготовка", "2", "Положение", "Положение", "IV кв. 2023", uo],
        ["II. Реализация", "1", "Мониторинг", "Справка", "ежегодно до 1 декабря",
         "Руководители ОО; Неизвестный центр"],
    ]  # fmt: skip
    path = samples.write_xlsx(tmp_path / "other.xlsx", rows)
    output = run(
        "import_roadmap",
        str(path),
        "--title",
        "План мероприятий по наставничеству",
        "--years",
        "2023-2025",
        "--order-number",
        "17-р",
        "--order-date",
        "01.08.2023",
    )
    assert output.splitlines()[:5] == [
        "Этапов: 2",
        "Мероприятий: 3",
        "Строк сроков: 3",
        "Сроков задать вручную: 0",
        "Несопоставленных ответственных: 1",
    ]
    roadmap = Roadmap.objects.get()
    assert (roadmap.title, roadmap.order_number, roadmap.order_date) == (
        "План мероприятий по наставничеству",
        "17-р",
        dt.date(2023, 8, 1),
    )
    assert (roadmap.programme.first_year, roadmap.programme.last_year) == (2023, 2025)
    assert [(stage.number, stage.title) for stage in roadmap.stages.all()] == [
        ("I.", "Подготовка"),
        ("II.", "Реализация"),
    ]
    yearly = Responsibility.objects.get(activity__title="Мониторинг")
    assert (yearly.deadline_kind, yearly.yearly_day, yearly.yearly_month) == ("yearly", 1, 12)


def test_options_override_the_heading(office, tmp_path):
    path = samples.write_seed_docx(tmp_path)
    run("import_roadmap", str(path), "--title", "Новая редакция", "--years", "2021-2026",
        "--order-number", "100", "--order-date", "15.01.2021")  # fmt: skip
    roadmap = Roadmap.objects.get()
    assert (
        roadmap.title,
        roadmap.order_number,
        roadmap.order_date,
        roadmap.programme.first_year,
        roadmap.programme.last_year,
    ) == ("Новая редакция", "100", dt.date(2021, 1, 15), 2021, 2026)


def test_dry_run_saves_nothing(office, tmp_path):
    path = samples.write_seed_xlsx(tmp_path)
    output = run("import_roadmap", str(path), "--dry-run")
    assert output.splitlines() == [
        *SEED_SUMMARY,
        NEW_PROGRAMME_LINE,
        NO_ISSUER_WARNING,
        "Пробный запуск: ничего не сохранено.",
    ]
    assert Roadmap.objects.count() == 0
    from roadmap.models import Programme

    assert Programme.objects.count() == 0


def test_without_an_issuer_the_command_warns(office, tmp_path):
    """The seed's heading names its issuer in the genitive ("Управления образования …"), which
    matches no organization: "all heads" would mean every school of the portal."""
    path = samples.write_seed_xlsx(tmp_path)
    output = run("import_roadmap", str(path))
    assert NO_ISSUER_WARNING == (
        "Внимание: утвердивший орган не определён — «руководители всех ОО» будут означать "
        "все образовательные организации портала. Укажите --issuer."
    )
    assert output.splitlines()[len(SEED_SUMMARY) + 1] == NO_ISSUER_WARNING
    assert Roadmap.objects.get().issuer is None


def test_the_issuer_named_by_the_heading_is_used(office, tmp_path):
    """A heading that names the issuer exactly as an organization is called needs no option."""
    path = samples.write_seed_xlsx(tmp_path)
    office.short_name = "Управления образования"  # as the seed's heading writes it
    office.save()
    output = run("import_roadmap", str(path))
    assert NO_ISSUER_WARNING not in output
    assert Roadmap.objects.get().issuer == office


def test_an_unknown_issuer_is_an_error(office, tmp_path):
    path = samples.write_seed_xlsx(tmp_path)
    with pytest.raises(CommandError) as error:
        run("import_roadmap", str(path), "--issuer", "Министерство магии")
    assert str(error.value) == (
        "Организация «Министерство магии» не найдена: укажите полное или краткое наименование."
    )
    assert Roadmap.objects.count() == 0


def test_a_too_long_cell_names_the_row_and_saves_nothing(office, tmp_path):
    rows = [
        list(samples.HEADER),
        ["1", "Мероприятие", "", "До 01.12.2022", "ТОИПКРО"],
        ["2", "Другое мероприятие", "", "до " + "очень " * 100, "ТОИПКРО"],
    ]
    path = samples.write_xlsx(tmp_path / "long.xlsx", rows)
    with pytest.raises(CommandError) as error:
        run("import_roadmap", str(path), "--years", "2021-2024", "--title", "Т")
    assert str(error.value) == "Строка 3: срок длиннее 500 символов"
    assert Roadmap.objects.count() == 0


def test_a_bad_file_names_the_row_and_saves_nothing(office, tmp_path):
    rows = [
        list(samples.HEADER),
        ["1", "Мероприятие", "", "До 01.12.2022", "ТОИПКРО"],
        ["1", "Другое мероприятие", "", "ежегодно", "ТОИПКРО"],
    ]
    path = samples.write_xlsx(tmp_path / "duplicate.xlsx", rows)
    with pytest.raises(CommandError) as error:
        run("import_roadmap", str(path), "--years", "2021-2024", "--title", "Т")
    assert str(error.value) == (
        "Строка 3: номер мероприятия 1 уже встречается в этом этапе (строка 2)"
    )
    assert Roadmap.objects.count() == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["--years", "2024-2020"], "Годы указываются так: 2020-2024 (получено «2024-2020»)."),
        (
            ["--order-date", "2020-12-30"],
            "Дата приказа указывается так: 30.12.2020 (получено «2020-12-30»).",
        ),
    ],
)
def test_bad_options(office, tmp_path, args, message):
    path = samples.write_seed_xlsx(tmp_path)
    with pytest.raises(CommandError) as error:
        run("import_roadmap", str(path), *args)
    assert str(error.value) == message


def test_missing_years_are_an_error(office, tmp_path):
    rows, merges = samples.roadmap_table()
    path = samples.write_docx(tmp_path / "bare.docx", rows, (), merges)
    with pytest.raises(CommandError) as error:
        run("import_roadmap", str(path), "--title", "Без шапки")
    assert str(error.value) == (
        "В документе не указаны годы реализации: задайте их (например, 2020-2024)."
    )
    assert Roadmap.objects.count() == 0


def test_unsupported_and_missing_files(office, tmp_path):
    text = tmp_path / "roadmap.txt"
    text.write_text("Дорожная карта")
    with pytest.raises(CommandError) as error:
        run("import_roadmap", str(text))
    assert (
        str(error.value) == "Формат файла .txt не поддерживается: загрузите .xlsx, .docx или .pdf"
    )
    with pytest.raises(CommandError) as error:
        run("import_roadmap", str(tmp_path / "none.xlsx"))
    assert str(error.value) == f"Файл не найден: {tmp_path / 'none.xlsx'}"


# --- export_roadmap ------------------------------------------------------------------------------


def test_export_reproduces_every_row_of_the_document(seed_roadmap, tmp_path):
    target = tmp_path / "roadmap.xlsx"
    output = run("export_roadmap", "--output", str(target))
    assert output == f"Выгружена дорожная карта «{seed_roadmap.title}» в {target}\n"
    sheet = openpyxl.load_workbook(target).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    expected = [
        (stage_title, number, title, result_form, deadline, split_responsible(responsible))
        for stage_title, activities in samples.SEED_STAGES
        for number, title, result_form, deadlines in activities
        for deadline, responsible in deadlines
    ]
    assert len(rows) == len(expected) == 16
    assert [(*row[:5], row[8].split("; ")) for row in rows] == expected
    kinds_and_dates = [(row[5], row[6], row[7]) for row in rows]
    day = dt.datetime
    assert kinds_and_dates == [
        ("Месяц", day(2020, 12, 1), day(2020, 12, 31)),
        ("Дата", None, day(2021, 11, 20)),
        ("Дата", None, day(2021, 12, 1)),
        ("Дата", None, day(2020, 12, 30)),
        ("Период", day(2022, 1, 1), day(2022, 3, 31)),
        ("Дата, далее постоянно", None, day(2022, 3, 1)),
        ("После события", None, None),
        ("Дата", None, day(2022, 9, 30)),
        ("Ежегодно", None, None),
        ("Ежегодно", None, None),
        ("Дата", None, day(2022, 12, 1)),
        ("Ежегодно", None, None),
        ("Ежегодно", None, None),
        ("Ежегодно", None, None),
        ("Ежегодно", None, None),
        ("Ежегодно", None, None),
    ]
    assert sheet["G4"].number_format == "DD.MM.YYYY"


def test_export_a_chosen_roadmap_and_errors(seed_roadmap, tmp_path):
    target = tmp_path / "chosen.xlsx"
    run("export_roadmap", "--roadmap", str(seed_roadmap.pk), "--output", str(target))
    assert openpyxl.load_workbook(target).active["A2"].value == seed_roadmap.title
    with pytest.raises(CommandError) as error:
        run("export_roadmap", "--roadmap", "999", "--output", str(target))
    assert str(error.value) == "Дорожная карта с id 999 не найдена."
    Roadmap.objects.update(status=RoadmapStatus.ARCHIVED)
    with pytest.raises(CommandError) as error:
        run("export_roadmap", "--output", str(target))
    assert str(error.value) == "Нет действующей дорожной карты: укажите --roadmap ID."
