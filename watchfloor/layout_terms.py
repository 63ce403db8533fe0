"""The terms a source layout is written in: values, conditions, checks and the layout itself, as plain data.

A layout (watchfloor/ingest/layouts.py, GDELT's in watchfloor/sources/gdelt.py) says what its columns mean with
these terms; the store's compiler (watchfloor/store/layouts.py, `layout_sql`) turns them into SQL. This module
imports nothing from watchfloor, so that both sides can import it without a cycle, and holds no SQL.

Every staged column is text. Unless a term says otherwise, a value read from a column is NULL when the column
cannot be read as that type: the row's checks, not the mapping, report a bad value.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Union


class _Several:
    """A term over any number of terms, written Term(a, b, c)."""

    def __init__(self, *terms):
        object.__setattr__(self, "terms", terms)


# Values: what an events field (or a derived value) is, per row.

@dataclass(frozen=True)
class Column:
    """The column as written."""
    name: str


@dataclass(frozen=True)
class Trimmed:
    """The column's text without leading and trailing spaces."""
    name: str


@dataclass(frozen=True)
class Integer:
    """The column as a whole number; with `decimal_comma`, trimmed and a European '3,0' read as 3.0 first."""
    name: str
    decimal_comma: bool = True


@dataclass(frozen=True)
class Number:
    """The column as a decimal number; with `decimal_comma`, trimmed and a European '14,53' read as 14.53."""
    name: str
    decimal_comma: bool = True


@dataclass(frozen=True)
class Date:
    """The column as a date in any form people write: ISO (with or without a time), '31 January 2020',
    '31-Jan-20', a European spreadsheet's day-first '31/01/2020' or '31.01.2020'."""
    name: str


@dataclass(frozen=True)
class IsoDate:
    """The ISO date ('2020-01-31') the column starts with."""
    name: str


@dataclass(frozen=True)
class DateIn:
    """The column as a date in one strptime format (e.g. '%Y%m%d')."""
    name: str
    format: str


@dataclass(frozen=True)
class DateFromParts:
    """The date of a year, month and day column."""
    year: str
    month: str
    day: str


@dataclass(frozen=True)
class Constant:
    """The same text or whole number on every row."""
    value: str | int


@dataclass(frozen=True)
class Null:
    """No value, of a type: 'text' or 'integer'."""
    type: str


@dataclass(frozen=True)
class Derived:
    """A value the layout derives once per row (Layout.derived), by its name."""
    name: str


@dataclass(frozen=True)
class AsText:
    """A value written as text (a whole-number id '0012' or '12.0' becomes '12')."""
    value: Value


@dataclass(frozen=True)
class Lower:
    value: Value


@dataclass(frozen=True)
class Upper:
    value: Value


@dataclass(frozen=True)
class NullIfEmpty:
    """A value, or no value where it is the empty text."""
    value: Value


@dataclass(frozen=True)
class Lookup:
    """`returns` of the reference table's row whose `key` equals the value (no value where none does)."""
    table: str
    key: str
    value: Value
    returns: str


@dataclass(frozen=True)
class Coded:
    """The label of the value's code in `table`; where the table has no such code, `otherwise` (or no value)."""
    value: Value
    table: dict[str | int, str]
    otherwise: Value | None = None


@dataclass(frozen=True)
class CodeOrLabel:
    """The column's whole-number code, or else the code of the label (lower case) the column starts with, or
    else `otherwise`."""
    name: str
    labels: dict[str, int]
    otherwise: int


@dataclass(frozen=True, init=False)
class Coalesce(_Several):
    """The first of the values that is not NULL."""
    terms: tuple[Value, ...]


@dataclass(frozen=True, init=False)
class Concat(_Several):
    """The values' texts one after the other (no value if any is missing)."""
    terms: tuple[Value, ...]


@dataclass(frozen=True, init=False)
class JoinedWith:
    """The values present, joined by the separator."""
    separator: str
    terms: tuple[Value, ...]

    def __init__(self, separator: str, *terms):
        object.__setattr__(self, "separator", separator)
        object.__setattr__(self, "terms", terms)


@dataclass(frozen=True, init=False)
class Decide(_Several):
    """The outcome of the first rule whose condition holds (none: no value). Each term: (condition, outcome),
    the outcome a text or None."""
    terms: tuple[tuple[Condition, str | None], ...]


# Conditions: used by Decide and by flags.

@dataclass(frozen=True)
class In:
    value: Value
    values: tuple[str | int, ...]


@dataclass(frozen=True)
class Equals:
    value: Value
    other: str | int


@dataclass(frozen=True, init=False)
class AllOf(_Several):
    terms: tuple[Condition, ...]


@dataclass(frozen=True, init=False)
class AnyOf(_Several):
    terms: tuple[Condition, ...]


@dataclass(frozen=True, init=False)
class OutOfOrder(_Several):
    """The values are not in ascending order (one is greater than the next)."""
    terms: tuple[Value, ...]


@dataclass(frozen=True)
class Always:
    pass


Value = Union[Column, Trimmed, Integer, Number, Date, IsoDate, DateIn, DateFromParts, Constant, Null, Derived,
              AsText, Lower, Upper, NullIfEmpty, Lookup, Coded, CodeOrLabel, Coalesce, Concat, JoinedWith, Decide]
Condition = Union[In, Equals, AllOf, AnyOf, OutOfOrder, Always]


# Checks: what makes a row's value unacceptable, and what the user is told to write instead. `required`: an empty
# value fails the check (so R's `NA` there is kept and reported as a bad value; elsewhere it is read as empty).

@dataclass(frozen=True)
class WholeNumber:
    """A whole number within the bounds given (each optional); an empty value passes unless required."""
    column: str
    low: int | None = None
    high: int | None = None
    expected: str = "a whole number"
    required: bool = True


@dataclass(frozen=True)
class Coordinate:
    """A decimal number of degrees, between -limit and limit."""
    column: str
    limit: int
    required: ClassVar[bool] = True

    @property
    def expected(self) -> str:
        return f"a decimal number between -{self.limit} and {self.limit}"


@dataclass(frozen=True)
class ValidDate:
    """A date (in any form `Date` reads) in or after the year `since`."""
    column: str
    since: int = 1900
    expected: ClassVar[str] = "a date such as 2020-01-31 or 31 January 2020"
    required: ClassVar[bool] = True


@dataclass(frozen=True)
class NonEmpty:
    """Some text ('NA' is no text)."""
    column: str
    expected: ClassVar[str] = "a non-empty value"
    required: ClassVar[bool] = True


@dataclass(frozen=True)
class OneOf:
    """One of the listed values (spaces around it ignored)."""
    column: str
    values: tuple[str, ...]
    expected: str
    required: ClassVar[bool] = True


@dataclass(frozen=True)
class KnownCode:
    """One of a code table's codes (spaces around it ignored): a code or a label the table translates."""
    column: str
    table: dict[str, str]
    expected: str
    required: ClassVar[bool] = True


@dataclass(frozen=True)
class NotBefore:
    """A date (as `Date` reads it) on or after the date in the other column."""
    column: str
    other: str
    required: ClassVar[bool] = False

    @property
    def expected(self) -> str:
        return f"a date on or after {self.other}"


@dataclass(frozen=True)
class DayExists:
    """The day of the month exists in that year's month (a day 1-31 and a month 1-12 are checked on their own)."""
    year: str
    month: str
    day: str
    expected: ClassVar[str] = "a day that exists in that month"
    required: ClassVar[bool] = False

    @property
    def column(self) -> str:
        return self.day


@dataclass(frozen=True)
class PresentWhereEmpty:
    """Some text wherever the other column is empty."""
    column: str
    other: str
    expected: str
    required: ClassVar[bool] = False


@dataclass(frozen=True)
class Readable:
    """A value that reads as `value` (an empty one does not; 'NA' is read as empty)."""
    column: str
    value: Value
    expected: str
    required: ClassVar[bool] = False


CheckSpec = Union[WholeNumber, Coordinate, ValidDate, NonEmpty, OneOf, KnownCode, NotBefore, DayExists,
                  PresentWhereEmpty, Readable]


@dataclass(frozen=True)
class Flag:
    """Rows where the condition holds are kept as published, with the note."""
    condition: Condition
    note: str


@dataclass(frozen=True)
class Layout:
    """What one source layout's columns mean."""
    layout: str                   # the key events are upserted by, with their source id: 'ucdp', 'acled', 'gdelt'
    variant: str                  # e.g. 'ged-full', 'ged-reduced', 'acled'
    columns: tuple[str, ...]      # the layout's columns: every column its terms read is one of them
    required: tuple[str, ...]     # the columns a header must have; another column read is empty if absent
    checks: tuple[CheckSpec, ...]
    fields: dict[str, Value]      # events column -> its value
    flags: tuple[Flag, ...] = ()
    derived: tuple[tuple[str, Value], ...] = ()   # (name, value) computed once per row, usable as Derived(name)
    dates: tuple[str, ...] = ()   # columns of dates a spreadsheet may have rewritten as 1/31/2020 or 31/01/2020
