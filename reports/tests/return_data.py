"""A school's return filled in with values that pass every cross-check."""

from decimal import Decimal

from reports.validation import Entry

# Values of a believable school; every part within its whole, pairs adding up.
SCHOOL_VALUES = {
    "PR01": 10,
    "PR02": 4,
    "PR03": 3,
    "PR04": 1,
    "PR05": 1,
    "PR06": 1,
    "ST01": 500,
    "ST02": 120,
    "ST03": 40,
    "TE01": 40,
    "TE02": 8,
    "TE03": 6,
    "TE04": 5,
    "TE05": 4,
    "EX01": 2,
    "PD01": 3,
    "PD02": 3,
    "PD02M": 2,
    "PD02R": 1,
    "PD02V": 0,
    "PD03": 1,
    "PD04": 5,
    "PD05": 12,
    "QL01": "8,5",
    "QL01N": 100,
    "QL02": 9,
    "QL02N": 8,
}


def school_post(**changes):
    """The POST of a complete, valid school return; `changes` override single fields."""
    data = {code: str(value) for code, value in SCHOOL_VALUES.items()}
    data["IN01"] = "yes"
    data["IN01__url"] = "https://school-a.example.org/mentorship"
    data["QL03"] = "Сильные стороны: опытные наставники."
    data.update({key: str(value) for key, value in changes.items()})
    return {key: value for key, value in data.items() if value is not None}


def school_entries(**changes):
    """code → Entry of a complete, valid school return."""
    entries = {
        code: Entry(value=Decimal(str(value).replace(",", ".")))
        for code, value in SCHOOL_VALUES.items()
    }
    entries["IN01"] = Entry(value=Decimal(1), url="https://school-a.example.org/mentorship")
    entries["QL03"] = Entry(text="SWOT")
    entries.update(changes)
    return entries
