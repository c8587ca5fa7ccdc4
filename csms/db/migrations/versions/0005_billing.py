"""tariffs, CDRs, invoices, plans and statements

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 19:23:31.816395
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "billing_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("asset_kind", sa.String(length=8), nullable=False),
        sa.Column("monthly_price", sa.Numeric(precision=12, scale=4), nullable=False),
        sa.Column("vat_rate", sa.Numeric(precision=7, scale=4), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_billing_plans_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_plans")),
        sa.UniqueConstraint("tenant_id", "ref", name=op.f("uq_billing_plans_tenant_id")),
    )
    op.create_table(
        "billing_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("invoices", sa.Integer(), nullable=False),
        sa.Column("cdrs", sa.Integer(), nullable=False),
        sa.Column("total_excl_vat", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_billing_runs_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_runs")),
        sa.UniqueConstraint("tenant_id", "period", name=op.f("uq_billing_runs_tenant_id")),
    )
    op.create_table(
        "invoice_counters",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("series", sa.String(length=16), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_invoice_counters_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "series", name=op.f("pk_invoice_counters")),
    )
    op.create_table(
        "enterprise_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("price_per_asset", sa.Numeric(precision=12, scale=4), nullable=False),
        sa.Column("vat_rate", sa.Numeric(precision=7, scale=4), nullable=False),
        sa.Column("public_charging", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_enterprise_plans_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_enterprise_plans_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enterprise_plans")),
        sa.UniqueConstraint("account_id", name=op.f("uq_enterprise_plans_account_id")),
    )
    op.create_table(
        "service_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("revenue_share_pct", sa.Numeric(precision=7, scale=4), nullable=False),
        sa.Column("fixed_fee", sa.Numeric(precision=12, scale=4), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_service_plans_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_service_plans_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_plans")),
        sa.UniqueConstraint("account_id", name=op.f("uq_service_plans_account_id")),
    )
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=32), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.Column("energy_kwh", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("revenue_excl_vat", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("share_pct", sa.Numeric(precision=7, scale=4), nullable=False),
        sa.Column("share_amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("fees", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("total_excl_vat", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_statements_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["operators.id"],
            name=op.f("fk_statements_operator_id_operators"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_statements_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statements")),
        sa.UniqueConstraint(
            "tenant_id", "kind", "subject", "period", name=op.f("uq_statements_tenant_id")
        ),
    )
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("asset_kind", sa.String(length=8), nullable=False),
        sa.Column("asset_ref", sa.String(length=255), nullable=False),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_subscriptions_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["billing_plans.id"], name=op.f("fk_subscriptions_plan_id_billing_plans")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_subscriptions_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
    )
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.create_index("ix_subscriptions_account", ["account_id"], unique=False)

    op.create_table(
        "tariffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("owner_account_id", sa.Integer(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("elements", sa.JSON(), nullable=False),
        sa.Column("min_price_excl_vat", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("min_price_incl_vat", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("max_price_excl_vat", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("max_price_incl_vat", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_account_id"],
            ["accounts.id"],
            name=op.f("fk_tariffs_owner_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_tariffs_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tariffs")),
        sa.UniqueConstraint("tenant_id", "ref", "version", name=op.f("uq_tariffs_tenant_id")),
    )
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=True),
        sa.Column("series", sa.String(length=16), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("requires_approval", sa.Boolean(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total_excl_vat", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("total_vat", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("total_incl_vat", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("corrects_invoice_id", sa.Integer(), nullable=True),
        sa.Column("billing_run_id", sa.Integer(), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_invoices_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["approved_by"],
            ["users.id"],
            name=op.f("fk_invoices_approved_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["billing_run_id"],
            ["billing_runs.id"],
            name=op.f("fk_invoices_billing_run_id_billing_runs"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["corrects_invoice_id"],
            ["invoices.id"],
            name=op.f("fk_invoices_corrects_invoice_id_invoices"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_invoices_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoices")),
        sa.UniqueConstraint(
            "tenant_id", "account_id", "period", "kind", name=op.f("uq_invoices_period")
        ),
        sa.UniqueConstraint("tenant_id", "series", "number", name=op.f("uq_invoices_number")),
    )
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.create_index("ix_invoices_account", ["account_id", "id"], unique=False)

    op.create_table(
        "home_reimbursements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.String(length=48), nullable=False),
        sa.Column("employer_account_id", sa.Integer(), nullable=False),
        sa.Column("employee_account_id", sa.Integer(), nullable=False),
        sa.Column("tariff_ref", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_account_id"],
            ["accounts.id"],
            name=op.f("fk_home_reimbursements_employee_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["employer_account_id"],
            ["accounts.id"],
            name=op.f("fk_home_reimbursements_employer_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["stations.id"],
            name=op.f("fk_home_reimbursements_station_id_stations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_home_reimbursements_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_home_reimbursements")),
        sa.UniqueConstraint("station_id", name=op.f("uq_home_reimbursements_station_id")),
    )
    op.create_table(
        "cdrs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=True),
        sa.Column("transaction_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("id_token", sa.String(length=255), nullable=True),
        sa.Column("station_id", sa.String(length=48), nullable=False),
        sa.Column("evse_id", sa.Integer(), nullable=False),
        sa.Column("connector_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("payer_account_id", sa.Integer(), nullable=True),
        sa.Column("payee_account_id", sa.Integer(), nullable=True),
        sa.Column("tariff_ref", sa.String(length=64), nullable=True),
        sa.Column("tariff_version", sa.Integer(), nullable=True),
        sa.Column("tariff_source", sa.String(length=16), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("energy_kwh", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("charging_hours", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("parking_hours", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("periods", sa.JSON(), nullable=False),
        sa.Column("dimensions", sa.JSON(), nullable=False),
        sa.Column("total_excl_vat", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("total_vat", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("total_incl_vat", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["corrects_id"], ["cdrs.id"], name=op.f("fk_cdrs_corrects_id_cdrs")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_cdrs_location_id_locations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["operators.id"],
            name=op.f("fk_cdrs_operator_id_operators"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["payee_account_id"],
            ["accounts.id"],
            name=op.f("fk_cdrs_payee_account_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["payer_account_id"],
            ["accounts.id"],
            name=op.f("fk_cdrs_payer_account_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_cdrs_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["transaction_id"],
            ["transactions.id"],
            name=op.f("fk_cdrs_transaction_id_transactions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cdrs")),
        sa.UniqueConstraint("transaction_id", "seq", name=op.f("uq_cdrs_transaction_id")),
    )
    with op.batch_alter_table("cdrs", schema=None) as batch_op:
        batch_op.create_index("ix_cdrs_tenant_end", ["tenant_id", "ended_at"], unique=False)

    op.create_table(
        "invoice_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("cdr_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("unit_price", sa.Numeric(precision=12, scale=4), nullable=True),
        sa.Column("vat_rate", sa.Numeric(precision=7, scale=4), nullable=True),
        sa.Column("amount_excl_vat", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("vat", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("amount_incl_vat", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.ForeignKeyConstraint(["cdr_id"], ["cdrs.id"], name=op.f("fk_invoice_lines_cdr_id_cdrs")),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoices.id"],
            name=op.f("fk_invoice_lines_invoice_id_invoices"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_lines")),
        sa.UniqueConstraint("cdr_id", name=op.f("uq_invoice_lines_cdr_id")),
    )
    with op.batch_alter_table("invoice_lines", schema=None) as batch_op:
        batch_op.create_index("ix_invoice_lines_invoice", ["invoice_id", "position"], unique=False)

    with op.batch_alter_table("locations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tariff_ref", sa.String(length=64), nullable=True))

    with op.batch_alter_table("operators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tariff_ref", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("commission_pct", sa.Numeric(precision=7, scale=4), nullable=True)
        )
        batch_op.add_column(
            sa.Column("commission_fixed_fee", sa.Numeric(precision=12, scale=4), nullable=True)
        )
        batch_op.add_column(
            sa.Column("commission_per_kwh", sa.Numeric(precision=12, scale=4), nullable=True)
        )

    with op.batch_alter_table("stations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tariff_ref", sa.String(length=64), nullable=True))

    with op.batch_alter_table("transactions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tariff_ref", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("tariff_version", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("running_cost", sa.Numeric(precision=12, scale=2), nullable=True)
        )
        batch_op.add_column(sa.Column("idle_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("transactions", schema=None) as batch_op:
        batch_op.drop_column("idle_at")
        batch_op.drop_column("running_cost")
        batch_op.drop_column("tariff_version")
        batch_op.drop_column("tariff_ref")

    with op.batch_alter_table("stations", schema=None) as batch_op:
        batch_op.drop_column("tariff_ref")

    with op.batch_alter_table("operators", schema=None) as batch_op:
        batch_op.drop_column("commission_per_kwh")
        batch_op.drop_column("commission_fixed_fee")
        batch_op.drop_column("commission_pct")
        batch_op.drop_column("tariff_ref")

    with op.batch_alter_table("locations", schema=None) as batch_op:
        batch_op.drop_column("tariff_ref")

    with op.batch_alter_table("invoice_lines", schema=None) as batch_op:
        batch_op.drop_index("ix_invoice_lines_invoice")

    op.drop_table("invoice_lines")
    with op.batch_alter_table("cdrs", schema=None) as batch_op:
        batch_op.drop_index("ix_cdrs_tenant_end")

    op.drop_table("cdrs")
    op.drop_table("home_reimbursements")
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_index("ix_invoices_account")

    op.drop_table("invoices")
    op.drop_table("tariffs")
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_index("ix_subscriptions_account")

    op.drop_table("subscriptions")
    op.drop_table("statements")
    op.drop_table("service_plans")
    op.drop_table("enterprise_plans")
    op.drop_table("invoice_counters")
    op.drop_table("billing_runs")
    op.drop_table("billing_plans")
