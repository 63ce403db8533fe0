"""Re-read the reports stored before reader versions were kept, with the component reader of issue 10
(actors gain known/role/org and unknown organisations fold into actors; places gain admin2 and kind).
Report ids (their text's hash) stay; facts analysts confirmed, edited or rejected, facts judgments rest on and
analysts' incident decisions stay (watchfloor/read/reread.py)."""


def upgrade(store):
    if not store.scalar("SELECT count(*) FROM reports WHERE reader_version IS NULL"):
        return
    from watchfloor.read.reread import reread_reports
    summary = reread_reports(store)
    store.audit("migration.reread_reports", None, summary.as_json())
