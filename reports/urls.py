from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    # h10b: the dashboard, the annual report and its exports
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("dashboard/obligations/", views.obligation_list, name="obligations"),
    path("annual/", views.annual_report, name="annual"),
]
