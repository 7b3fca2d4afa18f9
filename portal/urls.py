"""Root URL configuration: the home page and the admin. Apps add their own includes here."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import path

from portal import views

admin.site.site_header = "部门预算公开 管理"
admin.site.site_title = "部门预算公开"

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]
