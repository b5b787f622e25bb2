"""Speakers named in apposition to a relation or title, and spokespersons of the organisation just quoted."""

from __future__ import annotations

import pytest

from pipeline.extract import extract_article
from pipeline.models import Article

CONTEXT = ("Cuba's foreign ministry confirmed the deaths of three Cuban nationals serving with the "
           "Russian army.\n\n")


def _extract(body: str, context: str = CONTEXT) -> dict[str, list[dict]]:
    article = Article(article_id="art-test", source_file="t.txt", text=context + body, published="2024-06-13")
    return extract_article(article)


def _statements(body: str, context: str = CONTEXT) -> list[dict]:
    return _extract(body, context)["extracted_statements"]


def _speakers(body: str) -> list[tuple]:
    return [(s["speaker_name"], s["speaker_title"]) for s in _statements(body)]


@pytest.mark.parametrize("body, speaker", [
    ("\"He sent a voice message from the hospital saying his leg was hurt,\" his wife, Marta, said.",
     ("Marta", "wife")),
    ("'We only want to see his face one last time,' said his mother, Elena Sokol, 52.", ("Elena Sokol", "mother")),
    ("'We only want to see his face one last time,' said his mother, Elena.", ("Elena", "mother")),
    ("His wife, Marta, said that he had sent a voice message from the hospital in Rostov.", ("Marta", "wife")),
    ("Marta, his wife, said that he had sent a voice message from the hospital in Rostov.", ("Marta", "wife")),
])
def test_a_name_in_apposition_to_a_relation_is_the_speaker_with_the_relation_as_title(body, speaker):
    assert _speakers(body) == [speaker]


@pytest.mark.parametrize("body", [
    "'We only want to see his face one last time,' said his mother, who lives in Rostov.",
    "'We only want to see his face one last time,' said his mother, Ukraine being far away.",
    # a capitalised word that is never a name (a weekday) is no name in apposition
    "'We only want to see his face one last time,' said his mother, Sunday.",
])
def test_a_relation_followed_by_anything_but_a_name_stays_an_unnamed_relation(body):
    assert _speakers(body) == [(None, "mother")]


def _spokesperson(body: str) -> list[dict]:
    return [s for s in _statements(body) if s["speaker_title"] == "spokesperson"]


def test_a_bare_spokesperson_right_after_an_organisations_statement_speaks_for_it():
    body = ("The Ministry of External Affairs said it was in touch with the Russian authorities about the case. "
            "A spokesperson said the government had taken up the early discharge of all its citizens.\n\n"
            "The spokesperson added that the families would be kept informed of every step.")
    st = _spokesperson(body)
    assert len(st) == 2
    assert all(s["speaker_org"] == "Ministry of External Affairs" for s in st)


@pytest.mark.parametrize("body", [
    # another organisation is named between the statement and the spokesperson
    ("The Ministry of External Affairs said it was in touch with the authorities about the case. "
     "The Russian embassy did not answer questions. "
     "A spokesperson said the government had taken up the early discharge of all its citizens."),
    # the last speaker was a person, not an organisation
    ("Anna Weber said the men had been in touch with their families every week. "
     "A spokesperson said the government had taken up the early discharge of all its citizens."),
])
def test_a_bare_spokesperson_inherits_no_organisation_when_the_context_is_not_clear(body):
    st = _spokesperson(body)
    assert len(st) == 1 and st[0]["speaker_org"] is None


def _orgs(body: str, context: str = CONTEXT) -> list[tuple]:
    return [(s["speaker_name"], s["speaker_org"], s["text"]) for s in _statements(body, context)]


def test_the_ministry_is_the_last_ministry_named_not_a_government_or_army_named_after_it():
    body = ("Families say the Russian army keeps the men at the front, and the Russian government has not "
            "replied. The ministry said 40 families had applied for help.")
    said = [o for o in _orgs(body) if "40 families" in o[2]]
    assert [o[1] for o in said] == ["Ministry of Foreign Affairs of Cuba"]


def test_police_with_no_country_to_tell_are_police_not_the_last_organisation_named():
    context = ("Three agents who sent youths to fight for the Russian Army were arrested on Tuesday; the youths "
               "were recruited as helpers.\n\n")
    body = "The gang duped at least 18 youths between March and October, police said."
    said = [o for o in _orgs(body, context) if "duped" in o[2]]
    assert [o[1] for o in said] == ["Police"]


def test_a_relative_clause_and_a_description_by_age_do_not_hide_the_speaker():
    body = ("Pablo Ruiz, 24, came home this month. The 24-year-old from Holguin, who landed after the Russian "
            "Army discharged him, says he was never supposed to be a soldier.")
    said = [o for o in _orgs(body) if "never supposed" in o[2]]
    assert [(o[0], o[1]) for o in said] == [("Pablo Ruiz", None)]


def test_a_relative_who_speaks_is_not_counted_as_an_official():
    body = ("'We only want to see his face one last time,' said his mother, Elena Sokol, 52. "
            "\"We are in touch with the families,\" the ministry's spokesperson, Ana Diaz, said.")
    roles = {p["name"]: p["role"] for p in _extract(body)["extracted_people"]}
    assert roles.get("Elena Sokol") == "other"
    assert roles.get("Ana Diaz") == "official"


@pytest.mark.parametrize("body, expected", [
    ("On Wednesday, Luis Ortega Mendez, the State Minister for Defence, said 12 retired soldiers had been killed.",
     "Ministry of Defence of Cuba"),
    ("Cuba's Foreign Secretary Marta Gil said 12 citizens had been killed in the war.",
     "Ministry of Foreign Affairs of Cuba"),
])
def test_a_minister_speaks_for_the_ministry_the_title_names_in_the_articles_country(body, expected):
    said = [o for o in _orgs(body) if "12" in o[2]]
    assert [o[1] for o in said] == [expected]


def test_the_noun_before_a_spokespersons_title_is_the_organisation_spoken_for():
    body = "Foreign ministry spokesperson Luis Gil said 12 more families had applied for help."
    said = [o for o in _orgs(body) if "12 more" in o[2]]
    assert [(o[0], o[1]) for o in said] == [("Luis Gil", "Ministry of Foreign Affairs of Cuba")]


def test_a_pronoun_after_a_relatives_name_is_the_relative_not_a_namesake_named_earlier():
    # the son's surname inside the father's full name is no mention of the son
    body = ("Yoel Perez, 29, was killed near Bakhmut in March.\n\n"
            "His father, Ramon Perez, said the family had not been told by the army. "
            "\"We found out from his friends in the unit,\" he said.")
    direct = [s for s in _statements(body) if s["kind"] == "direct"]
    assert [(s["speaker_name"], s["speaker_title"]) for s in direct] == [("Ramon Perez", "father")]


@pytest.mark.parametrize("body, speaker", [
    ("\"He was a mechanic, not a soldier,\" said his younger brother Yoandri, who travelled to Havana.",
     ("Yoandri", "younger brother")),
    ("\"He was a mechanic, not a soldier,\" said her cousin Odalys.", ("Odalys", "cousin")),
    ("His widow, Mercedes, said he had called her from Rostov two days before he died.", ("Mercedes", "widow")),
])
def test_a_relation_right_before_a_one_word_name_names_the_speaker(body, speaker):
    assert _speakers(body) == [speaker]


def _direct_speakers(body: str) -> list[tuple]:
    return [(s["speaker_name"], s["speaker_title"]) for s in _statements(body) if s["kind"] == "direct"]


def test_a_pronoun_after_a_relative_named_by_one_word_is_the_relative_not_an_official_named_before():
    body = ("Deputy foreign minister Carlos Fernandez Ortega said Havana had asked Moscow to send the men home.\n\n"
            "His widow, Mercedes, said he had called her from Rostov. \"He sounded scared,\" she said.")
    assert _direct_speakers(body) == [("Mercedes", "widow")]


def test_a_relative_named_by_one_word_is_known_when_the_name_alone_speaks_later():
    body = ("Hundreds of neighbours attended the wake in Matanzas. His younger brother Yoandri lit the candles.\n\n"
            "\"We only want to know who sent him there,\" Yoandri said.")
    assert _direct_speakers(body) == [("Yoandri", "younger brother")]


@pytest.mark.parametrize("body, speaker", [
    ("Yoel's father, Ramon Castillo, a retired bus driver, said the family had borrowed money to pay the agent.",
     ("Ramon Castillo", "father")),
    ("\"Nobody counts the ones who are still alive,\" said Odalys Brito Ferrer, the group's organiser, "
     "whose son is missing.", ("Odalys Brito Ferrer", None)),
])
def test_a_description_in_apposition_after_a_name_leaves_the_name_as_speaker(body, speaker):
    assert _speakers(body) == [speaker]


def test_a_given_name_alone_refers_to_the_person_for_a_later_pronoun():
    body = ("Yoel Castillo's mother, Marta Diaz, said the family had sold the house to pay the agent.\n\n"
            "Yoel says he will never go back. \"I have seen what a drone does to a man,\" he said.")
    assert _direct_speakers(body) == [("Yoel Castillo", None)]


def test_a_place_that_a_name_starts_with_is_no_mention_of_that_person():
    body = ("Yoel Castillo, 24, came home to Cardenas this month. "
            "The 24-year-old from Cardenas says he was never meant to be a soldier.\n\n"
            "Cardenas Councillor Luis Mora said he had written to the foreign ministry.")
    said = {s["text"]: s["speaker_name"] for s in _statements(body)}
    assert said["he was never meant to be a soldier"] == "Yoel Castillo"


def test_a_possessive_relation_refers_to_the_one_person_with_that_relation():
    body = ("Yoel Castillo has not called home since January. \"He sent a voice note on January 6,\" said his "
            "mother, Marta Diaz.\n\n"
            "Councillor Luis Mora Pena said he had raised the case with the ministry. Yoel's mother now keeps "
            "her phone charged through the night. \"Every time it rings, I think it is him,\" she said.")
    assert _direct_speakers(body) == [("Marta Diaz", "mother"), ("Marta Diaz", "mother")]


@pytest.mark.parametrize("body, speaker", [
    ("\"We want every name and we want them back,\" said Wanjiru Kamau, the committee's coordinator.",
     ("Wanjiru Kamau", "coordinator")),
    ("Village sarpanch Joseph Otieno Mbugua said four more youths from the village were still in Russia.",
     ("Joseph Otieno Mbugua", "sarpanch")),
    ("Superintendent of Police Daniel Kiprop Ruto said a case had been registered against the agent.",
     ("Daniel Kiprop Ruto", "Superintendent of Police")),
    ("He was killed near Avdiivka last week, according to a Russian unit commander.", (None, "commander")),
])
def test_local_and_military_titles_of_the_codebook_are_speaker_titles(body, speaker):
    assert _speakers(body) == [speaker]


def test_an_association_the_codebook_does_not_list_is_an_organisation_and_can_speak():
    body = ("The protesters, organised under the banner of the Cuban Mothers' Solidarity Committee, said they had "
            "compiled a list of 80 men whose families had lost contact with them.")
    assert [(s["speaker_org"], s["text"][:24]) for s in _statements(body)] == [
        ("Cuban Mothers' Solidarity Committee", "they had compiled a list")]


@pytest.mark.parametrize("body", [
    "His mother, Marta Diaz, spoke to reporters outside the house. "
    "Later she said, 'We have had no news from the army since March.'",
    "His mother, Marta Diaz, spoke to reporters outside the house. "
    "Afterwards she said the army had not called the family once.",
])
def test_an_adverb_before_a_pronoun_speaker_is_no_part_of_the_speaker(body):
    assert _speakers("Yoel Castillo, 29, was killed near Bakhmut.\n\n" + body) == [("Marta Diaz", "mother")]


@pytest.mark.parametrize("body, speaker", [
    ("Yoel's mother, Marta Diaz, said the family had sold the house to pay the agent. His father, Ramon Diaz, "
     "sat silently beside her. 'We only want to bury him,' she said.", ("Marta Diaz", "mother")),
    ("His father, Ramon Diaz, said the family had sold the house to pay the agent. His mother, Marta Diaz, "
     "sat silently beside him. 'We only want to bury him,' he said.", ("Ramon Diaz", "father")),
])
def test_a_pronoun_skips_a_person_whose_relation_has_the_other_gender(body, speaker):
    direct = _direct_speakers("Yoel Castillo, 29, was killed near Bakhmut.\n\n" + body)
    assert direct == [speaker]


@pytest.mark.parametrize("quote", [
    "'Yoel called me every Sunday. Then nothing,' she said.",
    "'Mama, do not cry, I will send money for the holidays. That is what Yoel told me,' she said.",
])
def test_a_person_named_inside_a_quotation_is_not_who_the_pronoun_after_it_refers_to(quote):
    body = "Yoel Castillo, 29, was killed near Bakhmut.\n\nHis mother, Marta Diaz, waits by the phone. " + quote
    assert _direct_speakers(body) == [("Marta Diaz", "mother")]


@pytest.mark.parametrize("attribution", ["Diaz ji said", "Ramon ji said", "said Ramon Diaz ji"])
def test_an_honorific_after_a_name_is_no_part_of_the_speaker(attribution):
    body = ("Yoel Castillo, 29, was killed near Bakhmut.\n\nHis father, Ramon Diaz, said the family had sold the "
            "house.\n\n'We want his body back,' " + attribution + ".")
    assert _direct_speakers(body) == [("Ramon Diaz", "father")]


def test_a_long_title_before_a_name_is_stripped_whole_and_names_the_ministry():
    body = "Foreign Affairs Principal Secretary Juan Ortega said 12 more families had applied for help."
    said = [o for o in _orgs(body) if "12 more" in o[2]]
    assert [(o[0], o[1]) for o in said] == [("Juan Ortega", "Ministry of Foreign Affairs of Cuba")]
