from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, Subquery, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorship_portal.queries import AnyOf

# How deep an organization tree may go: region → district office → organization → branch.
# Subtree queries are written for this depth, which keeps them one indexed query.
MAX_TREE_DEPTH = 4


class OrganizationKind(models.TextChoices):
    REGIONAL_MINISTRY = "ministry", _("Региональный орган управления образованием")
    DISTRICT_OFFICE = "office", _("Муниципальный орган управления образованием")
    SCHOOL = "school", _("Общеобразовательная организация")
    PRESCHOOL = "preschool", _("Дошкольная образовательная организация")
    ADDITIONAL = "additional", _("Организация дополнительного образования")
    INSTITUTE = "institute", _("Региональный институт развития образования")


def sort_name():
    """What lists of organizations are ordered by: the short name (else the full one), case
    folded, as __str__ shows them. Not indexed on purpose: an index in this order made
    PostgreSQL walk it for a district's first page (filtering 10 000 rows of other districts
    to find 50 of its 500) instead of sorting the 500; the lists that would have needed it,
    a country's or a region's organizations by name, are not shown (reports/views/annual.py)."""
    return Lower(Coalesce(NullIf("short_name", Value("")), "name"))


# The kinds that "the heads of all educational organizations" stands for.
EDUCATIONAL_KINDS = (
    OrganizationKind.SCHOOL,
    OrganizationKind.PRESCHOOL,
    OrganizationKind.ADDITIONAL,
)


class OrganizationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def educational(self):
        """Schools, preschools and additional-education organizations."""
        return self.filter(kind__in=EDUCATIONAL_KINDS)

    def subtree_of(self, root):
        """`root` and everything below it, down to MAX_TREE_DEPTH levels.

        Level by level through the index on parent (children of root, their children, ...),
        so that the query reads the subtree only; a join up the tree would read every
        organization of the country to find them."""
        return self.subtrees_of([root.pk])

    def subtrees_of(self, roots):
        """The organizations with primary keys `roots` and everything below them (see
        subtree_of: level by level through the index on parent)."""
        roots = list(roots)
        condition = Q(pk__in=roots) | Q(parent__in=roots)
        level = Organization.objects.filter(parent__in=roots)
        for _level in range(MAX_TREE_DEPTH - 2):
            condition |= AnyOf("parent_id", level.order_by().values("pk"))
            level = Organization.objects.filter(AnyOf("parent_id", level.order_by().values("pk")))
        return self.filter(condition)

    def lineage_of(self, organization):
        """`organization` and the bodies above it (its district office, its region).

        Up the tree one parent at a time (`id = (SELECT parent_id … WHERE id = …)`), each an
        index lookup: a join down from every organization to find the ancestors would read
        the whole country (0.2 s at 100 000 organizations, on every office page)."""
        condition = Q(pk=organization.pk)
        parent = Organization.objects.filter(pk=organization.pk).values("parent_id")
        for _level in range(MAX_TREE_DEPTH - 1):
            condition |= Q(pk=Subquery(parent))
            parent = Organization.objects.filter(pk=Subquery(parent)).values("parent_id")
        return self.filter(condition)

    def visible_to(self, user):
        """The organizations `user` may see; every page that lists organizations starts here.

        Administrators see all; office staff see their office's subtree (a regional body's
        staff see the whole region); a school head sees only their own organization.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self.all()
        if user.is_office:
            return self.subtree_of(user.organization) if user.organization_id else self.none()
        return self.filter(pk=user.organization_id)

    def editable_by(self, user):
        """The organizations `user` may change (fetch_for_edit): administrators all; office
        staff those below their own body (their own office is changed by somebody above)."""
        if not user.is_authenticated or not (user.is_admin or user.is_office):
            return self.none()
        if user.is_admin:
            return self.all()
        return self.visible_to(user).exclude(pk=user.organization_id)

    def possible_parents(self, user, *, organization=None):
        """Where `user` may place an organization: active bodies of their own subtree, never
        `organization` itself nor anything below it (that would make a loop)."""
        parents = self.visible_to(user).active()
        if organization is not None and organization.pk:
            parents = parents.exclude(pk__in=self.subtree_of(organization).values("pk"))
        return parents

    def depth_of(self, organization):
        """How many levels `organization` sits at: a region 1, its district offices 2, …"""
        return self.lineage_of(organization).count()

    def height_of(self, organization):
        """How many levels `organization` and what lies below it take up (1: no children)."""
        lookup, height = "parent", 1
        for level in range(2, MAX_TREE_DEPTH + 1):
            if not self.filter(**{lookup: organization.pk}).exists():
                break
            height, lookup = level, lookup + "__parent"
        return height

    def matching_name(self, text):
        """Organizations whose full or short name equals `text`, ignoring case and spaces."""
        cleaned = " ".join(text.split())
        return self.filter(Q(name__iexact=cleaned) | Q(short_name__iexact=cleaned))


class Organization(models.Model):
    name = models.CharField(_("полное наименование"), max_length=500)
    short_name = models.CharField(_("краткое наименование"), max_length=200, blank=True)
    kind = models.CharField(_("тип"), max_length=20, choices=OrganizationKind.choices)
    municipality = models.CharField(_("муниципальное образование"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("вышестоящая организация"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    head_name = models.CharField(_("ФИО руководителя"), max_length=200, blank=True)
    email = models.EmailField(_("электронная почта"), blank=True)
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    website = models.URLField(_("сайт"), blank=True)
    is_active = models.BooleanField(_("действует"), default=True)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("организация")
        verbose_name_plural = _("организации")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="organization_unique_name_within_parent"
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="organization_not_own_parent"
            ),
        ]
        indexes = [models.Index(fields=["kind", "is_active"])]

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("organizations:detail", args=[self.pk])

    @property
    def is_educational(self):
        return self.kind in EDUCATIONAL_KINDS


class OrganizationAction(models.TextChoices):
    CREATED = "created", _("Добавлена")
    CHANGED = "changed", _("Изменены сведения")
    MOVED = "moved", _("Перенесена в другую вышестоящую организацию")
    DEACTIVATED = "deactivated", _("Закрыта")
    REACTIVATED = "reactivated", _("Снова действует")


class OrganizationEvent(models.Model):
    """One change of an organization: who, when, which fields from what to what."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("организация"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("когда"), default=timezone.now)
    action = models.CharField(_("действие"), max_length=20, choices=OrganizationAction.choices)
    # [[field name, value before, value after], ...] as shown at the time of the change.
    changes = models.JSONField(_("изменения"), default=list, blank=True)

    class Meta:
        verbose_name = _("изменение организации")
        verbose_name_plural = _("история организаций")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organization", "at"], name="organization_event_at")]

    def __str__(self):
        return f"{self.organization} {self.get_action_display()} {self.at:%d.%m.%Y %H:%M}"

    def change_rows(self):
        """(field label, before, after) for the page; labels in the current language."""
        rows = []
        for name, before, after in self.changes:
            try:
                label = Organization._meta.get_field(name).verbose_name
            except FieldDoesNotExist:  # a field removed since: show its name
                label = name
            rows.append((label, before, after))
        return rows
