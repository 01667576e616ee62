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

_SEPARATORS = ",;\n"
_OPENING = {"«": "»", "(": ")", "“": "”", "„": "“", '"': '"'}
_EDGE_PUNCTUATION = " .,;:—–-•·*"


def is_all_heads(text: str) -> bool:
    """True when the text names the heads of all schools rather than one body."""
    return bool(_ALL_HEADS.match(_strip_edges(clean_text(text))))


def split_responsible(text: str) -> list[str]:
    """Split a responsible-bodies cell into bodies, in order, without repeats."""
    bodies: list[str] = []
    seen: set[str] = set()
    for part in _split_on_separators(text or ""):
        for body in _split_before_all_heads(clean_text(part)):
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


def _strip_edges(text: str) -> str:
    return text.strip(_EDGE_PUNCTUATION)
