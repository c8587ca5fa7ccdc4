"""OCPP-J endpoint: framing, schema validation, version adapters per functional block."""
