"""Incident rules on hand-written sentences: who is a victim, which words are triggers, what is one event."""

from __future__ import annotations

from pipeline.extract import extract_article
from pipeline.models import Article

CONTEXT = "Cuban nationals recruited by the Russian army are still at the front. "


def _incidents(text: str, published: str | None = "2024-06-13") -> list[tuple[str, str | None, int]]:
    article = Article(article_id="art-test", source_file="t.txt", text=CONTEXT + text, published=published)
    return sorted((i["type"], i["person_name"], i["count"]) for i in extract_article(article)["extracted_incidents"])


def _figures(text: str, published: str | None = "2024-06-13") -> list[tuple[str, int]]:
    article = Article(article_id="art-test", source_file="t.txt", text=CONTEXT + text, published=published)
    return sorted((f["metric"], f["value"]) for f in extract_article(article)["extracted_figures"])


def test_the_subject_of_a_speech_verb_reports_the_incident_and_is_no_victim():
    said = "Irfan Khan, 31, said three Cuban nationals from his unit had been killed."
    assert not [i for i in _incidents(said) if i[1] == "Irfan Khan"]
    named_after = "\"Two Cuban nationals were killed,\" said Raul Medina."
    assert not [i for i in _incidents(named_after) if i[1] == "Raul Medina"]


def test_a_speaker_who_reports_their_own_injury_stays_its_victim():
    assert ("injury", "Ivan Petrov", 1) in _incidents("Ivan Petrov said he was wounded near Bakhmut in January.")


def test_each_coordinated_name_is_a_victim_of_the_same_trigger():
    text = "Ivan Petrov, 32, of Northtown and Luis Ortega, 29, of Southtown were wounded in the attack."
    assert [i for i in _incidents(text) if i[0] == "injury"] == [("injury", "Ivan Petrov", 1),
                                                                 ("injury", "Luis Ortega", 1)]


def test_names_not_coordinated_with_the_victim_are_no_victims():
    spokesperson = "Luis Ortega was wounded on Monday, ministry spokesperson Anna Weber said."
    assert [i for i in _incidents(spokesperson) if i[0] == "injury"] == [("injury", "Luis Ortega", 1)]
    relative = "Luis Ortega and Raul Medina's brother were wounded on Monday."
    assert [i for i in _incidents(relative) if i[0] == "injury"] == [("injury", "Luis Ortega", 1)]


def test_not_heard_from_and_untraceable_are_missing():
    assert ("missing", "Ivan Petrov", 1) in _incidents("Ivan Petrov has not been heard from since January.")
    # a friend of the victims is no relative who speaks for them
    assert ("missing", "Luis Ortega", 1) in _incidents("Their friend Luis Ortega, 29, remains untraceable.")
    assert not [i for i in _incidents("Ivan Petrov said he had heard from his brother.") if i[0] == "missing"]


def test_a_count_of_one_dated_event_is_an_incident_not_a_running_figure():
    attack = "Irfan Khan said three Cuban nationals from his unit had been killed in an artillery attack in December."
    assert ("death", None, 3) in _incidents(attack) and ("killed", 3) not in _figures(attack)
    arrival = "Seven men who were discharged from the Russian army arrived home on Thursday."
    assert ("release", None, 7) in _incidents(arrival) and ("released", 7) not in _figures(arrival)


def test_running_totals_and_the_date_of_a_speech_stay_figures():
    totals = ("Ten Cuban nationals have been released, the ministry said on Friday. "
              "The ministry said on Friday that 12 Cuban nationals had been killed since February.")
    assert [f for f in _figures(totals) if f[0] in ("killed", "released")] == [("killed", 12), ("released", 10)]
    assert not [i for i in _incidents(totals) if i[0] in ("death", "release")]
    whole_year = "Eight Cuban nationals were discharged in 2023."
    assert ("released", 8) in _figures(whole_year)


def test_a_count_in_another_conjunct_is_not_the_group_of_a_trigger():
    text = ("Irfan Khan said three Cuban nationals had been killed in an artillery attack in December, "
            "and that he had not heard from his brother since.")
    assert not [i for i in _incidents(text) if i[0] == "missing"]


def test_a_date_in_the_attribution_of_a_count_leaves_it_a_running_figure():
    # "earlier this month" dates the release of the figures, not the deaths: neither lost nor an event
    text = ("At least 59 Cuban nationals are known to have died fighting for Russia, according to figures "
            "released by the defence ministry earlier this month.")
    assert ("killed", 59) in _figures(text)
    assert not [i for i in _incidents(text) if i[2] == 59]


def test_a_count_takes_the_metric_of_its_own_verb_not_the_first_in_the_codebook():
    # the nearest verb after the count, not "died" because deaths come first in the codebook
    assert ("recruited", 90) in _figures("More than 90 Cuban nationals had joined the Russian army so far, "
                                         "and some of them died.")
    # a participle or relative clause describing the people is not their verb
    assert ("killed", 4) in _figures("Four Cuban nationals recruited by the Russian army have been killed so far.")
    assert ("killed", 4) in _figures("Four Cuban nationals who had been recruited by the Russian army have "
                                     "been killed so far.")
    assert ("sought_help", 50) in _figures("As many as 50 Cuban nationals want to be discharged early, "
                                           "the ministry said.")


def test_a_count_without_a_person_noun_takes_the_metric_of_its_own_verb():
    # a briefing's list of counts names the people once; the other counts are subjects of their verbs
    briefing = ("The ministry said 120 Kenyan nationals had joined the Russian army, 41 are still awaiting discharge, "
                "5 have died and 23 have returned home.")
    assert {("recruited", 120), ("serving", 41), ("killed", 5), ("released", 23)} <= set(_figures(briefing))
    assert ("missing", 12) in _figures("At least 70 Kenyan nationals have died. A further 12 are listed as missing.")
    assert ("killed", 31) in _figures("By the end of the year the ministry's tally stood at 31 dead.")


def test_a_tally_that_stood_at_a_count_in_a_month_is_a_figure_not_an_event():
    assert ("killed", 27) in _figures("The ministry's tally stood at 27 dead in October.")
    assert not [i for i in _incidents("The ministry's tally stood at 27 dead in October.") if i[2] == 27]


def test_put_the_number_of_people_at_a_count_takes_the_metric_named_before_it():
    text = "The ministry put the number of Kenyan citizens killed in the war at 33, with nine others listed as missing."
    assert ("killed", 33) in _figures(text) and ("missing", 9) in _figures(text)
    assert ("killed", 4) in _figures("In May, the embassy had put the number of Cuban nationals killed at four.")


def test_metric_words_of_contact_help_joining_and_discharge():
    assert ("missing", 88) in _figures("Relatives listed 88 Kenyan men whose families had lost all contact with them.")
    assert ("sought_help", 140) in _figures("The ministry said 140 families had formally applied for help.")
    assert ("recruited", 7) in _figures("Police arrested an agent for sending at least seven youths to join "
                                        "the Russian army.")


def test_people_arrested_are_not_counted_by_a_later_metric_word():
    text = ("Four people, including a travel agent, were arrested on Monday for sending youths to Russia, "
            "where they were enlisted in the Russian army.")
    assert not [f for f in _figures(text) if f[1] == 4]


def _as_of(text: str, published: str | None = "2024-06-13") -> dict[tuple[str, int], str | None]:
    article = Article(article_id="art-test", source_file="t.txt", text=CONTEXT + text, published=published)
    return {(f["metric"], f["value"]): f["as_of"] for f in extract_article(article)["extracted_figures"]}


def test_a_spokespersons_undated_count_is_as_of_the_day_the_ministry_spoke():
    text = ("Cuba's foreign ministry said on Tuesday that it had asked Moscow to release its citizens. "
            "At the weekly briefing, Cuban foreign ministry spokesperson Anna Weber said that 44 Cuban nationals had been "
            "released so far.")
    assert _as_of(text)[("released", 44)] == "2024-06-11"


def test_a_narrators_count_is_as_of_the_date_its_sentence_states_it_for():
    assert _as_of("In May, the embassy had put the number of Cuban nationals killed at four.")[("killed", 4)] \
        == "2024-05-01"
    assert _as_of("The ministry's tally stood at 27 dead in October.")[("killed", 27)] == "2023-10-01"
    # the time of the counted event, a period's start and another clause's date are not when it was stated
    assert _as_of("At least 18 Cuban nationals were recruited in March and April.")[("recruited", 18)] \
        == "2024-06-13"
    assert _as_of("Since January, 11 Cuban nationals have been released.")[("released", 11)] == "2024-06-13"
    assert _as_of("From early May, 11 Cuban nationals have been released.")[("released", 11)] == "2024-06-13"
    assert _as_of("Two Cuban nationals were killed last year, while four others are still in Russia.")[
        ("serving", 4)] == "2024-06-13"


def test_a_surname_inside_another_persons_full_name_is_not_a_mention_of_the_first():
    text = ("The agent, Juan Ortega, ran an office in Northtown. "
            "Two recruits, Carlos Ortega, 22, and Pedro Ortega, 25, were killed in the war in May.")
    deaths = [i for i in _incidents(text) if i[0] == "death"]
    assert ("death", "Juan Ortega", 1) not in deaths
    assert {("death", "Carlos Ortega", 1), ("death", "Pedro Ortega", 1)} <= set(deaths)


def _incident_rows(text: str, published: str | None = "2024-06-13") -> list[dict]:
    article = Article(article_id="art-test", source_file="t.txt", text=CONTEXT + text, published=published)
    return extract_article(article)["extracted_incidents"]


def test_a_local_police_unit_is_the_actor_and_not_a_person():
    text = "Three people were arrested by the Northtown Rural Police on Monday for sending Cuban youths to Russia."
    rows = _incident_rows(text)
    assert [r["actor"] for r in rows if r["type"] == "law_enforcement"] == ["Northtown Rural Police"]
    assert not [r for r in rows if r["person_name"]]


def test_the_case_told_after_an_arrest_refers_back_to_it():
    arrest = "Three people were arrested by the Northtown Rural Police on Monday for sending Cuban youths to Russia. "
    case = "The case was registered by the police on a complaint by the father of a recruit."
    assert len([r for r in _incident_rows(arrest + case) if r["type"] == "law_enforcement"]) == 1
    alone = "The case was registered by the Northtown Rural Police on a complaint by the father of a recruit."
    assert len([r for r in _incident_rows(alone) if r["type"] == "law_enforcement"]) == 1


def test_the_place_named_near_the_incident_is_its_place_outside_quotations():
    [death] = [r for r in _incident_rows("Luis Ortega was killed in a drone strike near Westport on Monday.")
               if r["type"] == "death"]
    assert death["place"] == "Westport"
    [injury] = [r for r in _incident_rows("Ivan Petrov was wounded near Eastbrook, in Ukraine's Kharkiv region.")
                if r["type"] == "injury"]
    assert (injury["place"], injury["region"]) == ("Eastbrook", "Kharkiv")
    quoted = "Luis Ortega was wounded in May, said his brother, “They were near Westport, we think.”"
    assert [r["place"] for r in _incident_rows(quoted) if r["type"] == "injury"] == [None]


def test_figures_released_by_a_ministry_are_no_release_of_a_person():
    text = ("Luis Ortega is one of 40 Cuban nationals known to have died, according to figures released by the "
            "defence ministry in May.")
    assert not [i for i in _incidents(text) if i[0] == "release"]


def test_a_man_sent_back_home_after_his_contract_ended_was_released():
    text = "Ivan Petrov, of Westport, was wounded in May and was sent back to Cuba in June after his contract ended."
    assert ("release", "Ivan Petrov", 1) in _incidents(text)


def test_a_speaker_whose_relative_is_missing_is_no_victim():
    text = ("“We want them back,” said Raul Medina, the group's coordinator, whose nephew is among those missing.")
    assert not [i for i in _incidents(text) if i[1] == "Raul Medina"]


def test_an_incident_takes_the_date_in_its_own_words_before_an_earlier_one_of_its_clause():
    text = ("Westport mourned on Monday after the family of Luis Ortega received a call confirming that he had "
            "been killed in a drone attack on May 2.")
    assert [r["date"] for r in _incident_rows(text) if r["type"] == "death"] == ["2024-05-02"]


def test_a_surname_several_people_share_is_the_first_of_them_named():
    text = ("The body of Yoel Castillo, 27, of Northtown arrived home on Monday. "
            "Castillo was killed near Bakhmut on July 2, said his cousin, Osmany Castillo. "
            "His widow, Marisol Castillo, 25, said Castillo had been recruited in January.")
    named = {i[1] for i in _incidents(text)}
    assert "Yoel Castillo" in named
    assert not named & {"Osmany Castillo", "Marisol Castillo"}


def test_a_named_victim_is_one_of_the_triggers_own_clause():
    text = "Yoel Castillo is one of 40 Cubans killed in the war; about 20 more are missing."
    assert ("missing", "Yoel Castillo", 1) not in _incidents(text)
    assert ("death", "Yoel Castillo", 1) in _incidents(text)


def test_a_pronouns_coffin_returns_the_remains_of_the_victim_named_last_before_it():
    text = ("Yoel Castillo, 38, of Northtown was killed near Bakhmut in March, the ministry said. "
            "'He phoned every Sunday,' said his widow, Marisol Diaz. "
            "His coffin, draped in the Cuban flag, was flown into Havana on Saturday night.")
    assert ("remains_repatriated", "Yoel Castillo", 1) in _incidents(text)
    assert not [i for i in _incidents(text) if i[0] == "remains_repatriated" and i[1] != "Yoel Castillo"]
    # without a named victim before it, the pronoun stands for nobody the article names
    assert not [i for i in _incidents("His coffin was flown into Havana on Saturday night.")
                if i[0] == "remains_repatriated"]


def test_the_body_of_a_victim_described_at_length_arrived():
    text = ("The body of Yoel Castillo, a 27-year-old from Northtown municipality in Eastern province "
            "who was killed while fighting for the Russian army, arrived at the airport on Monday.")
    assert ("remains_repatriated", "Yoel Castillo", 1) in _incidents(text)


def test_a_towns_police_registering_an_fir_is_a_law_enforcement_action_by_them():
    text = ("On Thursday, Northtown police registered an FIR against the agent, Pedro Gomez, "
            "for sending Cuban youths to Russia.")
    assert [r["actor"] for r in _incident_rows(text) if r["type"] == "law_enforcement"] == ["Northtown police"]
    lodged = "An FIR was lodged at Southtown police station on Friday against the agent who sent Cuban men to Russia."
    assert [r["actor"] for r in _incident_rows(lodged) if r["type"] == "law_enforcement"] == ["Southtown police"]


def test_a_weekday_or_a_nationality_before_police_names_no_local_unit():
    from pipeline.extract.entities import find_orgs
    assert not [o for o in find_orgs("On Thursday police arrested two agents.") if "Thursday" in o.org.name]
    assert not [o for o in find_orgs("Cuban police arrested two agents.") if o.org.name == "Cuban police"]


def test_a_description_by_age_stands_for_the_person_of_that_age():
    text = ("Yoel Castillo, 29, had never fired a gun before he landed in Moscow. "
            "The 29-year-old from Northtown and his friend Osmany Diaz, 26, of Southtown returned home "
            "last week after being discharged from the Russian army.")
    releases = [i for i in _incidents(text) if i[0] == "release"]
    assert releases == [("release", "Osmany Diaz", 1), ("release", "Yoel Castillo", 1)]
    joint = "Yoel Castillo of Northtown and his friend Osmany Diaz were wounded near Bakhmut in May."
    assert [i for i in _incidents(joint) if i[0] == "injury"] == [("injury", "Osmany Diaz", 1),
                                                                 ("injury", "Yoel Castillo", 1)]


def test_a_time_word_of_the_speech_frame_dates_the_speech_not_new_deaths():
    text = "The government told parliament last week that 14 Cuban nationals recruited into the Russian army have died."
    assert not [i for i in _incidents(text) if i[0] == "death"]
    assert ("killed", 14) in _figures(text)
    # a time word of the reported clause still anchors the deaths
    reported = "The ministry said that two more Cuban nationals were killed last week."
    assert ("death", None, 2) in _incidents(reported)


def test_the_people_an_arrested_agent_sent_are_not_the_count_of_the_arrest():
    text = ("On Sunday, Northtown police arrested Pedro Gomez, 44, a manpower agent, on charges of "
            "sending at least 14 Cuban youths to the Russian army.")
    [arrest] = [r for r in _incident_rows(text) if r["type"] == "law_enforcement"]
    assert (arrest["count"], arrest["actor"]) == (1, "Northtown police")


def test_a_crime_investigation_department_is_a_police_actor():
    text = "The agent, Pedro Gomez, has since been arrested by the state CID, police said."
    assert [r["actor"] for r in _incident_rows(text) if r["type"] == "law_enforcement"] == ["CID"]


def test_a_lone_first_name_is_a_mention_of_the_person_named_in_full():
    text = ("Yoel Castillo Reyes, 24, of Northtown left for Russia in July. "
            "Yoel was wounded near Bakhmut on January 9, his family said.")
    assert ("injury", "Yoel Castillo Reyes", 1) in _incidents(text)


def test_a_name_with_an_event_of_its_own_before_a_new_subject_is_no_victim_of_the_next_trigger():
    text = "Of them, Yoel Castillo has died and the whereabouts of two others are not known, the police said."
    assert ("missing", "Yoel Castillo", 1) not in _incidents(text)
    shared = "Yoel Castillo was injured in a drone attack in November and was sent back to Cuba in December."
    assert ("release", "Yoel Castillo", 1) in _incidents(shared)


def test_the_object_of_a_confirmed_death_is_its_victim_not_a_speaker():
    text = ("A pall of gloom hung over Northtown on Friday after the Cuban embassy in Moscow confirmed "
            "the death of Yoel Castillo Reyes, 24, who had served in the Russian army.")
    assert ("death", "Yoel Castillo Reyes", 1) in _incidents(text)


def test_three_youths_who_came_back_in_october_are_a_release():
    text = ("The village head, Pedro Gomez ji, said three other youths from neighbouring villages "
            "came back in October last year after their contracts were cancelled.")
    incidents = _incidents(text)
    assert ("release", None, 3) in incidents
    assert not [i for i in incidents if i[1] == "Pedro Gomez"]


def test_a_name_outside_a_quotation_is_no_victim_of_a_trigger_inside_it():
    text = "\u201cHe went to earn for his sisters. He came back in a box,\u201d Pedro Gomez said, his voice breaking."
    assert not [i for i in _incidents(text) if i[1] == "Pedro Gomez"]
    split = "\u201cHe went to earn for his sisters.\n\nHe came back in a box,\u201d Pedro Gomez said."
    assert not [i for i in _incidents(split) if i[1] == "Pedro Gomez"]


def test_a_date_in_another_incidents_words_does_not_date_the_trigger():
    text = ("Gloom hung over Northtown on Friday after the embassy confirmed the death of Yoel Castillo Reyes, "
            "24, who had left for Russia last July on the promise of a job.")
    [death] = [r for r in _incident_rows(text) if r["type"] == "death"]
    assert death["date"] == "2024-06-07"


def test_a_group_named_in_the_next_sentence_is_those_people():
    text = ("Two youths from Northtown who were discharged from the Russian army landed at the airport on "
            "Thursday night. Yoel Castillo, 29, of Northtown and Osmany Diaz, 26, of Southtown had been sent "
            "to Russia in March by an agent.")
    releases = [i for i in _incidents(text) if i[0] == "release"]
    assert releases == [("release", "Osmany Diaz", 1), ("release", "Yoel Castillo", 1)]
    # a different number of names leaves the group as it is
    three = text.replace("Two youths", "Three youths")
    assert [i for i in _incidents(three) if i[0] == "release"] == [("release", None, 3)]


def test_the_arrested_accused_identified_later_are_the_arrest_told_before():
    text = ("Northtown police on Saturday arrested two recruitment agents for sending Cuban youths to Russia. "
            "The arrested accused have been identified as Pedro Gomez, a resident of Westport, and his "
            "associate Luis Ortega of Southtown.")
    arrests = [r for r in _incident_rows(text) if r["type"] == "law_enforcement"]
    assert [(r["count"], r["actor"]) for r in arrests] == [(2, "Northtown police")]


def test_he_was_hit_by_shrapnel_is_the_injury_of_the_person_last_named_with_an_incident():
    text = ("Yoel Castillo, 26, of Northtown returned home last week after being discharged from the Russian army. "
            "Yoel still cannot lift his left arm. He was hit by shrapnel in June near Bakhmut.")
    assert ("injury", "Yoel Castillo", 1) in _incidents(text)
    # another person named since: the pronoun may be theirs, no incident
    other = text.replace("Yoel still cannot lift his left arm.", "His friend Osmany Diaz still works in Moscow.")
    assert not [i for i in _incidents(other) if i[0] == "injury"]


def test_plural_actions_without_a_determiner_or_date_are_no_incident():
    general = "There have been advisories, helplines, arrests of agents and appeals at summit meetings."
    assert not [i for i in _incidents(general) if i[0] == "law_enforcement"]
    dated = "Northtown police carried out raids on the offices of two agents on Monday."
    assert [i for i in _incidents(dated) if i[0] == "law_enforcement"]


def test_the_place_close_to_which_a_victim_was_wounded_is_its_place():
    [injury] = [r for r in _incident_rows("Luis Ortega was wounded in June when a shell exploded near his "
                                          "position close to Westport in eastern Ukraine.") if r["type"] == "injury"]
    assert injury["place"] == "Westport"
