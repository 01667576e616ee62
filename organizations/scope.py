"""Where an office page stands in the organization tree: the drill-down of every page that
aggregates over organizations (region → district → school).

`scope_for(request)` reads `?node=<id>`: an organization the user sees (another answers
404), or, without it, the top of what the user sees (their own office; everything for an
administrator). The scope gives the subtree to count, the direct children to list one row
each, the path for the breadcrumbs and the query string that keeps the node in links.
Any page may adopt it: obligations' office pages do, and reports/ can.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.shortcuts import get_object_or_404

from mentorship_portal.params import ParamReader

from .models import Organization

NODE_PARAM = "node"


@dataclass(frozen=True)
class Scope:
    user: object
    node: Organization | None  # None: the whole tree (an administrator at the top)
    path: tuple  # from the user's top down to `node`, both included: the breadcrumbs
    is_top: bool  # no narrower than what the user sees anyway

    def organizations(self):
        """Every organization in the scope (the node's subtree)."""
        if self.node is None:
            return Organization.objects.visible_to(self.user)
        return Organization.objects.subtree_of(self.node)

    def children(self):
        """The organizations one level down, by name: the rows of a drill-down table."""
        below = (
            Organization.objects.filter(parent__isnull=True)
            if self.node is None
            else Organization.objects.filter(parent=self.node)
        )
        return by_name(below).annotate(
            has_children=Exists(Organization.objects.filter(parent=OuterRef("pk")))
        )

    @property
    def query(self):
        """`node=<id>` for links that stay in this scope (empty at the top)."""
        return "" if self.is_top or self.node is None else urlencode({NODE_PARAM: self.node.pk})


def by_name(organizations):
    """Organizations by short name (or name), the order of every list of them."""
    return organizations.order_by(Lower(Coalesce(NullIf("short_name", Value("")), "name")), "pk")


def top_of(user):
    """Where a user's drill-down starts: their organization; None (all) for administrators."""
    return None if user.is_admin else user.organization


def scope_for(request, *, param=NODE_PARAM):
    """The scope chosen by `?node=`; 404 for an organization the user does not see."""
    top = top_of(request.user)
    chosen = ParamReader(request).id(param)
    if chosen is None or (top is not None and chosen == top.pk):
        return Scope(request.user, top, (top,) if top else (), is_top=True)
    node = get_object_or_404(Organization.objects.visible_to(request.user), pk=chosen)
    return Scope(request.user, node, _path(top, node), is_top=False)


def _path(top, node):
    """`node` and its ancestors down from `top` (or from the root), in one query."""
    by_pk = {o.pk: o for o in Organization.objects.lineage_of(node)}
    path = [node]
    while path[-1].parent_id is not None and (top is None or path[-1].pk != top.pk):
        parent = by_pk.get(path[-1].parent_id)
        if parent is None:
            break
        path.append(parent)
    return tuple(reversed(path))
