"""DuckDB's dialect, as the store's modules write it, turned into PostgreSQL's.

The store's SQL is written once, for DuckDB. Most of it is standard; what is not is rewritten here (the
statement structure) or provided on the server by the compatibility functions of the postgres migration
0000 (`year()`, `strftime()`, `try_strptime()`, ...). Translations are pure and cached per statement.
"""
from __future__ import annotations

import re
from typing import Callable

# (columns, primary-key columns) of a table, for INSERT OR REPLACE.
TableInfo = Callable[[str], tuple[list[str], list[str]]]

_LITERAL = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*")
_MARK = "\x00{}\x00"
_UNMARK = re.compile("\x00(\\d+)\x00")
_TYPE_NAMES = {"DOUBLE": "double", "DOUBLE PRECISION": "double", "FLOAT8": "double", "FLOAT": "double",
               "BIGINT": "bigint", "INT8": "bigint", "HUGEINT": "bigint", "INTEGER": "integer", "INT": "integer",
               "INT4": "integer", "DATE": "date", "TIMESTAMP": "timestamp", "BOOLEAN": "boolean"}
_INSERT_OR = re.compile(r"^\s*INSERT\s+OR\s+(REPLACE|IGNORE)\s+INTO\s+(\"?[\w.]+\"?)\s*(\(([^()]*)\))?",
                        re.I)


def translate(sql: str, with_params: bool, table_info: TableInfo) -> str:
    """PostgreSQL for one DuckDB statement; `with_params`: placeholders become %s and a literal % doubles."""
    sql = re.sub(r"table_schema\s*=\s*'main'", "table_schema = current_schema()", sql, flags=re.I)
    sql = re.sub(r"current_setting\s*\(\s*'access_mode'\s*\)",
                 "(CASE current_setting('transaction_read_only') WHEN 'on' THEN 'read_only' ELSE 'automatic' END)",
                 sql, flags=re.I)
    literals: list[str] = []

    def mask(m: re.Match) -> str:
        literals.append(m.group(0))
        return _MARK.format(len(literals) - 1)

    code = _LITERAL.sub(mask, sql)
    code = _try_casts(code)
    code = _struct_packs(code, literals)
    code = _printfs(code, literals)
    code = _hashes(code)
    code = re.sub(r"\bDOUBLE\b(?!\s+PRECISION)", "DOUBLE PRECISION", code, flags=re.I)
    code = re.sub(r"\bBEGIN\s+TRANSACTION\b", "BEGIN", code, flags=re.I)
    code = _insert_or(code, literals, table_info)
    code = _exclude_helpers(code)
    code = _group_by_all(code)
    code = _alias_subqueries(code)
    # DuckDB sums integers into HUGEINT (an int in rows, a float64 column in frames) and averages into DOUBLE.
    code = re.sub(r"\bsum\s*\(", "wf_sum(", code, flags=re.I)
    code = re.sub(r"\bavg\s*\(", "wf_avg(", code, flags=re.I)
    if with_params:
        code = code.replace("%", "%%").replace("?", "%s")

    def unmask(m: re.Match) -> str:
        text = literals[int(m.group(1))]
        if text.startswith("--"):
            return ""
        return text.replace("%", "%%") if with_params else text

    return _UNMARK.sub(unmask, code)


def _closing(code: str, start: int) -> int:
    """Index of the parenthesis closing the one opened just before `start`."""
    depth = 1
    for i in range(start, len(code)):
        if code[i] == "(":
            depth += 1
        elif code[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError(f"unbalanced parentheses in SQL: {code[:200]}")


def _try_casts(code: str) -> str:
    """TRY_CAST(x AS T) -> try_cast_t(x), the server-side functions that answer NULL for what cannot cast."""
    out, pos = [], 0
    for m in re.finditer(r"\bTRY_CAST\s*\(", code, flags=re.I):
        if m.start() < pos:
            continue
        end = _closing(code, m.end())
        inner = code[m.end():end]
        split = None
        depth = 0
        for am in re.finditer(r"[()]|\s+AS\s+", inner, flags=re.I):
            token = am.group(0)
            if token == "(":
                depth += 1
            elif token == ")":
                depth -= 1
            elif depth == 0:
                split = am
        if split is None:
            raise ValueError(f"TRY_CAST without AS: {inner}")
        expr, type_name = inner[:split.start()], " ".join(inner[split.end():].split()).upper()
        target = _TYPE_NAMES.get(type_name)
        expr = _try_casts(expr)
        if type_name in ("VARCHAR", "TEXT"):
            out.append(code[pos:m.start()] + f"CAST({expr} AS TEXT)")
        elif target is None:
            raise ValueError(f"TRY_CAST to {type_name} has no PostgreSQL counterpart yet")
        else:
            out.append(code[pos:m.start()] + f"try_cast_{target}({expr})")
        pos = end + 1
    return "".join(out) + code[pos:]


_NOT_ALIAS = {"", "where", "group", "order", "limit", "offset", "join", "left", "right", "inner", "full", "cross",
              "union", "except", "intersect", "on", "having", "window", "natural", "using", "returning"}


def _alias_subqueries(code: str) -> str:
    """PostgreSQL before 16 wants an alias on every subquery in FROM: `FROM (SELECT …)` gets one."""
    starts = [m.start() for m in re.finditer(r"\b(FROM|JOIN)\s*\(\s*(SELECT|WITH)\b", code, flags=re.I)]
    for n, start in enumerate(reversed(starts), 1):     # from the last: an insertion moves no earlier start
        open_at = code.index("(", start)
        end = _closing(code, open_at + 1)
        rest = code[end + 1:]
        word = re.match(r"\s*([A-Za-z_]*)", rest).group(1).lower()
        if word in _NOT_ALIAS and not rest.lstrip().startswith("\x00"):
            code = code[:end + 1] + f" AS wf_sub{n}" + rest
    return code


def _struct_packs(code: str, literals: list[str]) -> str:
    """struct_pack("name" := expr, …) -> json_build_object('name', expr, …) (the store makes JSON of them)."""
    if not re.search(r"\bstruct_pack\s*\(", code, flags=re.I):
        return code

    def key(m: re.Match) -> str:
        name = literals[int(m.group(1))]
        literals.append("'" + name.strip('"').replace('""', '"').replace("'", "''") + "'")
        return _MARK.format(len(literals) - 1) + ","
    code = re.sub(r"\bstruct_pack\s*\(", "json_build_object(", code, flags=re.I)
    return re.sub("\x00(\\d+)\x00\\s*:=", key, code)


def _printfs(code: str, literals: list[str]) -> str:
    """printf('…%04d…', a, …) with a literal format of %d / %0Nd conversions -> lpad(…) || '…' (plain SQL,
    inlined, where the compatibility function printf is PL/pgSQL: slow per row)."""
    out, pos = [], 0
    for m in re.finditer(r"\bprintf\s*\(\s*\x00(\d+)\x00\s*,", code, flags=re.I):
        if m.start() < pos:
            continue
        fmt = literals[int(m.group(1))]
        end = _closing(code, code.index("(", m.start()) + 1)
        args = _top_level_split(code[m.end():end])
        pieces = re.split(r"%(0?)(\d*)d", fmt[1:-1].replace("''", "'"))
        if "%" in "".join(pieces[0::3]) or len(pieces) // 3 != len(args):
            continue        # another conversion: left to the compatibility function
        parts = []
        for k, arg in enumerate(args):
            text, zero, width = pieces[3 * k], pieces[3 * k + 1], pieces[3 * k + 2]
            if text:
                literals.append("'" + text.replace("'", "''") + "'")
                parts.append(_MARK.format(len(literals) - 1))
            value = f"CAST(({arg.strip()}) AS TEXT)"
            padded = f"lpad({value}, {int(width)}, '{'0' if zero else ' '}')"       # lpad also cuts: not longer ones
            parts.append(f"(CASE WHEN length({value}) >= {int(width)} THEN {value} ELSE {padded} END)"
                         if width else value)
        if pieces[-1]:
            literals.append("'" + pieces[-1].replace("'", "''") + "'")
            parts.append(_MARK.format(len(literals) - 1))
        out.append(code[pos:m.start()] + "(" + " || ".join(parts) + ")")
        pos = end + 1
    return "".join(out) + code[pos:]


def _hashes(code: str) -> str:
    """hash(a, b, …) -> a 64-bit hash of the row's text (DuckDB's own values differ; callers compare hashes
    made by the same backend only)."""
    while True:
        m = re.search(r"(?<![\w.])hash\s*\(", code, flags=re.I)
        if not m:
            return code
        end = _closing(code, m.end())
        code = (code[:m.start()] + f"hashtextextended(ROW({code[m.end():end]})::text, 0)" + code[end + 1:])


def _exclude_helpers(code: str) -> str:
    """`SELECT * EXCLUDE (wf_…)`: PostgreSQL cannot leave out a column of `*`. Only the store's own helper
    columns (named wf_…, e.g. a rank used to pick one row) may be left in, as an extra last column that the
    callers, which name the columns they read, never see; any other EXCLUDE is refused."""
    def keep(m: re.Match) -> str:
        columns = [col.strip().strip('"') for col in m.group(1).split(",")]
        if not all(col.startswith("wf_") for col in columns):
            raise ValueError(f"SELECT * EXCLUDE ({m.group(1)}) has no PostgreSQL counterpart; name the columns")
        return "SELECT *"
    return re.sub(r"\bSELECT\s+\*\s+EXCLUDE\s*\(([^()]*)\)", keep, code, flags=re.I)


_AGGREGATE = re.compile(r"\b(count|sum|avg|min|max|any_value|string_agg|array_agg|list|bool_or|bool_and|median|"
                        r"quantile_cont|quantile_disc|arg_max|arg_min|first|last|stddev|stddev_samp|variance)\s*\(",
                        re.I)


def _top_level_split(text: str, sep: str = ",") -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == sep and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return parts + [current]


def _group_by_all(code: str) -> str:
    """GROUP BY ALL -> GROUP BY the positions of the select list's items that are not aggregates."""
    while True:
        m = re.search(r"\bGROUP\s+BY\s+ALL\b", code, flags=re.I)
        if not m:
            return code
        # the SELECT of the same query: the last one before GROUP BY at the same parenthesis depth
        depth, select_at, from_at = 0, None, None
        for i in range(m.start() - 1, -1, -1):
            ch = code[i]
            if ch == ")":
                depth += 1
            elif ch == "(":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0:
                if from_at is None and re.match(r"\bFROM\b", code[i:i + 5], flags=re.I) and \
                        (i == 0 or not (code[i - 1].isalnum() or code[i - 1] == "_")):
                    from_at = i
                if re.match(r"SELECT\b", code[i:i + 7], flags=re.I) and \
                        (i == 0 or not (code[i - 1].isalnum() or code[i - 1] == "_")):
                    select_at = i
                    break
        if select_at is None or from_at is None:
            raise ValueError("GROUP BY ALL without its SELECT")
        items = _top_level_split(re.sub(r"^SELECT\s+(DISTINCT\s+)?", "", code[select_at:from_at], flags=re.I))
        keys = [str(k) for k, item in enumerate(items, 1) if not _AGGREGATE.search(item)]
        code = code[:m.start()] + "GROUP BY " + ", ".join(keys) + code[m.end():]


def _insert_or(code: str, literals: list[str], table_info: TableInfo) -> str:
    """INSERT OR IGNORE / OR REPLACE -> INSERT ... ON CONFLICT (primary key) DO NOTHING / DO UPDATE."""
    m = _INSERT_OR.match(code)
    if not m:
        return code
    action, table, column_list = m.group(1).upper(), m.group(2), m.group(4)
    head = f"INSERT INTO {table}" + (f" ({column_list})" if column_list else "")
    body = " " + code[m.end():].strip().rstrip(";")
    if action == "IGNORE":
        return f"{head}{body} ON CONFLICT DO NOTHING"
    name = _UNMARK.sub(lambda u: literals[int(u.group(1))], table).strip('"')
    columns, key = table_info(name)
    if not key:
        raise ValueError(f"INSERT OR REPLACE INTO {name}: the table has no primary key")
    given = [_UNMARK.sub(lambda u: literals[int(u.group(1))], col).strip().strip('"')
             for col in column_list.split(",")] if column_list else columns
    rest = [col for col in given if col not in key]
    keys = ", ".join(f'"{k}"' for k in key)
    update = ("DO UPDATE SET " + ", ".join(f'"{col}" = EXCLUDED."{col}"' for col in rest)) if rest else "DO NOTHING"
    return f"{head}{body} ON CONFLICT ({keys}) {update}"
