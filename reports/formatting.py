"""Russian typography for figures in pages and documents: spaces between thousands, a
decimal comma, «ёлочки», DD.MM.YYYY. One place, so the page and the справка agree."""

from decimal import Decimal

NBSP = "\u00a0"
DASH = "—"


def number(value, places=None):
    """12 345 or 12 345,5 (non-breaking spaces between thousands); "—" for None."""
    if value is None:
        return DASH
    if places is None:
        places = 0 if Decimal(value) == Decimal(value).to_integral_value() else 1
    text = f"{Decimal(value):,.{places}f}"
    return text.replace(",", NBSP).replace(".", ",")


def percent(value):
    """85,3 %; "—" when there is nothing to divide."""
    if value is None:
        return DASH
    return f"{number(value, 1)}{NBSP}%"


def change(value, unit="п.\u00a0п."):
    """+3,2 п. п. / −1,0 п. п. / 0,0 п. п.; "—" when a year is missing."""
    if value is None:
        return DASH
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return f"{sign}{number(abs(value), 1)}{NBSP}{unit}"


def date(value):
    return value.strftime("%d.%m.%Y") if value else DASH


def quoted(text):
    """«text» (Russian quotation marks)."""
    return f"«{text}»"
