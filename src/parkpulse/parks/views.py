"""Park directory pages."""

from django.shortcuts import get_object_or_404, render

from parkpulse.parks.models import Park


def detail(request, pk):
    park = get_object_or_404(Park, pk=pk)
    return render(request, "parks/detail.html", {"park": park})
