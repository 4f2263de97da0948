from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def guide_list(request):
    return render(request, "guides/guide_list.html", {})
