"""Splitting a "responsible" cell into separate bodies."""

from __future__ import annotations

import re

from .text import clean_text

# "All heads of schools" as offices write it, in any grammatical case:
# "Руководители образовательных организаций", "руководителям ОО",
# "Руководители ОУ", "руководители МОО", "руководители образовательных учреждений".
_HEADS_WORD = r"руководител\w*"
_HEADS_OBJECT = (
    r"(?:всех\s+)?(?:"
    r"(?:муниципальных\s+)?(?:обще)?образовательных\s+(?:организаций|учреждений)"
    r"|ОО|ОУ|МОО|МОУ"
    r")(?!\w)"
)
_ALL_HEADS = re.compile(rf"{_HEADS_WORD}\s+{_HEADS_OBJECT}", re.IGNORECASE)
# The head of every school named by position: "директор ОО", "директора ОУ", "администрация ОО",
# "администрации образовательных организаций", "директор школы" (in a district's roadmap).
_HEAD_POSITIONS = re.compile(
    rf"(?:директор\w*|администраци\w*)\s+(?:{_HEADS_OBJECT}|школ\w*+(?!\s*№))", re.IGNORECASE
)

# A position or a person rather than a body: the issuing body's own people ("куратор",
# "заместитель директора по УВР", "Иванова И.И."). Bodies (управление, школа, ТОИПКРО) are not.
_POSITION = re.compile(
    r"^\W*(?:директор|заместител|зам\.|куратор|педагог|наставник|методист|координатор"
    r"|специалист|учител|классн\w+ руковод|начальник|главн\w+ специалист|ведущ\w+ специалист"
    r"|председател|инспектор|эксперт|тьютор|психолог|социальн\w+ педагог|советник"
    r"|руководител\w* (?:ШМО|МО\b|РМО|ММО|методическ|рабоч|проект|программ|центр|структурн)"
    r"|ответственн\w+ (?:за|по)|рабоч\w+ групп)",
    re.IGNORECASE,
)

# The first words of a responsible body, position or person, as roadmaps write them.
RESPONSIBLE_START = re.compile(
    r"^\W*(?:директор|заместител|зам\.|руководител|куратор|управлени|отдел|администраци"
    r"|(?:муниципальн\w+ )?(?:обще)?образовательн\w+ (?:организаци|учреждени)"
    r"|МБОУ|МАОУ|МКОУ|МОУ|МБДОУ|МАДОУ|МБУ|МАУ|ГБОУ|ОГБОУ|ОО\b|ОУ\b|ДОО\b|ДОУ\b|УО\b"
    r"|школ|педагог|наставник|методист|координатор|специалист|учител|классн\w+ руковод"
    r"|ТОИПКРО|ИРО\b|ИПК|ЦНППМ|комитет|департамент|министерств|центр\b|ресурсн|рабоч\w+ групп"
    r"|начальник|главн\w+ специалист|председател|совет|служб|инспектор|эксперт"
    r"|муниципальн\w+ координатор|тьютор|психолог|социальн\w+ педагог)",
    re.IGNORECASE,
)
# A person: "Иванова И.И.", "Иванова И. И.", "И.И. Иванова".
PERSON = re.compile(
    r"(?:^|[\s,;(])(?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ]\.\s?[А-ЯЁ]\."
    r"|[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+)"
)

_SEPARATORS = ",;\n"
_OPENING = {"«": "»", "(": ")", "“": "”", "„": "“", '"': '"'}
_EDGE_PUNCTUATION = " .,;:—–-•·*"


def is_all_heads(text: str) -> bool:
    """True when the text names the heads of all schools rather than one body: "руководители
    ОО", or the head's position, "директор ОО", "администрация ОО"."""
    text = _strip_edges(clean_text(text))
    return bool(_ALL_HEADS.match(text) or _HEAD_POSITIONS.match(text))


def is_position_or_person(text: str) -> bool:
    """True when the text names a position or a person, not a body: such a responsible is
    one of the issuing body's people ("куратор", "Иванова И.И.", "заместитель директора по
    УВР")."""
    text = _strip_edges(clean_text(text))
    return bool(_POSITION.match(text) or PERSON.match(" " + text))


def split_responsible(text: str) -> list[str]:
    """Split a responsible-bodies cell into bodies, in order, without repeats."""
    bodies: list[str] = []
    seen: set[str] = set()
    for part in _split_on_separators(text or ""):
        for body in _split_on_and(clean_text(part)):
            body = _strip_edges(body)
            key = body.lower().replace("ё", "е")
            if body and key not in seen:
                seen.add(key)
                bodies.append(body)
    return bodies


def _split_on_separators(text: str) -> list[str]:
    """Split on commas, semicolons and line breaks outside quotes and brackets.

    A comma inside «...» or (...) belongs to a name: «Школа № 1, г. Томск».
    """
    parts: list[str] = []
    current: list[str] = []
    closers: list[str] = []
    for char in text:
        if closers and char == closers[-1]:
            closers.pop()
        elif char in _OPENING:
            closers.append(_OPENING[char])
        elif char in _SEPARATORS and (not closers or char == "\n"):
            # A line break always ends a body: an unclosed quote must not swallow the cell.
            closers.clear()
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


# A person written surname first, "Кузнецов П.А.", ending where the next responsible starts.
_PERSON_THEN_MORE = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.(?=\s+\S)")


def _split_after_persons(text: str) -> list[str]:
    """ "Кузнецов П.А. администрация ОО": the readers turn a cell's line breaks into spaces
    (a PDF's line breaks are only wrapping), so a new responsible after a full name starts a
    new party where it reads as one."""
    pieces: list[str] = []
    start = 0
    for match in _PERSON_THEN_MORE.finditer(text):
        following = text[match.end() :].lstrip()
        # "(методист)" explains the person; "и ..." is left to the split on "и".
        if (
            following[:1].isalpha()
            and not following.startswith("и ")
            and looks_responsible(following)
        ):
            pieces.append(text[start : match.end()])
            start = match.end()
    pieces.append(text[start:])
    return pieces


def _split_on_and(text: str) -> list[str]:
    """ "заместитель директора по УВР и куратор" names two; "Министерство образования и
    науки" names one: split on "и" only where both sides start like a responsible."""
    pieces = [
        part for piece in _split_before_all_heads(text) for part in _split_after_persons(piece)
    ]
    result: list[str] = []
    for piece in pieces:
        parts = piece.split(" и ")
        current = parts[0]
        for following in parts[1:]:
            if looks_responsible(current) and looks_responsible(following):
                result.append(current)
                current = following
            else:
                current = f"{current} и {following}"
        result.append(current)
    return result


def looks_responsible(text: str) -> bool:
    """Whether the text starts like a body, a position or a person."""
    return bool(RESPONSIBLE_START.match(text) or PERSON.search(text))


def _split_before_all_heads(text: str) -> list[str]:
    """Split "Управление образования ... Руководители ОО" where a PDF lost the comma.

    Only a nominative or capitalised "Руководители ..." starts a new body, so
    "Заместители руководителей ОО" stays one body.
    """
    pieces: list[str] = []
    start = 0
    for match in _ALL_HEADS.finditer(text):
        word = match.group(0).split()[0]
        starts_body = word[0].isupper() or word.lower() in ("руководители", "руководитель")
        if match.start() > start and starts_body:
            pieces.append(text[start : match.start()])
            start = match.start()
    pieces.append(text[start:])
    return pieces


_INITIAL_AT_END = re.compile(r"(?:^|[\s.])[А-ЯЁ]\.$")


def _strip_edges(text: str) -> str:
    stripped = text.strip(_EDGE_PUNCTUATION)
    # "Иванова И.И." keeps the dot of its last initial.
    if text.rstrip(_EDGE_PUNCTUATION.replace(".", "")).endswith(".") and _INITIAL_AT_END.search(
        stripped + "."
    ):
        return stripped + "."
    return stripped
