"""OCPP versions, by their wire names and their WebSocket subprotocols."""

from __future__ import annotations

from enum import StrEnum


class OcppVersion(StrEnum):
    """A version as the wire and the admin API spell it: "1.6", "2.0.1", "2.1"."""

    V16 = "1.6"
    V201 = "2.0.1"
    V21 = "2.1"

    @property
    def subprotocol(self) -> str:
        """The WebSocket subprotocol a connection of this version negotiates."""
        return f"ocpp{self.value}"

    @classmethod
    def parse(cls, text: str) -> OcppVersion:
        """The version named by ``text``, a wire name ("2.0.1") or a subprotocol ("ocpp2.0.1")."""
        try:
            return cls(text.removeprefix("ocpp"))
        except ValueError:
            names = ", ".join(cls)
            raise ValueError(f"unknown OCPP version {text!r}: use {names}") from None


# Every subprotocol we speak, to the version it names.
SUBPROTOCOLS: dict[str, OcppVersion] = {v.subprotocol: v for v in OcppVersion}
