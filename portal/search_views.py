"""/zoeken/: one search box over buildings, activities and news (the query logic is in portal.search).

Asked for the caretaker ("huismeester", "wanneer is de huismeester er"), the page answers first with the hours of
the visitor's building: the one in `gebouw` (a building's slug), else their own (profile or cookie).
"""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from portal import page_cache
from portal import search as selectors
from portal.models import BuildingPage
from portal.own_building import own_building
from portal.restrictions import public
from portal.selectors import building_detail

# Ten a page: the best matches fit on a screen or two in large text, and a search that matches every building's
# "Stoelgym" shows as much at 1,200 buildings as at twelve (issue 19); the words narrow it ("stoelgym linde").
PER_PAGE = 10


def _caretaker_answer(request) -> dict | None:
    slug = (request.GET.get("gebouw") or "")[:100]
    building = None
    if slug:
        building = public(BuildingPage.objects.live()).filter(slug=slug).first()
    if building is None:
        building = own_building(request).building
    if building is None:
        return {"building": None}
    detail = building_detail(building=building)
    page_cache.keep_until(request, detail["fresh_until"])  # a stand-in's days begin and end at midnight
    return {"building": building, **detail}


@require_GET
def search(request):
    query = selectors.clean_query(request.GET.get("q"))
    page_obj = None
    all_words = True
    caretaker_answer = None
    if query:
        if selectors.asks_for_caretaker(query):
            caretaker_answer = _caretaker_answer(request)
        # The caretaker's answer is the answer: no guessing at misspellings (and its queries) besides.
        results = selectors.results_page(
            query=query,
            page_number=request.GET.get("pagina"),
            per_page=PER_PAGE,
            fuzzy=caretaker_answer is None,
            render=lambda hits: render_to_string("portal/includes/search_hits.html", {"hits": hits}, request=request),
            variant=(request.get_host(), get_language()),
        )
        all_words = results.all_words
        # The page numbers without the results again: a paginator over the count, showing the kept hits.
        page_obj = Paginator(range(results.count), PER_PAGE).get_page(results.number)
        page_obj.object_list = results.hits
    return TemplateResponse(
        request,
        "portal/search.html",
        {
            "query": query,
            "page_obj": page_obj,
            "hits_html": results.html if query else "",
            "all_words": all_words,
            "caretaker_answer": caretaker_answer,
        },
    )
