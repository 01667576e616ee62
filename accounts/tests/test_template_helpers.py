"""The shared template helpers (accounts/templatetags/portal.py)."""

import pytest
from django.template.defaultfilters import truncatechars

from accounts.templatetags.portal import clip

TITLE = (
    "Разработка и утверждение положения о программе наставничества в образовательной "
    "организации «Средняя школа №1» (с изменениями)"
)


@pytest.mark.parametrize("length", [0, 1, 10, 60, len(TITLE) - 1, len(TITLE), 500])
def test_clip_cuts_like_truncatechars(length):
    assert clip(TITLE, length) == truncatechars(TITLE, length)


def test_clip_keeps_escaping_to_the_template():
    assert clip("<b>Школа</b> №1", 5) == "<b>Ш…"
    assert clip(None, 10) == "None"
