from django.urls import path
from django.views.generic import RedirectView

app_name = "staff"
urlpatterns = [
    path("", RedirectView.as_view(url="/admin/"), name="home"),
]
