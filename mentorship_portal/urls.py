from django.contrib import admin
from django.urls import include, path, register_converter

from . import views
from .params import IdConverter

register_converter(IdConverter, "id")

admin.site.site_header = "Портал наставничества"
admin.site.site_title = "Портал наставничества"
admin.site.index_title = "Администрирование"

handler400 = "mentorship_portal.views.bad_request"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", views.metrics, name="metrics"),
    path("jobs/", include("jobs.urls")),
    path("accounts/", include("accounts.urls")),
    path("organizations/", include("organizations.urls")),
    path("roadmaps/", include("roadmap.urls")),
    path("obligations/", include("obligations.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
