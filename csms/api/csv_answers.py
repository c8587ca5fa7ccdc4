"""CSV answers shared by report and statement routes: ``format=csv`` or ``Accept: text/csv``
picks them; cells that would run as spreadsheet formulas are quoted."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Header, Query, Response

PERIOD = r"^\d{4}-(0[1-9]|1[0-2])$"
Format = Annotated[
    Literal["json", "csv"] | None,
    Query(
        alias="format",
        description="csv: text/csv with a header row (also chosen by Accept: text/csv)",
    ),
]
AcceptHeader = Annotated[str | None, Header(include_in_schema=False)]
CSV_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}}
}
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def wants_csv(format_: str | None, accept: str | None) -> bool:
    """``format=csv`` asks for CSV; without ``format``, an Accept header naming text/csv."""
    if format_ is not None:
        return format_ == "csv"
    return accept is not None and "text/csv" in accept


def cell(value: object) -> object:
    """One CSV cell: empty for None, ISO for times, formula-looking text quoted."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value  # a name must not run as a formula in a spreadsheet
    return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Response:
    """A text/csv attachment named ``filename``: the header row, then ``rows``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([cell(v) for v in row] for row in rows)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
