from django.urls import path

from . import views

app_name = "obligations"
urlpatterns = [
    path("my/", views.my_organization, name="my_organization"),
    path("roadmap/", views.my_roadmap, name="my_roadmap"),
    path("summary/", views.summary, name="summary"),
    path("summary/summary.xlsx", views.summary, {"download": "summary"}, name="summary_xlsx"),
    path("summary/overdue.xlsx", views.summary, {"download": "overdue"}, name="overdue_xlsx"),
    path("matrix/", views.matrix, name="matrix"),
    path("matrix/matrix.xlsx", views.matrix, {"download": True}, name="matrix_xlsx"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/queue.xlsx", views.review_queue, {"download": True}, name="review_queue_xlsx"),
    path("review/accept/", views.bulk_accept, name="bulk_accept"),
    path("review/next/", views.review_next, name="review_next"),
    path("progress/", views.bulk_progress, name="bulk_progress"),
    path("<id:pk>/", views.obligation_detail, name="detail"),
    path("<id:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path(
        "<id:pk>/evidence/<id:evidence_pk>/remove/", views.evidence_remove, name="evidence_remove"
    ),
    path(
        "<id:pk>/evidence/<id:evidence_pk>/file/",
        views.evidence_replace_file,
        name="evidence_replace_file",
    ),
    path("<id:pk>/progress/", views.set_progress, name="set_progress"),
    path("<id:pk>/submit/", views.submit, name="submit"),
    path("<id:pk>/review/", views.review, name="review"),
    path("files/<id:pk>/", views.file_download, name="file"),
    path("organizations/<id:pk>/", views.organization_obligations, name="organization"),
    path(
        "organizations/<id:pk>/obligations.xlsx",
        views.organization_obligations,
        {"download": True},
        name="organization_xlsx",
    ),
    path("organizations/<id:pk>/chase/", views.chase_organization, name="chase_organization"),
    path(
        "organizations/<id:pk>/evidence.zip",
        views.organization_evidence_zip,
        name="organization_zip",
    ),
    path("activities/<id:pk>/chase/", views.chase_activity, name="chase_activity"),
    path("roadmaps/<id:pk>/chase/", views.chase_roadmap, name="chase_roadmap"),
    path("activities/<id:pk>/evidence.zip", views.activity_evidence_zip, name="activity_zip"),
    path("search/", views.search, name="search"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/read/", views.notices_read_all, name="notices_read_all"),
    path("notices/settings/", views.notice_settings, name="notice_settings"),
    path("notices/<id:pk>/", views.notice_open, name="notice_open"),
    path("notices/<id:pk>/read/", views.notice_read, name="notice_read"),
]
