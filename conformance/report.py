"""What a plan run leaves behind: JUnit XML for CI, one self-contained HTML page for people,
and the full wire log of every case."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

from conformance.runner import ERROR, FAILED, PASSED, CaseResult


def write_reports(results: list[CaseResult], out: Path, *, title: str) -> dict[str, Path]:
    """Write ``junit.xml``, ``report.html`` and ``wire/<case>.log`` under ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    wire = out / "wire"
    wire.mkdir(exist_ok=True)
    for result in results:
        (wire / f"{_safe(result.case.id)}.log").write_text(result.wire.text(), encoding="utf-8")
    junit, page = out / "junit.xml", out / "report.html"
    junit.write_bytes(junit_xml(results, title))
    page.write_text(html_report(results, title), encoding="utf-8")
    return {"junit": junit, "html": page, "wire": wire}


def counts(results: list[CaseResult]) -> Counter[str]:
    return Counter(r.status for r in results)


def junit_xml(results: list[CaseResult], title: str) -> bytes:
    tally = counts(results)
    suite = ET.Element(
        "testsuite",
        name=title,
        tests=str(len(results)),
        failures=str(tally[FAILED]),
        errors=str(tally[ERROR]),
        skipped="0",
        time=f"{sum(r.seconds for r in results):.3f}",
        timestamp=results[0].started.isoformat() if results else "",
    )
    for result in results:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"{title}.{result.case.case.profile}",
            name=f"{result.case.id} {result.case.name}",
            file=result.case.source,
            time=f"{result.seconds:.3f}",
        )
        if result.status == FAILED:
            ET.SubElement(case, "failure", message=result.message).text = _steps_text(result)
        elif result.status == ERROR:
            ET.SubElement(case, "error", message=result.message).text = _steps_text(result)
        ET.SubElement(case, "system-out").text = result.wire.text()
    return ET.tostring(suite, encoding="utf-8", xml_declaration=True)


def _steps_text(result: CaseResult) -> str:
    return "\n".join(
        f"[{s.status}] {s.text}" + (f"\n    {s.message}" if s.message else "") for s in result.steps
    )


_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1b1f24}
h1{font-size:1.4em}table.sum td,table.sum th{padding:.2em .8em;text-align:left}
.passed{color:#1a7f37}.failed,.error{color:#cf222e}.skipped{color:#8c959f}
details{border:1px solid #d0d7de;border-radius:6px;margin:.4em 0;padding:.3em .8em}
summary{cursor:pointer}summary b{display:inline-block;min-width:5.5em}
ol{margin:.4em 0}pre{background:#f6f8fa;padding:.6em;overflow-x:auto;font-size:12px}
.msg{white-space:pre-wrap;color:#cf222e}
"""


def html_report(results: list[CaseResult], title: str) -> str:
    tally = counts(results)
    rows = "".join(
        f"<tr><th class='{s}'>{s}</th><td>{tally[s]}</td></tr>" for s in (PASSED, FAILED, ERROR)
    )
    cases = "".join(_case_html(r) for r in results)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><table class='sum'>{rows}</table>{cases}</body></html>"
    )


def _case_html(result: CaseResult) -> str:
    steps = "".join(
        f"<li class='{s.status}'>{html.escape(s.keyword)}: {html.escape(s.text)}"
        + (f"<div class='msg'>{html.escape(s.message)}</div>" if s.message else "")
        + "</li>"
        for s in result.steps
    )
    opened = " open" if result.status != PASSED else ""
    return (
        f"<details{opened}><summary><b class='{result.status}'>{result.status}</b> "
        f"{html.escape(result.case.id)} — {html.escape(result.case.name)} "
        f"<small>({html.escape(result.case.case.profile)}, {result.seconds:.2f} s)</small>"
        f"</summary><p><small>{html.escape(result.case.source)}</small></p><ol>{steps}</ol>"
        f"<details><summary>wire log ({result.wire.frames} frames)</summary>"
        f"<pre>{html.escape(result.wire.text())}</pre></details></details>"
    )


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)
