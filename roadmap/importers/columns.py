"""Recognising the table's header row and what each column means."""

from __future__ import annotations

from .text import normalize_label

NUMBER = "number"
ACTIVITY = "activity"
RESULT = "result"
DEADLINE = "deadline"
RESPONSIBLE = "responsible"
STAGE = "stage"

# Column names as offices write them, compared after normalize_label().
_NAMES = {
    NUMBER: {"№", "№ п п", "n", "n п п", "no", "номер", "номер п п", "п п", "#"},
    ACTIVITY: {
        "мероприятия", "мероприятие", "наименование мероприятия",
        "наименование мероприятий", "содержание мероприятия", "содержание мероприятий",
        "наименование", "содержание работы", "содержание",
    },
    RESULT: {
        "форма представления результата", "результат", "ожидаемый результат",
        "форма результата", "ожидаемые результаты", "результаты", "форма отчетности",
    },
    DEADLINE: {
        "сроки", "срок", "срок исполнения", "сроки исполнения", "сроки реализации",
        "срок выполнения", "сроки выполнения", "срок реализации", "сроки проведения",
        "срок проведения", "дата", "дата проведения",
    },
    RESPONSIBLE: {
        "ответственные", "ответственный", "исполнители", "исполнитель",
        "ответственные исполнители", "ответственный исполнитель", "ответственные лица",
    },
    STAGE: {"этап", "этапы", "наименование этапа", "этап реализации"},
}  # fmt: skip

# Longer labels ("Ожидаемый результат мероприятия") are recognised by a key
# word; checked in this order so "Срок проведения мероприятия" is a deadline.
_KEYWORDS = (
    (RESULT, ("результат",)),
    (DEADLINE, ("срок",)),
    (RESPONSIBLE, ("ответствен", "исполнител")),
    (ACTIVITY, ("мероприят",)),
)
_MAX_KEYWORD_LABEL_WORDS = 5


def classify_label(label: str) -> tuple[str | None, bool]:
    """Meaning of a header label and whether it is one of the exact known names."""
    text = normalize_label(label)
    if not text:
        return None, False
    for meaning, names in _NAMES.items():
        if text in names:
            return meaning, True
    if text.startswith("№"):
        return NUMBER, False
    if len(text.split()) <= _MAX_KEYWORD_LABEL_WORDS:
        for meaning, words in _KEYWORDS:
            if any(word in text for word in words):
                return meaning, False
    return None, False
