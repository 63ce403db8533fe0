"""The trained event sub-type classifier (watchfloor/read/event_model.py), the prose check and the
parse-based roles, on the shipped training data and on sentences written for these tests (in no fixture
and no training file)."""
from __future__ import annotations

import json
import random
import string
from pathlib import Path

import pytest

from watchfloor.read import event_model
from watchfloor.read.events import find_events
from watchfloor.read.pipeline import reader_for
from watchfloor.read.prose import is_prose, prose_sentences

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "tests" / "fixtures" / "snippets"
REPORTS = ROOT / "tests" / "fixtures" / "reports"
DEV_FILES = ("acled_snippets.jsonl", "acled_snippets_blind.jsonl")
# Measured on the dev snippets with the shipped training data, minus 0.03 (see the report of the change).
CLASSIFIER_FLOOR = 0.92      # measured 0.950
READER_FLOOR = 0.91          # measured 0.946


@pytest.fixture(scope="module")
def reader():
    return reader_for()


def _snippets() -> list[dict]:
    return [json.loads(line) for name in DEV_FILES
            for line in (SNIPPETS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def micro_f1(gold: list[str], predicted: list[str | None]) -> float:
    tp = sum(g == p for g, p in zip(gold, predicted))
    fp = sum(p is not None and p != g for g, p in zip(gold, predicted))
    fn = len(gold) - tp
    return 2 * tp / (2 * tp + fp + fn)


def test_classifier_reaches_its_floor_on_the_dev_snippets():
    items = _snippets()
    model = event_model.classifier()
    predicted = [None if p == event_model.NO_EVENT else p
                 for p in model.predict([event_model.Sentence(i["text"]) for i in items])]
    assert micro_f1([i["sub_event_type"] for i in items], predicted) >= CLASSIFIER_FLOOR


def test_reader_reaches_its_floor_on_the_dev_snippets(reader):
    items = _snippets()
    predicted = []
    for i in items:
        events = reader.read("snippet", i["text"] + "\n").events
        predicted.append(events[0]["sub_type"] if events else None)
    assert micro_f1([i["sub_event_type"] for i in items], predicted) >= READER_FLOOR


HARD_PAIRS = [
    # protests: peaceful / intervention / excessive force / violent demonstration / mob violence
    ("Several hundred teachers marched through the centre of Kananga on Monday to demand unpaid salaries; "
     "the march ended without incident.", "Peaceful protest"),
    ("Police fired tear gas to break up a sit-in by students outside the university in Kisumu and detained "
     "eleven of them.", "Protest with intervention"),
    ("Security forces opened fire on residents protesting against fuel prices in Sagamu, killing three "
     "demonstrators.", "Excessive force against protesters"),
    ("Youths angry at the arrest of a local chief burned tyres, blocked the main road and threw stones at "
     "police in Bunia.", "Violent demonstration"),
    ("A crowd at a market in Kano beat a man accused of stealing a phone to death before police arrived.",
     "Mob violence"),
    # battles: armed clash / attack on civilians
    ("Government troops and rebel fighters exchanged fire for several hours near Kitshanga, with losses on "
     "both sides.", "Armed clash"),
    ("Armed men stormed a hamlet near Kajuru at night and shot dead nine residents in their homes.", "Attack"),
    # territory: a non-state actor takes it / it changes hands without fighting / the government takes it back
    ("Rebel fighters seized the mining town of Rubaya after driving out the army and allied militias.",
     "Non-state actor overtakes territory"),
    ("The departing peacekeepers handed their base outside Tessalit over to the national army in a short "
     "ceremony.", "Non-violent transfer of territory"),
    ("The army recaptured the town of Kitchanga from the rebels after two days of fighting.",
     "Government regains territory"),
    # strategic developments
    ("The insurgents set up a new base in the forest south of Mocímboa da Praia, according to local "
     "fishermen.", "Headquarters or base established"),
    ("The two militias signed a ceasefire agreement in Bangui on Thursday under the mediation of the church.",
     "Agreement"),
    ("The armed movement announced the appointment of a new military commander after the death of its "
     "founder.", "Change to group/activity"),
]


@pytest.mark.parametrize("sentence, sub_type", HARD_PAIRS, ids=[s for _, s in HARD_PAIRS])
def test_hard_pairs(reader, sentence, sub_type):
    assert [e["sub_type"] for e in reader.read("t", sentence).events] == [sub_type]


def test_hard_pair_sentences_are_in_no_fixture_and_no_training_file():
    texts = {e.text for e in event_model.load_examples()} | {i["text"] for i in _snippets()}
    reports = " ".join(p.read_text(encoding="utf-8") for p in REPORTS.iterdir() if p.suffix != ".json")
    for sentence, _ in HARD_PAIRS:
        assert sentence not in texts and sentence[:60] not in reports


def test_training_takes_every_file_of_the_training_folder():
    files = event_model.training_files()
    assert files[0] == event_model.SENTENCES_PATH
    assert files[1:] == sorted(event_model.TRAINING_DIR.glob("*.jsonl"))
    lines = sum(1 for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip())
    examples = event_model.load_examples()
    assert len(examples) == lines
    labels = {e.sub_type for e in examples}
    assert event_model.NO_EVENT in labels and len(labels) == 26


def test_the_disk_cache_is_used_on_the_second_load(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = event_model.load_classifier()
    assert first.source == "trained" and first.path.parent == tmp_path / "watchfloor" and first.path.exists()
    second = event_model.load_classifier()
    assert second.source == "cache" and second.path == first.path
    probe = [event_model.Sentence("Soldiers repelled an attack by gunmen on their camp near the river.")]
    assert (first.classifier.predict_proba(probe) == second.classifier.predict_proba(probe)).all()


def test_an_unwritable_cache_trains_in_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    loaded = event_model.load_classifier()
    assert loaded.source == "memory" and loaded.path is None
    assert loaded.classifier.predict([event_model.Sentence("Gunmen abducted four nurses on the road to the "
                                                           "clinic.")]) == ["Abduction/forced disappearance"]


# -- text that is not prose -----------------------------------------------------------------------------
_EVENT_WORDS = ("attack killed clashed soldiers militants UN MPA JNIM mob protesters army seized town "
                "village stormed gunmen rebels police burned abducted drone strike in the of and on by").split()


def _random_tokens(rng: random.Random, n: int) -> str:
    alphabet = string.ascii_letters + string.digits
    return " ".join(rng.choice(_EVENT_WORDS) if rng.random() < 0.3 else
                    "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10))) for _ in range(n))


def _shuffled_words(rng: random.Random, n: int) -> str:
    vocabulary = " ".join(sentence for sentence, _ in HARD_PAIRS).split()
    return " ".join(rng.choice(vocabulary) for _ in range(n))


def _number_table(rng: random.Random) -> str:
    rows = ["Region  Events  Fatalities  Displaced  Change"]
    for _ in range(30):
        rows.append("  ".join(str(rng.randint(0, 9999)) for _ in range(5)))
    return "\n".join(rows)


@pytest.mark.parametrize("seed", range(5))
def test_junk_gives_no_events(reader, seed):
    rng = random.Random(seed)
    for junk in (_random_tokens(rng, 2000), _shuffled_words(rng, 600), _number_table(rng),
                 "\n".join(rng.sample(["JNIM", "ISSP", "Wagner Group", "MINUSMA", "Al Shabaab", "Houthis", "Hamas",
                                       "Gao", "Kidal", "Mopti", "Djibo", "Goma", "Kano", "Sanaa"], 14))):
        assert reader.read("junk", junk).events == []


@pytest.mark.parametrize("sentence", [
    "Gunmen on motorbikes killed seven traders on the road to the weekly market.",
    "The army said it had recaptured the town after two days of fighting.",
    "Des hommes armés ont enlevé trois enseignants près de l'école du village.",
    "Militiamen sexually assaulted women fleeing the town.",
    "Police detained 14 activists in the capital.",
])
def test_sentences_are_prose(sentence):
    assert is_prose(sentence)


@pytest.mark.parametrize("line", [
    "12 455 3.4 88 1,204 17 0.5 99 302 11",
    "JNIM ISSP Wagner MINUSMA Gao Kidal Mopti Djibo Boni Hombori Douentza",
    "xKq 9fz Tr0p the aPlm zz7 of qWe 4kL mnB attack",
    "the of the in and the of by the",
])
def test_lines_that_are_not_prose(line):
    assert not is_prose(line)


def test_a_prose_paragraph_survives_beside_junk():
    rng = random.Random(7)
    text = _shuffled_words(rng, 300) + "\n\nGunmen killed seven traders on the road to the market on Sunday."
    from watchfloor.read.document import sentences
    spans = sentences(text)
    verdicts = prose_sentences(text, spans)
    assert verdicts[-1] is True and not any(verdicts[:-1])


# -- roles from the parse -----------------------------------------------------------------------------------
def _mentions(text: str, names: dict[str, tuple[str, str]]) -> list[tuple[int, int, str, str]]:
    out = []
    for surface, (name, kind) in names.items():
        at = text.index(surface)
        out.append((at, at + len(surface), name, kind))
    return sorted(out)


@pytest.mark.parametrize("text, actor1, actor2", [
    ("The Northern Brigade was ambushed near the dunes by fighters of the Sand Front.", "Sand Front", "Northern Brigade"),
    ("Fighters of the Sand Front ambushed the Northern Brigade near the dunes.", "Sand Front", "Northern Brigade"),
    ("Near the camp of the Northern Brigade, fighters of the Sand Front clashed with the River Militia.",
     "Sand Front", "River Militia"),
])
def test_who_did_what_to_whom_from_the_parse(text, actor1, actor2):
    names = {"Northern Brigade": ("Northern Brigade", "state force"), "Sand Front": ("Sand Front", "rebel group"),
             "River Militia": ("River Militia", "militia")}
    mentions = _mentions(text, {k: v for k, v in names.items() if k in text})
    events = find_events(text, [(0, len(text))], mentions, [], [], parser=event_model.parser())
    assert [(e["actor1"], e["actor2"]) for e in events] == [(actor1, actor2)]


def test_rules_alone_remain_available():
    text = "Gunmen killed 14 villagers at the well."
    events = find_events(text, [(0, len(text))], [], [], [], classifier=False)
    assert [(e["sub_type"], e["actor2"]) for e in events] == [("Attack", "Civilians")]


def test_the_model_path_takes_the_roles_from_the_parse(reader):
    text = "Near the camp of the Malian army at Boulkessi, JNIM fighters clashed with Islamic State militants."
    by_parse = reader.read("t", text, model=True).events
    by_order = reader.read("t", text).events
    assert len(by_parse) == 1 and by_parse[0]["actor1"] == "Jama'at Nusrat al-Islam wal-Muslimin"
    assert by_parse[0]["actor2"].startswith("Islamic State")
    assert by_order[0]["actor1"] == "Malian Armed Forces"        # word order alone takes the first named


def test_a_sentence_without_a_verb_is_read_on_the_model_path(reader):
    # the event word's head chain ends at a noun root: the parse walk must stop there
    text = "Heavy fighting between the Malian army and JNIM near Boulkessi."
    events = reader.read("t", text, model=True).events
    assert [e["sub_type"] for e in events] == ["Armed clash"]
    assert {events[0]["actor1"], events[0]["actor2"]} == {"Malian Armed Forces", "Jama'at Nusrat al-Islam wal-Muslimin"}
