"""Entities in text: organisations (canonicalised), person names with titles, places and nationalities.

Everything is driven by the codebook (``organisations.yaml``, ``places.yaml``,
``speech.yaml``). :class:`Registry` tracks, per article, the people and
organisations mentioned so far, so that surnames, pronouns and role nouns can be
resolved to the entity they refer to.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.codebook import load_codebook

APOS = "'’"


@dataclass(frozen=True)
class Org:
    """A canonical organisation."""

    name: str
    country: str | None
    kind: str | None


@dataclass(frozen=True)
class OrgMention:
    org: Org
    start: int
    end: int
    text: str


@dataclass
class Person:
    """A person named in the article, with what the text says about them."""

    name: str
    title: str | None = None
    org: Org | None = None
    country: str | None = None
    positions: list[int] = field(default_factory=list)

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


@dataclass(frozen=True)
class NameMention:
    name: str
    start: int
    end: int


# ---------------------------------------------------------------- codebook access


@lru_cache(maxsize=1)
def _orgs() -> list[tuple[str, Org]]:
    """(alias, Org) pairs, longest alias first."""
    pairs = []
    for entry in load_codebook()["organisations"]["organisations"]:
        org = Org(entry["name"], entry.get("country"), entry.get("kind"))
        for alias in {entry["name"], *entry.get("aliases", [])}:
            pairs.append((alias, org))
    return sorted(pairs, key=lambda p: -len(p[0]))


@lru_cache(maxsize=1)
def _org_regex() -> re.Pattern[str]:
    parts = []
    for i, (alias, _) in enumerate(_orgs()):
        esc = re.sub(r"['’]", f"[{APOS}]", re.escape(alias).replace(r"\ ", r"\s+"))
        # Acronyms and proper names are case-sensitive; lower-case aliases match any case.
        flag = "(?i:" if alias.islower() else "(?:"
        parts.append(rf"(?P<o{i}>{flag}{esc}))")
    # the word boundaries are tested once for all aliases, not once per alias (much faster)
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")


@lru_cache(maxsize=1)
def countries() -> dict[str, dict]:
    """Country name -> {demonym, aliases, ...}."""
    return load_codebook()["places"]["countries"]


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Demonym (and plural, and extra demonyms) -> canonical demonym."""
    out = {}
    for info in countries().values():
        for d in [info["demonym"], *info.get("extra_demonyms", [])]:
            out[d] = info["demonym"]
            out[d + "s"] = info["demonym"]
    return out


def belligerents() -> set[str]:
    """The countries at war (codebook ``places.belligerents``)."""
    return set(load_codebook()["places"]["belligerents"])


@lru_cache(maxsize=1)
def recruit_demonyms() -> dict[str, str]:
    """:func:`demonyms` without the belligerents': the nationalities a recruit can have."""
    excluded = {countries()[c]["demonym"] for c in belligerents()}
    return {form: d for form, d in demonyms().items() if d not in excluded}


@lru_cache(maxsize=1)
def regions() -> dict[str, str]:
    """Region name -> country."""
    return {r: c for c, rs in load_codebook()["places"]["regions"].items() for r in rs}


@lru_cache(maxsize=1)
def _place_noun_after() -> re.Pattern[str]:
    """A place noun right after a phrase ("... village"): codebook ``places.place_nouns.not_a_name``."""
    nouns = load_codebook()["places"]["place_nouns"]["not_a_name"]
    return re.compile(r"\s+(?:" + "|".join(re.escape(n) for n in nouns) + r")\b")


@lru_cache(maxsize=1)
def speech_vocab() -> dict:
    return load_codebook()["speech"]


@lru_cache(maxsize=1)
def _titles_regex() -> re.Pattern[str]:
    titles = sorted(speech_vocab()["titles"], key=len, reverse=True)
    return re.compile(r"(?i)\b(?:" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in titles) + r")\b")


# ---------------------------------------------------------------- organisations


def find_orgs(text: str) -> list[OrgMention]:
    """Organisation mentions with their canonical organisation, left to right, non-overlapping.

    Codebook aliases first; then a country's body named by a generic noun ("Cuba's
    foreign ministry", "the Kenyan police": codebook ``organisations.kinds_by_noun``) for
    countries the codebook lists no such body of.
    """
    out = []
    pairs = _orgs()
    for m in _org_regex().finditer(text):
        idx = next(int(k[1:]) for k, v in m.groupdict().items() if v is not None)
        out.append(OrgMention(pairs[idx][1], m.start(), m.end(), m.group(0)))
    taken = [(o.start, o.end) for o in out]
    for m in _country_body_regex().finditer(text):
        if _overlaps(m.start(), m.end(), taken):
            continue
        country = _country_of_form()[m.group("country") or m.group("demonym")]
        org = org_by_kind(_kind_of_noun()[re.sub(r"\s+", " ", m.group("noun").lower())], country)
        if org:
            out.append(OrgMention(org, m.start(), m.end(), m.group(0)))
            taken.append((m.start(), m.end()))
    for m in _association_regex().finditer(text):
        if _overlaps(m.start(), m.end(), taken):
            continue
        name = re.sub(r"\s+", " ", m.group("name"))
        out.append(OrgMention(Org(name, None, "association"), m.start("name"), m.end(), m.group("name")))
        taken.append((m.start(), m.end()))
    out.extend(_unit_mentions(text, taken))
    return sorted(out, key=lambda o: o.start)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``[start, end)`` overlaps one of ``spans``."""
    return any(start < e and s < end for s, e in spans)


@lru_cache(maxsize=1)
def _unit_regex() -> re.Pattern[str]:
    """Capitalised words and a unit noun ("Northtown Rural Police", codebook ``organisations.unit_nouns``)."""
    nouns = "|".join(re.escape(n) for n in load_codebook()["organisations"]["unit_nouns"])
    return re.compile(rf"(?<![\w-])((?:[A-Z][a-z]+\s+){{1,3}})({nouns})(?![\w-])")


def _unit_mentions(text: str, taken: list[tuple[int, int]]) -> list[OrgMention]:
    """Local units named by capitalised words and a unit noun, outside the ``taken`` spans: the
    unit of that kind, named as written (codebook ``organisations.unit_nouns``, ``unit_name_skip``)."""
    orgs = load_codebook()["organisations"]
    skip = set(orgs["unit_name_skip"])
    out = []
    for m in _unit_regex().finditer(text):
        words = m.group(1).split()
        start = m.start()
        while words and words[0] in skip:
            start = text.index(words[1] if len(words) > 1 else m.group(2), start + len(words[0]))
            words = words[1:]
        if not words or _overlaps(start, m.end(), taken) or country_of_text(" ".join(words)):
            continue
        name = text[start:m.end()]
        out.append(OrgMention(Org(re.sub(r"\s+", " ", name), None, orgs["unit_nouns"][m.group(2)]), start, m.end(), name))
    return out


@lru_cache(maxsize=1)
def _association_regex() -> re.Pattern[str]:
    """A proper name ending in an association noun ("Farmers' Welfare Committee"; codebook
    ``organisations.association_heads``): an organisation the codebook does not list."""
    heads = "|".join(re.escape(h) for h in load_codebook()["organisations"]["association_heads"])
    word = r"[A-Z][\w'’-]*"
    return re.compile(rf"(?<![\w'’-])(?:The\s+)?(?P<name>{word}(?:\s+(?:(?:of|for|and)\s+)?{word})*?\s+(?:{heads}))(?![\w-])")


@lru_cache(maxsize=1)
def _kind_of_noun() -> dict[str, str]:
    """Generic organisation noun (lowercase) -> kind (codebook ``organisations.kinds_by_noun``)."""
    return {noun.lower(): kind for noun, kind in load_codebook()["organisations"]["kinds_by_noun"].items()}


@lru_cache(maxsize=1)
def _country_of_form() -> dict[str, str]:
    """Country names, aliases and demonyms -> country name."""
    out = {}
    for name, info in countries().items():
        for form in [name, *info.get("aliases", []), info["demonym"], *info.get("extra_demonyms", [])]:
            out[form] = name
    return out


@lru_cache(maxsize=1)
def _country_body_regex() -> re.Pattern[str]:
    """"<Country>'s <noun>" or "<Demonym> <noun>" for the generic organisation nouns."""
    forms = sorted(_country_of_form(), key=len, reverse=True)
    demonym_forms = {d for info in countries().values() for d in [info["demonym"], *info.get("extra_demonyms", [])]}
    names = "|".join(re.escape(f) for f in forms if f not in demonym_forms)
    dems = "|".join(re.escape(f) for f in forms if f in demonym_forms)
    nouns = sorted(load_codebook()["organisations"]["kinds_by_noun"], key=len, reverse=True)
    noun = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in nouns)
    return re.compile(rf"(?<![\w-])(?:(?P<country>{names})[{APOS}]s|(?P<demonym>{dems}))\s+(?P<noun>(?i:{noun}))(?![\w-])")


def org_by_kind(kind: str, country: str | None) -> Org | None:
    """The codebook organisation of this kind for this country, if any."""
    for _, org in _orgs():
        if org.kind == kind and org.country == country:
            return org
    template = load_codebook()["organisations"].get("name_templates", {}).get(kind)
    if template and country:
        return Org(template.format(country=country), country, kind)
    return None


def country_of_text(text: str) -> str | None:
    """The country a phrase names ("India's", "Sri Lankan", "Nepal"), if any."""
    for name, info in countries().items():
        forms = [name, *info.get("aliases", []), info["demonym"], *info.get("extra_demonyms", [])]
        for form in forms:
            if re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text):
                return name
    return None


# ---------------------------------------------------------------- person names

_NAME_TOKEN = r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?|[A-Z]{2,3}|[A-Z]\.)"


@lru_cache(maxsize=1)
def _name_regex() -> re.Pattern[str]:
    # up to eight capitalised words, so that a long title before a name ("Foreign Affairs
    # Principal Secretary Name Surname") is stripped whole instead of cutting the name in two
    return re.compile(rf"(?<![\w’'-]){_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,7}}(?![\w-])")


@lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    v = speech_vocab()
    words = set(v["name_stopwords"]) | set(v["honorifics"])
    for c, info in countries().items():
        words.update(c.split())
        words.update(info["demonym"].split())
        for a in info.get("aliases", []):
            words.update(a.split())
    for r in regions():
        words.update(r.split())
    return frozenset(words)


def _strip_honorific(tokens: list[str]) -> list[str]:
    hon = set(speech_vocab()["honorifics"])
    while tokens and tokens[0].rstrip(".") in hon:
        tokens = tokens[1:]
    return tokens


def find_names(text: str) -> list[NameMention]:
    """Capitalised multi-word sequences that look like person names (2-5 tokens).

    Organisation aliases, places, titles and sentence-initial function words are not
    names. A leading honorific ("Mr") is dropped. Lone acronyms do not qualify.
    """
    org_spans = [(m.start, m.end) for m in find_orgs(text)]
    stop = _stop()
    titles = _titles_regex()
    out = []
    for m in _name_regex().finditer(text):
        tokens = m.group(0).split()
        start = m.start()
        # drop leading stopwords / honorifics / titles
        while tokens and (tokens[0] in stop or tokens[0].rstrip(".") in stop or titles.fullmatch(tokens[0])):
            start += len(tokens[0]) + (len(text[start + len(tokens[0]):]) - len(text[start + len(tokens[0]):].lstrip()))
            tokens = tokens[1:]
        while tokens and (tokens[-1] in stop or titles.fullmatch(tokens[-1])):
            tokens = tokens[:-1]
        tokens = _strip_honorific(tokens)
        if len(tokens) < 2 or any(t in stop for t in tokens[1:]):
            # a stopword inside: keep the longest clean run of >= 2 tokens
            runs, cur = [], []
            for t in tokens:
                if t in stop:
                    if len(cur) >= 2:
                        runs.append(cur)
                    cur = []
                else:
                    cur.append(t)
            if len(cur) >= 2:
                runs.append(cur)
            if not runs:
                continue
            tokens = max(runs, key=len)
        if all(re.fullmatch(r"[A-Z]{2,3}", t) for t in tokens):
            continue
        # possessives ("Northtown's X") and place phrases ("from Southtown Kalan village") are not names
        while tokens and re.search(r"['’]s$", tokens[0]):
            tokens = tokens[1:]
        if tokens and re.search(r"['’]s$", tokens[-1]):
            tokens[-1] = tokens[-1][:-2]
        if not 2 <= len(tokens) <= 5 or any(re.search(r"['’]s$", t) for t in tokens):
            continue
        name = " ".join(tokens)
        s = text.find(name, m.start())
        if s < 0:
            continue
        e = s + len(name)
        if _overlaps(s, e, org_spans):
            continue
        if re.search(r"\b(?:from|in|at|near|to)\s+$", text[max(0, s - 6):s]) or \
                _place_noun_after().match(text[e:e + 12]):
            continue
        out.append(NameMention(name, s, e))
    return out


def lone_name(text: str) -> str | None:
    """The name when ``text`` is one capitalised word that can be a person's (given) name, else None.

    Words that are never names (codebook ``speech.name_stopwords``, countries,
    demonyms, regions), titles and organisation names are not.
    """
    token = text.strip()
    if not re.fullmatch(r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?", token) or token in _stop():
        return None
    if _titles_regex().fullmatch(token) or find_orgs(token):
        return None
    return token


def find_title(text: str) -> str | None:
    """The longest title/role noun in a phrase ("the spokesperson of the ministry" -> "spokesperson")."""
    best = None
    for m in _titles_regex().finditer(text):
        if best is None or len(m.group(0)) > len(best):
            best = m.group(0)
    return re.sub(r"\s+", " ", best) if best else None


# ---------------------------------------------------------------- registry


class Registry:
    """People and organisations of one article, in order of mention."""

    def __init__(self) -> None:
        self.people: list[Person] = []
        self.org_mentions: list[tuple[int, Org]] = []
        self.person_mentions: list[tuple[int, Person]] = []

    def person(self, name: str) -> Person | None:
        """The known person with this full name or surname (or first name), else None."""
        name = name.strip()
        for p in self.people:
            if p.name == name:
                return p
        tokens = name.split()
        if len(tokens) == 1:
            cands = [p for p in self.people if p.surname == name or p.name.split()[0] == name]
            if len(cands) == 1:
                return cands[0]
            if cands:
                return cands[-1]
        for p in self.people:
            if name.endswith(" " + p.name) or p.name.endswith(" " + name) or \
                    (len(tokens) >= 2 and tokens[-1] == p.surname and tokens[0] == p.name.split()[0]):
                return p
        return None

    def add_person(self, name: str, pos: int, title: str | None = None, org: Org | None = None,
                   country: str | None = None) -> Person:
        p = self.person(name)
        if p is None:
            p = Person(name=name)
            self.people.append(p)
        elif len(name) > len(p.name):
            p.name = name
        p.title = p.title or title
        p.org = p.org or org
        p.country = p.country or country
        p.positions.append(pos)
        self.person_mentions.append((pos, p))
        return p

    def mention_person(self, p: Person, pos: int) -> None:
        p.positions.append(pos)
        self.person_mentions.append((pos, p))

    def add_org(self, org: Org, pos: int) -> None:
        self.org_mentions.append((pos, org))

    def last_person(self, before: int) -> Person | None:
        cands = [(pos, p) for pos, p in self.person_mentions if pos < before]
        return max(cands, key=lambda x: x[0])[1] if cands else None

    def last_org(self, before: int, kind_words: str | None = None,
                 kinds: Collection[str] | None = None) -> Org | None:
        """The organisation named last before ``before``; only of the given ``kinds`` when set,
        and only one whose name or kind holds ``kind_words`` when set."""
        cands = [(pos, o) for pos, o in self.org_mentions if pos < before and (not kinds or o.kind in kinds)]
        if kind_words:
            kw = kind_words.lower()
            fitting = [(pos, o) for pos, o in cands if kw in o.name.lower() or (o.kind or "").startswith(kw)]
            cands = fitting
        return max(cands, key=lambda x: x[0])[1] if cands else None

    def last_with_title(self, role: str, before: int) -> Person | None:
        role = role.lower()
        cands = [(pos, p) for pos, p in self.person_mentions
                 if pos < before and p.title and role in p.title.lower()]
        return max(cands, key=lambda x: x[0])[1] if cands else None
