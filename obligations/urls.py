app_name = "obligations"
urlpatterns = []
