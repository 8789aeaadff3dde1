"""Findings rendered for people (text), scripts (json), GitHub and code scanning (SARIF)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from bepkit import __version__
from bepkit.check.catalogue import RULES
from bepkit.check.context import Finding
from bepkit.text import json_text, one_line, visible

__all__ = ["FORMATS", "github", "json_report", "record", "sarif", "summary", "text"]

FORMATS = ("text", "json", "github", "sarif")


def summary(findings: Sequence[Finding], held: int) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    if not findings:
        line = "All checks passed."
    else:
        parts = [
            f"{errors} error{'s' * (errors != 1)}",
            f"{warnings} warning{'s' * (warnings != 1)}",
        ]
        line = "Found " + " and ".join(parts) + "."
        fixable = sum(1 for f in findings if f.fixable and not RULES[f.code].unsafe)
        unsafe = sum(1 for f in findings if f.fixable and RULES[f.code].unsafe)
        if fixable:
            line += f" {fixable} fixable with `bep check --fix`."
        if unsafe:
            line += f" {unsafe} more with `--unsafe-fixes`."
    if held:
        line += f" {held} held back by the baseline."
    return line


def text(findings: Sequence[Finding], held: int, color: bool = False) -> str:
    out = []
    for f in findings:
        code = f.code
        path = one_line(f.location)
        if color:
            shade = "31" if f.severity == "error" else "33"
            code = f"\033[1;{shade}m{code}\033[0m"
            path = f"\033[1m{path}\033[0m"
        out.append(f"{path}: {code} {one_line(f.message)}")
        if f.hint:
            out.append(f"    hint: {one_line(f.hint)}")
    out.append(summary(findings, held))
    return "\n".join(out) + "\n"


def record(f: Finding) -> dict[str, Any]:
    return {
        "path": f.path,
        "line": f.line,
        "col": f.col,
        "code": f.code,
        "name": RULES[f.code].name,
        "severity": f.severity,
        "message": f.message,
        "hint": f.hint,
        "fixable": f.fixable,
        "unsafe_fix": f.fixable and RULES[f.code].unsafe,
    }


def json_report(findings: Sequence[Finding], held: int) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    data = {
        "findings": [record(f) for f in findings],
        "errors": errors,
        "warnings": len(findings) - errors,
        "held_back": held,
    }
    return json_text(data) + "\n"


def _escape_data(text: str) -> str:
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(findings: Sequence[Finding], held: int) -> str:
    """GitHub Actions workflow commands: each finding annotates the pull request."""
    out = []
    for f in findings:
        level = "error" if f.severity == "error" else "warning"
        title = _escape_property(f"{f.code} {RULES[f.code].name}")
        message = f.message + (f"\n{f.hint}" if f.hint else "")
        out.append(
            f"::{level} file={_escape_property(f.path)},line={f.line},col={f.col},title={title}::"
            f"{_escape_data(message)}"
        )
    out.append(summary(findings, held))
    return "\n".join(out) + "\n"


def _fingerprint(f: Finding) -> str:
    key = f"{f.code}\0{f.path}\0{f.message}"
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def sarif(findings: Sequence[Finding], held: int, severities: dict[str, str]) -> str:
    """A SARIF 2.1.0 log (code scanning)."""
    codes = sorted(RULES)
    index = {code: i for i, code in enumerate(codes)}
    rules = []
    for code in codes:
        rule = RULES[code]
        level = severities.get(code, rule.severity)
        rules.append(
            {
                "id": code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.explanation},
                "help": {"text": rule.explanation},
                "defaultConfiguration": {
                    "level": "none" if level == "off" else level,
                    "enabled": level != "off",
                },
                "properties": {"fixable": rule.fixable},
            }
        )
    results = []
    for f in findings:
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": f.severity,
            "message": {"text": f.message + (f" ({f.hint})" if f.hint else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": f.line, "startColumn": f.col},
                    }
                }
            ],
            "partialFingerprints": {"bepkitFinding/v1": _fingerprint(f)},
        }
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "bepkit",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "results": results,
                "properties": {"heldBackByBaseline": held},
            }
        ],
    }
    return json_text(log) + "\n"
