"""Template helpers shared by every app's pages (presentation only, no domain rules)."""

from django import template
from django.template.defaultfilters import stringfilter

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


# The parameters of a page's paginated sections: its own list, the rows one level down of a
# drill-down (includes/children_pagination.html), the annual report's activities.
PAGE_PARAMS = ("page", "cpage", "apage")


@register.simple_tag(takes_context=True)
def page_query(context, param, number):
    """The current query string at page `number` of the section paginated by `param`."""
    return query_replace(context, **{param: number})


@register.simple_tag(takes_context=True)
def node_query(context, node=None):
    """The current query string moved to another node of the tree (organizations/scope.py):
    the same filters, from the first page; without `node`, back to the top."""
    query = context["request"].GET.copy()
    for key in (*PAGE_PARAMS, "node"):
        query.pop(key, None)
    if node:
        query["node"] = node
    return query.urlencode()


@register.filter(is_safe=True)
@stringfilter
def clip(text, length):
    """`text` cut to `length` characters, the last being "…" — what truncatechars does,
    without its walk over every character's Unicode properties, which took a fifth of a
    head's page's time (ours are plain Russian texts, stored as typed)."""
    length = int(length)
    if length <= 0:
        return ""
    if len(text) <= length:
        return text
    return text[: max(length - 1, 0)] + "…"
