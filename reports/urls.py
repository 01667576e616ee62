from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    # h10b: the dashboard, the annual report and its exports
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("dashboard/obligations/", views.obligation_list, name="obligations"),
    path("annual/", views.annual_report, name="annual"),
    path("annual/note/", views.save_note, name="annual_note"),
    path("annual/details/", views.save_details, name="annual_details"),
    path("annual/download/<slug:kind>/", views.download, name="annual_download"),
]
