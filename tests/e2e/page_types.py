"""Which browser journey checks each Wagtail page type with axe.

Every page model (except Wagtail's base `Page`) needs an entry here pointing
at a journey in this folder that opens a page of that type and calls
`audit.check(...)` on it. `test_page_types.py` walks the page models and
fails, naming the model, when a page type has no entry, when an entry points
at a test that does not exist, or when that test runs no axe check.
"""

PAGE_TYPE_JOURNEYS: dict[str, str] = {
    "portal.HomePage": "test_visitor.py::test_visitor_finds_the_caretakers_next_presence",
    "portal.BuildingIndexPage": "test_visitor.py::test_visitor_finds_the_caretakers_next_presence",
    "portal.BuildingPage": "test_visitor.py::test_visitor_finds_the_caretakers_next_presence",
    "committees.CommitteePage": "test_committees.py::test_visitor_reads_the_committees_news",
    "committees.NewsIndexPage": "test_committees.py::test_visitor_reads_the_committees_news",
    "committees.NewsPage": "test_committees.py::test_visitor_reads_the_committees_news",
    "activities.ActivityIndexPage": "test_activities.py::test_visitor_finds_activities_in_list_calendar_and_programme",
    "activities.ActivityPage": "test_activities.py::test_visitor_finds_activities_in_list_calendar_and_programme",
    "consultations.ConsultationPage": "test_consultations.py::test_resident_answers_the_poll_online_keyboard_only",
    "ambassadors.TourIndexPage": "test_tours.py::test_visitor_books_then_cancels_from_the_email_link_keyboard_only",
}
