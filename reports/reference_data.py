"""The starting indicator set and the default required local-act package
(shared/domain/monitoring.md). Seeded by data migrations and re-seeded for tests whose flush
emptied the tables; staff add, change and retire indicators in the portal afterwards, so these
lists are only where a new installation starts.

Every function takes an app registry (a migration's historical one or the live one) and is
idempotent: it creates only what is missing.
"""

from decimal import Decimal

from obligations.reference_data import DEFAULT_SCHOOL_PACKAGE

PAIRS = "Наставнические пары и группы"
PUPILS = "Обучающиеся"
TEACHERS = "Педагогические работники"
DEVELOPMENT = "Профессиональное развитие"
INFORMATION = "Информационное сопровождение"
QUALITY = "Качество и удовлетворённость"
DISTRICT = "Муниципальный уровень"
SHARES = "Расчётные показатели"

ORG, OFFICE, CALC = "organization", "office", "computed"
COUNT, NUMBER, SHARE, YES_NO, TEXT = "count", "number", "share", "yes_no", "text"
# Counts are whole and non-negative unless a row says otherwise.
ZERO = Decimal(0)

# (code, section, name, unit, kind, reporter, extra fields)
INDICATORS = [
    (
        "PR01",
        PAIRS,
        "Количество наставнических пар/групп (по приказу о закреплении)",
        "ед.",
        COUNT,
        ORG,
        {},
    ),
    ("PR02", PAIRS, "в т.ч. форма «ученик – ученик»", "ед.", COUNT, ORG, {}),
    ("PR03", PAIRS, "в т.ч. форма «учитель – учитель»", "ед.", COUNT, ORG, {}),
    ("PR04", PAIRS, "в т.ч. форма «студент – ученик»", "ед.", COUNT, ORG, {}),
    ("PR05", PAIRS, "в т.ч. форма «работодатель – ученик»", "ед.", COUNT, ORG, {}),
    ("PR06", PAIRS, "в т.ч. иная форма", "ед.", COUNT, ORG, {}),
    (
        "ST01",
        PUPILS,
        "Численность обучающихся",
        "чел.",
        COUNT,
        ORG,
        {"min_value": Decimal(1), "allows_not_applicable": True},
    ),
    (
        "ST02",
        PUPILS,
        "Обучающиеся — наставляемые",
        "чел.",
        COUNT,
        ORG,
        {"allows_not_applicable": True},
    ),
    (
        "ST03",
        PUPILS,
        "Обучающиеся — наставники",
        "чел.",
        COUNT,
        ORG,
        {"allows_not_applicable": True},
    ),
    (
        "TE01",
        TEACHERS,
        "Численность педагогических работников",
        "чел.",
        COUNT,
        ORG,
        {"min_value": Decimal(1)},
    ),
    ("TE02", TEACHERS, "Педагоги-наставники", "чел.", COUNT, ORG, {}),
    ("TE03", TEACHERS, "Педагоги-наставляемые", "чел.", COUNT, ORG, {}),
    ("TE04", TEACHERS, "Молодые педагоги (до 35 лет, стаж до 3 лет)", "чел.", COUNT, ORG, {}),
    ("TE05", TEACHERS, "Молодые педагоги, закреплённые за наставником", "чел.", COUNT, ORG, {}),
    ("EX01", TEACHERS, "Внешние наставники (работодатели, студенты и др.)", "чел.", COUNT, ORG, {}),
    (
        "PD01",
        DEVELOPMENT,
        "Педагоги, прошедшие курсы повышения квалификации по наставничеству за год",
        "чел.",
        COUNT,
        ORG,
        {},
    ),
    ("PD02", DEVELOPMENT, "Участники конкурсов для наставников, всего", "чел.", COUNT, ORG, {}),
    ("PD02M", DEVELOPMENT, "в т.ч. муниципального уровня", "чел.", COUNT, ORG, {}),
    ("PD02R", DEVELOPMENT, "в т.ч. регионального уровня", "чел.", COUNT, ORG, {}),
    ("PD02V", DEVELOPMENT, "в т.ч. всероссийского уровня", "чел.", COUNT, ORG, {}),
    ("PD03", DEVELOPMENT, "Победители и призёры конкурсов для наставников", "чел.", COUNT, ORG, {}),
    (
        "PD04",
        DEVELOPMENT,
        "Семинары, вебинары, методические объединения по наставничеству: посещено",
        "ед.",
        COUNT,
        ORG,
        {},
    ),
    (
        "PD05",
        DEVELOPMENT,
        "Участники семинаров, вебинаров, методических объединений",
        "чел.",
        COUNT,
        ORG,
        {},
    ),
    ("IN01", INFORMATION, "Раздел «Наставничество» на сайте организации", "", YES_NO, ORG, {}),
    (
        "QL01",
        QUALITY,
        "Удовлетворённость наставляемых (анкета): средний балл",
        "балл",
        NUMBER,
        ORG,
        {"min_value": Decimal(1), "max_value": Decimal(10), "allows_not_applicable": True},
    ),
    ("QL01N", QUALITY, "Наставляемые, ответившие на анкету", "чел.", COUNT, ORG, {}),
    (
        "QL02",
        QUALITY,
        "Удовлетворённость наставников (анкета): средний балл",
        "балл",
        NUMBER,
        ORG,
        {"min_value": Decimal(1), "max_value": Decimal(10), "allows_not_applicable": True},
    ),
    ("QL02N", QUALITY, "Наставники, ответившие на анкету", "чел.", COUNT, ORG, {}),
    ("QL03", QUALITY, "Итоги SWOT-анализа куратора", "", TEXT, ORG, {}),
    (
        "MU01",
        DISTRICT,
        "Муниципальный конкурс для педагогов-наставников: участники",
        "чел.",
        COUNT,
        OFFICE,
        {},
    ),
    (
        "MU02",
        DISTRICT,
        "Методические мероприятия для наставников и координаторов (семинары, вебинары)",
        "ед.",
        COUNT,
        OFFICE,
        {},
    ),
    (
        "K01",
        SHARES,
        "Доля обучающихся, вовлечённых в наставничество",
        "%",
        SHARE,
        CALC,
        {"target_percent": Decimal(70), "cap_at_100": True},
    ),
    ("K02", SHARES, "Доля педагогов-наставников", "%", SHARE, CALC, {}),
    ("K03", SHARES, "Доля молодых педагогов с наставником", "%", SHARE, CALC, {}),
    (
        "K04",
        SHARES,
        "Доля организаций с полным пакетом локальных актов",
        "%",
        SHARE,
        CALC,
        {"share_source": "act_package"},
    ),
    (
        "K05",
        SHARES,
        "Доля педагогов-наставников, прошедших КПК",
        "%",
        SHARE,
        CALC,
        {"cap_at_100": True},
    ),
    (
        "K06",
        SHARES,
        "Доля мероприятий дорожной карты, выполненных в срок",
        "%",
        SHARE,
        CALC,
        {"share_source": "roadmap_on_time"},
    ),
]

# A part never exceeds each of its wholes.
NOT_ABOVE = {
    "PR02": ["PR01"],
    "PR03": ["PR01"],
    "PR04": ["PR01"],
    "PR05": ["PR01"],
    "PR06": ["PR01"],
    "ST02": ["ST01"],
    "ST03": ["ST01"],
    "TE02": ["TE01"],
    "TE03": ["TE01"],
    "TE04": ["TE01"],
    "TE05": ["TE04", "TE03"],
    "PD01": ["TE01"],
    "PD03": ["PD02"],
    "PD02M": ["PD02"],
    "PD02R": ["PD02"],
    "PD02V": ["PD02"],
}
# A total equals the sum of its parts.
SUM_OF = {
    "PR01": ["PR02", "PR03", "PR04", "PR05", "PR06"],
    "PD02": ["PD02M", "PD02R", "PD02V"],
}
# Shares computed from indicators: (numerators, denominator).
SHARE_PARTS = {
    "K01": (["ST02", "ST03"], "ST01"),
    "K02": (["TE02"], "TE01"),
    "K03": (["TE05"], "TE04"),
    "K05": (["PD01"], "TE02"),
}

# Kinds of organization that get the default package of a school.
PACKAGE_KINDS = ["school", "preschool", "additional"]


def seed_indicators(apps, schema_editor=None):
    """Create the starting indicators that are missing, with their cross-checks."""
    Indicator = apps.get_model("reports", "Indicator")
    existing = set(Indicator.objects.values_list("code", flat=True))
    created = Indicator.objects.bulk_create(
        _new_indicator(Indicator, index, row)
        for index, row in enumerate(INDICATORS)
        if row[0] not in existing
    )
    if not created:
        return
    by_code = {indicator.code: indicator for indicator in Indicator.objects.all()}
    for indicator in created:
        code = indicator.code
        indicator = by_code[code]
        indicator.not_above.set([by_code[c] for c in NOT_ABOVE.get(code, [])])
        indicator.sum_of.set([by_code[c] for c in SUM_OF.get(code, [])])
        if code in SHARE_PARTS:
            numerators, denominator = SHARE_PARTS[code]
            indicator.numerator.set([by_code[c] for c in numerators])
            indicator.denominator = by_code[denominator]
            indicator.save(update_fields=["denominator"])


def _new_indicator(Indicator, index, row):
    code, section, name, unit, kind, reporter, extra = row
    fields = {"min_value": ZERO if kind == COUNT else None, **extra}
    return Indicator(
        code=code,
        section=section,
        name=name,
        unit=unit,
        kind=kind,
        reporter=reporter,
        position=(index + 1) * 10,
        **fields,
    )


def seed_required_act_types(apps, schema_editor=None):
    """The default required package (monitoring.md) for schools, preschools and additional
    education, where no package has been chosen for that kind yet."""
    LocalActType = apps.get_model("obligations", "LocalActType")
    RequiredActType = apps.get_model("reports", "RequiredActType")
    chosen_kinds = set(RequiredActType.objects.values_list("organization_kind", flat=True))
    act_types = LocalActType.objects.filter(code__in=DEFAULT_SCHOOL_PACKAGE)
    RequiredActType.objects.bulk_create(
        RequiredActType(act_type=act_type, organization_kind=kind)
        for kind in PACKAGE_KINDS
        if kind not in chosen_kinds
        for act_type in act_types
    )
