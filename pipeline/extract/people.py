"""People: named persons of an article with title, organisation, age and home place.

:func:`build_registry` scans the whole article once and records every person
name with what the surrounding phrase says (appositive titles, "30-year-old X",
"X, 23, of <Town> in <Region>", "<Town>'s X") plus organisation mentions, so
that speakers and incidents can be resolved against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extract.entities import (
    Registry, country_of_text, countries, find_names, find_orgs, find_title, lone_name, regions,
)
from pipeline.codebook import load_codebook

_PLACE = r"[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,2}"


def _alternation(words: list[str]) -> str:
    """The words (literal text) as one regex alternation, in their order."""
    return "|".join(re.escape(w).replace(r"\ ", " ") for w in words)


@lru_cache(maxsize=1)
def _aged_resident() -> re.Pattern[str]:
    """An age before a name ("30-year-old"), maybe with "<Place> resident" (codebook ``places.hometown_person_nouns``)."""
    nouns = _alternation(load_codebook()["places"]["hometown_person_nouns"])
    return re.compile(r"(\d{1,2})-year-old\s+(?:(" + _PLACE + r")\s+(?:" + nouns + r")\s+)?$")


@lru_cache(maxsize=1)
def _home_place() -> re.Pattern[str]:
    """A home place after a name: "resident of <Place> (village) (in <Region>)" (codebook
    ``places.hometown_markers``, ``places.place_nouns.hometown``)."""
    places = load_codebook()["places"]
    return re.compile(
        r"\b(?:" + _alternation(places["hometown_markers"]) + r")\s+"
        r"(?:the\s+)?(" + _PLACE + r")(?:\s+(?:" + _alternation(places["place_nouns"]["hometown"]) + r"))?"
        r"(?:\s+in\s+(?:" + r"(" + _PLACE + r")['’]s\s+)?(" + _PLACE + r"))?")


@lru_cache(maxsize=1)
def _relation_then_name() -> re.Pattern[str]:
    """A relation (codebook ``speech.private_titles``) then one capitalised word, alone or in
    apposition: "his widow, Name," / "his younger brother Name said" (group 1 relation, 2 the word)."""
    relations = sorted(load_codebook()["speech"]["private_titles"], key=len, reverse=True)
    return re.compile(r"(?i:\b(" + _alternation(relations) + r"))(?:\s*,\s*|\s+)"
                      r"([A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?)(?![\w'’-])(?!\s+[A-Z])")


@lru_cache(maxsize=1)
def _possessive_relation() -> re.Pattern[str]:
    """A relation (codebook ``speech.private_titles``) after a possessive: "his mother", "Name's
    younger brother" (group 1 the relation)."""
    relations = sorted(load_codebook()["speech"]["private_titles"], key=len, reverse=True)
    return re.compile(r"(?:\b[Hh]is|\b[Hh]er|\b[Tt]heir|\b[A-Z][a-z]+['’]s)\s+(?i:(" + _alternation(relations) + r"))\b")


@lru_cache(maxsize=1)
def _appositive_end() -> str:
    """Alternation of the verbs that end an appositive (codebook ``speech.appositive_end_verbs``)."""
    return _alternation(load_codebook()["speech"]["appositive_end_verbs"])


@dataclass
class PersonFacts:
    """Attributes read next to one mention of a person."""

    age: int | None = None
    hometown: str | None = None
    home_region: str | None = None
    nationality: str | None = None


def _classify_place(place: str) -> tuple[str | None, str | None]:
    """(hometown, region) for a place name."""
    place = place.strip()
    from pipeline.extract.entities import demonyms

    if place in load_codebook()["places"]["not_hometowns"] or place in countries() or place in demonyms():
        return None, None
    if place in regions():
        return None, place
    return place, None


def person_facts(text: str, start: int, end: int) -> PersonFacts:
    """Age, hometown, region and nationality given next to the name at ``text[start:end]``."""
    facts = PersonFacts()
    after = text[end:end + 160]
    before = text[max(0, start - 80):start]
    m = re.match(r"\s*(?:\((\d{1,2})\)|,\s*(?:a|an)?\s*(\d{1,2})(?:-year-old)?(?=[\s,]))", after)
    if m:
        facts.age = int(m.group(1) or m.group(2))
    m = _aged_resident().search(before)
    if m:
        facts.age = facts.age or int(m.group(1))
        if m.group(2):
            facts.hometown, facts.home_region = _classify_place(m.group(2))
    m = re.search(r"(" + _PLACE + r")['’]s\s+$", before)
    if m and not facts.hometown:
        town, region = _classify_place(m.group(1))
        facts.hometown = facts.hometown or town
        facts.home_region = facts.home_region or region
    m = re.search(r"(" + _PLACE + r")\s+resident\s+$", before)
    if m:
        facts.hometown, region = _classify_place(m.group(1))
        facts.home_region = facts.home_region or region
    window = re.split(r"(?<=[.;])\s|\b(?:and|while)\s+[A-Z]", after, maxsplit=1)[0][:140]
    m = _home_place().search(window)
    # "of"/"from" after a title ("State Minister for Foreign Affairs", "chief of the ...") is an office
    if m and re.search(r"\b[A-Z][a-z]+", window[:m.start()]):
        m = None
    if m and not (facts.hometown and facts.home_region):
        town, region = _classify_place(m.group(1))
        if town or region:
            facts.hometown = facts.hometown or town
            facts.home_region = facts.home_region or region
            if m.group(3):
                _, region2 = _classify_place(m.group(2) or m.group(3))
                facts.home_region = facts.home_region or region2 or (m.group(2) if m.group(2) in regions() else None)
    m = re.search(r"\b(?:an?|the)\s+(\w+)\s+national\b", window)
    if m:
        nat = m.group(1).capitalize()
        from pipeline.extract.entities import demonyms
        facts.nationality = demonyms().get(nat)
    return facts


def build_registry(text: str) -> Registry:
    """Every person and organisation mention of the article, with appositive titles and organisations."""
    reg = Registry()
    for om in find_orgs(text):
        reg.add_org(om.org, om.start)
    for nm in find_names(text):
        title, org, country = _appositive(text, nm.start, nm.end)
        reg.add_person(nm.name, nm.start, title=title, org=org, country=country)
    # a one-word name after a relation ("his widow, Name,", "her younger brother Name") is a person
    named_at = [(pos, pos + len(q.name)) for q in reg.people for pos in q.positions]
    for m in _relation_then_name().finditer(text):
        if any(a <= m.start(2) < b for a, b in named_at):
            continue  # "his friend Name Surname": the full name is already the person
        if lone_name(m.group(2)) and not reg.person(m.group(2)):
            reg.add_person(m.group(2), m.start(2), title=re.sub(r"\s+", " ", m.group(1).lower()))
    # single-token references to known people ("Smith said", "Mr Smith"); a surname inside
    # another person's full name ("Ana Ruiz" in an article about "Pedro Ruiz") is that person
    # a given name alone ("Name says") is a reference too, when no one else of the article has it
    # a surname several people share ("A Varela", his widow "B Varela", his brother "C Varela") is
    # the first of them the article names: relatives are told apart by their first names
    full_names = [(pos, pos + len(p.name)) for p in reg.people for pos in p.positions]
    tokens = [t for p in reg.people for t in {p.name.split()[0], p.surname}]
    first_named = {}
    for p in sorted(reg.people, key=lambda q: min(q.positions)):
        first_named.setdefault(p.surname, p)
    for p in list(reg.people):
        given = p.name.split()[0]
        own = ({p.surname} if first_named[p.surname] is p else set()) | \
            ({given} if tokens.count(given) == 1 and lone_name(given) else set())
        for tok in own:
            for m in re.finditer(rf"(?<![\w-]){re.escape(tok)}(?![\w-])", text):
                # "from Name" is a place that a name begins with ("Town MLA Name Surname")
                if tok == given != p.surname and re.search(r"\b(?:from|in|at|near|to|of)\s+$", text[:m.start()]):
                    continue
                if not any(start <= m.start() < end for start, end in full_names):
                    reg.mention_person(p, m.start())
    # "his mother" / "Name's mother" refers to the one person of the article with that relation
    for m in _possessive_relation().finditer(text):
        relation = re.sub(r"\s+", " ", m.group(1).lower())
        holders = [p for p in reg.people if p.title and p.title.lower() == relation]
        # ... unless the name itself follows ("his cousin, Name"): that is already a mention
        if len(holders) == 1 and m.start(1) not in holders[0].positions and \
                not any(m.end(1) <= pos <= m.end(1) + 3 for pos in holders[0].positions):
            reg.mention_person(holders[0], m.start(1))
    reg.person_mentions.sort(key=lambda x: x[0])
    return reg


def first_name_mentions(text: str, reg: Registry) -> list[tuple[int, object]]:
    """(position, person) of each lone first name of a person named in full ("Yoel" of
    "Yoel Varela Reyes") outside any full name, when the first name names no one else of
    the article (no other person's first name or surname): reports call victims by it ("Yoel
    died in shelling"). Kept apart from the registry's mentions, which resolve speakers."""
    named = [(pos, pos + len(q.name)) for q in reg.people for pos in q.positions]
    out = []
    for p in reg.people:
        tokens = p.name.split()
        if len(tokens) < 2 or len(tokens[0]) < 3 or not tokens[0][0].isupper() or tokens[0] == p.surname:
            continue
        if tokens[0] in {w for q in reg.people if q is not p for w in (q.name.split()[0], q.surname)}:
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(tokens[0])}(?![\w-])", text):
            if not any(a <= m.start() < b for a, b in named):
                out.append((m.start(), p))
    return out


def _appositive(text: str, start: int, end: int) -> tuple[str | None, object, str | None]:
    after = re.match(r"\s*,\s*((?:the|a|an)\s+)?([^,.;()]{2,90}?(?:\([A-Z]+\))?)\s*(?=,|\.|;|\s(?:"
                     + _appositive_end() + r")\b)", text[end:end + 120])
    before = re.search(r"((?:[\w’'-]+\s+){0,6}?)([\w’'-]+)\s*,?\s*$", text[max(0, start - 80):start])
    title = org = country = None
    if after and find_title(after.group(2)) and not find_names(after.group(2)):
        phrase = after.group(2)
        title = find_title(phrase)
        orgs = find_orgs(phrase)
        org = orgs[-1].org if orgs else None
        country = country_of_text(phrase)
    if title is None and before:
        phrase = before.group(0)
        t = find_title(phrase.split(".")[-1])
        if t and phrase.rstrip().lower().endswith(t.lower().split()[-1]) or \
                (t and re.search(rf"{re.escape(t.split()[-1])}\s*,\s*$", phrase, re.IGNORECASE)):
            title = t
            tail = phrase.split(".")[-1]
            orgs = find_orgs(tail)
            org = orgs[-1].org if orgs else None
            country = country_of_text(tail)
    if org is not None and country is None:
        country = org.country
    return title, org, country
