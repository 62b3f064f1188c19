"""/zoeken/: one search box over buildings, activities and news (the query logic is in portal.search)."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from portal import search as selectors

PER_PAGE = 20


@require_GET
def search(request):
    query = selectors.clean_query(request.GET.get("q"))
    page_obj = None
    all_words = True
    if query:
        found = selectors.search_pages(query=query)
        all_words = found.all_words
        page_obj = Paginator(found.results, PER_PAGE).get_page(request.GET.get("pagina"))
        page_obj.object_list = selectors.search_hits(pages=page_obj.object_list)
    return TemplateResponse(
        request,
        "portal/search.html",
        {"query": query, "page_obj": page_obj, "all_words": all_words},
    )
