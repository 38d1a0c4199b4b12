"""Many rows into one table as one driver-level executemany of plain tuples.

SQLAlchemy's executemany runs every column of every row through its bind processing
(seconds for a 50,000-string job); here each value arrives ready for the driver: JSON
columns through the column type's own processor (once per distinct value where the caller
gives hashable keys), the rest as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

__all__ = ["Binder", "binder", "insert_rows"]

#: turns a Python value into what the driver takes for one column
Binder = Callable[[Any], Any]


def binder(session: Session, table: Table, column: str) -> Binder:
    """The column type's bind processing on the session's dialect; None stays SQL NULL."""
    dialect = session.connection().dialect
    process = table.c[column].type.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return lambda value: value
    bound: Binder = process
    return lambda value: None if value is None else bound(value)


def insert_rows(
    session: Session, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert ``rows`` (values in ``columns`` order, already bound) in one executemany."""
    if not rows:
        return
    connection = session.connection()
    compiled = insert(table).inline().compile(dialect=connection.dialect, column_keys=list(columns))
    if compiled.positional:
        names = compiled.positiontup or []
        order = [list(columns).index(name) for name in names]
        if order != list(range(len(columns))):
            rows = [tuple(row[i] for i in order) for row in rows]
        connection.exec_driver_sql(compiled.string, list(rows))
    else:
        keys = [compiled.bind_names[compiled.binds[name]] for name in columns]
        connection.exec_driver_sql(
            compiled.string, [dict(zip(keys, row, strict=True)) for row in rows]
        )
