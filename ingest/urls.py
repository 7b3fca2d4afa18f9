"""URLs of the staff area, mounted at /manage/ (namespace "ingest")."""

from django.urls import path

from ingest import views

app_name = "ingest"

urlpatterns = [
    path("", views.run_list, name="run_list"),
    path("upload/", views.upload, name="upload"),
    path("audit/", views.audit_list, name="audit_list"),
    path("runs/<int:run_id>/", views.run_detail, name="run_detail"),
    path("runs/<int:run_id>/status/", views.run_status, name="run_status"),
    path("runs/<int:run_id>/page/<int:page>.png", views.run_page_image, name="run_page_image"),
    path("runs/<int:run_id>/publish/", views.publish, name="publish"),
    path("runs/<int:run_id>/unpublish/", views.unpublish, name="unpublish"),
    path("runs/<int:run_id>/discard/", views.discard, name="discard"),
    path("runs/<int:run_id>/restore/", views.restore, name="restore"),
    path("runs/<int:run_id>/retry/", views.retry, name="retry"),
    path("runs/<int:run_id>/identity/", views.identity, name="identity"),
    path("runs/<int:run_id>/review/print/", views.review_print, name="review_print"),
    path("runs/<int:run_id>/review.xlsx", views.review_xlsx, name="review_xlsx"),
    path("runs/<int:run_id>/source/", views.source, name="source"),
]
