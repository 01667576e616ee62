from django.urls import path

from . import edition_views, import_views, views

app_name = "roadmap"
urlpatterns = [
    path("", views.roadmap_list, name="list"),
    path("import/", import_views.roadmap_import, name="import"),
    path("import/preview/", import_views.roadmap_import_preview, name="import_preview"),
    path("<id:pk>/", views.roadmap_detail, name="detail"),
    path("<id:pk>/export.xlsx", views.roadmap_export, name="export"),
    path("<id:pk>/activate/", views.roadmap_activate, name="activate"),
    path("<id:pk>/archive/", views.roadmap_archive, name="archive"),
    path("<id:pk>/carry-over/", edition_views.carry_over, name="carry_over"),
    path("activities/<id:pk>/", views.activity_detail, name="activity"),
    path("deadlines/<id:pk>/", views.deadline_edit, name="deadline_edit"),
    path("parties/<id:pk>/", views.party_edit, name="party_edit"),
]
