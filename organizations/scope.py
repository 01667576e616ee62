"""Where an office page stands in the organization tree: the drill-down of every page that
aggregates over organizations (region → district → school).

`scope_for(request)` reads `?node=<id>`: an organization the user sees (another answers
404), or, without it, the top of what the user sees (their own office; everything for an
administrator). The scope gives the subtree to count, the direct children to list one row
each, the path for the breadcrumbs and the query string that keeps the node in links.
Any page may adopt it: obligations' office pages do, and so do reports' dashboard and annual
report."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

from mentorship_portal.params import ParamReader

from .models import MAX_TREE_DEPTH, Organization, sort_name

NODE_PARAM = "node"
# The ancestors loaded with a node, for its path: the tree is at most MAX_TREE_DEPTH deep.
ABOVE = "__".join(["parent"] * (MAX_TREE_DEPTH - 1))


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

    def holds(self, path):
        """A condition that the organization at `path` (a lookup such as "issuer") is in the
        scope, read up that organization's few ancestors: cheap on a handful of rows (the
        roadmaps, their named bodies), where a subquery of the subtree would read it all."""
        if self.node is None:
            return Q()
        condition, lookup = Q(**{path: self.node.pk}), path
        for _level in range(MAX_TREE_DEPTH - 1):
            lookup += "__parent"
            condition |= Q(**{lookup: self.node.pk})
        return condition

    @property
    def query(self):
        """`node=<id>` for links that stay in this scope (empty at the top)."""
        return "" if self.is_top or self.node is None else urlencode({NODE_PARAM: self.node.pk})


def by_name(organizations):
    """Organizations by short name (or name), the order of every list of them."""
    return organizations.order_by(sort_name(), "pk")


def top_of(user):
    """Where a user's drill-down starts: their organization; None (all) for administrators."""
    return None if user.is_admin else user.organization


def scope_for(request, *, param=NODE_PARAM, data=None):
    """The scope chosen by `?node=` (or `node` of `data`, a posted form); 404 for an
    organization the user does not see."""
    top = top_of(request.user)
    chosen = ParamReader(request, data).id(param)
    if chosen is None or (top is not None and chosen == top.pk):
        return Scope(request.user, top, (top,) if top else (), is_top=True)
    node = get_object_or_404(
        Organization.objects.visible_to(request.user).select_related(ABOVE), pk=chosen
    )
    return Scope(request.user, node, _path(top, node), is_top=False)


def scope_of(user, organization):
    """The scope of one organization the user sees (its page's drill-down path)."""
    top = top_of(user)
    if top is not None and organization.pk == top.pk:
        return Scope(user, top, (top,), is_top=True)
    organization = Organization.objects.select_related(ABOVE).get(pk=organization.pk)
    return Scope(user, organization, _path(top, organization), is_top=False)


def _path(top, node):
    """`node` and its ancestors down from `top` (or from the root), from the parents loaded
    with it (select_related(ABOVE)): no query."""
    path = [node]
    while path[-1].parent_id is not None and (top is None or path[-1].pk != top.pk):
        path.append(path[-1].parent)
    return tuple(reversed(path))
