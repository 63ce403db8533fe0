"""Casualty counts whose unit is told by the clause, not by the noun: soldiers counted among the dead are
fatalities, not troops. Every sentence here was written for this test (none is in a fixture)."""
from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from watchfloor.read.pipeline import read_document


def quantities(text: str) -> Counter:
    got = read_document("t", text=text, model=False, published=date(2023, 5, 2)).as_json()["quantities"]
    return Counter((int(q["value"]), q["unit"]) for q in got)


@pytest.mark.parametrize("text, expected", [
    # a count of soldiers coordinated with a count the clause's verb governs
    ("Nine policemen and one herder were killed when the convoy hit a mine near Garoua.",
     {(9, "fatalities"), (1, "fatalities")}),
    ("Eleven Chadian soldiers and one driver died in the ambush on the Bol road.",
     {(11, "fatalities"), (1, "fatalities")}),
    ("The raiders shot dead 21 CJTF members and 4 soldiers and wounded 12 others near Damboa.",
     {(21, "fatalities"), (4, "fatalities"), (12, "injured")}),
    ("Officials said 8 soldiers and 19 VDP were killed in the assault on the Tin-Akoff detachment.",
     {(8, "fatalities"), (19, "fatalities")}),
    ("Six gendarmes of the Koro brigade (GN) and three volunteers of the self-defence committee were killed.",
     {(6, "fatalities"), (3, "fatalities")}),
    ("Quatorze soldats togolais, dont 2 officiers, ont été tués lors de l'attaque de Kpendjal.",
     {(14, "fatalities"), (2, "fatalities")}),
    ("Cinq militaires de l'armée burkinabè (FABF) et deux civils ont été tués près de Sebba.",
     {(5, "fatalities"), (2, "fatalities")}),
    # a state word between the count and its noun, or after the verb
    ("The army recovered the bodies and reported three dead soldiers and five wounded soldiers at the camp.",
     {(3, "fatalities"), (5, "injured")}),
    ("Twelve passengers and two soldiers were among the dead, the provincial governor said.",
     {(12, "fatalities"), (2, "fatalities")}),
    ("Au moins dix gendarmes avaient déjà été tués dans la même localité en mars.", {(10, "fatalities")}),
    # one person, in the singular
    ("One soldier was wounded and one civilian was killed when the patrol was fired on near Menaka.",
     {(1, "injured"), (1, "fatalities")}),
])
def test_casualty_counts_take_the_unit_of_their_clause(text, expected):
    got = quantities(text)
    assert expected <= set(got), got
    assert not any(unit == "troops" for _, unit in got), got


@pytest.mark.parametrize("text, expected", [
    ("Mali deployed 1,200 soldiers to the Kidal region last month.", (1200, "troops")),
    ("Some 400 French troops remain at the base, officials said.", (400, "troops")),
    ("Le Tchad a envoyé 1 000 soldats au Niger.", (1000, "troops")),
])
def test_troop_counts_stay_troops(text, expected):
    assert expected in quantities(text)


def test_one_soldier_alone_is_no_troop_count():
    got = quantities("One soldier guarded the gate of the town hall in Ansongo.")
    assert (1, "troops") not in got


@pytest.mark.parametrize("text, expected, not_expected", [
    # "hostage" after a count is what happened to them, not who they are
    ("Officials said 31 people died in the raid on the mine and 17 were taken hostage by the gunmen.",
     (17, "abducted"), None),
    # a count of things ends a list of casualties
    ("Nine people were wounded, including three soldiers, and the gunmen torched 60 shops and 12 lorries.",
     (9, "injured"), (12, "injured")),
])
def test_a_list_of_casualties_ends_where_its_counts_stop_being_people(text, expected, not_expected):
    got = quantities(text)
    assert expected in got, got
    assert not_expected not in got, got


@pytest.mark.parametrize("text, expected", [
    # a total, its breakdown between commas, then the verb; and a count added after the verb
    ("D'après le gouverneur, 19 militaires, dont 15 soldats tchadiens et quatre gendarmes camerounais, ont été tués, "
     "ainsi que 31 assaillants.", {(19, "fatalities"), (15, "fatalities"), (4, "fatalities"), (31, "fatalities")}),
    ("Police said 7 guards were killed as well as 12 attackers.", {(7, "fatalities"), (12, "fatalities")}),
    # people who left their homes, and refugees counted in French
    ("Près de 8 000 habitants ont dû quitter leurs maisons après les frappes.", {(8000, "displaced")}),
    ("Some 2,500 villagers left their homes after the raid on the market.", {(2500, "displaced")}),
    ("Le camp de Minawao accueille plus de 60 000 réfugiés nigérians.", {(60000, "displaced")}),
])
def test_casualty_lists_and_displacement_in_their_usual_forms(text, expected):
    got = quantities(text)
    assert expected <= set(got), got


@pytest.mark.parametrize("text, expected, not_expected", [
    ("At least six more demonstrators were shot dead outside the governor's office.", (6, "fatalities"), None),
    ("Relatives said the gunmen beheaded three farmers near the river.", (3, "fatalities"), None),
    ("Medics at the hospital received the bodies of 14 fishermen on Monday.", (14, "fatalities"), None),
    ("Local officials put the toll above 60 after the raid on the market.", (60, "fatalities"), None),
    ("Talks stalled because the five kidnapped engineers had not been freed.", (5, "abducted"), None),
    ("Moussa Diallo, 42, was killed at the checkpoint, his brother said.", None, (42, "fatalities")),
])
def test_more_ways_of_telling_the_dead_and_an_age_is_no_count(text, expected, not_expected):
    got = quantities(text)
    if expected:
        assert expected in got, got
    if not_expected:
        assert not_expected not in got, got


@pytest.mark.parametrize("text, expected", [
    ("More than 2 million people have been forced from their homes by the fighting in the region, the UN said.",
     {(2000000, "displaced")}),
    ("Le pays compte désormais plus d'un million de personnes déplacées internes, selon le HCR.",
     {(1000000, "displaced")}),
    ("Gunmen took 35 people, 12 of them children, from a village near Zurmi on Tuesday.",
     {(35, "abducted"), (12, "abducted")}),
    ("Bandits seized 16 passengers from a bus on the Abuja–Kaduna highway on Friday.", {(16, "abducted")}),
    ("The operation took three days and the army took control of the town.", set()),    # no people taken
    ("Soldiers reached the village on Monday and took 23 bodies to the hospital in Gusau.", {(23, "fatalities")}),
])
def test_displacement_and_abduction_in_other_words(text, expected):
    assert set(quantities(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("The blast killed five militiamen and four civilians near Isabela on Tuesday.",
     {(5, "fatalities"), (4, "fatalities")}),
    ("Gunmen shot dead three security guards and two patients at the clinic.", {(3, "fatalities"), (2, "fatalities")}),
    ("Les assaillants ont tué six miliciens et deux gardes forestiers près de Djibo.",
     {(6, "fatalities"), (2, "fatalities")}),
])
def test_more_kinds_of_people_and_the_french_past_participle(text, expected):
    assert set(quantities(text)) == expected


@pytest.mark.parametrize("text, expected", [
    # "N more were killed": a further count of the dead
    ("At least 60 people died in the market, and 14 more were killed on the road to Kaya.",
     {(60, "fatalities"), (14, "fatalities")}),
    # fighters captured are counted as arrested, the armed group's name between the number and the noun
    ("A police spokesman said 9 ISWAP fighters had been captured near Monguno.", {(9, "arrested")}),
    ("Soldats et VDP ont capturé sept terroristes lors du ratissage.", {(7, "arrested")}),
    # the count's state is its own clause's, not the next clause's ("… and captured one")
    ("Troops killed four of the attackers and captured two, the army said.", {(4, "fatalities")}),
    ("The militants claimed to have killed 30 soldiers and to have captured several.", {(30, "fatalities")}),
])
def test_more_killed_and_captured_counts(text, expected):
    assert set(quantities(text)) >= expected
    assert not {(v, u) for v, u in quantities(text) if (v, u) not in expected and v in {v for v, _ in expected}}


@pytest.mark.parametrize("text, expected", [
    # an armed band's size when it acts: its troops
    ("Shortly after dawn, about 60 gunmen on motorcycles attacked the gendarmerie post at Kpinkankandi.", {(60, "troops")}),
    ("More than 200 insurgents stormed the barracks at Marte before the army withdrew.", {(200, "troops")}),
    # the same people when the clause says what happened to them
    ("The air force said 35 insurgents were killed in strikes on the Timbuktu triangle.", {(35, "fatalities")}),
    ("Police arrested 14 bandits at a checkpoint near Gusau.", {(14, "arrested")}),
])
def test_an_armed_bands_size_is_troops_when_it_acts(text, expected):
    assert set(quantities(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("Le bilan fait état d'une soixantaine de blessés parmi les réfugiés de Goudoubo.", {(60, "injured")}),
    ("Une quarantaine d'éleveurs ont été tués près de Macina, selon un élu.", {(40, "fatalities")}),
    ("Un millier d'habitants ont fui vers Ansongo après l'attaque.", {(1000, "displaced")}),
    ("Une douzaine de commerçants ont été enlevés sur l'axe Boni-Hombori.", {(12, "abducted")}),
])
def test_french_approximate_counts_in_aine_and_millier(text, expected):
    assert set(quantities(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("En mars, la milice avait tué une vingtaine de déplacés près de Djugu.", {(20, "fatalities")}),
    ("Les assaillants ont enlevé une trentaine de déplacés sur la route de Kamango.", {(30, "abducted")}),
])
def test_a_verb_before_displaced_people_counted_says_what_happened_to_them(text, expected):
    assert set(quantities(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("Officials put the toll at 22 dead, including the four gunmen, near Mora.", {(22, "fatalities"), (4, "fatalities")}),
    ("Nine gendarmes and a driver were killed when the convoy struck a mine.", {(9, "fatalities")}),
    ("Au moins 12 soldats et un guide ont été tués dans l'embuscade de Boulkessi.", {(12, "fatalities")}),
])
def test_counts_after_including_the_and_before_a_single_person_in_the_same_clause(text, expected):
    assert set(quantities(text)) == expected


@pytest.mark.parametrize("text, expected", [
    # the dead counted by their remains, and killings told "to death"
    ("Search teams recovered the burned remains of 17 people from the lorries.", {(17, "fatalities")}),
    ("Militiamen hacked six herders to death outside Bunia on Friday.", {(6, "fatalities")}),
    # evacuation is displacement
    ("Some 4,300 villagers were evacuated from the frontline districts last week.", {(4300, "displaced")}),
    # hostages, freed or still held, are counted as abducted
    ("Special forces rescued five hostages from a farm near Kidira.", {(5, "abducted")}),
    ("About 60 hostages remain in the group's hands, their families say.", {(60, "abducted")}),
    # commandos and paratroopers are troops
    ("Roughly 200 paratroopers were dropped over the valley at dawn.", {(200, "troops")}),
    # a clause between the count and its verb
    ("Nine gendarmes manning a checkpoint near Torodi were killed in the assault.", {(9, "fatalities")}),
    ("Fourteen soldiers stationed at the Intahaka mine were wounded.", {(14, "injured")}),
])
def test_remains_to_death_evacuated_hostages_and_a_clause_before_the_verb(text, expected):
    assert set(quantities(text)) == expected


def test_a_death_sentence_is_no_fatality():
    assert not quantities("The tribunal in Maroua sentenced eleven separatists to death on Tuesday.")
