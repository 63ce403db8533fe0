"""A corpus cut into partitions: the client plans them (cheaply: file lists, line offsets, row groups, archive
members), each worker loads its own partition's documents.

What can be read:
- a directory: its documents (the reader's formats: .txt .md .html .pdf, feeds), and any JSONL, Parquet or
  archive files in it, each split on its own;
- JSONL (`.jsonl`, `.ndjson`, `.jsonl.gz`): one document per line, a JSON object with `text` (or `body`,
  `content`, or `html`) and optionally `id`/`path`/`url` (its label), `title`, `published` (YYYY-MM-DD),
  `authors`, `url`/`source_url`, `outlet`, `language`;
- Parquet: the same fields as columns, split by row group;
- a feed archive (`.zip`, `.tar`, `.tar.gz`, `.tgz`, `.tar.bz2`, `.tar.xz`): feeds and documents inside;
- any single document the reader takes.

Each partition yields `(source, text, meta)` for the reader, or a `Failure` for a document it cannot load —
one bad document never stops its partition.
"""
from __future__ import annotations

import gzip
import json
import os
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

from watchfloor.read import document as documents

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
PARQUET_SUFFIXES = (".parquet", ".pq")
ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")
TEXT_FIELDS = ("text", "body", "content")
LABEL_FIELDS = ("path", "id", "url", "source_url")


class CorpusError(Exception):
    """A corpus path that does not exist or cannot be split (names the path and what was expected)."""


@dataclass(frozen=True)
class Partition:
    """One unit of work: `kind` (files, jsonl, parquet, archive), the file, and where in it."""
    kind: str
    path: str
    documents: int                      # how many documents it holds (the progress bar's unit)
    files: tuple[str, ...] = ()         # kind files: the files; kind archive: the members
    start: int = 0                      # jsonl: first line (0-based) and its byte offset; parquet: row group
    offset: int = 0
    stop: int = 0                       # jsonl: line after the last; parquet: first/after-last row of the group
    first_row: int = 0


@dataclass(frozen=True)
class Failure:
    source: str
    error: str


def _suffix_in(path: Path, suffixes: tuple[str, ...]) -> bool:
    return path.name.lower().endswith(suffixes)


def plan(paths: list[str | Path], size: int) -> list[Partition]:
    """Partitions of at most `size` documents over every corpus in `paths`, in a stable order."""
    if size < 1:
        raise CorpusError(f"partition size {size}: expected at least 1 document")
    parts: list[Partition] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise CorpusError(f"{path}: no such file or directory")
        if path.is_dir():
            loose: list[str] = []
            for child in sorted(path.rglob("*")):
                if not child.is_file() or any(p.startswith(".") for p in child.relative_to(path).parts):
                    continue
                if _suffix_in(child, JSONL_SUFFIXES + PARQUET_SUFFIXES + ARCHIVE_SUFFIXES):
                    parts += _plan_file(child, size)
                elif child.suffix.lower() in documents.READABLE_SUFFIXES - {""}:
                    loose.append(str(child))
            parts += [Partition("files", str(path), len(chunk), tuple(chunk)) for chunk in _chunks(loose, size)]
        else:
            parts += _plan_file(path, size)
    return parts


def _chunks(items: list, size: int) -> Iterator[list]:
    for k in range(0, len(items), size):
        yield items[k:k + size]


def _plan_file(path: Path, size: int) -> list[Partition]:
    if _suffix_in(path, JSONL_SUFFIXES):
        return _plan_jsonl(path, size)
    if _suffix_in(path, PARQUET_SUFFIXES):
        return _plan_parquet(path, size)
    if _suffix_in(path, ARCHIVE_SUFFIXES):
        members = _archive_members(path)
        return [Partition("archive", str(path), len(chunk), tuple(chunk)) for chunk in _chunks(members, size)]
    return [Partition("files", str(path), 1, (str(path),))]


def _plan_jsonl(path: Path, size: int) -> list[Partition]:
    """Line ranges of `size` lines, with the byte offset each starts at (plain files are seeked, not re-read)."""
    parts, offset, start, line_no = [], 0, 0, 0
    start_offset = 0
    with _open_lines(path) as fh:
        for line in fh:
            line_no += 1
            offset += len(line)
            if line_no - start == size:
                parts.append(Partition("jsonl", str(path), size, start=start, offset=start_offset, stop=line_no))
                start, start_offset = line_no, offset
    if line_no > start:
        parts.append(Partition("jsonl", str(path), line_no - start, start=start, offset=start_offset, stop=line_no))
    return parts


def _open_lines(path: Path):
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


def _plan_parquet(path: Path, size: int) -> list[Partition]:
    import pyarrow.parquet as pq
    try:
        meta = pq.ParquetFile(path).metadata
    except Exception as exc:          # pyarrow raises ArrowInvalid and OSError subclasses for a broken file
        raise CorpusError(f"{path}: not a readable Parquet file ({exc})") from None
    parts = []
    for group in range(meta.num_row_groups):
        rows = meta.row_group(group).num_rows
        for first in range(0, rows, size):
            parts.append(Partition("parquet", str(path), min(size, rows - first), start=group, first_row=first,
                                   stop=min(first + size, rows)))
    return parts


def _archive_members(path: Path) -> list[str]:
    def readable(name: str) -> bool:
        leaf = Path(name)
        return leaf.suffix.lower() in documents.READABLE_SUFFIXES - {""} and not any(
            p.startswith((".", "__MACOSX")) for p in leaf.parts)
    try:
        if path.name.lower().endswith(".zip"):
            with zipfile.ZipFile(path) as archive:
                return [i.filename for i in archive.infolist() if not i.is_dir() and readable(i.filename)]
        with tarfile.open(path) as archive:
            return [m.name for m in archive.getmembers() if m.isfile() and readable(m.name)]
    except (zipfile.BadZipFile, tarfile.TarError, OSError) as exc:
        raise CorpusError(f"{path}: not a readable archive ({exc})") from None


# -- on the workers --------------------------------------------------------------------------------
def load(part: Partition) -> Iterator[tuple[str, str, dict] | Failure]:
    """The partition's documents, each as the reader takes it, or a Failure naming it."""
    if part.kind == "files":
        for path in part.files:
            yield from _load_file(path)
    elif part.kind == "jsonl":
        yield from _load_jsonl(part)
    elif part.kind == "parquet":
        yield from _load_parquet(part)
    elif part.kind == "archive":
        yield from _load_archive(part)
    else:
        raise CorpusError(f"unknown partition kind {part.kind!r}")


def _load_file(path: str, label: str | None = None) -> Iterator[tuple[str, str, dict] | Failure]:
    try:
        loaded = documents.load(path)
    except documents.DocumentError as exc:
        yield Failure(label or path, str(exc).replace(path, label) if label else str(exc))
        return
    except OSError as exc:
        yield Failure(label or path, f"{label or path}: cannot read ({exc.strerror or exc})")
        return
    for source, text, meta in loaded:
        yield (label if label and source == path else source), text, meta


def _load_jsonl(part: Partition) -> Iterator[tuple[str, str, dict] | Failure]:
    with _open_lines(Path(part.path)) as fh:
        if part.path.lower().endswith(".gz"):
            for _ in range(part.start):
                fh.readline()
        else:
            fh.seek(part.offset)
        for line_no in range(part.start + 1, part.stop + 1):
            line = fh.readline()
            where = f"{part.path}:{line_no}"
            if not line.strip():
                yield Failure(where, f"{where}: empty line, expected a JSON object with a 'text' field")
                continue
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield Failure(where, f"{where}: not JSON ({exc})")
                continue
            yield _record(record, where)


def _load_parquet(part: Partition) -> Iterator[tuple[str, str, dict] | Failure]:
    import pyarrow.parquet as pq
    table = pq.ParquetFile(part.path).read_row_group(part.start)
    rows = table.slice(part.first_row, part.stop - part.first_row).to_pylist()
    for k, record in enumerate(rows):
        yield _record(record, f"{part.path}#row-group-{part.start}:{part.first_row + k + 1}")


def _record(record, where: str) -> tuple[str, str, dict] | Failure:
    """One JSONL line or Parquet row as (label, text, meta)."""
    if not isinstance(record, dict):
        return Failure(where, f"{where}: expected a JSON object with a 'text' field, found {type(record).__name__}")
    label = next((str(record[k]) for k in LABEL_FIELDS if record.get(k)), where)
    text = next((record[k] for k in TEXT_FIELDS if isinstance(record.get(k), str) and record[k].strip()), None)
    meta: dict = {}
    if text is None and isinstance(record.get("html"), str):
        try:
            text, meta = documents.html_to_text(record["html"], label)
        except documents.DocumentError as exc:
            return Failure(label, str(exc))
    if text is None:
        return Failure(label, f"{where}: no text (expected a non-empty 'text', 'body', 'content' or 'html' field)")
    for key in ("title", "outlet", "language", "editors"):
        if record.get(key):
            meta[key] = record[key]
    if record.get("source_url") or record.get("url"):
        meta["source_url"] = record.get("source_url") or record.get("url")
    authors = record.get("authors") or record.get("author")
    if authors:
        meta["authors"] = [authors] if isinstance(authors, str) else list(authors)
    published = record.get("published") or record.get("date")
    if published:
        try:
            meta["published"] = published if isinstance(published, date) else date.fromisoformat(str(published)[:10])
        except ValueError:
            return Failure(label, f"{where}: published {published!r}: expected a date YYYY-MM-DD")
    return label, text, meta


def _load_archive(part: Partition) -> Iterator[tuple[str, str, dict] | Failure]:
    """Each member goes through the reader's own loader (documents.load) from a temporary file named like it,
    so feeds, HTML and PDFs in an archive read exactly as they would on disk."""
    with tempfile.TemporaryDirectory(prefix="watchfloor-archive-") as tmp:
        for name, raw in _archive_bytes(part):
            label = f"{part.path}!{name}"
            if isinstance(raw, Failure):
                yield raw
                continue
            target = os.path.join(tmp, "member" + "".join(Path(name).suffixes[-1:]))
            with open(target, "wb") as fh:
                fh.write(raw)
            yield from _load_file(target, label)


def _archive_bytes(part: Partition) -> Iterator[tuple[str, bytes | Failure]]:
    if part.path.lower().endswith(".zip"):
        with zipfile.ZipFile(part.path) as archive:
            for name in part.files:
                try:
                    yield name, archive.read(name)
                except (KeyError, zipfile.BadZipFile, OSError) as exc:
                    yield name, Failure(f"{part.path}!{name}", f"{part.path}!{name}: cannot extract ({exc})")
        return
    with tarfile.open(part.path) as archive:
        for name in part.files:
            try:
                member = archive.extractfile(name)
                yield name, member.read() if member else b""
            except (KeyError, tarfile.TarError, OSError) as exc:
                yield name, Failure(f"{part.path}!{name}", f"{part.path}!{name}: cannot extract ({exc})")
