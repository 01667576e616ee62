"""Template helpers shared by every app's pages (presentation only, no domain rules)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """The current query string with some parameters replaced (for pagination and sorting)."""
    query = context["request"].GET.copy()
    if "sort" in changes:
        query.pop("page", None)  # a new order starts at its first page
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()
