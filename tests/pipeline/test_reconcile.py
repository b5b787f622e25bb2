"""Reconciliation on hand-made articles: what a user of the published tables relies on.

Each test builds small news articles (invented people, towns and numbers; publication
dates set on the :class:`Article`), runs them through the real extractor
(``extract_article`` -> ``facts_to_frames``) and then ``reconcile(articles_frame(...),
frames)``, and asserts on the reconciled ``people``, ``incidents``, ``statements``,
``figures``, ``mentions`` and ``discrepancies`` tables: counts, ids, ``num_sources``,
``source_ids``, aliases and discrepancy rows.

The rules are those of SPEC.md section 4 and the module docstring of
:mod:`pipeline.reconcile`:

- people: one person across outlets despite transliteration, an initial for a name
  or a dropped middle name, judged with age, hometown, incident type and date, never
  on the name alone; canonical name plus aliases;
- organisations: aliases resolve to one canonical name;
- incidents: one record per event, unnamed group incidents merged by type, count and
  date window; missing dates filled from the best-dated source;
- statements: one record per utterance across outlets; a sentence repeated in one
  article is one mention;
- figures: one record per metric, value and as-of date; a series over time is not a
  discrepancy, conflicting values (and conflicting person attributes) are;
- ids are stable when an unrelated article is added.

``test_extractor_reads_the_hand_made_articles`` pins the premises (what the extractor
reads from each text), so that a failure elsewhere points at reconciliation.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from pipeline.assembly import articles_frame
from pipeline.extract import extract_article, facts_to_frames
from pipeline.models import Article
from pipeline.reconcile import reconcile

MEA = "Ministry of External Affairs"
CBI = "Central Bureau of Investigation"


# ---------------------------------------------------------------- helpers


def article(article_id: str, published: str | None, text: str) -> Article:
    """A hand-made article (``published`` None = publication date unknown)."""
    return Article(article_id=article_id, source_file=f"{article_id}.txt", text=text, published=published)


def run(*articles: Article) -> dict[str, pd.DataFrame]:
    """Extract every article, then reconcile them together: the published record tables."""
    frames = facts_to_frames([extract_article(a) for a in articles])
    return reconcile(articles_frame(list(articles)), frames)


def records(df: pd.DataFrame, **where) -> list[dict]:
    """Rows of ``df`` (as dicts, nulls as None) whose columns equal the given values."""
    out = []
    for r in df.to_dict("records"):
        r = {k: (None if not isinstance(v, (list, dict)) and pd.isna(v) else v) for k, v in r.items()}
        if all(r.get(k) == v for k, v in where.items()):
            out.append(r)
    return out


def one(df: pd.DataFrame, **where) -> dict:
    rows = records(df, **where)
    assert len(rows) == 1, f"expected exactly one row with {where}, got {len(rows)}:\n{df.to_string()}"
    return rows[0]


def aliases(person: dict) -> set[str]:
    return set((person["aliases"] or "").split(";")) - {""}


def spellings(person: dict) -> set[str]:
    return {person["name"]} | aliases(person)


def sources(record: dict) -> list[str]:
    return record["source_ids"].split(";")


def statements_with(out: dict, words: str) -> list[dict]:
    """Reconciled statements whose text contains ``words``."""
    return [s for s in records(out["statements"]) if words.lower() in s["text"].lower()]


def the_statement(out: dict, words: str) -> dict:
    """The one reconciled statement whose text contains ``words``."""
    rows = statements_with(out, words)
    assert len(rows) == 1, f"expected one statement with {words!r}, got {len(rows)}:\n" + \
        out["statements"][["statement_id", "speaker_org", "text", "source_ids"]].to_string()
    return rows[0]


def value_listed(values: str, value, article_id: str) -> bool:
    """Whether a discrepancy's ``values`` cell gives ``value`` together with ``article_id``.

    The cell lists each value with the articles that gave it, entries joined by ``;``
    (e.g. ``"10 (art-b); 9 (art-a)"``).
    """
    token = re.compile(rf"(?<![\w.-]){re.escape(str(value))}(?![\w.-])")
    return any(token.search(part) and article_id in part for part in values.split(";"))


# ---------------------------------------------------------------- hand-made articles

# People: the same death reported by two outlets with the victim's name spelt differently.


def first_outlet_death_report(name: str, article_id: str = "art-victim-1", published: str = "2024-02-25") -> Article:
    return article(article_id, published, (
        f"{name}, 30, of Kesarganj, died on February 21 while serving with the Russian army, his family said. "
        "Agents had recruited him in November with the promise of a security job. "
        "Relatives said they learnt of his death from a fellow recruit."))


def second_outlet_death_report(name: str, article_id: str = "art-victim-2", published: str = "2024-02-26") -> Article:
    return article(article_id, published, (
        f"{name}, 30, a resident of Kesarganj in Uttar Pradesh, was killed in a drone attack near Bakhmut "
        "on February 21, his brother said. "
        "He had been recruited into the Russian army after agents promised him a job as a helper. "
        "His family has asked the government to bring his body home."))


# Two different men with the same surname and a similar first name.
THAKURI_A = article("art-thakuri-a", "2024-05-12", (
    "Deepak Thakuri, 22, a resident of Lalpur in Uttarakhand, was killed in a missile strike in the Donetsk "
    "region on May 9, his father said. "
    "He had been recruited into the Russian army through an agent in Delhi."))
THAKURI_B = article("art-thakuri-b", "2024-05-13", (
    "Dipak Thakuri, 38, from Sitagarh in Bihar, died in the Donetsk region on May 10, his wife said. "
    "He was among the men recruited to fight for Russia as helpers."))
# ... and a later piece naming one of them without age or hometown.
THAKURI_C = article("art-thakuri-c", "2024-05-20", (
    "Deepak Thakuri was among the Indians killed in the Donetsk region this month, an activist helping "
    "the families said. "
    "Agents had recruited him into the Russian army with the promise of a security job."))

# Similar names, nothing but the name in common, and deaths seven months apart.
SHEKHAWAT_JAN = article("art-shekhawat-1", "2024-02-03", (
    "Nirmal Shekhawat was killed in the Zaporizhzhia region in January, his family said. "
    "He had been recruited into the Russian army as a helper by an agent in Jaipur."))
SHEKHAWAT_AUG = article("art-shekhawat-2", "2024-08-18", (
    "Nirmal Shekawat was killed near Kharkiv on August 14, relatives said. "
    "He had joined the Russian army in July after being recruited by an agent."))

# The same man, age given as 23 by one outlet and 24 by the other.
MALVIYA_23 = article("art-malviya-1", "2024-09-05", (
    "Sachin Malviya, 23, of Devgarh in Madhya Pradesh, was wounded in an artillery attack near Pokrovsk "
    "on September 2, his cousin said. "
    "He had been recruited into the Russian army by an agent who promised him a job in a kitchen."))
MALVIYA_24 = article("art-malviya-2", "2024-09-06", (
    "Sachin Malviya, 24, a resident of Devgarh, was injured near Pokrovsk on September 2, his family said. "
    "He was sent to the front line with the Russian army within two weeks of arriving in Russia."))

# Organisations: one ministry statement carried under four names of the ministry.
MEA_QUOTE = ("We have strongly taken up the matter with the Russian side and urged the early discharge "
             "of all our nationals")
MEA_ALIASES = [
    article("art-mea-1", "2024-03-08", (
        "The MEA on Thursday urged Moscow to release Indians recruited into the Russian army. "
        f"“{MEA_QUOTE},” the MEA said in a statement. "
        "Families of the men have been waiting for news since January.")),
    article("art-mea-2", "2024-03-08", (
        f"“{MEA_QUOTE},” the External Affairs Ministry said on Thursday. "
        "Families of men recruited as army helpers have appealed to the government for help. "
        "Several of them are serving in the Russian army on the front line.")),
    article("art-mea-3", "2024-03-08", (
        f"In a statement on Thursday, the Ministry of External Affairs said: “{MEA_QUOTE}.” "
        "Dozens of Indians were recruited into the Russian army by agents who promised them jobs.")),
    article("art-mea-4", "2024-03-08", (
        "India’s foreign ministry said on Thursday that it had pressed Moscow over citizens recruited into "
        "the Russian army. "
        f"“{MEA_QUOTE},” the foreign ministry said.")),
]

# The same arrests reported as "CBI" and as "Central Bureau of Investigation".
CBI_SHORT = article("art-cbi-1", "2024-04-11", (
    "The CBI arrested two recruitment agents in Mumbai on Wednesday for trafficking Indian youths to Russia, "
    "where they were forced to fight in the war. "
    "The agents promised the men jobs as army helpers with monthly salaries of two lakh rupees, the CBI said. "
    "The victims were sent to the front line after brief training, officials said."))
CBI_LONG = article("art-cbi-2", "2024-04-11", (
    "The Central Bureau of Investigation on Wednesday arrested two agents in Mumbai who allegedly sent "
    "Indian youths to fight for Russia. "
    "The agents promised the men jobs as army helpers with monthly salaries of two lakh rupees, the Central "
    "Bureau of Investigation said. "
    "Several of the men were later sent to the war zone."))

# Incidents: one named death reported by three outlets, one of them without a publication date.
THAPALIYA_UNDATED = article("art-thapaliya-1", None, (
    "Ravindra Thapaliya, 29, of Banepur, was killed in a drone attack on Sunday, his family said. "
    "He had been recruited into the Russian army as a helper in December. "
    "His body is yet to be brought home."))
THAPALIYA_DATED = article("art-thapaliya-2", "2024-03-06", (
    "Ravindra Kumar Thapaliya, 29, a resident of Banepur in Haryana, died in the Donetsk region on March 3, "
    "officials said. "
    "He was among dozens of Indians recruited by agents for the Russian army."))
THAPALIYA_THIRD = article("art-thapaliya-3", "2024-03-07", (
    "Ravindra Thapaliya, 29, of Banepur, died in the Donetsk region on March 3, officials said. "
    "The 29-year-old was recruited by agents who promised him a job, and was sent to the front line with "
    "the Russian army. "
    "The MEA said it was in touch with Russian authorities."))

# Unnamed group deaths: "two more Indians were killed", reported by several outlets.
TWO_MORE_TUESDAY = article("art-group-1", "2024-06-12", (
    "Two more Indians serving with the Russian army were killed on the front line on Tuesday, the Ministry "
    "of External Affairs said. "
    "The ministry did not identify them. "
    "Their families have been informed, officials added."))
TWO_MORE_UNDATED = article("art-group-2", "2024-06-12", (
    "Two more Indians recruited into the Russian army have been killed in the war, the MEA said. "
    "The External Affairs Ministry added that it had taken up the matter strongly with Moscow."))
TWO_MORE_NEXT_DAY = article("art-group-3", "2024-06-13", (
    "Two more Indians recruited into the Russian army were killed on Tuesday, the MEA said. "
    "The External Affairs Ministry added that it had taken up the matter strongly with Moscow."))
TWO_MORE_NO_PUBLICATION_DATE = article("art-group-4", None, (
    "Two more Indians recruited into the Russian army were killed on Tuesday, the MEA said. "
    "The External Affairs Ministry added that it had taken up the matter strongly with Moscow."))
THREE_MORE = article("art-group-5", "2024-06-12", (
    "Three more Indians recruited into the Russian army were killed on the front line, the MEA said. "
    "The ministry said it had taken up the matter with Moscow."))
TWO_MORE_IN_JUNE = article("art-group-6", "2024-06-12", (
    "Two more Indians serving with the Russian army have been killed in the war, the MEA said. "
    "The External Affairs Ministry said it had taken up the matter with Moscow."))
TWO_MORE_IN_OCTOBER = article("art-group-7", "2024-10-04", (
    "Two more Indians serving with the Russian army have been killed in the war, the MEA said. "
    "The External Affairs Ministry said it had taken up the matter with Moscow."))

# Statements: one briefing quoted by two outlets, with small wording differences and another split.
BRIEFING_ONE_QUOTE = article("art-briefing-1", "2024-07-05", (
    "Indian nationals recruited into the Russian army as helpers must be sent home, families said on Thursday. "
    "“We have taken up the matter with the Russian authorities. However, we cannot comment on individual "
    "cases,” MEA spokesperson Anupam Mehrotra said at the weekly media briefing on Thursday. "
    "He said about 30 Indians were still serving with the Russian army."))
BRIEFING_SPLIT_QUOTE = article("art-briefing-2", "2024-07-05", (
    "“We have taken up the matter with Russian authorities,” Anupam Mehrotra, the External Affairs Ministry "
    "spokesperson, said on Thursday. "
    "“Howsoever, we cannot comment on individual cases.” "
    "Families of men recruited by agents for the Russian army have been protesting in Delhi."))

# A standfirst repeating a body sentence.
STANDFIRST = article("art-standfirst-1", "2024-07-12", (
    "“No Indian national should be serving in the Russian army,” the MEA spokesperson said.\n\n"
    "New Delhi: India on Friday again asked Moscow to discharge its citizens recruited into the Russian army. "
    "“No Indian national should be serving in the Russian army,” the MEA spokesperson said at a media "
    "briefing. "
    "He said 15 Indians had been discharged so far.\n\n"
    "Families of the men recruited by agents have been asking for help since January."))
STANDFIRST_OTHER_OUTLET = article("art-standfirst-2", "2024-07-12", (
    "India asked Russia on Friday to discharge all its citizens from the Russian army. "
    "“No Indian national should be serving in the Russian army,” the MEA spokesperson told reporters. "
    "Dozens of men were recruited by agents with promises of jobs as helpers."))

# Two different quotes by the same minister; a second outlet carries only the first.
MINISTER_TWO_QUOTES = article("art-minister-1", "2024-07-23", (
    "“We will not rest until every Indian recruited into the Russian army is back home,” External Affairs "
    "Minister Sunil Bhargava said in Parliament on Monday. "
    "“Our embassy in Moscow is in touch with the Russian authorities every day,” Bhargava added."))
MINISTER_ONE_QUOTE = article("art-minister-2", "2024-07-23", (
    "“We will not rest until every Indian recruited into the Russian army is back home,” Sunil Bhargava, "
    "the External Affairs Minister, told Parliament on Monday. "
    "Opposition members demanded action against the agents who recruited the men."))

# Figures: a series over time (10 in March, 25 in June).
RELEASED_MARCH = article("art-released-1", "2024-03-08", (
    "So far 10 Indians have been discharged from the Russian army, the Ministry of External Affairs said "
    "on Thursday. "
    "The ministry said it was pressing for the release of the others."))
RELEASED_JUNE = article("art-released-2", "2024-06-14", (
    "So far 25 Indians have been discharged from the Russian army, the MEA said on Thursday. "
    "The External Affairs Ministry said it was pressing for the release of the others."))

# Figures: two outlets on the same day, same "sought help" figure, different death tolls.
TOLL_NINE = article("art-toll-1", "2024-06-11", (
    "Two more Indians serving with the Russian army were killed on Tuesday, bringing the total number of "
    "Indian deaths to nine, the MEA said. "
    "About 60 Indians had sought help from the embassy for an early discharge, the ministry said."))
TOLL_TEN = article("art-toll-2", "2024-06-11", (
    "Two more Indians recruited into the Russian army have been killed, taking the death toll to ten, the "
    "External Affairs Ministry said on Tuesday. "
    "About 60 Indians had sought help from the embassy for an early discharge, the ministry said."))

# One briefing, two wordings of the same count: only the number and the speaker are shared.
HELP_COUNT_ONE_WAY = article("art-helpcount-1", "2024-04-05", (
    "The MEA spokesperson said on Friday that some 40 Indians recruited by the Russian army had so far "
    "asked the embassy for help getting out."))
HELP_COUNT_OTHER_WAY = article("art-helpcount-2", "2024-04-05", (
    "Indians recruited by the Russian army remain a concern. The External Affairs Ministry said on Friday "
    "that approximately 40 individuals are in contact with the government, and that officials are trying "
    "to locate them."))
HELP_COUNT_OTHER_SPEAKER = article("art-helpcount-3", "2024-04-05", (
    "The CBI said on Friday that around 40 people were recruited by the Russian army after agents lured "
    "them with offers of jobs."))

HELP_COUNT_QUOTED_LATER = article("art-helpcount-4", None, (
    "Indians recruited by the Russian army were the subject of a weekly briefing. “Some 40 of our nationals "
    "have asked us for help so far and we are pursuing every case,” the MEA spokesperson said."))

# One demand, the speaker named as the ministry by one outlet and as the country by another.
DEMAND_BY_MINISTRY = article("art-demand-1", "2024-08-07", (
    "Indians recruited by the Russian army must come home, the Ministry of External Affairs said on "
    "Tuesday. The ministry said that there should be an “orderly exit for our nationals” serving in the "
    "Russian army before the year is out."))
DEMAND_BY_COUNTRY = article("art-demand-2", "2024-08-07", (
    "Indians recruited by the Russian army must come home. India said on Tuesday that there must be an "
    "“orderly exit” for all Indian nationals from the Russian army by the end of the year."))
DEMAND_BY_MINISTRY_UNQUOTED = article("art-demand-4", "2024-08-07", (
    "Indians recruited by the Russian army must come home, the Ministry of External Affairs said on "
    "Tuesday. The ministry said that there should be an orderly exit for all our nationals from the "
    "Russian army by the end of the year."))
DEMAND_BY_COUNTRY_UNQUOTED = article("art-demand-3", "2024-08-07", (
    "Indians recruited by the Russian army must come home. India said on Tuesday that there must be an "
    "orderly exit for all Indian nationals from the Russian army by the end of the year."))

# One remark: an outlet's report of it (its article id sorts first) and another's quotation.
REMARK_REPORTED = article("art-kind-1", "2024-08-07", (
    "The Ministry of External Affairs said on Tuesday that every Indian national serving in the Russian "
    "army would be brought home soon."))
REMARK_QUOTED = article("art-kind-2", "2024-08-07", (
    "“Every Indian national serving in the Russian army will be brought home soon, and we are in touch "
    "with the families,” the Ministry of External Affairs said on Tuesday."))

# One agency statement in two outlets' words: busted/dismantled, youths/young people,
# lucrative jobs/well-paid work (codebook paraphrases).
NETWORK_BUSTED = article("art-network-1", "2024-09-12", (
    "Indians recruited by the Russian army were lured by agents. On Thursday the CBI said it had busted a "
    "trafficking network which lured gullible youths with offers of lucrative jobs abroad."))
NETWORK_DISMANTLED = article("art-network-2", "2024-09-12", (
    "Indians recruited by the Russian army were lured by agents. On Thursday the Central Bureau of "
    "Investigation said it had dismantled trafficking networks which lured young people with offers of "
    "well-paid work abroad."))

# A count in the narrator's part of a sentence that reports speech.
NARRATED_COUNT = article("art-narrated-1", "2024-04-05", (
    "With three Indian nationals serving in the Russian army now dead, the MEA on Friday urged citizens "
    "to stay away from offers of support jobs."))

# One briefing: a dated outlet gives the death toll in its own voice, an undated one
# reports the spokesperson giving the same toll.
OWN_VOICE_TOLL = article("art-ownvoice-1", "2024-04-05", (
    "It is known that at least three Indian nationals serving with the Russian army have been killed. "
    "The MEA spokesperson said on Friday that some 40 Indians recruited by the Russian army had so far "
    "asked the embassy for help getting out."))
SPOKESPERSON_TOLL_UNDATED = article("art-ownvoice-2", None, (
    "The MEA spokesperson said on Friday that three Indians had been killed and that some 40 Indians "
    "recruited by the Russian army had so far asked the embassy for help getting out."))

# "Two others ... before that": a second group of the same size in one article.
TWO_AND_TWO_OTHERS = article("art-others-1", "2024-06-14", (
    "The MEA said that two Indian nationals recruited by the Russian army had been killed recently in the "
    "conflict. Two others had lost their lives before that."))

# Unrelated: Nepali returnees announced by Nepal's foreign ministry months later.
NEPAL_RETURNEES = ("Nepal's foreign ministry said on Monday that 12 Nepali nationals recruited by the Russian army "
                   "had returned home. "
                   "“We are working with Moscow to bring back the rest,” the foreign ministry said. "
                   "Kathmandu has banned its citizens from travelling to Russia for work.")


# ---------------------------------------------------------------- premises


@pytest.mark.parametrize("art, table, expected", [
    (THAKURI_A, "extracted_people", {"name": "Deepak Thakuri", "age": 22, "hometown": "Lalpur"}),
    (THAKURI_B, "extracted_people", {"name": "Dipak Thakuri", "age": 38, "hometown": "Sitagarh"}),
    (THAKURI_C, "extracted_people", {"name": "Deepak Thakuri", "age": None, "hometown": None}),
    (SHEKHAWAT_JAN, "extracted_incidents",
     {"type": "death", "person_name": "Nirmal Shekhawat", "date": "2024-01-01"}),
    (SHEKHAWAT_AUG, "extracted_incidents",
     {"type": "death", "person_name": "Nirmal Shekawat", "date": "2024-08-14"}),
    (MALVIYA_23, "extracted_people", {"name": "Sachin Malviya", "age": 23, "hometown": "Devgarh"}),
    (MALVIYA_24, "extracted_people", {"name": "Sachin Malviya", "age": 24, "hometown": "Devgarh"}),
    (first_outlet_death_report("Harbhajan S."), "extracted_people",
     {"name": "Harbhajan S.", "age": 30, "hometown": "Kesarganj"}),
    (first_outlet_death_report("K. Senthilnathan"), "extracted_people", {"name": "K. Senthilnathan", "age": 30}),
    (THAPALIYA_UNDATED, "extracted_incidents", {"type": "death", "date": None, "date_text": "on Sunday"}),
    (THAPALIYA_DATED, "extracted_incidents", {"type": "death", "date": "2024-03-03", "date_precision": "day"}),
    (TWO_MORE_TUESDAY, "extracted_incidents",
     {"type": "death", "nationality": "Indian", "count": 2, "date": "2024-06-11"}),
    (TWO_MORE_UNDATED, "extracted_incidents",
     {"type": "death", "nationality": "Indian", "count": 2, "date": None}),
    (TWO_MORE_NEXT_DAY, "extracted_incidents",
     {"type": "death", "nationality": "Indian", "count": 2, "date": "2024-06-11"}),
    (TWO_MORE_NO_PUBLICATION_DATE, "extracted_incidents",
     {"type": "death", "nationality": "Indian", "count": 2, "date": None}),
    (THREE_MORE, "extracted_incidents",
     {"type": "death", "nationality": "Indian", "count": 3}),
    (TWO_MORE_IN_OCTOBER, "extracted_incidents",
     {"type": "death", "nationality": "Indian", "count": 2, "date": None}),
    (CBI_SHORT, "extracted_incidents", {"type": "law_enforcement", "count": 2, "nationality": "Indian", "actor": CBI}),
    (CBI_LONG, "extracted_incidents", {"type": "law_enforcement", "count": 2, "nationality": "Indian", "actor": CBI}),
    (MEA_ALIASES[3], "extracted_statements", {"kind": "direct", "speaker_org": MEA}),
    (BRIEFING_SPLIT_QUOTE, "extracted_statements",
     {"kind": "direct", "speaker_name": "Anupam Mehrotra",
      "text": "Howsoever, we cannot comment on individual cases."}),
    (RELEASED_MARCH, "extracted_figures", {"metric": "released", "value": 10, "as_of": "2024-03-07"}),
    (RELEASED_JUNE, "extracted_figures", {"metric": "released", "value": 25, "as_of": "2024-06-13"}),
    (TOLL_NINE, "extracted_figures", {"metric": "killed", "value": 9, "as_of": "2024-06-11"}),
    (SPOKESPERSON_TOLL_UNDATED, "extracted_figures", {"metric": "killed", "value": 3, "as_of": None}),
    (TOLL_TEN, "extracted_figures", {"metric": "killed", "value": 10, "as_of": "2024-06-11"}),
    (TOLL_TEN, "extracted_figures", {"metric": "sought_help", "value": 60, "as_of": "2024-06-11"}),
], ids=lambda v: v.article_id if isinstance(v, Article) else None)
def test_extractor_reads_the_hand_made_articles(art, table, expected):
    """Premise of the tests below: the extractor reads the intended fact from each text."""
    facts = extract_article(art)[table]
    assert any(all(f.get(k) == v for k, v in expected.items()) for f in facts), facts


def test_standfirst_quote_is_extracted_twice_from_one_article():
    """Premise: the repeated sentence reaches reconciliation as two facts of the same article."""
    quotes = [s for s in extract_article(STANDFIRST)["extracted_statements"]
              if s["text"].startswith("No Indian national should be serving")]
    assert len(quotes) == 2


# ---------------------------------------------------------------- people


NAME_VARIANTS = [
    pytest.param("Tanveer Aslam", "Tanveer Alsam", id="swapped-letters"),
    pytest.param("Pradeep Choudhary", "Pradip Chaudhary", id="vowel-changes"),
    pytest.param("Ravindra Kumar Thapaliya", "Ravindra Thapaliya", id="dropped-middle-name"),
    pytest.param("Kalpesh Dineshbhai Vaghasiya", "Kalpesh Vaghasia", id="dropped-middle-name-and-transliteration"),
    pytest.param("Harbhajan Sodhi", "Harbhajan S.", id="initial-for-family-name"),
    pytest.param("Karuppiah Senthilnathan", "K. Senthilnathan", id="initial-for-first-name"),
]


@pytest.mark.parametrize("full, variant", NAME_VARIANTS)
def test_same_victim_spelt_differently_by_two_outlets_is_one_person_and_one_incident(full, variant):
    # Same age (30), same hometown (Kesarganj), same incident (death on February 21).
    out = run(first_outlet_death_report(variant), second_outlet_death_report(full))

    person = one(out["people"])
    assert spellings(person) == {full, variant}
    assert aliases(person) == {full, variant} - {person["name"]}
    assert (person["age"], person["hometown"]) == (30, "Kesarganj")

    death = one(out["incidents"], type="death")
    assert death["person_id"] == person["person_id"]
    assert death["person_name"] == person["name"]
    assert (death["num_sources"], sources(death)) == (2, ["art-victim-1", "art-victim-2"])
    assert death["date"] == "2024-02-21"


@pytest.mark.parametrize("full, variant", [
    pytest.param("Ravindra Kumar Thapaliya", "Ravindra Thapaliya", id="dropped-middle-name"),
    pytest.param("Harbhajan Sodhi", "Harbhajan S.", id="initial-for-family-name"),
    pytest.param("Karuppiah Senthilnathan", "K. Senthilnathan", id="initial-for-first-name"),
])
def test_canonical_name_is_the_complete_spelling_not_an_initial_or_shortened_form(full, variant):
    # Each spelling is given by one article; the shortened one comes from the earlier article id.
    out = run(first_outlet_death_report(variant), second_outlet_death_report(full))
    people = records(out["people"])
    assert [(p["name"], p["aliases"]) for p in people] == [(full, variant)]
    assert one(out["incidents"], type="death")["person_name"] == full


def test_same_surname_and_similar_first_name_with_different_age_and_hometown_are_two_people():
    out = run(THAKURI_A, THAKURI_B)

    people = records(out["people"])
    assert sorted((p["name"], p["age"], p["hometown"]) for p in people) == [
        ("Deepak Thakuri", 22, "Lalpur"), ("Dipak Thakuri", 38, "Sitagarh")]
    assert all(p["aliases"] is None for p in people)

    deaths = records(out["incidents"], type="death")
    assert sorted((d["person_name"], d["num_sources"], d["source_ids"]) for d in deaths) == [
        ("Deepak Thakuri", 1, "art-thakuri-a"), ("Dipak Thakuri", 1, "art-thakuri-b")]
    assert records(out["discrepancies"], record_type="person") == []


def test_a_bare_name_in_a_third_article_does_not_chain_two_different_people_into_one():
    # "Deepak Thakuri" without age or hometown is similar to both men; it may join the
    # 22-year-old (same spelling) or stay apart, but must not fuse the two men.
    out = run(THAKURI_A, THAKURI_B, THAKURI_C)

    people = records(out["people"])
    young = one(out["people"], age=22)
    old = one(out["people"], age=38)
    assert young["person_id"] != old["person_id"]
    assert (young["hometown"], old["hometown"]) == ("Lalpur", "Sitagarh")
    assert len(people) in (2, 3)
    assert not records(out["discrepancies"], record_type="person", field="age")

    old_death = one(out["incidents"], type="death", person_id=old["person_id"])
    assert (old_death["num_sources"], old_death["source_ids"]) == (1, "art-thakuri-b")
    young_death = one(out["incidents"], type="death", person_id=young["person_id"])
    assert "art-thakuri-a" in sources(young_death) and "art-thakuri-b" not in sources(young_death)


def test_similar_names_with_nothing_else_in_common_and_deaths_months_apart_are_two_people():
    # Never the name alone: killed "in January" in Zaporizhzhia vs on August 14 near Kharkiv.
    out = run(SHEKHAWAT_JAN, SHEKHAWAT_AUG)

    people = records(out["people"])
    assert sorted(p["name"] for p in people) == ["Nirmal Shekawat", "Nirmal Shekhawat"]
    deaths = records(out["incidents"], type="death")
    assert sorted((d["person_name"], d["date"], d["source_ids"]) for d in deaths) == [
        ("Nirmal Shekawat", "2024-08-14", "art-shekhawat-2"),
        ("Nirmal Shekhawat", "2024-01-01", "art-shekhawat-1"),
    ]


# ---------------------------------------------------------------- organisations


def test_ministry_aliases_resolve_to_one_canonical_name_and_the_same_words_to_one_statement():
    # "MEA", "External Affairs Ministry", "Ministry of External Affairs", "India's foreign ministry".
    out = run(*MEA_ALIASES)

    assert set(out["statements"]["speaker_org"]) == {MEA}
    quote = the_statement(out, "urged the early discharge of all our nationals")
    assert quote["kind"] == "direct"
    assert quote["speaker_org"] == MEA
    assert (quote["num_sources"], sources(quote)) == (4, ["art-mea-1", "art-mea-2", "art-mea-3", "art-mea-4"])
    assert quote["date"] == "2024-03-07"


def test_cbi_and_central_bureau_of_investigation_are_one_actor_one_arrest_and_one_statement():
    out = run(CBI_SHORT, CBI_LONG)

    arrest = one(out["incidents"], type="law_enforcement")
    assert (arrest["actor"], arrest["count"], arrest["date"]) == (CBI, 2, "2024-04-10")
    assert (arrest["num_sources"], sources(arrest)) == (2, ["art-cbi-1", "art-cbi-2"])

    said = the_statement(out, "monthly salaries of two lakh rupees")
    assert said["speaker_org"] == CBI
    assert (said["num_sources"], sources(said)) == (2, ["art-cbi-1", "art-cbi-2"])
    assert set(out["statements"]["speaker_org"].dropna()) == {CBI}


# ---------------------------------------------------------------- incidents


def test_named_death_reported_by_three_outlets_is_one_incident_with_three_sources():
    out = run(THAPALIYA_DATED, THAPALIYA_THIRD, THAPALIYA_UNDATED)

    person = one(out["people"], role="victim")
    assert spellings(person) == {"Ravindra Kumar Thapaliya", "Ravindra Thapaliya"}
    # the third outlet also tells his recruitment ("The 29-year-old was recruited by agents"): another incident
    death = one(out["incidents"], type="death")
    assert death["person_id"] == person["person_id"]
    assert death["num_sources"] == 3
    assert sources(death) == ["art-thapaliya-1", "art-thapaliya-2", "art-thapaliya-3"]
    assert (death["region"], death["count"]) == ("Donetsk", 1)
    incident_mentions = records(out["mentions"], record_type="incident", record_id=death["incident_id"])
    assert sorted(m["article_id"] for m in incident_mentions) == sources(death)


def test_article_without_publication_date_gains_the_incident_date_another_source_gives():
    # Alone, "on Sunday" cannot be resolved: the undated article's incident has no date.
    alone = run(THAPALIYA_UNDATED)
    assert one(alone["incidents"], type="death")["date"] is None

    out = run(THAPALIYA_UNDATED, THAPALIYA_DATED)
    death = one(out["incidents"], type="death")
    assert (death["date"], death["date_precision"]) == ("2024-03-03", "day")
    assert sources(death) == ["art-thapaliya-1", "art-thapaliya-2"]


def test_unnamed_group_deaths_reported_around_the_same_day_by_several_outlets_are_one_incident():
    out = run(TWO_MORE_TUESDAY, TWO_MORE_UNDATED, TWO_MORE_NEXT_DAY)

    deaths = one(out["incidents"], type="death")
    assert (deaths["count"], deaths["nationality"], deaths["person_id"]) == (2, "Indian", None)
    assert (deaths["num_sources"], sources(deaths)) == (3, ["art-group-1", "art-group-2", "art-group-3"])
    assert (deaths["date"], deaths["date_precision"]) == ("2024-06-11", "day")


def test_unnamed_group_incident_from_an_undated_article_takes_the_other_outlets_date():
    out = run(TWO_MORE_NO_PUBLICATION_DATE, TWO_MORE_TUESDAY)

    deaths = one(out["incidents"], type="death")
    assert (deaths["num_sources"], sources(deaths)) == (2, ["art-group-1", "art-group-4"])
    assert (deaths["date"], deaths["date_precision"]) == ("2024-06-11", "day")


def test_unnamed_group_incidents_with_different_counts_are_not_merged():
    out = run(TWO_MORE_TUESDAY, THREE_MORE)

    deaths = records(out["incidents"], type="death")
    assert sorted((d["count"], d["num_sources"], d["source_ids"]) for d in deaths) == [
        (2, 1, "art-group-1"), (3, 1, "art-group-5")]


def test_unnamed_group_incidents_published_months_apart_are_not_merged():
    # Same words, same count, no event date: only the publication dates (June / October) tell them apart.
    out = run(TWO_MORE_IN_JUNE, TWO_MORE_IN_OCTOBER)

    deaths = records(out["incidents"], type="death")
    assert sorted((d["count"], d["num_sources"], d["source_ids"]) for d in deaths) == [
        (2, 1, "art-group-6"), (2, 1, "art-group-7")]


# ---------------------------------------------------------------- statements


def test_same_quote_with_small_wording_differences_and_another_split_is_one_statement():
    # One outlet: one quotation with "the Russian authorities" and "However";
    # the other: two pieces around the attribution, "Russian authorities" and "Howsoever".
    out = run(BRIEFING_ONE_QUOTE, BRIEFING_SPLIT_QUOTE)

    quotes = [s for s in records(out["statements"], kind="direct")
              if "taken up the matter" in s["text"] or "comment on individual cases" in s["text"]]
    assert len(quotes) == 1, "one utterance, one statement; got:\n" + "\n".join(
        f"  {q['statement_id']} {q['source_ids']}: {q['text']}" for q in quotes)
    quote = quotes[0]
    assert quote["speaker_name"] == "Anupam Mehrotra"
    assert quote["speaker_org"] == MEA
    assert (quote["num_sources"], sources(quote)) == (2, ["art-briefing-1", "art-briefing-2"])
    assert quote["date"] == "2024-07-04"
    assert "taken up the matter" in quote["text"] and "comment on individual cases" in quote["text"]
    speaker = one(out["people"], name="Anupam Mehrotra")
    assert quote["speaker_person_id"] == speaker["person_id"]


def test_sentence_repeated_in_standfirst_and_body_is_one_statement_and_one_mention_per_article():
    out = run(STANDFIRST, STANDFIRST_OTHER_OUTLET)

    quote = the_statement(out, "No Indian national should be serving in the Russian army")
    assert (quote["num_sources"], sources(quote)) == (2, ["art-standfirst-1", "art-standfirst-2"])
    # mentions: one row per fact per article (SPEC section 3), not one per repetition
    quote_mentions = records(out["mentions"], record_type="statement", record_id=quote["statement_id"])
    assert sorted(m["article_id"] for m in quote_mentions) == ["art-standfirst-1", "art-standfirst-2"], \
        [(m["article_id"], m["char_start"], m["char_end"]) for m in quote_mentions]


def test_two_different_quotes_by_the_same_speaker_are_two_statements():
    out = run(MINISTER_TWO_QUOTES, MINISTER_ONE_QUOTE)

    assert len(records(out["statements"], kind="direct", speaker_name="Sunil Bhargava")) == 2
    not_rest = the_statement(out, "We will not rest until every Indian")
    embassy = the_statement(out, "Our embassy in Moscow is in touch")
    assert not_rest["statement_id"] != embassy["statement_id"]
    assert (not_rest["num_sources"], sources(not_rest)) == (2, ["art-minister-1", "art-minister-2"])
    assert (embassy["num_sources"], sources(embassy)) == (1, ["art-minister-1"])
    minister = one(out["people"], name="Sunil Bhargava")
    assert not_rest["speaker_person_id"] == embassy["speaker_person_id"] == minister["person_id"]


def test_reports_of_the_same_speaker_that_differ_in_a_number_are_two_statements():
    # "Two more Indians ... were killed" and "Three more Indians ... were killed": two facts.
    out = run(TWO_MORE_TUESDAY, THREE_MORE)

    two = statements_with(out, "Two more Indians")
    three = statements_with(out, "Three more Indians")
    assert len(two) == 1 and len(three) == 1
    assert two[0]["statement_id"] != three[0]["statement_id"]
    assert (two[0]["source_ids"], three[0]["source_ids"]) == ("art-group-1", "art-group-5")


def test_one_remark_worded_differently_is_one_statement_when_speaker_and_count_agree():
    # "some 40 ... asked for help" / "approximately 40 ... in contact": few words in common.
    out = run(HELP_COUNT_ONE_WAY, HELP_COUNT_OTHER_WAY, HELP_COUNT_OTHER_SPEAKER)

    mea = records(out["statements"], speaker_org=MEA)
    assert len(mea) == 1, out["statements"][["speaker_org", "text", "source_ids"]].to_string()
    assert (mea[0]["num_sources"], sources(mea[0])) == (2, ["art-helpcount-1", "art-helpcount-2"])
    # the same number said by another speaker is another remark
    cbi = one(out["statements"], speaker_org=CBI)
    assert sources(cbi) == ["art-helpcount-3"]


def test_a_quotation_sharing_only_a_running_total_with_a_report_is_another_remark():
    # A spokesperson repeats a running total at another briefing (undated here), in other words.
    out = run(HELP_COUNT_ONE_WAY, HELP_COUNT_QUOTED_LATER)

    mea = records(out["statements"], speaker_org=MEA)
    assert sorted(sources(s)[0] for s in mea) == ["art-helpcount-1", "art-helpcount-4"], \
        out["statements"][["speaker_org", "kind", "text", "source_ids"]].to_string()


def test_a_demand_quoted_by_two_outlets_is_one_statement_whether_the_ministry_or_the_country_is_named():
    # The shared quoted words make up for the wording around them ("before the year is out").
    out = run(DEMAND_BY_MINISTRY, DEMAND_BY_COUNTRY)

    demand = the_statement(out, "orderly exit")
    assert (demand["num_sources"], sources(demand)) == (2, ["art-demand-1", "art-demand-2"])
    assert demand["speaker_org"] == MEA  # the more specific speaker


def test_without_a_shared_quoted_phrase_a_country_and_its_ministry_stay_two_speakers():
    # Nearly the same words, but nothing quoted: "India said" is not taken for the ministry.
    out = run(DEMAND_BY_MINISTRY_UNQUOTED, DEMAND_BY_COUNTRY_UNQUOTED)

    demands = statements_with(out, "orderly exit")
    assert sorted(d["source_ids"] for d in demands) == ["art-demand-3", "art-demand-4"], \
        out["statements"][["speaker_org", "text", "source_ids"]].to_string()


def test_a_statement_carried_as_a_quotation_and_as_a_report_has_the_kind_of_the_text_it_shows():
    out = run(REMARK_REPORTED, REMARK_QUOTED)

    remark = the_statement(out, "brought home soon")
    assert (remark["num_sources"], sources(remark)) == (2, ["art-kind-1", "art-kind-2"])
    assert "in touch with the families" in remark["text"]
    assert remark["kind"] == "direct", "the text shown is the quotation, so the kind must say so"


def test_a_statement_reworded_with_interchangeable_words_is_one_statement():
    out = run(NETWORK_BUSTED, NETWORK_DISMANTLED)

    cbi = records(out["statements"], speaker_org=CBI)
    assert len(cbi) == 1, out["statements"][["speaker_org", "text", "source_ids"]].to_string()
    assert (cbi[0]["num_sources"], sources(cbi[0])) == (2, ["art-network-1", "art-network-2"])


def test_a_count_outside_the_reported_words_is_the_narrators_not_the_speakers():
    out = run(NARRATED_COUNT)

    killed = one(out["figures"], metric="killed")
    assert killed["value"] == 3
    assert (killed["reported_by"], killed["statement_id"]) == (None, None)
    assert the_statement(out, "stay away from offers")["speaker_org"] == MEA


def test_two_others_in_the_same_article_are_another_group_not_a_repeat():
    out = run(TWO_AND_TWO_OTHERS)

    deaths = records(out["incidents"], type="death")
    assert [d["count"] for d in deaths] == [2, 2]
    assert deaths[0]["incident_id"] != deaths[1]["incident_id"]


# One spokesperson, two outlets, each in its own words: one outlet's paraphrase and one
# sentence of the other's two-sentence quotation; the hotline remark is another remark.
MARQUEZ_CONTEXT = "Cuba's foreign ministry confirmed the deaths of three Cuban nationals serving with the Russian army.\n\n"
MARQUEZ_WIRE = article("art-marquez-1", "2025-01-06", MARQUEZ_CONTEXT + (
    "Foreign ministry spokesperson Elena Marquez told reporters the government had asked Moscow to stop recruiting "
    "Cubans and to bring home the bodies of those killed.\n\n"
    "\"We have again pressed the Russian authorities to speed up the release of every Cuban still at the front. "
    "Our embassy is in daily contact with the families,\" Marquez said."))
MARQUEZ_LOCAL = article("art-marquez-2", "2025-01-07", MARQUEZ_CONTEXT + (
    "Elena Marquez, the ministry's spokesperson, said Havana had urged Moscow to halt the enlistment of Cuban "
    "citizens and to repatriate the remains of those who died. Marquez said Cuba had urged the Russian authorities "
    "once more to expedite the release of all Cubans at the front. She said the ministry had set up a hotline for "
    "the families of the men."))


def test_a_remark_in_other_words_or_one_sentence_of_a_quotation_is_one_statement_but_another_remark_is_not():
    out = run(MARQUEZ_WIRE, MARQUEZ_LOCAL)

    by_start = {r["text"].split()[0]: r for r in records(out["statements"], speaker_name="Elena Marquez")}
    assert sources(by_start["Havana"]) == ["art-marquez-1", "art-marquez-2"]  # asked/urged, stop/halt, bodies/remains
    assert sources(by_start["We"]) == ["art-marquez-1", "art-marquez-2"]  # first sentence of the quotation
    assert sources(by_start["the"]) == ["art-marquez-2"]  # the hotline: said once, by one outlet
    assert len(by_start) == 3


RELEASE_ASK = ("Cuba's foreign ministry confirmed the deaths of three Cuban nationals serving with the Russian army.\n\n"
               "The foreign ministry said{when} it had asked Moscow to release all Cubans still serving with the "
               "Russian army.")


def test_a_statement_is_dated_by_the_day_a_source_states_else_by_its_first_report_not_a_later_one():
    # an outlet a day later names the day; the earlier one gives only its publication date
    out = run(article("art-ask-1", "2025-01-07", RELEASE_ASK.format(when="")),
              article("art-ask-2", "2025-01-08", RELEASE_ASK.format(when=" on Monday")))
    assert [(r["date"], r["num_sources"]) for r in records(out["statements"])] == [("2025-01-06", 2)]
    # no outlet names the day: the remark was made by the first publication date
    out = run(article("art-ask-1", "2025-01-08", RELEASE_ASK.format(when="")),
              article("art-ask-2", "2025-01-07", RELEASE_ASK.format(when="")))
    assert [(r["date"], r["num_sources"]) for r in records(out["statements"])] == [("2025-01-07", 2)]


WIDOW_GIVEN_NAME = article("art-widow-1", "2025-05-04", MARQUEZ_CONTEXT + (
    "Pablo Lopez, 38, was killed near Bakhmut in March. His widow, Maria, said: \"He phoned every Sunday. "
    "In March the calls stopped, and a man who spoke only Russian told us he was dead.\""))
WIDOW_FULL_NAME = article("art-widow-2", "2025-05-06", MARQUEZ_CONTEXT + (
    "Pablo Lopez, 38, was killed near Bakhmut in March. \"He phoned every Sunday. In March the calls stopped, "
    "and a man who spoke only Russian told us he was dead,\" said his widow, Maria Lopez."))


def test_a_speaker_named_by_a_given_name_in_one_outlet_and_in_full_in_another_is_one_speaker():
    out = run(WIDOW_GIVEN_NAME, WIDOW_FULL_NAME)
    quote = the_statement(out, "phoned every Sunday")
    assert quote["num_sources"] == 2, out["statements"][["speaker_name", "text", "source_ids"]].to_string()


# ---------------------------------------------------------------- figures


def test_same_figure_reported_by_two_outlets_is_one_record():
    out = run(TOLL_NINE, TOLL_TEN)

    help_ = one(out["figures"], metric="sought_help")
    assert (help_["value"], help_["qualifier"], help_["as_of"]) == (60, "approximate", "2024-06-11")
    assert (help_["num_sources"], sources(help_)) == (2, ["art-toll-1", "art-toll-2"])
    assert help_["reported_by"] == MEA


def test_an_undated_count_a_source_gave_joins_the_same_count_of_the_news_cycle_but_not_an_outlets_own():
    out = run(OWN_VOICE_TOLL, SPOKESPERSON_TOLL_UNDATED)

    help_ = one(out["figures"], metric="sought_help")
    assert (help_["value"], help_["num_sources"], help_["as_of"]) == (40, 2, "2024-04-05")
    killed = records(out["figures"], metric="killed")
    assert sorted((f["value"], f["source_ids"], f["reported_by"]) for f in killed) == [
        (3, "art-ownvoice-1", None), (3, "art-ownvoice-2", MEA)]


# Two undated outlets with no statement or incident in common give the same rounded count.
DOZENS_RUMOURED = "Nearly three dozen Indians are thought to have been recruited into the Russian army after agents promised them jobs as helpers."
DOZENS_TV = ("Almost three dozen Indian citizens were recruited into the Russian army, according to a TV channel, "
             "after agents lured them with well-paid jobs.")


def test_an_undated_distinctive_count_worded_alike_is_one_figure_but_a_small_one_is_not():
    out = run(article("art-dozens-1", None, DOZENS_RUMOURED), article("art-dozens-2", None, DOZENS_TV))
    recruited = one(out["figures"], metric="recruited")
    assert (recruited["value"], recruited["qualifier"], recruited["as_of"]) == (36, "approximate", None)
    assert sources(recruited) == ["art-dozens-1", "art-dozens-2"]

    out = run(article("art-two-1", None, DOZENS_RUMOURED.replace("Nearly three dozen", "Two")),
              article("art-two-2", None, DOZENS_TV.replace("Almost three dozen", "Two")))
    assert sorted(f["source_ids"] for f in records(out["figures"], metric="recruited", value=2)) == [
        "art-two-1", "art-two-2"]


def test_figure_series_over_time_is_two_records_and_not_a_discrepancy():
    out = run(RELEASED_MARCH, RELEASED_JUNE)

    released = records(out["figures"], metric="released")
    assert sorted((f["value"], f["as_of"], f["source_ids"]) for f in released) == [
        (10, "2024-03-07", "art-released-1"), (25, "2024-06-13", "art-released-2")]
    assert records(out["discrepancies"], record_type="figure") == []


def test_different_values_for_the_same_metric_and_date_are_both_kept_and_listed_as_a_discrepancy():
    out = run(TOLL_NINE, TOLL_TEN)

    killed = records(out["figures"], metric="killed")
    assert sorted((f["value"], f["as_of"], f["num_sources"], f["source_ids"]) for f in killed) == [
        (9, "2024-06-11", 1, "art-toll-1"), (10, "2024-06-11", 1, "art-toll-2")]

    row = one(out["discrepancies"], record_type="figure", field="value")
    assert row["record_id"] in {f["figure_id"] for f in killed}
    assert value_listed(row["values"], 9, "art-toll-1"), row["values"]
    assert value_listed(row["values"], 10, "art-toll-2"), row["values"]
    assert row["resolution"]
    # the same deaths are still one incident
    deaths = one(out["incidents"], type="death")
    assert (deaths["count"], deaths["num_sources"]) == (2, 2)


def test_conflicting_age_of_the_same_person_gives_a_discrepancy_row_with_the_value_kept_and_the_rule():
    out = run(MALVIYA_23, MALVIYA_24)

    person = one(out["people"])
    assert person["name"] == "Sachin Malviya" and person["age"] in (23, 24)
    injury = one(out["incidents"], type="injury")
    assert (injury["person_id"], injury["num_sources"]) == (person["person_id"], 2)

    row = one(out["discrepancies"], record_type="person", field="age")
    assert row["record_id"] == person["person_id"]
    assert value_listed(row["values"], 23, "art-malviya-1"), row["values"]
    assert value_listed(row["values"], 24, "art-malviya-2"), row["values"]
    assert str(person["age"]) in row["resolution"]
    assert len(row["resolution"]) > len(str(person["age"])) + 10  # the kept value *and* why


# ---------------------------------------------------------------- stable ids


ID_COLUMNS = {"people": "person_id", "incidents": "incident_id", "statements": "statement_id",
              "figures": "figure_id", "discrepancies": "discrepancy_id"}


@pytest.mark.parametrize("unrelated_id", ["art-000000000000", "art-zzzzzzzzzzzz"],
                         ids=["sorts-first", "sorts-last"])
def test_adding_an_unrelated_article_does_not_change_existing_ids(unrelated_id):
    base = [TOLL_NINE, TOLL_TEN, MALVIYA_23, MALVIYA_24, BRIEFING_ONE_QUOTE, BRIEFING_SPLIT_QUOTE]
    unrelated = article(unrelated_id, "2024-10-21", NEPAL_RETURNEES)
    before = run(*base)
    after = run(*base, unrelated)

    for table, key in ID_COLUMNS.items():
        old = records(before[table])
        assert old, f"the base articles should give {table} rows"
        new_by_id = {r[key]: r for r in records(after[table])}
        for r in old:
            assert r[key] in new_by_id, f"{table}: {r[key]} disappeared"
            if "num_sources" in r:
                assert (new_by_id[r[key]]["num_sources"], new_by_id[r[key]]["source_ids"]) == \
                    (r["num_sources"], r["source_ids"])
    # the unrelated article did add its own records
    assert statements_with(after, "bring back the rest")
    assert records(after["figures"], metric="released", value=12)
    assert len(after["statements"]) > len(before["statements"])


# ---------------------------------------------------------------- blocking


def test_blocking_links_the_same_statements_as_comparing_every_pair(monkeypatch):
    import pipeline.reconcile as reconcile_module

    every_article = [v for v in globals().values() if isinstance(v, Article)]
    assert len(every_article) > 40
    blocked = run(*every_article)
    monkeypatch.setattr(reconcile_module, "_statement_candidates", lambda facts, counts: None)
    exhaustive = run(*every_article)
    for name in ("statements", "mentions", "figures"):
        pd.testing.assert_frame_equal(blocked[name], exhaustive[name])
