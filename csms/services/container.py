"""The services a handler or route may use, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from csms.db.database import Database
from csms.services.accounts import AccountService
from csms.services.authorization import AuthorizationService
from csms.services.clock import Clock
from csms.services.groups import GroupService
from csms.services.locations import GridService, LocationService
from csms.services.mail import MailService, SmtpConfig
from csms.services.network import OperatorService
from csms.services.stations import StationService
from csms.services.tokens import TokenService
from csms.services.transactions import TransactionService


@dataclass(slots=True)
class Services:
    db: Database
    clock: Clock
    stations: StationService
    authorization: AuthorizationService
    transactions: TransactionService
    mail: MailService
    accounts: AccountService
    tokens: TokenService
    operators: OperatorService
    locations: LocationService
    grids: GridService
    groups: GroupService
    heartbeat_interval: int = 300
    boot_retry_interval: int = 60

    @classmethod
    def build(
        cls,
        db: Database,
        clock: Clock | None = None,
        *,
        heartbeat_interval: int = 300,
        boot_retry_interval: int = 60,
        smtp: SmtpConfig | None = None,
        mail_from: str = "evharness <no-reply@evharness.invalid>",
    ) -> Services:
        clock = clock or Clock()
        mail = MailService(db, clock, smtp, mail_from)
        return cls(
            db=db,
            clock=clock,
            stations=StationService(db, clock),
            authorization=AuthorizationService(db, clock),
            transactions=TransactionService(db, clock),
            mail=mail,
            accounts=AccountService(db, clock, mail),
            tokens=TokenService(db, clock),
            operators=OperatorService(db),
            locations=LocationService(db),
            grids=GridService(db),
            groups=GroupService(db),
            heartbeat_interval=heartbeat_interval,
            boot_retry_interval=boot_retry_interval,
        )
