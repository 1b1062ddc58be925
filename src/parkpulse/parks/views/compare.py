"""Park comparison: the page for everyone, the XLSX and PDF downloads for signed-in users
(the PDF costs a second of CPU: not something to hand to every crawler)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import render

from parkpulse.parks import compare, compare_export


def park_compare(request):
    try:
        ids = compare.parse_ids(request.GET.getlist("ids"))
        c = compare.build(ids)
    except compare.CompareError as exc:
        return render(request, "parks/compare.html", {"error": str(exc)}, status=400)
    fmt = request.GET.get("format", "")
    if fmt in ("xlsx", "pdf"):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        stem = "park-comparison-" + "-".join(map(str, ids))
        if fmt == "xlsx":
            response = HttpResponse(
                compare_export.to_xlsx(c),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            response = HttpResponse(compare_export.to_pdf(c, request), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
        return response
    return render(request, "parks/compare.html", {
        "c": c, "rows": c.profile_rows(), "query": urlencode({"ids": ",".join(map(str, ids))}),
    })
