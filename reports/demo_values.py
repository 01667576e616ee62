"""Indicator values for the demo story (seed_demo_monitoring): one organization's return for
a year, consistent with every cross-check (parts within their wholes, pairs adding up to the
total) and growing year by year — coverage of pupils from about a fifth towards the 70 %
target. Preschools have no pupils-as-mentors: "не применимо"."""

from decimal import Decimal

from organizations.models import OrganizationKind


def values_for(organization, year, base, rng):
    """code → IndicatorValue fields for `organization`'s return of `year`. `base` is the
    organization's size (pupils in 2021); `rng` a seeded random.Random."""
    step = year - 2021  # 0..3
    pupils = base + 10 * step
    coverage = min(0.18 + 0.14 * step + rng.uniform(-0.04, 0.04), 0.8)
    mentees = int(pupils * coverage)
    pupil_mentors = int(mentees * rng.uniform(0.1, 0.25))
    teachers = max(12, base // 12)
    young = rng.randint(1, 6)
    young_with_mentor = min(young, int(young * (0.5 + 0.15 * step)) + 1)
    mentor_teachers = min(teachers, int(teachers * (0.1 + 0.05 * step)) + 1)
    mentee_teachers = max(young_with_mentor, int(teachers * 0.15))
    pairs = [
        int(mentees / 3),
        young_with_mentor + 1,
        rng.randint(0, 2 + step),
        rng.randint(0, 1 + step),
        rng.randint(0, 2),
    ]
    contests = [rng.randint(0, 2 + step), rng.randint(0, 1 + step // 2), rng.randint(0, 1)]
    values = {
        "PR01": sum(pairs),
        "PR02": pairs[0],
        "PR03": pairs[1],
        "PR04": pairs[2],
        "PR05": pairs[3],
        "PR06": pairs[4],
        "ST01": pupils,
        "ST02": mentees,
        "ST03": pupil_mentors,
        "TE01": teachers,
        "TE02": mentor_teachers,
        "TE03": mentee_teachers,
        "TE04": young,
        "TE05": young_with_mentor,
        "EX01": rng.randint(0, 2 + step),
        "PD01": min(mentor_teachers, rng.randint(0, 2 + step)),
        "PD02": sum(contests),
        "PD02M": contests[0],
        "PD02R": contests[1],
        "PD02V": contests[2],
        "PD03": min(sum(contests), rng.randint(0, 1 + step // 2)),
        "PD04": rng.randint(1, 3 + step),
        "PD05": rng.randint(2, 6 + step),
        "QL01N": int(mentees * 0.6),
        "QL02N": mentor_teachers + pupil_mentors,
    }
    fields = {code: {"value": Decimal(value)} for code, value in values.items()}
    fields["QL01"] = {"value": Decimal(str(round(rng.uniform(6.5, 8.5) + 0.2 * step, 1)))}
    fields["QL02"] = {"value": Decimal(str(round(rng.uniform(6.5, 8.5) + 0.2 * step, 1)))}
    fields["IN01"] = {
        "url": f"https://example.org/org{organization.pk}/nastavnichestvo",
        "value": Decimal(1),
    }
    fields["QL03"] = {
        "text": (
            "Сильные стороны: сложившиеся пары «учитель – учитель»; риски: нагрузка наставников."
        )
    }
    if organization.kind == OrganizationKind.PRESCHOOL:
        for code in ("ST02", "ST03"):
            fields[code] = {"not_applicable": True}
        fields["PR02"] = {"value": Decimal(0)}
        fields["PR01"] = {"value": Decimal(sum(pairs) - pairs[0])}
    return fields
