"""A corpus of roadmaps laid out as real orders of other regions and schools publish them.

Each roadmap is data (what a person reads in the document) plus a layout: which columns in
which order under which headings (or none), how stages are shown, what stands above and
below the table. `table(roadmap)` lays it out as rows and merges; the writers in
importer_samples (and pdf_samples) turn that into .xlsx, .docx and .pdf. `expected(roadmap)`
is what any importer must read back, with no hint.
"""

from __future__ import annotations

from dataclasses import dataclass, field

N, A, R, D, P, S = "number", "activity", "result", "deadline", "responsible", "stage"

UO = "Управление образования Администрации Томского района"
HEADS = "Руководители ОО"


@dataclass
class Roadmap:
    name: str
    heading: tuple[str, ...]
    columns: tuple[str, ...]  # meanings, in the document's order
    labels: dict[str, str] | None  # the header row; None: the table has none
    stage_style: str  # merged | lone | number_row | column | none
    # (stage number, stage title, [(number, title, result, [(deadline, responsible), ...])])
    stages: list[tuple[str, str, list[tuple[str, str, str, list[tuple[str, str]]]]]]
    numbering_row: bool = False  # "1 | 2 | 3 | 4 | 5" under the header
    below: tuple[tuple[str, ...], ...] = ()  # signature and notes rows under the table
    extra_columns: dict[int, str] = field(default_factory=dict)  # position -> header ("Примечание")

    @property
    def width(self):
        return len(self.columns) + len(self.extra_columns)


def _stage_text(number, title):
    return f"{number} {title}".strip()


def table(roadmap: Roadmap) -> tuple[list[list[str | None]], list[tuple[int, int, int, int]]]:
    """(rows, merges) of the roadmap's table, header included when it has one."""
    order = _physical_order(roadmap)
    rows: list[list[str | None]] = []
    merges: list[tuple[int, int, int, int]] = []
    width = roadmap.width
    if roadmap.labels is not None:
        rows.append([_label(roadmap, item) for item in order])
    if roadmap.numbering_row:
        rows.append([str(position + 1) for position in range(width)])
    for stage_number, stage_title, activities in roadmap.stages:
        text = _stage_text(stage_number, stage_title)
        if roadmap.stage_style == "merged":
            merges.append((len(rows), 0, len(rows), width - 1))
            rows.append([text] + [None] * (width - 1))
        elif roadmap.stage_style == "lone":
            rows.append([text] + [None] * (width - 1))
        elif roadmap.stage_style == "number_row":
            values = {N: stage_number, A: stage_title}
            rows.append([values.get(item) for item in order])
        for number, title, result, deadlines in activities:
            for index, (deadline, responsible) in enumerate(deadlines):
                first = index == 0
                values = {
                    N: number if first else None,
                    A: title if first else None,
                    R: result if first else None,
                    D: deadline,
                    P: responsible,
                    S: text,
                }
                rows.append([values.get(item) for item in order])
    for line in roadmap.below:
        rows.append(list(line) + [None] * (width - len(line)))
    return rows, merges


def _physical_order(roadmap: Roadmap) -> list[str]:
    order = list(roadmap.columns)
    for position, label in sorted(roadmap.extra_columns.items()):
        order.insert(position, f"extra:{label}")
    return order


def _label(roadmap: Roadmap, item: str) -> str:
    if item.startswith("extra:"):
        return item.split(":", 1)[1]
    return roadmap.labels[item]


def expected(roadmap: Roadmap):
    """[(stage number, stage title, [(number, title, result, [(deadline, responsible)])])]."""
    if roadmap.stage_style == "none":
        activities = [activity for _n, _t, stage in roadmap.stages for activity in stage]
        return [("", "Мероприятия", activities)]
    return [(number, title, activities) for number, title, activities in roadmap.stages]


def summary(imported):
    return [
        (
            stage.number,
            stage.title,
            [
                (
                    activity.number,
                    activity.title,
                    activity.result_form,
                    [(row.deadline, row.responsible) for row in activity.deadline_rows],
                )
                for activity in stage.activities
            ],
        )
        for stage in imported.stages
    ]


def _heading(title, order="от 25.08.2021 № 312"):
    return ("Приложение 1", f"к приказу {order}", title)


CORPUS = [
    Roadmap(
        name="01-seed-like-merged-stages",
        heading=_heading(
            "Дорожная карта по внедрению целевой модели наставничества на 2021-2024 годы"
        ),
        columns=(N, A, R, D, P),
        labels={N: "№", A: "Мероприятия", R: "Форма представления результата", D: "Сроки",
                P: "Ответственные"},
        stage_style="merged",
        stages=[
            ("", "Подготовительный этап", [
                ("1", "Назначение ответственного за внедрение наставничества",
                 "Приказ о назначении", [("До 01.10.2021 г.", UO),
                                          ("До 15.10.2021 г.", HEADS)]),
                ("2", "Разработка положения о наставничестве", "Положение",
                 [("сентябрь 2021 г.", HEADS)]),
            ]),
            ("", "Основной этап", [
                ("1", "Формирование базы наставников", "База наставников",
                 [("ежегодно", HEADS)]),
                ("2", "Проведение муниципального конкурса «Наставник года»",
                 "Приказ об итогах конкурса", [("2 полугодие 2022", UO)]),
            ]),
        ],
    ),
    Roadmap(
        name="02-naimenovanie-rabot-roman-stages",
        heading=_heading(
            "План мероприятий по реализации программы наставничества МБОУ «СОШ № 5» "
            "на 2022-2025 годы", "от 01.09.2022 № 88-о"),
        columns=(N, A, D, P),
        labels={N: "№ п/п", A: "Наименование работ", D: "Срок", P: "Исполнитель"},
        stage_style="lone",
        stages=[
            ("I.", "Нормативно-правовое обеспечение", [
                ("1", "Издание приказа о внедрении наставничества", "",
                 [("до 15 сентября 2022 года", "директор ОО")]),
                ("2", "Утверждение программы наставничества", "",
                 [("25 августа 2022 года", "заместитель директора по УВР")]),
            ]),
            ("II.", "Кадровое обеспечение", [
                ("1", "Подбор наставников из числа опытных педагогов", "",
                 [("2022-2023 учебный год", "Иванова И.И., заместитель директора по УВР")]),
                ("2", "Обучение кураторов наставничества", "",
                 [("1 полугодие 2023", "куратор")]),
            ]),
        ],
    ),
    Roadmap(
        name="03-zadachi-stage-column-shuffled",
        heading=_heading(
            "Дорожная карта реализации региональной программы наставничества на 2021-2023 годы"),
        columns=(D, S, A, P, N),
        labels={D: "Когда", S: "Этап", A: "Задачи и действия", P: "Кто отвечает", N: "№"},
        stage_style="column",
        stages=[
            ("", "Подготовительный этап", [
                ("1", "Анализ потребности в наставниках", "",
                 [("январь-март 2021 г.", UO)]),
                ("2", "Создание рабочей группы", "", [("до 01.04.2021", UO)]),
            ]),
            ("", "Внедренческий этап", [
                ("1", "Закрепление пар «наставник — наставляемый»", "",
                 [("в течение учебного года", HEADS)]),
                ("2", "Мониторинг реализации программ", "", [("ежеквартально", UO)]),
            ]),
        ],
    ),
    Roadmap(
        name="04-no-header-razdel-rows",
        heading=("План работы по наставничеству на 2023-2024 годы",),
        columns=(N, A, D, P),
        labels=None,
        stage_style="lone",
        stages=[
            ("Раздел 1.", "Организационная работа", [
                ("1", "Заседание методического совета по вопросам наставничества", "",
                 [("сентябрь 2023 г.", "заместитель директора по УВР")]),
                ("2", "Составление индивидуальных планов наставляемых", "",
                 [("до 1 октября 2023 года", "педагоги-наставники")]),
            ]),
            ("Раздел 2.", "Методическая работа", [
                ("1", "Открытые уроки наставников для молодых специалистов", "",
                 [("ежемесячно", "педагоги-наставники")]),
                ("2", "Консультации по подготовке к аттестации", "",
                 [("по мере необходимости", "Петрова А.С.")]),
            ]),
        ],
    ),
    Roadmap(
        name="05-chto-delaem-hierarchical-stage-rows",
        heading=_heading("Дорожная карта развития наставничества на 2022-2024 годы"),
        columns=(N, A, R, D, P),
        labels={N: "№", A: "Что делаем", R: "Итог", D: "Когда", P: "Кто"},
        stage_style="number_row",
        stages=[
            ("1.", "Нормативное обеспечение", [
                ("1.1", "Разработка положения о системе наставничества",
                 "Наличие положения", [("до 30.09.2022", UO)]),
                ("1.2", "Утверждение муниципальной дорожной карты",
                 "Приказ об утверждении", [("октябрь 2022 г.", UO)]),
            ]),
            ("2.", "Информационное сопровождение", [
                ("2.1", "Создание раздела о наставничестве на сайтах школ",
                 "Наличие раздела на сайте", [("до 01.12.2022", HEADS)]),
                ("2.2", "Публикация лучших практик наставничества",
                 "Публикации на сайте", [("в течение всего периода", f"{UO}; {HEADS}")]),
            ]),
        ],
    ),
    Roadmap(
        name="06-soderzhanie-roman-number-rows",
        heading=_heading("План-график внедрения наставничества на 2021-2022 годы"),
        columns=(N, A, D, P, R),
        labels={N: "№", A: "Содержание", D: "Срок исполнения", P: "Ответственный",
                R: "Результат"},
        stage_style="number_row",
        stages=[
            ("I", "Подготовка условий", [
                ("1", "Информирование педагогов о программе наставничества",
                 "Протокол педсовета", [("сентябрь 2021", "директор ОО")]),
                ("2", "Анкетирование молодых специалистов", "Справка по итогам анкетирования",
                 [("октябрь 2021 – ноябрь 2021 г.", "куратор")]),
            ]),
            ("II", "Реализация", [
                ("1", "Проведение встреч наставников и наставляемых", "Отчёт куратора",
                 [("до 25 числа каждого месяца", "куратор")]),
                ("2", "Итоговая конференция наставников", "Отчёт о проведении",
                 [("май 2022 г.", "администрация ОО")]),
            ]),
        ],
    ),
    Roadmap(
        name="07-restart-numbering-lone-arabic-stages",
        heading=_heading("Дорожная карта на 2021-2024 годы по развитию наставничества"),
        columns=(N, A, D, P),
        labels={N: "№", A: "Направления деятельности", D: "Период", P: "Участники"},
        stage_style="lone",
        stages=[
            ("1.", "Подготовка", [
                ("1", "Совещание с руководителями ОО", "", [("март 2021 г.", UO)]),
                ("2", "Разработка методических рекомендаций", "",
                 [("I квартал 2021 г.", "ТОИПКРО")]),
            ]),
            ("2.", "Внедрение", [
                ("1", "Обучающие семинары для кураторов", "",
                 [("ежегодно до 1 декабря", "ТОИПКРО")]),
                ("2", "Сбор отчётов о реализации программ", "",
                 [("ежеквартально", HEADS)]),
            ]),
        ],
    ),
    Roadmap(
        name="08-persons-and-positions",
        heading=_heading("План мероприятий по наставничеству МАОУ «Гимназия № 2» на 2022-2023 "
                         "учебный год", "от 30.08.2022 № 144"),
        columns=(N, A, D, P),
        labels={N: "№", A: "Мероприятие", D: "Сроки", P: "Ответственные"},
        stage_style="none",
        stages=[
            ("", "", [
                ("1", "Назначение кураторов программы наставничества", "",
                 [("до 01.09.2022", "Сидорова О.В., директор")]),
                ("2", "Формирование наставнических пар", "",
                 [("сентябрь 2022 г.", "заместитель директора по УВР и куратор")]),
                ("3", "Методическое сопровождение наставников", "",
                 [("в течение учебного года", "Иванова И.И.; Кузнецов П.А.")]),
                ("4", "Подведение итогов работы наставников", "",
                 [("май 2023 г.", "директор ОО")]),
            ]),
        ],
    ),
    Roadmap(
        name="09-real-deadlines-no-stages",
        heading=_heading("Дорожная карта реализации программы наставничества на 2021-2024 годы"),
        columns=(N, A, R, D, P),
        labels={N: "№ п/п", A: "Мероприятие", R: "Форма отчётности", D: "Сроки",
                P: "Ответственные"},
        stage_style="none",
        stages=[
            ("", "", [
                ("1", "Мониторинг численности наставников", "Отчёт",
                 [("ежемесячно", HEADS)]),
                ("2", "Сбор информации о наставнических парах", "Информация",
                 [("ежеквартально", HEADS)]),
                ("3", "Проведение педагогических советов", "Протокол",
                 [("в течение учебного года", HEADS)]),
                ("4", "Консультирование наставников", "Справка",
                 [("по мере необходимости", UO)]),
                ("5", "Проведение фестиваля наставничества", "Приказ",
                 [("сентябрь 2021 г.", UO)]),
                ("6", "Анализ результатов первого года", "Аналитическая справка",
                 [("1 полугодие 2022", UO)]),
                ("7", "Обновление программ наставничества", "Программа",
                 [("2021-2022 учебный год", HEADS)]),
                ("8", "Утверждение муниципального положения", "Положение",
                 [("25 августа 2021 года", UO)]),
            ]),
        ],
    ),
    Roadmap(
        name="10-notes-column-and-signature",
        heading=_heading("Дорожная карта по наставничеству на 2022-2024 годы"),
        columns=(N, A, D, P),
        labels={N: "№", A: "Планируемые действия", D: "Сроки реализации", P: "Исполнители"},
        stage_style="merged",
        extra_columns={4: "Примечание"},
        stages=[
            ("", "Организационный этап", [
                ("1", "Проведение установочного совещания", "",
                 [("январь 2022 г.", UO)]),
                ("2", "Утверждение состава муниципальной рабочей группы", "",
                 [("до 15.02.2022", UO)]),
            ]),
            ("", "Практический этап", [
                ("1", "Реализация программ наставничества в школах", "",
                 [("в течение 2022-2023 учебного года", HEADS)]),
            ]),
        ],
        below=(("Начальник Управления образования", "", "", "И.П. Смирнов"),),
    ),
    Roadmap(
        name="11-several-deadlines-stage-column",
        heading=_heading("Дорожная карта муниципального проекта «Наставник» на 2021-2023 годы"),
        columns=(S, N, A, D, P),
        labels={S: "Этапы", N: "№", A: "Мероприятия", D: "Сроки", P: "Ответственные"},
        stage_style="column",
        stages=[
            ("I.", "Запуск проекта", [
                ("1", "Утверждение дорожных карт проекта", "",
                 [("до 01.03.2021", UO), ("до 01.04.2021", HEADS)]),
                ("2", "Обучение координаторов", "", [("апрель 2021 г.", "ТОИПКРО")]),
            ]),
            ("II.", "Реализация проекта", [
                ("1", "Организация наставнических пар", "",
                 [("в течение учебного года", HEADS)]),
                ("2", "Отчёт о реализации проекта", "",
                 [("до 20.12.2021", HEADS), ("до 30.12.2021", UO)]),
            ]),
        ],
    ),
    Roadmap(
        name="12-result-first-numbering-row",
        heading=_heading("План мероприятий (дорожная карта) по наставничеству на 2023-2025 годы"),
        columns=(D, A, N, R, P),
        labels={D: "Срок", A: "Содержание деятельности", N: "№", R: "Ожидаемый итог",
                P: "Ответственные лица"},
        stage_style="merged",
        numbering_row=True,
        stages=[
            ("", "Нормативное обеспечение", [
                ("1", "Разработка локальных актов о наставничестве",
                 "Наличие локальных актов", [("до 01.02.2023", HEADS)]),
                ("2", "Утверждение плана мероприятий", "Приказ об утверждении",
                 [("февраль 2023 г.", HEADS)]),
            ]),
            ("", "Мониторинг", [
                ("1", "Мониторинг эффективности наставничества", "Аналитическая справка",
                 [("ежегодно, декабрь", UO)]),
                ("2", "Отчёт о достижении показателей", "Отчёт",
                 [("до 25 числа каждого месяца", HEADS)]),
            ]),
        ],
    ),
]  # fmt: skip
