"""A lean WebSocket client (RFC 6455) for ten thousand stations in one process.

The `websockets` client costs about 13 KiB per connection plus a reader task; this one is an
``asyncio.Protocol`` with slots that parses frames as bytes arrive and hands each text
message to a callback, so an idle connection costs its transport and a few hundred bytes.
It speaks what OCPP-J needs: the upgrade handshake with a subprotocol and Basic auth, text
messages (fragmented or not), ping/pong and the closing handshake, over TCP or TLS.
Compression (permessage-deflate) is not offered; a fleet that asks for it uses `websockets`.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import ssl
import struct
from collections.abc import Callable
from typing import cast
from urllib.parse import urlsplit

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455 section 1.3
_TEXT, _BINARY, _CONT, _CLOSE, _PING, _PONG = 0x1, 0x2, 0x0, 0x8, 0x9, 0xA
MAX_MESSAGE = 1 << 20  # OCPP messages are small; a bigger one is an attack or a bug


class HandshakeError(ConnectionError):
    """The server did not switch protocols: ``status`` is its HTTP status (401, 404...)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"HTTP {status}: {reason}")
        self.status = status


def _mask(data: bytes, key: bytes) -> bytes:
    """XOR ``data`` with the repeating 4-byte ``key``, as one big integer operation."""
    if not data:
        return data
    repeated = (key * (len(data) // 4 + 1))[: len(data)]
    return (int.from_bytes(data, "big") ^ int.from_bytes(repeated, "big")).to_bytes(
        len(data), "big"
    )


def frame(opcode: int, payload: bytes) -> bytes:
    """One final, masked client frame."""
    head = bytearray([0x80 | opcode])
    n = len(payload)
    if n < 126:
        head.append(0x80 | n)
    elif n < 1 << 16:
        head.append(0x80 | 126)
        head += struct.pack("!H", n)
    else:
        head.append(0x80 | 127)
        head += struct.pack("!Q", n)
    key = os.urandom(4)
    return bytes(head) + key + _mask(payload, key)


class WsClient(asyncio.Protocol):
    """One client connection. ``on_message(text)`` is called for each text message;
    ``closed`` completes when the connection is gone."""

    __slots__ = (
        "_buffer",
        "_early",
        "_fragments",
        "_handshake",
        "_key",
        "_protocol",
        "closed",
        "on_message",
        "subprotocol",
        "transport",
    )

    def __init__(self, key: bytes, protocol: str) -> None:
        loop = asyncio.get_running_loop()
        self._key = key
        self._protocol = protocol
        self._buffer = bytearray()
        self._fragments: bytearray | None = None
        self._handshake: asyncio.Future[None] | None = loop.create_future()
        self.closed: asyncio.Future[None] = loop.create_future()
        # Messages that arrive before the reader takes over (a CALL sent the moment the
        # handshake completes) wait here for it; see take_early().
        self._early: list[str] | None = []
        self.on_message: Callable[[str], None] = self._early.append
        self.subprotocol = ""
        self.transport: asyncio.Transport | None = None

    # -- asyncio.Protocol -------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # A stream connection (the only kind opened here) is given a full Transport.
        self.transport = cast(asyncio.Transport, transport)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._handshake is not None and not self._handshake.done():
            self._handshake.set_exception(exc or ConnectionError("closed during the handshake"))
        if not self.closed.done():
            self.closed.set_result(None)
        self.transport = None

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        if self._handshake is not None and not self._read_handshake():
            return
        self._read_frames()

    # -- handshake --------------------------------------------------------------------------

    def _read_handshake(self) -> bool:
        end = self._buffer.find(b"\r\n\r\n")
        if end < 0:
            if len(self._buffer) > 16384:
                self._fail_handshake(HandshakeError(0, "response headers too long"))
            return False
        head = bytes(self._buffer[:end]).decode("latin-1").split("\r\n")
        del self._buffer[: end + 4]
        future, self._handshake = self._handshake, None
        assert future is not None
        parts = head[0].split(" ", 2)
        status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        accept = base64.b64encode(hashlib.sha1(self._key + _GUID).digest()).decode()
        if status != 101:
            return self._fail(future, HandshakeError(status, parts[2] if len(parts) > 2 else ""))
        if headers.get("sec-websocket-accept") != accept:
            return self._fail(future, HandshakeError(status, "bad Sec-WebSocket-Accept"))
        self.subprotocol = headers.get("sec-websocket-protocol", "")
        if self.subprotocol != self._protocol:
            return self._fail(future, HandshakeError(status, "subprotocol not accepted"))
        future.set_result(None)
        return True

    def _fail(self, future: asyncio.Future[None], error: Exception) -> bool:
        future.set_exception(error)
        self.abort()
        return False

    def _fail_handshake(self, error: Exception) -> None:
        future, self._handshake = self._handshake, None
        if future is not None and not future.done():
            self._fail(future, error)

    # -- frames -----------------------------------------------------------------------------

    def _read_frames(self) -> None:
        buf = self._buffer
        while len(buf) >= 2:
            fin, opcode = buf[0] & 0x80, buf[0] & 0x0F
            masked, n = buf[1] & 0x80, buf[1] & 0x7F
            pos = 2
            if n == 126:
                if len(buf) < 4:
                    return
                (n,) = struct.unpack_from("!H", buf, 2)
                pos = 4
            elif n == 127:
                if len(buf) < 10:
                    return
                (n,) = struct.unpack_from("!Q", buf, 2)
                pos = 10
            if n > MAX_MESSAGE:
                self.close(1009)
                return
            key = b""
            if masked:
                key = bytes(buf[pos : pos + 4])
                pos += 4
            if len(buf) < pos + n:
                return
            payload = bytes(buf[pos : pos + n])
            del buf[: pos + n]
            if masked:
                payload = _mask(payload, key)
            self._on_frame(fin, opcode, payload)
            if self.transport is None:
                return

    def _on_frame(self, fin: int, opcode: int, payload: bytes) -> None:
        if opcode == _PING:
            self._write(frame(_PONG, payload))
        elif opcode == _CLOSE:
            self._write(frame(_CLOSE, payload[:2]))
            if self.transport is not None:
                self.transport.close()
        elif opcode in (_TEXT, _BINARY):
            if fin:
                self._deliver(payload)
            else:
                self._fragments = bytearray(payload)
        elif opcode == _CONT and self._fragments is not None:
            self._fragments += payload
            if len(self._fragments) > MAX_MESSAGE:
                self.close(1009)
            elif fin:
                message, self._fragments = bytes(self._fragments), None
                self._deliver(message)

    def take_early(self) -> list[str]:
        """The messages that came before ``on_message`` was set (once)."""
        early, self._early = self._early or [], None
        return early

    def _deliver(self, payload: bytes) -> None:
        try:
            text = payload.decode()
        except UnicodeDecodeError:
            self.close(1007)
            return
        self.on_message(text)

    # -- sending ----------------------------------------------------------------------------

    def _write(self, data: bytes) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(data)

    def send(self, text: str) -> None:
        """Queue a text message (raises ConnectionError when the connection is gone)."""
        if self.transport is None or self.transport.is_closing():
            raise ConnectionError("connection closed")
        self.transport.write(frame(_TEXT, text.encode()))

    def close(self, code: int = 1000) -> None:
        """Start the closing handshake; the server closes the TCP connection."""
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(frame(_CLOSE, struct.pack("!H", code)))
            loop = asyncio.get_running_loop()
            loop.call_later(2.0, self.abort)  # a server that never answers the close

    def abort(self) -> None:
        """Drop the connection without a closing handshake (a network failure)."""
        if self.transport is not None:
            self.transport.abort()


async def connect(
    url: str,
    *,
    subprotocol: str,
    headers: dict[str, str] | None = None,
    timeout: float = 30.0,
    local_address: str | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> WsClient:
    """Open ``url`` (ws:// or wss://) with ``subprotocol``; HandshakeError if refused."""
    parts = urlsplit(url)
    secure = parts.scheme == "wss"
    host = parts.hostname or "127.0.0.1"
    port = parts.port or (443 if secure else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    key = base64.b64encode(os.urandom(16))
    loop = asyncio.get_running_loop()
    context = (ssl_context or ssl.create_default_context()) if secure else None
    async with asyncio.timeout(timeout):
        transport, client = await loop.create_connection(
            lambda: WsClient(key, subprotocol),
            host,
            port,
            ssl=context,
            local_addr=(local_address, 0) if local_address else None,
        )
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: {parts.netloc}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key.decode()}",
        "Sec-WebSocket-Version: 13",
        f"Sec-WebSocket-Protocol: {subprotocol}",
        *(f"{name}: {value}" for name, value in (headers or {}).items()),
    ]
    transport.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
    handshake = client._handshake
    assert handshake is not None
    try:
        async with asyncio.timeout(timeout):
            await asyncio.shield(handshake)
    except BaseException:
        # A timeout or cancellation leaves the shielded handshake pending; cancelled, the
        # abort's connection_lost() leaves no exception on it that nobody would retrieve.
        handshake.cancel()
        transport.abort()
        raise
    return client
