from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
def home(request):
    return render(request, "home.html", {})


@never_cache
@require_GET
def healthz(request):
    """Tell a load balancer whether this process can serve pages, which needs the database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def robots_txt(request):
    return render(request, "robots.txt", {}, content_type="text/plain")


def page_not_found(request, exception):
    return render(request, "404.html", {}, status=404)


def server_error(request):
    # Rendered without a request context: nothing here may touch the database, which may be
    # the very thing that failed.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
