from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def job_list(request):
    return render(request, "jobs/job_list.html", {})
