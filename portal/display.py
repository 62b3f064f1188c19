"""The display switches (larger text, high contrast): one cookie, read without a query."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

COOKIE_NAME = "weergave"
LARGER_TEXT = "groot"
HIGH_CONTRAST = "contrast"


@dataclass(frozen=True)
class Display:
    larger_text: bool = False
    high_contrast: bool = False

    @classmethod
    def from_request(cls, request) -> Display:
        flags = set(request.COOKIES.get(COOKIE_NAME, "").split("."))
        return cls(larger_text=LARGER_TEXT in flags, high_contrast=HIGH_CONTRAST in flags)

    @property
    def cookie_value(self) -> str:
        return ".".join(
            flag for flag, on in ((LARGER_TEXT, self.larger_text), (HIGH_CONTRAST, self.high_contrast)) if on
        )

    @property
    def css_classes(self) -> str:
        return " ".join(
            name for name, on in (("text-larger", self.larger_text), ("contrast-high", self.high_contrast)) if on
        )

    def set_cookie(self, response) -> None:
        response.set_cookie(
            COOKIE_NAME,
            self.cookie_value,
            max_age=settings.PORTAL_DISPLAY_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
