from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .policy import Capability, can

# The main menu: (label, url name, capability). Each role sees only what it may open.
MENU = [
    (_("Моя организация"), "obligations:my_organization", Capability.VIEW_OWN_ORGANIZATION),
    (_("Дорожная карта"), "obligations:my_roadmap", Capability.VIEW_OWN_ORGANIZATION),
    (_("Показатели"), "reports:my_return", Capability.VIEW_OWN_ORGANIZATION),
    (_("Локальные акты"), "reports:my_package", Capability.VIEW_OWN_ORGANIZATION),
    # The office's landing page (home sends staff to their first entry).
    (_("Мониторинг"), "reports:dashboard", Capability.VIEW_STAFF_PAGES),
    (_("Сводка"), "obligations:summary", Capability.VIEW_STAFF_PAGES),
    (_("Проверка"), "obligations:review_queue", Capability.REVIEW_EVIDENCE),
    (_("Матрица"), "obligations:matrix", Capability.VIEW_STAFF_PAGES),
    (_("Показатели"), "reports:my_return", Capability.VIEW_STAFF_PAGES),
    (_("Локальные акты"), "reports:my_package", Capability.VIEW_STAFF_PAGES),
    (_("Дорожные карты"), "roadmap:list", Capability.VIEW_STAFF_PAGES),
    (_("Организации"), "organizations:list", Capability.VIEW_STAFF_PAGES),
    (_("Пользователи"), "people:list", Capability.MANAGE_USERS),
    (_("Эффективность"), "reports:ranking", Capability.COMPUTE_SCORES),
    (_("Импорт"), "roadmap:import", Capability.MANAGE_ROADMAPS),
    (_("Администрирование"), "admin:index", Capability.USE_ADMIN_SITE),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    menu = []
    for label, url_name, capability in MENU:
        if not can(user, capability):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:  # the page belongs to an app not installed in this deployment
            continue
        menu.append({"label": label, "url": url, "active": request.path.startswith(url)})
    return {"menu": menu}
