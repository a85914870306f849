"""What makes a migration unsafe to run while the service is under load, on PostgreSQL 15.

A statement that rewrites a big table, or holds a lock that stops its writes for as long as a
scan of it takes, would stop every counter in the province while it runs. Each rule names the
statement and the way to write it safely (expand and contract: add, backfill in batches, then
constrain with NOT VALID and VALIDATE, or build indexes CONCURRENTLY).
"""

import re
from dataclasses import dataclass

#: Tables that hold millions of rows in a province (one row per dossier, event, audit entry,
#: document, outbox row or effect).
BIG_TABLES = frozenset(
    {
        "dossiers_dossier",
        "dossiers_dossierevent",
        "dossiers_dossierdocument",
        "dossiers_idempotencyrecord",
        "dossiers_slamark",
        "core_auditentry",
        "core_outboxmessage",
        "core_effectledger",
    }
)


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    advice: str


RULES = (
    Rule(
        "column type change",
        re.compile(r"ALTER\s+TABLE\b.*\bALTER\s+COLUMN\b.*\bTYPE\b", re.I | re.S),
        "rewrites the table under an exclusive lock: add a new column, backfill it, switch",
    ),
    Rule(
        "SET NOT NULL",
        re.compile(r"\bSET\s+NOT\s+NULL\b", re.I),
        "scans the table under an exclusive lock: add a CHECK (col IS NOT NULL) NOT VALID, "
        "VALIDATE it, then SET NOT NULL",
    ),
    Rule(
        "index built without CONCURRENTLY",
        re.compile(r"\bCREATE\s+(UNIQUE\s+)?INDEX\b(?!\s+CONCURRENTLY)", re.I),
        "blocks writes while it builds: AddIndexConcurrently in a non-atomic migration",
    ),
    Rule(
        "constraint validated at once",
        re.compile(
            r"\bADD\s+CONSTRAINT\b(?:(?!NOT\s+VALID).)*\b(FOREIGN\s+KEY|CHECK|UNIQUE)\b"
            # ``UNIQUE USING INDEX``: the index was built beforehand, nothing is scanned.
            r"(?:(?!NOT\s+VALID|USING\s+INDEX).)*$",
            re.I | re.S,
        ),
        "scans the table under lock: add it NOT VALID, then VALIDATE CONSTRAINT separately "
        "(a unique one: build the index CONCURRENTLY, then USING INDEX)",
    ),
    Rule(
        "table rewrite",
        re.compile(r"\b(VACUUM\s+FULL|CLUSTER)\b", re.I),
        "rewrites the whole table under an exclusive lock",
    ),
)


@dataclass(frozen=True)
class Risk:
    rule: str
    table: str
    statement: str
    advice: str


def _statements(sql: str) -> list[str]:
    lines = [line for line in sql.splitlines() if not line.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _tables_named(statement: str) -> set[str]:
    words = set(re.findall(r'"?([a-z_][a-z0-9_]*)"?', statement.lower()))
    return words & BIG_TABLES


def risks(sql: str) -> list[Risk]:
    """Each statement of ``sql`` that a rule finds on a big table."""
    found: list[Risk] = []
    statements = _statements(sql)
    # A table this migration creates is empty while the migration runs.
    created = {
        match.group(1).lower()
        for statement in statements
        if (match := re.match(r'CREATE\s+TABLE\s+"?([A-Za-z0-9_]+)"?', statement, re.I))
    }
    for statement in statements:
        tables = _tables_named(statement) - created
        altered = re.match(r'ALTER\s+TABLE\s+"?([A-Za-z0-9_]+)"?', statement, re.I)
        # A constraint added to a table this migration creates checks its rows, none: the big
        # table a foreign key of it names is locked for that instant only.
        on_new_table = altered is not None and altered.group(1).lower() in created
        for rule in RULES:
            if on_new_table and rule.name == "constraint validated at once":
                continue
            if tables and rule.pattern.search(statement):
                found.extend(Risk(rule.name, t, statement, rule.advice) for t in sorted(tables))
    return found
