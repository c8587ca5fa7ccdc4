"""OCPP-J on the wire, shared by the CSMS, the simulator, the conformance harness and the load
tests: framing and RPC errors (rpc), compiled payload schemas (schemas), wire times
(wiretime), versions and their WebSocket subprotocols (versions)."""
