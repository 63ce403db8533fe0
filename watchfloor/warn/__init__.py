"""Warnings: triggers, estimative language and the brief.

Python API (the CLI and the web layer call the same functions):
    watchfloor.warn.triggers.detect_triggers(store, country, as_of=None) -> (now, [Trigger])
    watchfloor.warn.brief.create_brief(store, country, region=None, as_of=None, authors=None, editors=None) -> id
    watchfloor.warn.brief.render(store, brief_id, fmt="html"|"md"|"pdf", version=None) -> str | bytes
    watchfloor.warn.brief.review(store, brief_id, editor) / publish(store, brief_id, editor) / revise(store, brief_id)
    watchfloor.warn.brief.list_briefs(store, country=None) -> [dict]
    watchfloor.warn.render.write_brief(store, brief_id, out_dir, formats) -> [Path]
    watchfloor.warn.language.word_for(p) / band_for(word) / confidence_level(spread, coverage)
"""
