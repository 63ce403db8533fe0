"""Corpus partitions (watchfloor/scale/corpus.py): every document of a directory, JSONL, Parquet or feed archive
falls in exactly one partition, loads as the reader's own loader gives it, and a bad one is named, not fatal."""
from __future__ import annotations

import gzip
import io
import json
import tarfile
import zipfile

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from read_helpers import WARNING_BRIEF, prose
from watchfloor.read import document as documents
from watchfloor.scale.corpus import CorpusError, Failure, load, plan

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Sahel Wire</title><link>https://wire.example.org</link>
<item><title>Attack near Djibo</title><description>JNIM fighters attacked a post near Djibo on 2 May 2023, killing 9 soldiers.</description>
<pubDate>Wed, 03 May 2023 10:00:00 GMT</pubDate></item>
<item><title>Convoy ambushed</title><description>A convoy was ambushed between Gao and Ansongo.</description>
<pubDate>Thu, 04 May 2023 10:00:00 GMT</pubDate></item></channel></rss>"""
PAGE = "<html><head><title>Weekly note</title></head><body><p>" + prose(1500, 3) + "</p></body></html>"


def _loaded(parts):
    return [item for part in parts for item in load(part)]


def test_jsonl_lines_fall_in_one_partition_each_in_order(tmp_path):
    rows = [{"id": f"doc-{i}", "text": prose(400, i), "published": "2023-05-01", "authors": "A. Analyst",
             "url": f"https://example.org/{i}"} for i in range(23)]
    rows[5] = {"id": "doc-5", "title": "no text here"}
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines[9] = "{not json"
    plain = tmp_path / "corpus.jsonl"
    plain.write_text("\n".join(lines) + "\n", encoding="utf-8")
    packed = tmp_path / "corpus.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    for path in (plain, packed):
        parts = plan([path], 4)
        assert [p.documents for p in parts] == [4, 4, 4, 4, 4, 3]
        items = _loaded(parts)
        assert len(items) == 23
        good = [i for i in items if not isinstance(i, Failure)]
        assert [label for label, _, _ in good] == [f"doc-{i}" for i in range(23) if i not in (5, 9)]
        assert [text for _, text, _ in good] == [rows[i]["text"] for i in range(23) if i not in (5, 9)]
        label, _, meta = good[0]
        assert meta["published"].isoformat() == "2023-05-01" and meta["authors"] == ["A. Analyst"]
        assert meta["source_url"] == "https://example.org/0"
        bad = [i for i in items if isinstance(i, Failure)]
        assert "no text" in bad[0].error and bad[0].source == "doc-5"
        assert bad[1].source == f"{path}:10" and "not JSON" in bad[1].error


def test_parquet_row_groups_and_html_rows(tmp_path):
    texts = [prose(300, 40 + i) for i in range(10)]
    table = pa.table({"text": texts[:9] + [None], "html": [None] * 9 + [PAGE], "title": [f"T{i}" for i in range(10)]})
    path = tmp_path / "corpus.parquet"
    pq.write_table(table, path, row_group_size=4)
    parts = plan([path], 3)
    assert sum(p.documents for p in parts) == 10 and len(parts) == 5      # groups of 4, 4, 2 cut into 3s
    items = _loaded(parts)
    assert [text for _, text, _ in items[:9]] == texts[:9]
    assert items[9][2]["title"] == "T9" and items[9][1] == documents.html_to_text(PAGE, "x")[0]


def test_a_feed_archive_reads_like_its_files_on_disk(tmp_path):
    (tmp_path / "disk").mkdir()
    members = {"feeds/wire.xml": FEED, "notes/brief.txt": WARNING_BRIEF, "notes/page.html": PAGE,
               "notes/empty.txt": "", "notes/.hidden.txt": "x", "notes/picture.png": "not read"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    zipped = tmp_path / "feeds.zip"
    zipped.write_bytes(buffer.getvalue())
    tarred = tmp_path / "feeds.tar.gz"
    with tarfile.open(tarred, "w:gz") as archive:
        for name, text in members.items():
            raw = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            archive.addfile(info, io.BytesIO(raw))
    for path in (zipped, tarred):
        parts = plan([path], 2)
        assert sum(p.documents for p in parts) == 4          # the hidden file and the picture are not documents
        items = {i.source if isinstance(i, Failure) else i[0]: i for i in _loaded(parts)}
        assert set(items) == {f"{path}!{m}" for m in ("feeds/wire.xml", "notes/brief.txt", "notes/page.html",
                                                     "notes/empty.txt")}
        for name, text in members.items():
            if f"{path}!{name}" not in items or not text:
                continue
            disk = tmp_path / "disk" / name.replace("/", "_")
            disk.write_text(text, encoding="utf-8")
            [(_, want_text, want_meta)] = documents.load(disk)
            _, got_text, got_meta = items[f"{path}!{name}"]
            assert got_text == want_text and got_meta == want_meta
        empty = items[f"{path}!notes/empty.txt"]
        assert isinstance(empty, Failure) and empty.error == f"{path}!notes/empty.txt: empty file"


def test_a_directory_holds_documents_and_corpora(tmp_path):
    for i in range(5):
        (tmp_path / f"r{i}.txt").write_text(prose(300, 70 + i), encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "wire.rss").write_text(FEED, encoding="utf-8")
    (tmp_path / "sub" / "more.jsonl").write_text("\n".join(json.dumps({"text": prose(300, 90 + i)})
                                                           for i in range(3)), encoding="utf-8")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "x.txt").write_text("skip", encoding="utf-8")
    parts = plan([tmp_path], 2)
    assert sorted(p.kind for p in parts) == ["files"] * 3 + ["jsonl"] * 2
    assert sum(p.documents for p in parts) == 9
    assert len(_loaded(parts)) == 9
    with pytest.raises(CorpusError, match="no such file"):
        plan([tmp_path / "missing"], 2)
    with pytest.raises(CorpusError, match="not a readable archive"):
        (tmp_path / "broken.zip").write_bytes(b"PK not really")
        plan([tmp_path / "broken.zip"], 2)
