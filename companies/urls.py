from django.urls import path

from companies import views

app_name = "companies"

urlpatterns = [
    path("", views.company_list, name="list"),
    path("feed/", views.company_feed, name="feed"),
    path("levels/", views.level_map, name="levels"),
    path("compare/", views.compare, name="compare"),
    path("pay/", views.level_pay, name="pay"),
    path("tags/", views.tag_list, name="tags"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
    path("contributions/", views.my_contributions, name="contributions"),
    path("contributions/reviews/<int:pk>/delete/", views.delete_review, name="delete_review"),
    path("contributions/pay/<int:pk>/delete/", views.delete_pay_report, name="delete_pay_report"),
    path(
        "contributions/interviews/<int:pk>/delete/",
        views.delete_interview,
        name="delete_interview",
    ),
    path("<slug:slug>/", views.company_detail, name="detail"),
    path("<slug:slug>/reviews/", views.company_reviews, name="reviews"),
    path("<slug:slug>/reviews/write/", views.write_review, name="write_review"),
    path("<slug:slug>/pay/report/", views.report_pay, name="report_pay"),
    path("<slug:slug>/interviews/write/", views.write_interview, name="write_interview"),
]
