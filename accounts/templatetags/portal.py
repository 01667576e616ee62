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


@register.simple_tag(takes_context=True)
def node_query(context, node=None):
    """The current query string moved to another node of the tree (organizations/scope.py):
    the same filters, from the first page; without `node`, back to the top."""
    query = context["request"].GET.copy()
    for key in ("page", "cpage", "node"):
        query.pop(key, None)
    if node:
        query["node"] = node
    return query.urlencode()
