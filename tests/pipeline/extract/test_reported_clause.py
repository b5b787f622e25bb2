"""The reported clause of indirect speech holds what was said: no addressee, no dateline."""

from __future__ import annotations

import pytest

from pipeline.extract import extract_article
from pipeline.extract.text import dateline_length
from pipeline.models import Article

CONTEXT = ("Cuba's foreign ministry confirmed the deaths of three Cuban nationals serving with the "
           "Russian army.\n\n")


def _indirect(body: str, context: str = CONTEXT) -> list[str]:
    article = Article(article_id="art-test", source_file="t.txt", text=context + body, published="2024-06-13")
    return [s["text"] for s in extract_article(article)["extracted_statements"] if s["kind"] == "indirect"]


@pytest.mark.parametrize("body", [
    "Ministry spokesperson Anna Weber told Reuters that five nationals were being held as prisoners of war.",
    "Ministry spokesperson Anna Weber told the BBC in an interview that five nationals were being held as "
    "prisoners of war.",
    "Ministry spokesperson Anna Weber informed the families of the missing men that five nationals were being held "
    "as prisoners of war.",
])
def test_the_clause_after_an_addressee_starts_after_that(body):
    assert _indirect(body) == ["five nationals were being held as prisoners of war"]


@pytest.mark.parametrize("audience", ["Reuters", "The Havana Times", "the BBC"])
def test_a_named_audience_after_told_is_not_part_of_the_clause_even_without_that(audience):
    body = f"Ministry spokesperson Anna Weber told {audience} five nationals were being held as prisoners of war."
    assert _indirect(body) == ["five nationals were being held as prisoners of war"]


def test_words_before_that_holding_a_verb_or_an_infinitive_are_no_addressee():
    body = ("The health regulator has warned students to check that their universities meet the licensing rules. "
            "Anna Weber told Reuters five nationals were killed and that two more were missing.")
    texts = _indirect(body)
    assert not any(t.startswith("their universities") for t in texts), texts
    assert not any(t.startswith("two more were missing") for t in texts), texts


@pytest.mark.parametrize("attribution", ["the foreign ministry said on Tuesday", "according to the foreign ministry"])
@pytest.mark.parametrize("dateline", [
    "HAVANA: ", "SANTA CLARA — ", "HAVANA, June 11 (AFP) - ", "Havana, June 11 (AFP) ", "Santa Clara, Jun 11: ",
    "Santa Clara: ",
])
def test_a_dateline_is_not_part_of_the_reported_clause(dateline, attribution):
    body = dateline + f"Three more Cuban nationals have been killed while serving with the Russian army, {attribution}."
    assert _indirect(body, context="") == [
        "Three more Cuban nationals have been killed while serving with the Russian army"]


@pytest.mark.parametrize("sentence", [
    "US-based analysts: nothing", "Kumar, March 22 was the date", "The ministry: nothing",
    "Two men from Kerala, their families said: yes",
])
def test_sentences_that_open_with_no_dateline_keep_their_start(sentence):
    assert dateline_length(sentence) == 0


KENYA = ("Kenya's embassy in Moscow confirmed the death of a Kenyan national serving with the Russian army.\n\n")


def _kenyan_statements(body: str) -> list[dict]:
    article = Article(article_id="art-test", source_file="t.txt", text=KENYA + body, published="2024-06-13")
    return extract_article(article)["extracted_statements"]


def test_according_to_one_source_another_speaker_told_them_the_inner_speaker_speaks():
    body = ("According to the family, the embassy official told them that efforts were on to bring the body "
            "home to Nakuru.")
    st = _kenyan_statements(body)
    assert [(s["speaker_title"], s["text"]) for s in st] == [
        ("official", "efforts were on to bring the body home to Nakuru")]


def test_an_official_named_by_an_organisation_noun_speaks_for_that_organisation():
    body = "The embassy official said the body would be flown to Nairobi within a week."
    st = _kenyan_statements(body)
    assert [(s["speaker_title"], s["speaker_org"]) for s in st] == [("official", "Embassy of Kenya")]


@pytest.mark.parametrize("body", [
    "The Kenyan police are alleged to have beaten the families who protested outside the station.",
    "The Kenyan embassy was told that the men had been moved to a camp near Rostov.",
    "Kenya barred its citizens from travelling to Russia after reports that Kenyans were being killed "
    "on the front lines.",
])
def test_a_passive_speech_verb_or_a_speech_noun_makes_no_statement(body):
    assert _kenyan_statements(body) == []


def test_a_call_from_an_organisation_confirming_a_death_is_its_statement():
    body = ("NAKURU: The family of Peter Mwangi Njoroge received a call from the Kenyan embassy on Monday evening "
            "confirming that he had been killed in a drone attack in eastern Ukraine.")
    st = _kenyan_statements(body)
    assert [(s["speaker_org"], s["text"], s["date"]) for s in st] == [
        ("Embassy of Kenya", "he had been killed in a drone attack in eastern Ukraine", "2024-06-10")]


def test_a_sentence_never_crosses_a_line_of_a_list_of_highlights():
    from pipeline.extract.text import sentences

    highlights = ("Peter Mwangi Njoroge, 31, returned to Nakuru after being discharged by the Russian army\n"
                  "Families say 20 youths from Nakuru are still in Russia\n"
                  "MP writes to the ministry seeking their return")
    assert [s.text for s in sentences(highlights)] == highlights.split("\n")
    # hard-wrapped prose, where a line starts in the middle of a sentence, stays one sentence
    wrapped = "The Kenyan embassy said the men\nwould be flown home next week."
    assert [s.text for s in sentences(wrapped)] == [wrapped]
    st = _kenyan_statements("Highlights\n\n" + highlights + "\n\nThe families gathered in Nakuru on Sunday.")
    assert not [s for s in st if "\n" in s["text"] or s["speaker_org"] == "Russian Army"]
