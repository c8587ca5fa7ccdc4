"""Settings of the CSMS: every CLI flag has a default and an EVH_* environment variable."""

from __future__ import annotations

from pathlib import Path

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from csms.domain.station_access import UnknownStationPolicy
from ocppj.schemas import ValidationPolicy


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EVH_", extra="ignore")

    db: str = "sqlite+aiosqlite:///./evharness.db"
    host: str = "127.0.0.1"
    ocpp_port: int = 9000
    http_port: int = 8080
    ocpp_path: str = "/ocpp/"
    # Security profiles 2 and 3 listen only when a certificate is configured.
    tls_port: int = 9443
    mtls_port: int = 9444
    tls_cert: Path | None = None
    tls_key: Path | None = None
    tls_client_ca: Path | None = None
    unknown_stations: UnknownStationPolicy = UnknownStationPolicy.REJECT
    allow_passwordless: bool = False
    heartbeat_interval: int = 300
    boot_retry_interval: int = 60
    call_timeout: float = 30.0
    # How often sessions are checked for the operator's idle time (OP-10), in seconds.
    idle_sweep_interval: float = 60.0
    validation: ValidationPolicy = ValidationPolicy.FULL
    ws_compression: bool = False
    ws_ping_interval: float | None = 60.0
    ws_open_timeout: float = 60.0  # TLS + WebSocket handshake, password check included
    sqlite_synchronous: str = "FULL"
    admin_token: str | None = None
    world: Path | None = None
    # Mail (invitations): without smtp_host, mail is only recorded in the outbox table.
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str = "evharness <no-reply@evharness.invalid>"
    # Base of the links in mails (activation); default http://127.0.0.1:{bound http port}.
    public_url: str | None = None
    log_level: str = "INFO"

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if (self.tls_cert is None) != (self.tls_key is None):
            raise ValueError("tls_cert and tls_key go together")
        if self.tls_client_ca is not None and self.tls_cert is None:
            raise ValueError("tls_client_ca (security profile 3) needs tls_cert and tls_key")
        if self.admin_token is not None and len(self.admin_token) < 24:
            raise ValueError("admin_token must be at least 24 characters")
        if self.sqlite_synchronous.upper() not in {"OFF", "NORMAL", "FULL", "EXTRA"}:
            raise ValueError("sqlite_synchronous is one of OFF, NORMAL, FULL, EXTRA")
        return self
