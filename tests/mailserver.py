"""A real SMTP server on loopback (aiosmtpd) that a test can stop and start again on the same port."""

from __future__ import annotations

import socket
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    """Collects what it receives; `messages` are parsed e-mails, `envelopes` who they were sent to."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.received: list[tuple[list[str], bytes]] = []
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.received.append((list(envelope.rcpt_tos), bytes(envelope.original_content or envelope.content)))
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return [message_from_bytes(raw, policy=policy.default) for _rcpt, raw in self.received]

    def subjects(self) -> list[str]:
        return [str(message["Subject"]) for message in self.messages]

    def wait_for(self, count: int, *, timeout: float = 30.0) -> list[EmailMessage]:
        """Poll until at least `count` messages arrived (or the deadline passed); returns what arrived."""
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages

    def settings(self) -> dict:
        """Django e-mail settings that deliver to this server."""
        return {
            "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_TIMEOUT": 5,
        }
