from django.contrib import admin
from django.urls import include, path, register_converter
from django.utils.translation import gettext_lazy as _

from . import views
from .params import IdConverter, YearConverter

register_converter(IdConverter, "id")
register_converter(YearConverter, "year")

admin.site.site_header = _("Портал наставничества — администрирование")
admin.site.site_title = _("Портал наставничества")
admin.site.index_title = _("Данные портала")

handler400 = "mentorship_portal.views.bad_request"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", views.metrics, name="metrics"),
    path("jobs/", include("jobs.urls")),
    path("accounts/", include("accounts.urls")),
    path("people/", include("accounts.people_urls")),
    path("organizations/", include("organizations.urls")),
    path("roadmaps/", include("roadmap.urls")),
    path("obligations/", include("obligations.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
