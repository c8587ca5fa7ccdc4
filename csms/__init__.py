"""evharness reference CSMS: OCPP-J 1.6, 2.0.1 and 2.1 over WebSocket, admin API, persistence."""

__version__ = "0.1.0"
