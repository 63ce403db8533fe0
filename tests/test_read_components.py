"""The reader as configured components (watchfloor/read/components.py, watchfloor/data/reader_pipeline.yaml):
the order and the steps come from the config, a wrong config fails at build time naming the component, and
a user's own component can be added. Sentences here are written for these tests (in no fixture)."""
from __future__ import annotations

import pickle

import pytest
import yaml

from watchfloor.read import components
from watchfloor.read.components import PipelineConfigError, ReadDoc
from watchfloor.read.pipeline import Reader, reader_for

TEXT = ("Gunmen from the Islamic State Sahel Province attacked an army post near Ménaka on 4 May 2023, killing "
        "seven soldiers, according to a local official.[1] It is very likely that attacks on the road will "
        "continue.\n\nNotes\n[1] Local radio bulletin, 5 May 2023.\n")


@pytest.fixture(scope="module")
def bundled():
    return reader_for()


def _reader_with(bundled, tmp_path, names) -> Reader:
    path = tmp_path / "pipeline.yaml"
    path.write_text(yaml.safe_dump({"components": names}), encoding="utf-8")
    return Reader(bundled.gazetteer, bundled.actors, bundled.lexicon, config=path)


def _names(steps) -> list[str]:
    return [c.name for c in steps]


def test_the_bundled_config_orders_the_components_and_keeps_model_steps_off_the_rules_path(bundled):
    configured = [s.name for s in components.load_config()]
    assert _names(bundled.components(model=True)) == configured
    rules = _names(bundled.components(model=False))
    model_only = {"entities", "actors.parse"}
    assert model_only <= set(configured) and not model_only & set(rules)
    assert rules == [n for n in configured if n not in model_only]


def test_a_component_that_runs_before_what_it_needs_is_refused_by_name(bundled, tmp_path):
    with pytest.raises(PipelineConfigError, match=r"'events' needs .*known_actors"):
        _reader_with(bundled, tmp_path, ["sentences", "events", "actors.known"]).components(model=False)


def test_an_unknown_component_is_refused_by_name(bundled, tmp_path):
    with pytest.raises(PipelineConfigError, match="unknown component 'sentiment'"):
        _reader_with(bundled, tmp_path, ["sentences", "sentiment"]).components(model=False)


def test_a_config_without_a_components_list_is_refused_with_its_path(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("steps: [sentences]\n", encoding="utf-8")
    with pytest.raises(PipelineConfigError, match="bad.yaml"):
        components.load_config(bad)


def test_a_step_left_out_of_the_config_gives_nothing_and_the_rest_still_reads(bundled, tmp_path):
    full = bundled.read("t", TEXT)
    assert full.citations and full.judgments
    steps = [s.name for s in components.load_config() if s.name != "citations"]
    partial = _reader_with(bundled, tmp_path, steps).read("t", TEXT)
    assert partial.citations == []
    assert [j["text"] for j in partial.judgments] == [j["text"] for j in full.judgments]
    assert [a["name"] for a in partial.actors] == [a["name"] for a in full.actors]


def test_settings_in_the_config_reach_the_component(bundled, tmp_path):
    strict = _reader_with(bundled, tmp_path, ["sentences", {"name": "places.find", "clear_share": 1.01}])
    loose = _reader_with(bundled, tmp_path, ["sentences", {"name": "places.find", "clear_share": 0.0}])
    text = "Troops moved from Gao to Ansongo and on to Niamey.\n"
    doc_strict = components.run(strict.components(False), components.start("t", text, {}, None, False))
    doc_loose = components.run(loose.components(False), components.start("t", text, {}, None, False))
    assert doc_strict.main_country == doc_loose.main_country is not None
    assert (doc_strict.country_clear, doc_loose.country_clear) == (False, True)


def test_a_users_own_component_runs_where_the_config_puts_it(bundled, tmp_path):
    @components.component("test.sentence_count", needs=("sentences",), provides=("sentence_count",))
    class SentenceCount(components.Component):
        def __call__(self, doc: ReadDoc) -> ReadDoc:
            doc.extra["sentence_count"] = len(doc.sentences) * int(self.settings.get("weight", 1))
            return doc

    try:
        reader = _reader_with(bundled, tmp_path, ["sentences", {"name": "test.sentence_count", "weight": 10}])
        doc = components.run(reader.components(False), components.start("t", TEXT, {}, None, False))
        assert doc.has("sentence_count") and doc.extra["sentence_count"] == 10 * len(doc.sentences) > 0
        with pytest.raises(PipelineConfigError, match="needs sentences"):
            _reader_with(bundled, tmp_path, ["test.sentence_count"]).components(False)
    finally:
        components.REGISTRY.pop("test.sentence_count", None)


def test_one_component_can_be_called_alone(bundled):
    doc = components.start("t", TEXT, {}, None, False)
    doc = components.REGISTRY["sentences"](bundled)(doc)
    doc = components.REGISTRY["estimative"](bundled)(doc)
    assert doc.sentences and [j["term"] for j in doc.judgments] == ["very likely"]
    assert doc.events == [] and doc.citations == []      # nothing else ran


def test_the_reader_pickles_without_its_built_components(bundled):
    bundled.components(False)
    copy = pickle.loads(pickle.dumps(bundled))
    assert copy._paths == {}
    assert [e["sub_type"] for e in copy.read("t", TEXT).events] == [e["sub_type"] for e in bundled.read("t", TEXT).events]


def test_the_reader_version_names_the_revision_and_changes_with_the_config(bundled, tmp_path):
    other = _reader_with(bundled, tmp_path, ["sentences"])
    assert bundled.version.startswith(components.READER_REVISION + "+")
    assert other.version != bundled.version


def test_an_event_at_an_unlisted_village_takes_the_region_its_context_names(bundled):
    text = ("Published 9 March 2021\n\nOn 7 March, gunmen raided the hamlets of Tiwarakoro and Sembedaga, in the "
            "Douentza circle of the Mopti region, killing 11 herders.\n")
    events = bundled.read("t", text).events
    # one event per listed village (as ACLED codes them), the toll divided between them
    assert [(e["place"], e["admin1"]) for e in events] == [("Tiwarakoro", "Mopti"), ("Sembedaga", "Mopti")]
    assert [e["fatalities"] for e in events] == [6, 5]
    mopti = bundled.read("t", "Fighting was reported in the Mopti region on 3 March 2021.\n").places
    assert events[0]["region_id"] == next(p["region_id"] for p in mopti if p["name"] == "Mopti")
