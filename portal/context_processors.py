from portal.display import Display


def display(request):
    """The display switches for <html class="…">; reads a cookie, never the database."""
    return {"display": Display.from_request(request)}
