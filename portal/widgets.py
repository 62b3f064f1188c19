"""Widgets shared by the forms of several apps."""

from django import forms
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# The <option>s of every building, built once per process for one list of choices (`building_options`).
_options_memo: tuple[list, str] | None = None


def _options_html(choices: list[tuple[str, str]]) -> str:
    """The escaped <option>s of `choices`, none selected: built again only when the choices changed."""
    global _options_memo
    memo = _options_memo
    if memo is not None and memo[0] == choices:
        return memo[1]
    html = "".join(f'\n  <option value="{escape(slug)}">{escape(title)}</option>\n' for slug, title in choices)
    _options_memo = (list(choices), html)
    return html


def forget_building_options() -> None:
    global _options_memo
    _options_memo = None


def building_options(selected: str = "", *, choices: list[tuple[str, str]] | None = None) -> SafeString:
    """The <option>s of the building choice (`portal.selectors.building_choices`), `selected` marked.

    With 1,200 buildings a template rendering one option at a time took half of a listing's time; the options
    are one string, built once per list of buildings, and the chosen one is marked by a single replacement.
    """
    if choices is None:
        from portal.selectors import building_choices

        choices = building_choices()
    html = _options_html(choices)
    if selected:
        marker = f'<option value="{escape(selected)}">'
        html = html.replace(marker, marker[:-1] + " selected>", 1)
    return mark_safe(html)  # noqa: S308 - every slug and title is escaped above


class BuildingSelect(forms.Select):
    """A <select> of the buildings whose options come from `building_options`, with the same HTML as Django's
    Select (the empty option first, then the buildings); works without JavaScript like any <select>."""

    template_name = "portal/widgets/building_select.html"

    def get_context(self, name, value, attrs):
        # Widget.get_context, not ChoiceWidget's: that one renders an option template per building.
        context = forms.Widget.get_context(self, name, value, attrs)
        selected = context["widget"]["value"]
        selected = str(selected[0]) if selected else ""
        choices = list(self.choices)
        blank = [(slug, title) for slug, title in choices[:1] if slug == ""]
        buildings = choices[len(blank) :]
        empty = "".join(
            f'\n  <option value=""{" selected" if not selected else ""}>{escape(title)}</option>\n'
            for _slug, title in blank
        )
        context["widget"]["options"] = mark_safe(empty + building_options(selected, choices=buildings))  # noqa: S308
        return context


class AllBuildingsSelect(forms.Select):
    """A <select> of every live building (`portal.selectors.building_choices`), the empty choice first, for a
    field that holds a building's slug (a CharField: it has no choices). The options are `building_options`,
    one string made once per list of buildings: never the field's choices, which Django normalises one by one
    whenever a form is made (1,200 at the largest corporation: 3 ms of every page with the form, shown or not)."""

    template_name = "portal/widgets/building_select.html"

    def __init__(self, *, empty_label, attrs=None):
        super().__init__(attrs)
        self.empty_label = empty_label

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)
        selected = context["widget"]["value"]
        selected = str(selected[0]) if selected else ""
        empty = format_html(
            '\n  <option value=""{}>{}</option>\n', " selected" if not selected else "", self.empty_label
        )
        context["widget"]["options"] = empty + building_options(selected)
        return context
