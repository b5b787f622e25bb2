"""Extraction behaviour on hand-written articles (not the evaluation corpora)."""

from __future__ import annotations

from pipeline.extract import extract_article, is_on_topic
from pipeline.models import Article

TEXT = (
    "Cuba's foreign ministry said on Tuesday that three more Cuban nationals serving with "
    "the Russian army were killed, bringing the total number of Cuban deaths to nine.\n\n"
    "“We have asked the Russian side to release all our citizens,” Anna Weber, the ministry's spokesperson, "
    "told reporters. “We expect action soon.”\n\n"
    "She said that at least 40 citizens had sought help from the embassy.\n\n"
    "In May, Ivan Petrov, 27, a resident of Northtown, died in a drone attack in the Donetsk region.\n\n"
    "Several people have been working as “security helpers” with the Russian army, according to reports."
)


def _facts(text=TEXT, published="2024-06-13"):
    return extract_article(Article(article_id="art-test", source_file="t.txt", text=text, published=published))


def test_direct_quotes_get_speaker_and_continuation():
    st = [s for s in _facts()["extracted_statements"] if s["kind"] == "direct"]
    assert [s["text"] for s in st] == ["We have asked the Russian side to release all our citizens,",
                                       "We expect action soon."]
    assert all(s["speaker_name"] == "Anna Weber" and s["speaker_title"] == "spokesperson" for s in st)


def test_pronoun_resolves_to_last_speaker_and_scare_quotes_are_not_statements():
    st = _facts()["extracted_statements"]
    indirect = [s for s in st if s["kind"] == "indirect" and s["text"].startswith("at least 40")]
    assert indirect and indirect[0]["speaker_name"] == "Anna Weber"
    assert not any("security helper" in s["text"] for s in st)
    assert not any((s["speaker_title"] or "").lower() == "reports" for s in st)


def test_weekday_resolved_against_publication_date():
    st = [s for s in _facts()["extracted_statements"] if "three more" in s["text"]]
    assert st and st[0]["date"] == "2024-06-11"


BRIEFING = ("Cuba has asked Russia to release its nationals serving with the Russian Army, the foreign ministry "
            "said on Tuesday.\n\nAddressing the weekly briefing, ministry spokesperson Ana Diaz said that 30 Cubans "
            "had returned home. Asked about Pablo Ruiz, the recruit whose death was confirmed on Friday, Diaz said "
            "the embassy was in touch with his family.")


def test_a_spokespersons_undated_remarks_take_the_date_the_organisation_spoke_not_a_date_they_describe():
    dates = {s["text"].split()[0]: (s["date"], s["date_text"]) for s in _facts(BRIEFING)["extracted_statements"]}
    assert dates["30"] == ("2024-06-11", "on Tuesday")  # the ministry's briefing, not the publication day
    assert dates["the"] == ("2024-06-11", "on Tuesday")  # "whose death was confirmed on Friday" dates the death


def test_group_incident_and_running_total_figure():
    facts = _facts()
    deaths = [i for i in facts["extracted_incidents"] if i["type"] == "death" and not i["person_name"]]
    assert [(i["count"], i["nationality"]) for i in deaths] == [(3, "Cuban")] or [i["count"] for i in deaths] == [3]
    figs = {(f["metric"], f["value"], f["qualifier"]) for f in facts["extracted_figures"]}
    assert ("killed", 9, "exact") in figs and ("sought_help", 40, "at_least") in figs
    assert not any(f["metric"] == "killed" and f["value"] == 3 for f in facts["extracted_figures"])


def test_named_death_with_age_hometown_place_and_month():
    facts = _facts()
    [death] = [i for i in facts["extracted_incidents"] if i["person_name"] == "Ivan Petrov"]
    assert (death["date"], death["date_precision"], death["region"]) == ("2024-05-01", "month", "Donetsk")
    [person] = [p for p in facts["extracted_people"] if p["name"] == "Ivan Petrov"]
    assert (person["age"], person["hometown"], person["role"]) == (27, "Northtown", "victim")


def test_every_fact_carries_provenance_into_the_text():
    facts = _facts()
    for table in ("extracted_statements", "extracted_incidents", "extracted_figures", "extracted_people"):
        for r in facts[table]:
            assert TEXT[r["char_start"]:r["char_end"]].strip() == r["evidence"].strip()
            assert r["extractor"]


def test_off_topic_article_yields_nothing():
    oil = "Refiners kept buying crude this year, traders said. New Delhi defended the purchases, saying prices matter."
    assert not is_on_topic(oil)
    assert all(not v for v in _facts(oil).values())


def test_war_reporting_about_a_foreign_group_is_on_topic_without_recruitment_words():
    # Outlets outside India rarely say "recruited" or "Russian army": citizens "in the war" is enough.
    text = "The whereabouts of 40 Cubans who took part in the war are unknown, a minister said."
    assert is_on_topic(text)
    # ... but a war word alone, or a nationality alone, is not.
    assert not is_on_topic("Cubans bought more crude from Russia this year, traders said.")
    assert not is_on_topic("The war pushed oil prices up, traders said.")


def test_a_local_report_of_a_helper_lured_to_russia_is_on_topic_without_army_or_recruitment_words():
    text = ("HOLGUIN: The family of Pablo Ruiz (27) received a call from the embassy confirming that he had been "
            "killed in a drone attack. He had left last year after an agent promised him a job as a 'helper' at an "
            "army camp, and police have booked the agent for human trafficking.")
    assert is_on_topic(text)
    facts = _facts(text)
    assert ("death", "Pablo Ruiz") in [(i["type"], i["person_name"]) for i in facts["extracted_incidents"]]


def test_students_abroad_counted_next_to_the_war_are_off_topic():
    # A group counted in a sentence that names the war, but nobody takes part in it or is harmed.
    students = ("More than two years after the war began, Cuban students are again heading to Russia to study "
                "medicine. Over 20,000 Cubans are now enrolled at Russian universities, up from about 16,000 "
                "before the conflict. Universities have recruited heavily through agents. A student drowned in "
                "a river while swimming with friends, and his body was flown home.")
    assert not is_on_topic(students)
    assert all(not v for v in _facts(students).values())


ADDING_TEXT = (
    "Cuban nationals recruited by the Russian army are still at the front.\n\n"
    "\"The figure according to the information received so far is 75,\" Anna Weber said, adding, "
    "\"The government would take action to bring them back.\"\n\n"
    "Having been recruited as support staff in the Russian army, as many as 30 Cuban nationals want to be "
    "discharged early, the foreign ministry said Friday, adding that the president had raised the issue "
    "with Moscow."
)


def test_a_quotation_added_after_another_is_its_own_statement_with_its_own_evidence():
    st = [s for s in _facts(ADDING_TEXT)["extracted_statements"] if s["kind"] == "direct"]
    assert [s["text"] for s in st] == ["The figure according to the information received so far is 75,",
                                       "The government would take action to bring them back."]
    assert all(s["speaker_name"] == "Anna Weber" for s in st)
    # each quotation's evidence holds its own words, not the other quotation
    assert "government would" not in st[0]["evidence"] and "figure according" not in st[1]["evidence"]


def test_the_clause_before_said_friday_adding_that_is_reported_speech_too():
    st = [s for s in _facts(ADDING_TEXT)["extracted_statements"] if s["kind"] == "indirect"]
    texts = [s["text"] for s in st]
    assert any("as many as 30 Cuban nationals want to be discharged early" in t for t in texts), texts
    assert any(t.startswith("the president had raised the issue") for t in texts), texts
    speakers = {s["speaker_org"] for s in st}
    assert len(speakers) == 1 and None not in speakers, speakers


def test_incident_descriptions_read_as_plain_sentences():
    text = ("Two more Cuban nationals serving with the Russian army were killed on Tuesday, the ministry said. "
            "The Central Bureau of Investigation said on Thursday it had registered a case against a network "
            "of agents who sent Cuban nationals to Russia.")
    descriptions = sorted(i["description"] for i in _facts(text)["extracted_incidents"])
    assert descriptions == ["Death: 2 Cuban nationals, on Tuesday.",
                            "Law enforcement (case) by Central Bureau of Investigation, on Thursday."]


def test_a_short_report_of_one_death_in_russian_service_is_on_topic():
    text = ("The body of Ivan Petrov, 30, arrived home on Saturday. Duped into joining the Russian Army, "
            "Petrov is the second Cuban to have been killed along the border.")
    assert is_on_topic(text)
    # war news without a foreign national is not
    assert not is_on_topic("Russian troops advanced near the border, and two soldiers were killed.")


DEATH_NEWS = (
    "The bodies of Ivan Petrov and of Luis Ortega (23) of Northtown were flown home on March 16. "
    "The agents kept lying even after March 6, when Raul Medina received confirmation of Petrov's death "
    "from the embassy. \"We were even praying for my brother to come back alive,\" Medina said. "
    "Both Cubans had been lured by agents into the Russian army as security helpers."
)


def test_the_person_whose_death_is_named_is_its_only_victim_and_a_name_is_no_hometown():
    facts = _facts(DEATH_NEWS)
    deaths = [i["person_name"] for i in facts["extracted_incidents"] if i["type"] == "death"]
    assert deaths == ["Ivan Petrov"]
    people = {p["name"]: p for p in facts["extracted_people"]}
    assert people["Ivan Petrov"]["hometown"] is None  # not "Luis Ortega"


def test_a_return_prayed_for_is_not_a_release():
    facts = _facts(DEATH_NEWS)
    assert not [i for i in facts["extracted_incidents"] if i["type"] == "release"]


def test_more_than_n_is_a_qualifier_not_n_more_deaths():
    text = ("More than 90 Cuban nationals had joined the Russian army as security helpers, and some of them died, "
            "the foreign ministry said.")
    facts = _facts(text)
    assert not [i for i in facts["extracted_incidents"] if i["type"] == "death"]
