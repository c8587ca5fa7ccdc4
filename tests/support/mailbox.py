"""A real SMTP server for tests: aiosmtpd's Controller on 127.0.0.1 (its own thread and
loop), keeping every message it receives."""

from __future__ import annotations

import asyncio
import re
import socket
from collections.abc import Awaitable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any
from urllib.parse import parse_qs, urlsplit

from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://\S+/activate\?token=\S+")


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        body = self.message.get_body(("plain",))
        assert body is not None
        return body.get_content()

    @property
    def link(self) -> str:
        found = LINK.findall(self.text)
        assert len(found) == 1, self.text
        return found[0]

    @property
    def token(self) -> str:
        return parse_qs(urlsplit(self.link).query)["token"][0]


@dataclass
class Mailbox:
    port: int
    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        return [m for m in self.received if address in m.rcpt_tos]

    def last_to(self, address: str, *, count: int = 1) -> Received:
        """The newest of at least ``count`` mails to ``address``. No waiting: the CSMS hands
        mail to the server before its API call returns, and the server keeps a message
        before it answers 250."""
        received = self.to(address)
        assert len(received) >= count, [m.rcpt_tos for m in self.received]
        return received[-1]


def free_port() -> int:
    """A port free at this moment, for a process that takes it as an option. Another process
    (a second xdist worker too) may take it before that one binds it: where the port can be
    bound here, bind 0 and read it back instead (``smtp_server``, ``refusing_port``)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def refusing_port() -> Iterator[int]:
    """A port on 127.0.0.1 that refuses every connection for as long as the block runs: bound
    by this socket, which never listens, so no other process can start listening on it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield int(s.getsockname()[1])


class _Controller(Controller):
    """aiosmtpd's Controller listening on a port the OS picks (port 0), read back once bound:
    no moment in which another process can take the port (its own ``port`` is bound as is)."""

    async def _listen(self) -> asyncio.AbstractServer:
        server = await self.loop.create_server(
            self._factory_invoker, host=self.hostname, port=0, ssl=self.ssl_context
        )
        self.port = int(server.sockets[0].getsockname()[1])
        return server

    def _create_server(self) -> Awaitable[asyncio.AbstractServer]:
        return self._listen()


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    box = Mailbox(0)
    controller = _Controller(box, hostname="127.0.0.1")
    controller.start()
    box.port = controller.port
    try:
        yield box
    finally:
        controller.stop()
