"""Presentation helpers for roadmap pages (no domain rules: those live in models/services)."""

from django import template

from ..deadlines import ParsedDeadline
from ..display import describe_deadline

register = template.Library()


@register.filter
def deadline_label(value):
    """The parsed form of a deadline row (a Responsibility or a ParsedDeadline) as text."""
    if isinstance(value, ParsedDeadline):
        return describe_deadline(value)
    return describe_deadline(value.parsed, value.event_date)


@register.filter
def lookup(mapping, key):
    """mapping[key] or None: the bound form of one row in a page with a form per row."""
    return mapping.get(key) if mapping else None
