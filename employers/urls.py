from django.urls import path

from employers import views

app_name = "employers"
urlpatterns = [
    path("", views.for_employers, name="index"),
    path("claim/<slug:slug>/", views.claim, name="claim"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("requests/", views.my_claims, name="claims"),
    path("team/<slug:slug>/", views.team, name="team"),
    path("team/<slug:slug>/remove/<int:pk>/", views.remove, name="remove"),
    path("team/<slug:slug>/invite/", views.invite, name="invite"),
    path(
        "team/<slug:slug>/invitations/<int:pk>/withdraw/",
        views.withdraw_invitation,
        name="withdraw_invitation",
    ),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("team/<slug:slug>/roles/new/", views.new_role, name="new_role"),
    path("team/<slug:slug>/roles/proposals/<int:pk>/", views.edit_proposal, name="edit_role"),
    path("team/<slug:slug>/roles/<int:pk>/change/", views.change_role, name="change_role"),
    path("team/<slug:slug>/roles/<int:pk>/close/", views.close_role, name="close_role"),
    path("team/<slug:slug>/roles/<int:pk>/renew/", views.renew_role, name="renew_role"),
    path("team/<slug:slug>/profile/", views.profile, name="profile"),
    path("team/<slug:slug>/feed/", views.feed, name="feed"),
    path("team/<slug:slug>/feed/disconnect/", views.disconnect_feed, name="disconnect_feed"),
    path("team/<slug:slug>/reviews/", views.reviews, name="reviews"),
    path("team/<slug:slug>/reviews/<int:pk>/answer/", views.answer, name="answer"),
]
