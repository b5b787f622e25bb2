"""Speaker resolution: turn the noun phrase next to a speech verb into a speaker.

A speaker is a named person (with title and organisation when the text gives
them), a role ("the spokesperson", "a senior officer of the agency") or an
organisation ("the MEA", "Moscow"). Pronouns and role nouns refer back to the
last fitting speaker or person of the article. Vague sources ("reports",
"people familiar with the matter") are not speakers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extract.entities import (
    Org, Person, Registry, country_of_text, find_names, find_orgs, find_title, lone_name, org_by_kind, speech_vocab,
)
from pipeline.codebook import load_codebook


@dataclass(frozen=True)
class Speaker:
    """Who said something."""

    name: str | None = None
    title: str | None = None
    org: Org | None = None
    country: str | None = None

    @property
    def key(self) -> str:
        """Identity used to carry dates and continuations between statements of one speaker."""
        return (self.name or "") + "|" + (self.org.name if self.org and not self.name else "") + "|" + \
            ("" if self.name else (self.title or ""))

    def fields(self) -> dict:
        return {
            "speaker_name": self.name,
            "speaker_title": self.title,
            "speaker_org": self.org.name if self.org else None,
            "speaker_country": self.country or (self.org.country if self.org else None),
        }


_AUX_TAIL = re.compile(
    r"(?:\s+(?:had|has|have|also|further|then|later|again|repeatedly|once again|too|earlier|"
    r"on\s+\w+day|this\s+week|last\s+week|previously|had\s+also|has\s+also|however|is|was|were|"
    r"would|will|who|which))+\s*$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _honorific() -> str:
    """Alternation of the honorifics before a lone surname (codebook ``speech.surname_honorifics``)."""
    return "|".join(re.escape(h) for h in speech_vocab()["surname_honorifics"])


@lru_cache(maxsize=4)
def _other_gender_titles(pronoun: str) -> frozenset[str]:
    """Titles a person referred to by ``pronoun`` cannot have (codebook ``speech.pronoun_genders``
    and ``speech.gendered_titles``): "she" is no father, "he" no mother."""
    v = speech_vocab()
    gender = v["pronoun_genders"].get(pronoun.lower())
    if not gender:
        return frozenset()
    return frozenset(t for g, titles in v["gendered_titles"].items() if g != gender for t in titles)


@lru_cache(maxsize=1)
def _trailing_honorific() -> str:
    """Alternation of the honorifics written after a name (codebook ``speech.trailing_honorifics``)."""
    return "|".join(re.escape(h) for h in speech_vocab()["trailing_honorifics"])


@lru_cache(maxsize=1)
def _leading_connectives() -> str:
    """Alternation of the connectives and adverbs that may open a speaker phrase ("Later she said",
    "But the ministry said"): codebook ``speech.leading_connectives``."""
    return "|".join(re.escape(w) for w in speech_vocab()["leading_connectives"])


@lru_cache(maxsize=1)
def _person_descriptor() -> re.Pattern[str]:
    """Descriptions that refer back to the person last named, like a pronoun ("the 24-year-old")."""
    return re.compile("(?:" + "|".join(speech_vocab()["person_descriptors"]) + r")\b")


def _segments(np: str) -> list[str]:
    return [s.strip() for s in re.split(r",|\s—\s|\s–\s", np)]


def is_title_phrase(seg: str) -> bool:
    """Whether a phrase holds a title or relation ("her younger cousin") and no person's name."""
    return bool(find_title(seg)) and not find_names(seg)


def is_only_a_name(seg: str) -> bool:
    """Whether a phrase is a person's name and nothing else ("Name Surname", or one given name)."""
    names = find_names(seg)
    return bool(lone_name(seg)) or (len(names) == 1 and names[0].name == seg.strip())


def _role_noun(seg: str) -> str | None:
    m = re.fullmatch(r"(?i)(?:the|a|an|this|that)\s+(.+)", seg.strip())
    return m.group(1).strip() if m else None


def _non_speaker(seg: str) -> bool:
    low = seg.lower().strip()
    low = re.sub(r"^(?:the|some|several|many|a)\s+", "", low)
    return any(low == ns or low.endswith(" " + ns) for ns in speech_vocab()["non_speakers"])


class SpeakerResolver:
    """Resolves speaker phrases of one article, remembering the speakers seen so far."""

    def __init__(self, registry: Registry, main_country: str | None) -> None:
        self.registry = registry
        self.main_country = main_country
        self.history: list[tuple[int, Speaker]] = []
        self._said_until: dict[int, int] = {}
        self.quoted: list[tuple[int, int]] = []  # spans of the article's quotations

    def _quoted_at(self, pos: int) -> bool:
        return any(start <= pos < end for start, end in self.quoted)

    def remember(self, pos: int, speaker: Speaker, said_until: int | None = None) -> None:
        """Record that ``speaker`` spoke at ``pos``; ``said_until`` is the end of their statement's sentence."""
        self.history.append((pos, speaker))
        if said_until is not None:
            self._said_until[pos] = max(said_until, self._said_until.get(pos, said_until))

    def last(self, before: int) -> Speaker | None:
        cands = [(p, s) for p, s in self.history if p < before]
        return max(cands, key=lambda x: x[0])[1] if cands else None

    def _from_person(self, p: Person, extra: str = "", pos: int | None = None) -> Speaker:
        org = p.org
        title = p.title
        if extra:
            title = title or find_title(extra)
            orgs = find_orgs(extra)
            org = org or (orgs[-1].org if orgs else None)
            if org is None and title and pos is not None:
                # "Foreign ministry spokesperson Name", "ministry spokesperson Name": the noun
                # before the title is the organisation, read as a bare "the ministry" would be
                noun = re.split(re.escape(title), extra, maxsplit=1, flags=re.IGNORECASE)[0].strip(" ,")
                org = self._org_from_noun(noun, pos) if noun else None
            if p.title is None and title:
                p.title = title
            if p.org is None and org:
                p.org = org
        country = p.country or (org.country if org else None) or (country_of_text(extra) if extra else None)
        # the words before the title count too ("Foreign Affairs Principal Secretary Name")
        ministry = self._ministry_of_title(" ".join(filter(None, [extra, title])) if title else None, country)
        if ministry and (org is None or org.kind == "government"):
            org = ministry
            country = country or ministry.country
            if p.org is None or p.org.kind == "government":
                p.org = ministry
        return Speaker(p.name, title, org, country)

    def _ministry_of_title(self, title: str | None, country: str | None) -> Org | None:
        """The ministry a title names ("the State Minister for Defence", "India's Foreign
        Secretary"), in the speaker's country or else the article's (codebook
        ``organisations.kinds_by_title_word``): its holder speaks for that ministry, which is
        more precise than the government and lets outlets that name only the ministry match."""
        if not title:
            return None
        words = set(re.findall(r"[a-z]+", title.lower()))
        for word, kind in load_codebook()["organisations"].get("kinds_by_title_word", {}).items():
            if set(word.split()) <= words:
                return org_by_kind(kind, country or self.main_country)
        return None

    def _org_from_noun(self, noun: str, pos: int) -> Org | None:
        nouns = load_codebook()["organisations"]
        low = noun.lower()
        for phrase, kind in sorted(nouns["kinds_by_noun"].items(), key=lambda x: -len(x[0])):
            if low.endswith(phrase):
                country = country_of_text(noun)
                if country:
                    return org_by_kind(kind, country)
                named = self.registry.last_org(pos, kinds={kind})
                if named:
                    return named
                if self.main_country:
                    return org_by_kind(kind, self.main_country)
                # no country to tell whose: "police said" is some police, not the last organisation named
                return Org(phrase[0].upper() + phrase[1:], None, kind)
        head = low.split()[-1] if low.split() else ""
        role = head if head in nouns["org_role_nouns"] else low if low in nouns["org_role_nouns"] else None
        if role:
            kinds = nouns.get("role_noun_kinds", {}).get(role)
            last_speaker = next((s for p_, s in sorted(self.history, key=lambda x: -x[0])
                                 if p_ < pos and s.org and not s.name and (not kinds or s.org.kind in kinds)), None)
            return (last_speaker.org if last_speaker else None) or self.registry.last_org(pos, kinds=kinds)
        return None

    def resolve(self, np: str, pos: int) -> Speaker | None:
        """The speaker named by phrase ``np`` (text before/after a speech verb) at offset ``pos``."""
        np = re.sub(r"\([^)]*\)", lambda m: m.group(0) if find_orgs(m.group(0)) else "", np)
        np = _AUX_TAIL.sub("", np.strip(" ,:;")).strip(" ,:;")
        if not np:
            return None
        segs = [s for s in _segments(np) if s]
        # a relative clause describes the speaker and names none ("X, who came home after the
        # army discharged him, says"): the army is not the speaker
        segs = [s for s in segs if not re.match(r"(?i)(?:who|whose|which)\b", s)] or segs
        speaker = self._resolve_segments(segs, pos)
        # "Name, a retired teacher, said": a description in apposition that names no speaker
        # leaves the name before it
        while speaker is None and len(segs) >= 2 and re.match(r"(?i)(?:a|an|the)\s", segs[-1]) \
                and any(find_names(s_) or lone_name(s_) for s_ in segs[:-1]):
            segs = segs[:-1]
            speaker = self._resolve_segments(segs, pos)
        return speaker

    def _resolve_segments(self, segs: list[str], pos: int) -> Speaker | None:
        """:meth:`resolve` of a phrase split at commas and dashes."""
        if not segs:
            return None
        head = segs[-1]
        before = segs[-2] if len(segs) >= 2 else ""
        # "Name, the title" -> the name segment is before the title segment
        if len(segs) >= 2 and is_title_phrase(head) and (find_names(before) or lone_name(before)):
            head, before = before, head
        head = re.sub(rf"^(?i:{_leading_connectives()})\s+", "", head).strip()
        # "Name ji said": an honorific after a name is no part of it
        head = re.sub(rf"(?<=\w)\s+(?i:{_trailing_honorific()})$", "", head)
        if _non_speaker(head):
            return None
        # "his wife, Name": a one-word name in apposition to a title or relation is that person
        if before and is_title_phrase(before) and lone_name(head):
            p = self.registry.person(head) or self.registry.add_person(head, pos)
            return self._from_person(p, before)
        # "his younger brother Name": a relation or title right before a one-word name is that person's
        titled = re.fullmatch(r"(.*\S)\s+([A-Z][\w'’-]*)", head)
        if titled and is_title_phrase(titled.group(1)) and lone_name(titled.group(2)) and not find_names(head):
            p = self.registry.person(titled.group(2)) or self.registry.add_person(titled.group(2), pos)
            return self._from_person(p, titled.group(1), pos)
        names = find_names(head)
        if names:
            name = names[-1].name
            p = self.registry.person(name) or self.registry.add_person(name, pos)
            extra = " ".join(filter(None, [head.replace(name, " ") if find_title(head.replace(name, " ")) or
                                           find_orgs(head.replace(name, " ")) else "",
                                           before if before and is_title_phrase(before) else ""]))
            return self._from_person(p, extra, pos)
        low = head.lower().strip()
        if low in speech_vocab()["person_pronouns"] or _person_descriptor().match(low):
            return self._pronoun_person(pos, low)
        if low in speech_vocab()["org_pronouns"]:
            last = next((s for p_, s in sorted(self.history, key=lambda x: -x[0]) if p_ < pos), None)
            if last and last.org and not last.name:
                return last
            org = self.registry.last_org(pos)
            return Speaker(org=org) if org else None
        # single capitalised token: a surname of a known person
        if re.fullmatch(rf"(?:(?:{_honorific()})\.?\s+)?[A-Z][a-z]+(?:[-'][A-Za-z]+)?", head.strip()):
            p = self.registry.person(re.sub(rf"^(?:{_honorific()})\.?\s+", "", head.strip()))
            if p:
                return self._from_person(p)
        orgs = find_orgs(head)
        title = find_title(head)
        role = _role_noun(head)
        if orgs and not (title and role):
            org = orgs[-1].org
            if org.kind == "legislature":
                return None
            return Speaker(title=title, org=org, country=org.country)
        if role or title:
            noun = role or head
            t = find_title(noun)
            org = orgs[-1].org if orgs else None
            if t and not org:
                # "the embassy official": an organisation noun before the title names whom they speak for
                before_title = noun[:noun.lower().rfind(t.lower())].split()
                if before_title and before_title[-1].lower() in load_codebook()["organisations"]["org_role_nouns"]:
                    org = self._org_from_noun(before_title[-1], pos)
                    if org:
                        return Speaker(title=t, org=org, country=org.country)
                prior = self._last_role(t, pos)
                if prior:
                    return prior
                person = self.registry.last_with_title(t, pos)
                if person:
                    return self._from_person(person)
                org = self._organisation_speaking_for(t, pos)
                country = country_of_text(noun) or (org.country if org else None)
                return Speaker(title=t, org=org, country=country)
            if t:
                return Speaker(title=t, org=org, country=org.country if org else country_of_text(noun))
            org = self._org_from_noun(noun, pos)
            if org:
                return Speaker(org=org, country=org.country)
            return None
        org = self._org_from_noun(head, pos)
        if org:
            return Speaker(org=org, country=org.country)
        return None

    def _organisation_speaking_for(self, title: str, pos: int) -> Org | None:
        """The organisation a bare spokesperson ("a spokesperson said") speaks for, if the context is clear.

        Only a title that speaks for an organisation (codebook ``speech.spokesperson_titles``)
        inherits one, and only when the last speaker was that organisation itself and no other
        organisation was mentioned since its statement: "The ministry said …. A spokesperson said …".
        Organisations named in that statement's own words are what it said, not a new context.
        """
        if title.lower() not in speech_vocab()["spokesperson_titles"]:
            return None
        last_pos, last = max(((p_, s) for p_, s in self.history if p_ < pos), default=(-1, None),
                             key=lambda x: x[0])
        if last is None or last.name or last.title or last.org is None:
            return None
        statement_end = self._said_until.get(last_pos, last_pos)
        mentioned_since = {o.name for p_, o in self.registry.org_mentions if statement_end <= p_ < pos}
        return last.org if mentioned_since <= {last.org.name} else None

    def _pronoun_person(self, pos: int, pronoun: str = "") -> Speaker | None:
        """The person or role a pronoun (or "the 24-year-old") at ``pos`` refers to: the last one
        named, skipping those whose title has the other gender ("she" is no one's father)."""
        other = _other_gender_titles(pronoun)
        # people named inside a quotation are the quoted speaker's words ("'Name called me every
        # Sunday,' she said"), not the narrative a pronoun refers back into
        person = next((p for p_, p in sorted(self.registry.person_mentions, key=lambda x: -x[0])
                       if p_ < pos and (p.title or "").lower() not in other and not self._quoted_at(p_)), None)
        last_role = next((s for p_, s in sorted(self.history, key=lambda x: -x[0])
                          if p_ < pos and not s.name and s.title and s.title.lower() not in other), None)
        last_role_pos = next((p_ for p_, s in sorted(self.history, key=lambda x: -x[0])
                              if p_ < pos and not s.name and s.title and s.title.lower() not in other), -1)
        person_pos = max((p_ for p_, pp in self.registry.person_mentions
                          if pp is person and p_ < pos and not self._quoted_at(p_)), default=-1)
        if last_role and last_role_pos > person_pos:
            return last_role
        return self._from_person(person) if person else last_role

    def _last_role(self, title: str, pos: int) -> Speaker | None:
        for p_, s in sorted(self.history, key=lambda x: -x[0]):
            if p_ < pos and s.title and title.lower() in s.title.lower():
                return s
        return None
