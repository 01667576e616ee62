from django.urls import path

from . import views
from .views import package, returns

app_name = "reports"
urlpatterns = [
    # h10b: the dashboard, the annual report and its exports
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("dashboard/obligations/", views.obligation_list, name="obligations"),
    path("annual/", views.annual_report, name="annual"),
    # The year's indicator return (h10a).
    path("returns/", returns.my_return, name="my_return"),
    path("returns/<int:year>/", returns.return_list, name="returns"),
    path("returns/<int:year>/mine/", returns.my_return, name="my_return_for_year"),
    path("returns/<int:year>/<int:organization_id>/", returns.return_detail, name="return"),
    path("returns/review/<int:pk>/", returns.return_review, name="return_review"),
    path("returns/by-id/<int:pk>/", returns.return_by_id, name="return_by_id"),
    # The local-act package (h10a).
    path("package/", package.package_page, name="my_package"),
    path("package/<int:year>/", package.package_page, name="package"),
    path("package/settings/", package.package_settings, name="package_settings"),
    path("package/settings/save/", package.package_settings_save, name="package_settings_save"),
]
