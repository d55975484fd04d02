from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from govcx.api.urls import api
from govcx.collection.widget import widget_script

urlpatterns = [
    path("", include("govcx.public.urls")),
    path("", include("govcx.standards.urls")),
    path("s/", include("govcx.collection.urls")),
    path("w/<uuid:public_id>.js", widget_script, name="widget_script"),
    path("staff/", include("govcx.staff.urls")),
    path("staff/", include("govcx.comments.urls")),
    path("", include("govcx.insights.urls")),
    path("", include("govcx.reporting.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
