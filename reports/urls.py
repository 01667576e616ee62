from django.urls import path

from . import views
from .views import (
    indicators,
    methodology as methodology_views,
    package,
    returns,
    scores as score_views,
    years,
)

app_name = "reports"
urlpatterns = [
    # h10b: the dashboard, the annual report and its exports
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("dashboard/obligations/", views.obligation_list, name="obligations"),
    path("annual/", views.annual_report, name="annual"),
    path("annual/note/", views.save_note, name="annual_note"),
    path("annual/details/", views.save_details, name="annual_details"),
    path("annual/download/<slug:kind>/", views.download, name="annual_download"),
    # The year's indicator return (h10a).
    path("returns/", returns.my_return, name="my_return"),
    path("returns/<year:year>/", returns.return_list, name="returns"),
    path("returns/<year:year>/mine/", returns.my_return, name="my_return_for_year"),
    path("returns/<year:year>/<id:organization_id>/", returns.return_detail, name="return"),
    path("returns/review/<id:pk>/", returns.return_review, name="return_review"),
    path("returns/by-id/<id:pk>/", returns.return_by_id, name="return_by_id"),
    # The local-act package (h10a).
    path("package/", package.package_page, name="my_package"),
    path("package/<year:year>/", package.package_page, name="package"),
    path("package/settings/", package.package_settings, name="package_settings"),
    path("package/settings/save/", package.package_settings_save, name="package_settings_save"),
    # Reporting years: close, reopen (h10a).
    path("years/", years.year_list, name="years"),
    path("years/<id:office_id>/<year:year>/close/", years.year_close, name="year_close"),
    path("years/<id:office_id>/<year:year>/reopen/", years.year_reopen, name="year_reopen"),
    path(
        "roadmaps/<id:roadmap_id>/first-year/",
        years.first_reporting_year,
        name="roadmap_first_year",
    ),
    # The indicator set, managed by staff (h10a).
    path("indicators/", indicators.indicator_list, name="indicators"),
    path("indicators/add/", indicators.indicator_add, name="indicator_add"),
    path("indicators/<id:pk>/", indicators.indicator_edit, name="indicator_edit"),
    path("indicators/<id:pk>/retire/", indicators.indicator_retire, name="indicator_retire"),
    # h10c: efficiency methodologies, scores and the ranking
    path("methodologies/", methodology_views.methodology_list, name="methodology_list"),
    path("methodologies/new/", methodology_views.methodology_create, name="methodology_create"),
    path("methodologies/<id:pk>/", methodology_views.methodology_detail, name="methodology_detail"),
    path(
        "methodologies/<id:pk>/edit/", methodology_views.methodology_edit, name="methodology_edit"
    ),
    path(
        "methodologies/<id:pk>/blocks/",
        methodology_views.methodology_blocks,
        name="methodology_blocks",
    ),
    path(
        "methodologies/<id:pk>/approve/",
        methodology_views.methodology_approve,
        name="methodology_approve",
    ),
    path(
        "methodologies/<id:pk>/retire/",
        methodology_views.methodology_retire,
        name="methodology_retire",
    ),
    path(
        "methodologies/<id:pk>/new-version/",
        methodology_views.methodology_new_version,
        name="methodology_new_version",
    ),
    path(
        "blocks/<id:block_pk>/criteria/new/",
        methodology_views.criterion_create,
        name="criterion_create",
    ),
    path("criteria/<id:pk>/edit/", methodology_views.criterion_edit, name="criterion_edit"),
    path("criteria/<id:pk>/delete/", methodology_views.criterion_delete, name="criterion_delete"),
    path("scores/", score_views.ranking, name="ranking"),
    path("scores/compute/", score_views.compute, name="compute_scores"),
    path("scores/<id:pk>/", score_views.score_detail, name="score_detail"),
]
