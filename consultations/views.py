"""The pages of a consultation (routes of `ConsultationPage`): answer online, one question per screen; enter a
paper ballot; and the short address on the paper ballot's QR code. Every rule is in services and selectors."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.core import get_usage
from wagtail.models import Page

from consultations import permissions, selectors, services
from consultations.forms import BallotCodeForm, PaperBallotForm, QuestionForm
from consultations.models import BallotChannel, ConsultationPage
from portal.models import Home
from portal.permissions import verified_home_of

DRAFT_KEY = "consultation-{pk}-draft"
CODE_HOME_KEY = "consultation-{pk}-home"
PAPER_HOME_KEY = "consultation-{pk}-paper-home"


def _code_tries_left(request, *, increment: bool) -> bool:
    """Wrong codes are limited per address (online) and per account (paper entry), as for the homes' codes."""
    limits = [("ballot-code-ip", "ip", settings.PORTAL_HOME_CODE_TRIES_PER_IP_PER_HOUR)]
    if request.user.is_authenticated:
        limits.append(("ballot-code-user", "user", settings.PORTAL_HOME_CODE_TRIES_PER_IP_PER_HOUR))
    left = True
    for group, key, per_hour in limits:
        usage = get_usage(request, group=group, key=key, rate=f"{per_hour}/h", increment=increment)
        if usage is not None and usage["count"] >= usage["limit"]:
            left = False
    return left


WRONG_CODE = _lazy(
    "Deze code hoort niet bij deze raadpleging. Kijk de code op het formulier nog eens na: rechtsboven, 8 tekens."
)
TOO_MANY_TRIES = _lazy(
    "Te vaak een verkeerde code. Probeer het over een uur opnieuw, of lever het formulier op papier in."
)


def _home_from_code(request, page: ConsultationPage, form: BallotCodeForm) -> Home | None:
    """The home of the code in a valid `form`, or None with the reason added to the form (wrong tries limited)."""
    if not _code_tries_left(request, increment=False):
        form.add_error("code", TOO_MANY_TRIES)
        return None
    home = selectors.home_for_code(consultation=page, typed=form.cleaned_data["code"])
    if home is None:
        _code_tries_left(request, increment=True)
        form.add_error("code", WRONG_CODE)
    return home


def answering_home(request, page: ConsultationPage) -> Home | None:
    """The home this visitor answers for: their verified home, or the home of the paper ballot's code they used."""
    home = verified_home_of(request.user)
    if permissions.home_asked(consultation=page, home=home):
        return home
    home_id = request.session.get(CODE_HOME_KEY.format(pk=page.pk))
    if home_id:
        home = Home.objects.filter(pk=home_id).first()
        if permissions.home_asked(consultation=page, home=home):
            return home
    return None


def page_context(request, page: ConsultationPage) -> dict:
    """What the consultation's own page shows this visitor."""
    home = answering_home(request, page)
    ballot = selectors.ballot_of_home(consultation=page, home=home) if home else None
    return {
        "is_open": selectors.consultation_is_open(consultation=page),
        "is_closed": selectors.consultation_is_closed(consultation=page),
        "results": selectors.consultation_results(consultation=page),
        "buildings": selectors.consultation_buildings(consultation=page),
        "home": home,
        "ballot": ballot,
        "can_enter_paper": permissions.can_enter_paper_ballots(request.user, page),
    }


def _questions(page):
    return list(page.questions.all())


def _draft(request, page, home) -> dict[str, list[str]]:
    key = DRAFT_KEY.format(pk=page.pk)
    draft = request.session.get(key)
    if draft is None or draft.get("home") != home.pk:
        ballot = selectors.ballot_of_home(consultation=page, home=home)
        answers: dict[str, list[str]] = {}
        if ballot:
            for choice in ballot.choices.all():
                answers.setdefault(str(choice.question_id), []).append(choice.value)
        draft = {"home": home.pk, "answers": answers}
        request.session[key] = draft
    return draft["answers"]


def _draft_save(request, page, home, answers):
    request.session[DRAFT_KEY.format(pk=page.pk)] = {"home": home.pk, "answers": answers}


@never_cache
def answer(request, page: ConsultationPage, step: int = 1):
    """Answer online: one question per screen, then a summary to check and send. Changeable until it closes."""
    if not selectors.consultation_is_open(consultation=page):
        messages.info(request, _("Deze raadpleging is gesloten; antwoorden kan niet meer."))
        return redirect(page.url)
    home = answering_home(request, page)
    if home is None:
        return render(request, "consultations/answer_who.html", {"page": page, "form": BallotCodeForm()})
    questions = _questions(page)
    answers = _draft(request, page, home)
    if step < 1 or step > len(questions) + 1:
        raise Http404
    base = page.url + page.reverse_subpage("answer")

    if step == len(questions) + 1:
        missing = next((n for n, q in enumerate(questions, 1) if str(q.pk) not in answers), None)
        if missing is not None:
            return redirect(f"{base}{missing}/")
        if request.method == "POST":
            try:
                services.ballot_submit(
                    consultation=page,
                    home=home,
                    answers={int(pk): values for pk, values in answers.items()},
                    channel=BallotChannel.ONLINE,
                    by=request.user if request.user.is_authenticated else None,
                )
            except services.BallotError as error:
                messages.error(request, str(error))
                return redirect(page.url)
            request.session.pop(DRAFT_KEY.format(pk=page.pk), None)
            messages.success(
                request,
                _("Dank u wel. Het antwoord van uw woning is opgeslagen. U kunt het wijzigen tot en met %(date)s.")
                % {"date": formats.date_format(page.closes_on, "l j F")},
            )
            return redirect(page.url)
        summary = [
            {
                "number": number,
                "question": question,
                "labels": [label for value, label in question.options() if value in answers.get(str(question.pk), [])],
                "change_url": f"{base}{number}/",
            }
            for number, question in enumerate(questions, start=1)
        ]
        return render(
            request,
            "consultations/answer_check.html",
            {"page": page, "home": home, "summary": summary, "total": len(questions)},
        )

    question = questions[step - 1]
    initial = answers.get(str(question.pk), [])
    form = QuestionForm(
        request.POST if request.method == "POST" else None,
        question=question,
        initial={"answer": initial if question.allows_several else (initial[0] if initial else None)},
    )
    if request.method == "POST" and form.is_valid():
        answers[str(question.pk)] = form.values()
        _draft_save(request, page, home, answers)
        return redirect(f"{base}{step + 1}/")
    return render(
        request,
        "consultations/answer_question.html",
        {
            "page": page,
            "home": home,
            "form": form,
            "step": step,
            "total": len(questions),
            "back_url": f"{base}{step - 1}/" if step > 1 else page.url,
        },
    )


@never_cache
def answer_with_code(request, page: ConsultationPage):
    """The code of the paper ballot, typed or from its QR code: lets this browser answer for that home."""
    if not selectors.consultation_is_open(consultation=page):
        messages.info(request, _("Deze raadpleging is gesloten; antwoorden kan niet meer."))
        return redirect(page.url)
    data = (
        request.POST if request.method == "POST" else ({"code": request.GET["code"]} if "code" in request.GET else None)
    )
    form = BallotCodeForm(data)
    if data is not None and form.is_valid():
        if not _code_tries_left(request, increment=False):
            form.add_error(
                "code",
                _("Te vaak een verkeerde code. Probeer het over een uur opnieuw, of lever het formulier op papier in."),
            )
        else:
            home = selectors.home_for_code(consultation=page, typed=form.cleaned_data["code"])
            if home is None:
                _code_tries_left(request, increment=True)
                form.add_error(
                    "code", _("Deze code hoort niet bij deze raadpleging. Kijk de code op het formulier nog eens na.")
                )
            else:
                request.session.cycle_key()
                request.session[CODE_HOME_KEY.format(pk=page.pk)] = home.pk
                return redirect(page.url + page.reverse_subpage("answer"))
    return render(request, "consultations/answer_who.html", {"page": page, "form": form})


@never_cache
def paper(request, page: ConsultationPage):
    """A committee member or staff enters paper ballots: the code first, then what the home ticked."""
    if not permissions.can_enter_paper_ballots(request.user, page):
        raise Http404
    if not selectors.consultation_is_open(consultation=page):
        messages.info(request, _("Deze raadpleging is gesloten; er kunnen geen formulieren meer bij."))
        return redirect(page.url)
    key = PAPER_HOME_KEY.format(pk=page.pk)
    home = Home.objects.filter(pk=request.session.get(key)).select_related("building").first()
    if home is None or request.GET.get("opnieuw"):
        request.session.pop(key, None)
        form = BallotCodeForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            home = _home_from_code(request, page, form)
            if home is not None:
                request.session[key] = home.pk
                return redirect(page.url + page.reverse_subpage("paper"))
        return render(request, "consultations/paper_code.html", {"page": page, "form": form})

    questions = _questions(page)
    existing = selectors.ballot_of_home(consultation=page, home=home)
    initial = {}
    if existing:
        for question in questions:
            values = [c.value for c in existing.choices.all() if c.question_id == question.pk]
            initial[f"q{question.pk}"] = values if question.allows_several else (values[0] if values else None)
    form = PaperBallotForm(request.POST if request.method == "POST" else None, questions=questions, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.ballot_submit(
                consultation=page, home=home, answers=form.answers(), channel=BallotChannel.PAPER, by=request.user
            )
        except services.BallotError as error:
            form.add_error(None, str(error))
        else:
            request.session.pop(key, None)
            messages.success(
                request,
                _("Ingevoerd: het formulier van %(home)s. U kunt het volgende formulier invoeren.")
                % {"home": home.address},
            )
            return redirect(page.url + page.reverse_subpage("paper"))
    return render(
        request,
        "consultations/paper_ballot.html",
        {"page": page, "home": home, "form": form, "existing": existing},
    )


def short_link(request, page_id: int):
    """/raadpleging/<id>/?code=…: the address in the paper ballot's QR code, short enough to type."""
    page = Page.objects.live().filter(pk=page_id).type(ConsultationPage).first()
    if page is None:
        raise Http404
    page = page.specific
    target = page.url + page.reverse_subpage("answer_with_code")
    if "code" in request.GET:
        from urllib.parse import urlencode

        target += "?" + urlencode({"code": request.GET["code"][:20]})
    return redirect(target)


@never_cache
def no_more_email(request, token: str):
    """The link in a consultation e-mail: one press stops these e-mails, without logging in."""
    from consultations.tokens import opt_out_user_id
    from portal.models import User

    user = User.objects.filter(pk=opt_out_user_id(token)).first()
    if user is None:
        raise Http404
    done = False
    if request.method == "POST":
        services.invitations_choose(user=user, wanted=False)
        done = True
    return render(request, "consultations/no_more_email.html", {"done": done})


@login_required
@require_POST
def invitations_choice(request):
    """On /mijn/: e-mail about consultations on or off."""
    wanted = request.POST.get("wanted") == "1"
    services.invitations_choose(user=request.user, wanted=wanted)
    messages.success(
        request,
        _("U krijgt weer e-mail over raadplegingen.") if wanted else _("U krijgt geen e-mail meer over raadplegingen."),
    )
    return redirect("my_page")
