"""The services a handler or route may use, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from csms.db.database import Database
from csms.services.accounts import AccountService
from csms.services.audit import AuditService
from csms.services.authorization import AuthorizationService
from csms.services.billing import BillingService
from csms.services.cdrs import CdrService
from csms.services.clock import Clock
from csms.services.customers import CustomerService
from csms.services.groups import GroupService
from csms.services.invitations import InvitationService
from csms.services.invoices import InvoiceService
from csms.services.locations import GridService, LocationService
from csms.services.mail import MailService, SmtpConfig
from csms.services.network import OperatorService
from csms.services.plans import PlanService
from csms.services.reports import ReportService
from csms.services.statements import StatementService
from csms.services.station_registry import StationRegistryService
from csms.services.stations import StationService
from csms.services.tariffs import TariffService
from csms.services.tenants import TenantService
from csms.services.tickets import TicketService
from csms.services.tokens import TokenService
from csms.services.transaction_history import TransactionHistoryService
from csms.services.transactions import TransactionService
from csms.services.users import UserService


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
    station_registry: StationRegistryService
    transaction_history: TransactionHistoryService
    tariffs: TariffService
    plans: PlanService
    cdrs: CdrService
    tenants: TenantService
    invitations: InvitationService
    users: UserService
    customers: CustomerService
    tickets: TicketService
    audit: AuditService
    billing: BillingService
    invoices: InvoiceService
    statements: StatementService
    reports: ReportService
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
        transactions = TransactionService(db, clock)
        invitations = InvitationService(db, clock, mail)
        return cls(
            db=db,
            clock=clock,
            stations=StationService(db, clock),
            authorization=AuthorizationService(db, clock),
            transactions=transactions,
            mail=mail,
            accounts=AccountService(db, clock, invitations),
            tokens=TokenService(db, clock),
            station_registry=StationRegistryService(db),
            transaction_history=TransactionHistoryService(db),
            tariffs=TariffService(db, clock),
            plans=PlanService(db, clock),
            cdrs=CdrService(db, transactions.pricing),
            tenants=TenantService(db, clock),
            invitations=invitations,
            users=UserService(db, clock, invitations),
            customers=CustomerService(db),
            tickets=TicketService(db, mail),
            audit=AuditService(db),
            billing=BillingService(db, clock),
            invoices=InvoiceService(db, clock),
            statements=StatementService(db, clock),
            reports=ReportService(db),
            operators=OperatorService(db),
            locations=LocationService(db),
            grids=GridService(db),
            groups=GroupService(db),
            heartbeat_interval=heartbeat_interval,
            boot_retry_interval=boot_retry_interval,
        )
