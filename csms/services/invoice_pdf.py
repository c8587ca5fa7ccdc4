"""An invoice as a PDF document, rendered with fpdf2 (pure Python, no system libraries).

The PDF shows the tenant (the issuer), the customer, number, date, period, every line with
its VAT, the totals and the currency, and for a credit note the number of the invoice it
corrects. Amounts are printed with exactly two decimals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fpdf import FPDF

from csms.domain.money import CENT

_TITLES = {"debit": "Invoice", "credit": "Credit invoice", "credit_note": "Credit note"}


@dataclass(frozen=True, slots=True)
class PdfLine:
    description: str
    quantity: Decimal
    unit: str
    vat_rate: Decimal | None
    amount_excl_vat: Decimal
    vat: Decimal
    amount_incl_vat: Decimal


@dataclass(frozen=True, slots=True)
class PdfInvoice:
    """Everything printed, already resolved (names, display numbers, local date)."""

    tenant_name: str
    customer_name: str
    customer_address: str | None
    customer_vat_number: str | None
    kind: str
    number: str | None  # None: a draft
    date: date | None
    period: str | None
    status: str
    currency: str
    lines: Sequence[PdfLine]
    total_excl_vat: Decimal
    total_vat: Decimal
    total_incl_vat: Decimal
    corrects_number: str | None = None


def money(amount: Decimal) -> str:
    """Two decimals, always (the amounts are cents already; this only formats)."""
    return f"{amount.quantize(CENT):.2f}"


def _text(value: object) -> str:
    # The core PDF fonts only know Latin-1; anything else prints as "?" rather than failing.
    return str(value).encode("latin-1", "replace").decode("latin-1")


def render(invoice: PdfInvoice) -> bytes:
    """The PDF document of ``invoice``."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_title(_text(f"{_TITLES.get(invoice.kind, 'Invoice')} {invoice.number or 'draft'}"))
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, _text(invoice.tenant_name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 13)
    title = _TITLES.get(invoice.kind, "Invoice")
    pdf.cell(0, 9, _text(f"{title} {invoice.number or '(draft)'}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    facts = [
        ("Customer", invoice.customer_name),
        ("Address", invoice.customer_address),
        ("VAT number", invoice.customer_vat_number),
        ("Date", invoice.date.isoformat() if invoice.date else "not issued"),
        ("Period", invoice.period),
        ("Status", invoice.status),
        ("Currency", invoice.currency),
        ("Corrects invoice", invoice.corrects_number),
    ]
    for label, value in facts:
        if value:
            pdf.cell(40, 6, _text(label))
            pdf.cell(0, 6, _text(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 9)
    widths = (78, 22, 16, 24, 20, 24)
    aligns = ("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT")
    with pdf.table(col_widths=widths, text_align=aligns, first_row_as_headings=True) as table:
        table.row(["Description", "Quantity", "VAT %", "Excl. VAT", "VAT", "Incl. VAT"])
        for line in invoice.lines:
            table.row(
                [
                    _text(line.description),
                    _text(f"{line.quantity.normalize():f} {line.unit}"),
                    "" if line.vat_rate is None else f"{line.vat_rate.normalize():f}",
                    money(line.amount_excl_vat),
                    money(line.vat),
                    money(line.amount_incl_vat),
                ]
            )
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 10)
    for label, amount in (
        ("Total excl. VAT", invoice.total_excl_vat),
        ("VAT", invoice.total_vat),
        ("Total incl. VAT", invoice.total_incl_vat),
    ):
        pdf.cell(140, 6, label, align="R")
        pdf.cell(
            0, 6, f"{money(amount)} {invoice.currency}", align="R", new_x="LMARGIN", new_y="NEXT"
        )
    return bytes(pdf.output())
