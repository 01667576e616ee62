"""The default efficiency methodology (shared/domain/monitoring.md, "Default blocks and
weights"), seeded approved as version 1 from 2021 so that scores can be computed on the first
run. It is only a starting point: staff change it through a new version, never in code.

`seed_default_methodology` takes an app registry (a migration's historical one, or the live
one when the root conftest re-seeds after a test flush) and is idempotent.
"""

from django.utils import timezone

from obligations.reference_data import DEFAULT_SCHOOL_PACKAGE

TITLE = "Методика оценки эффективности реализации системы наставничества"
BASIS = (
    "Распоряжение Минпросвещения России от 25.12.2019 № Р-145; дорожная карта (приказ № 654 от "
    "30.12.2020), мероприятие «муниципальные критерии эффективности на основании региональных "
    "критериев». Региональные критерии не опубликованы: веса и диапазоны — по умолчанию портала."
)
SHARE_BANDS = [{"from": "70", "points": "2"}, {"from": "40", "points": "1"}]
CUTOFF_BANDS = [
    {"from": "100", "points": "1"},
    {"from": "90", "points": "0.9"},
    {"from": "80", "points": "0.8"},
]

# (block, weight, [(title, rule, indicator code or act type code or None, bands, max points)])
BLOCKS = [
    (
        "Нормативно-правовое обеспечение",
        30,
        [("document", code) for code in DEFAULT_SCHOOL_PACKAGE],
    ),
    (
        "Охват наставничеством",
        30,
        [
            (
                "Доля обучающихся, вовлечённых в наставничество (цель — 70 %)",
                "share_bands",
                "K01",
                SHARE_BANDS,
                2,
            ),
            (
                "Доля педагогов-наставников",
                "share_bands",
                "K02",
                [{"from": "30", "points": "2"}, {"from": "15", "points": "1"}],
                2,
            ),
            (
                "Доля молодых педагогов с наставником (не применимо, если молодых педагогов нет)",
                "share_bands",
                "K03",
                SHARE_BANDS,
                2,
            ),
        ],
    ),
    (
        "Развитие кадрового потенциала",
        20,
        [
            (
                "Педагоги-наставники, прошедшие КПК по наставничеству",
                "percent_cutoff",
                "K05",
                CUTOFF_BANDS,
                1,
            ),
            (
                "Участники конкурсов для наставников",
                "count_bands",
                "PD02",
                [
                    {"from": "5", "points": "3"},
                    {"from": "3", "points": "2"},
                    {"from": "1", "points": "1"},
                ],
                3,
            ),
        ],
    ),
    (
        "Качество и удовлетворённость",
        20,
        [
            (
                "Удовлетворённость наставляемых (средний балл анкеты)",
                "count_bands",
                "QL01",
                [{"from": "8", "points": "2"}, {"from": "6", "points": "1"}],
                2,
            ),
            (
                "Удовлетворённость наставников (средний балл анкеты)",
                "count_bands",
                "QL02",
                [{"from": "8", "points": "2"}, {"from": "6", "points": "1"}],
                2,
            ),
            (
                "Мероприятия дорожной карты, выполненные в срок (баллы в пропорции)",
                "roadmap_on_time",
                None,
                [],
                2,
            ),
        ],
    ),
]


def seed_default_methodology(apps, schema_editor=None):
    Methodology = apps.get_model("reports", "Methodology")
    if Methodology.objects.filter(title=TITLE).exists():
        return
    Block = apps.get_model("reports", "Block")
    Criterion = apps.get_model("reports", "Criterion")
    act_types = {t.code: t for t in apps.get_model("obligations", "LocalActType").objects.all()}
    indicators = {i.code: i for i in apps.get_model("reports", "Indicator").objects.all()}
    methodology = Methodology.objects.create(
        title=TITLE,
        version=1,
        basis=BASIS,
        first_year=2021,
        status="approved",
        approved_at=timezone.now(),
    )
    for block_position, (title, weight, criteria) in enumerate(BLOCKS, start=1):
        block = Block.objects.create(
            methodology=methodology, title=title, weight=weight, position=block_position
        )
        for position, spec in enumerate(criteria, start=1):
            Criterion.objects.create(
                block=block, position=position, **_criterion(spec, act_types, indicators)
            )


def _criterion(spec, act_types, indicators):
    if spec[0] == "document":
        act_type = act_types[spec[1]]
        return {"title": act_type.name, "rule": "document", "act_type": act_type, "max_points": 1}
    title, rule, code, bands, max_points = spec
    return {
        "title": title,
        "rule": rule,
        "indicator": indicators.get(code) if code else None,
        "bands": bands,
        "max_points": max_points,
    }
