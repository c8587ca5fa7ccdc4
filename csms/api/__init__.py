"""Admin REST API (FastAPI), served on the same event loop as the OCPP endpoint."""
