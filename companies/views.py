from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def company_list(request):
    return render(request, "companies/company_list.html", {})
