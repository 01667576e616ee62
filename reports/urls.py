from django.urls import path

from .views import returns

app_name = "reports"
urlpatterns = [
    # The year's indicator return (h10a).
    path("returns/", returns.my_return, name="my_return"),
    path("returns/<int:year>/", returns.return_list, name="returns"),
    path("returns/<int:year>/mine/", returns.my_return, name="my_return_for_year"),
    path("returns/<int:year>/<int:organization_id>/", returns.return_detail, name="return"),
    path("returns/review/<int:pk>/", returns.return_review, name="return_review"),
    path("returns/by-id/<int:pk>/", returns.return_by_id, name="return_by_id"),
]
