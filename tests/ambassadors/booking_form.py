"""The public booking form as a visitor fills it in: its address and its fields (tests of the visitor side)."""


def book_url(building, slot):
    return f"/rondleidingen/{building.slug}/boeken/?tijd={slot.key}"


def form_data(slot, **overrides):
    data = {
        "tijd": slot.key,
        "name": "Marijke Smit",
        "email": "marijke@example.net",
        "phone": "06 12345678",
        "party_size": "2",
        "language": "nl",
        "website": "",
        "request_key": "a" * 32,
    }
    data.update(overrides)
    return data
