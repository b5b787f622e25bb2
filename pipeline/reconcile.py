"""Reconciliation: merge per-article facts into one record per real-world fact.

Input: the ``articles`` frame and the ``extracted_*`` frames. Output: the published
``people``, ``incidents``, ``statements``, ``figures``, ``mentions`` and
``discrepancies`` frames (schemas in :mod:`schemas.tables`).

Every table is clustered the same way (:func:`_cluster`): candidate links between
facts are scored by a rule per table, and taken from the strongest down; a record holds
at most one fact per article (except repeats and quotation fragments) and no pair of
facts that conflict, so look-alikes cannot chain contradicting facts together.
Statements, the largest table, score only the pairs that can link (blocking,
:func:`_statement_candidates`); the others score every pair.

- **people** (:func:`_person_link`): an exact spelling, or a transliteration / an
  initial / a dropped middle name corroborated by age, hometown, title, organisation
  or a dated incident of the same kind; never the name alone, never a surname alone.
  Ages more than a year apart, other hometowns or the same kind of incident months
  apart keep people apart. Canonical name: the fullest spelling; others are aliases.
- **incidents** (:func:`_incident_link`): named incidents by reconciled person;
  unnamed ones by type, kind (arrest / inquiry / case), count, nationality, actor,
  named members, compatible dates and publication dates at most
  :data:`EVENT_WINDOW_DAYS` apart; a group its article calls "others" never joins
  one of its own article. Missing dates are filled from the best-dated source.
- **statements** (:func:`_statement_link`): compatible speakers, dates and numbers,
  and similar words (:func:`statement_similarity`: quotes cut differently or
  paraphrased, whole or one sentence of a quotation, with the codebook's
  interchangeable words read as one and its empty words left out; a phrase quoted
  in one and found in the other counts extra), or, for one known speaker, the same
  count of the same thing told in other words. A country
  named as speaker ("India demanded ...") matches its own ministry only through such a
  quoted phrase. An undated remark cannot join one made before the latest event its
  article reports (:func:`_article_floors`).
- **figures** (:func:`_figure_link`): same metric, value and nationality with
  compatible as-of dates; an undated figure takes the date of the event reported in
  its sentence. Undated counts of :data:`DISTINCTIVE_COUNT` or more worded alike join
  within :data:`EVENT_WINDOW_DAYS`; smaller ones join only a count that a source gave,
  as they did, in an article of the same news cycle (a shared statement or incident);
  a small count an outlet states in its own voice stays that outlet's.
- Conflicting values are kept once, with a row in ``discrepancies`` naming the sources
  and the rule that chose the value kept.
- Ids are hashes of the record's *anchor* (its smallest fact_id), so adding an
  unrelated article never changes existing ids.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from functools import lru_cache
from collections.abc import Callable
from typing import Any

import pandas as pd
from rapidfuzz import fuzz

from pipeline.codebook import load_codebook
from pipeline.extract.numbers import find_quantities
from pipeline.extract.text import quotes, sentences
from schemas.frames import sort_canonical, to_frame

RECONCILED_TABLE_NAMES = ("people", "incidents", "statements", "figures", "mentions", "discrepancies")
NAME_SIMILARITY = 80
EVENT_WINDOW_DAYS = 30
PERSON_EVENT_WINDOW_DAYS = 31
# Calibrated on the dev corpus and the seeds: same-utterance pairs of two outlets score
# >= 0.74 (or join through a third outlet), different remarks of one speaker <= 0.68.
STATEMENT_SIMILARITY = 0.7
FRAGMENT_GAP = 40
QUOTED_PHRASE_BONUS = 0.1
SAME_ARTICLE_OVERLAP = 0.8
# Undated counts this large worded alike ("nearly three dozen", "more than 40") rarely recur
# by chance within a month; small ones ("two were killed") do, for different events.
DISTINCTIVE_COUNT = 10


def _hash(*parts: Any) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:12]


class _UnionFind:
    def __init__(self, items):
        self.parent = {i: i for i in items}

    def find(self, x):
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list]:
        out = defaultdict(list)
        for i in self.parent:
            out[self.find(i)].append(i)
        return sorted((sorted(g) for g in out.values()), key=lambda g: g[0])


def _cluster(facts: list[dict], link: Callable[[dict, dict], float],
             conflict: Callable[[dict, dict], bool] | None = None,
             may_share_article: Callable[[dict, dict], bool] | None = None,
             candidates: set[tuple[str, str]] | None = None) -> list[list[str]]:
    """Greedy best-first clustering of facts: one fact per article, no conflicting pair.

    ``link`` scores every pair of facts (0: never the same). Links inside one article
    (a standfirst repeating the body) are taken first; then cross-article links from the
    strongest down, each joining two clusters only when they share no article and no
    fact of one ``conflict``s with a fact of the other (two facts of one article may join
    through another article when ``may_share_article`` says they are parts of one fact,
    e.g. a quotation cut in two by its attribution). So a fact that resembles two
    different facts of another article joins the closer one and never glues them
    together, and a chain of look-alikes cannot join two facts that contradict each
    other (a remark dated March and one that cannot predate May). Ties break on fact
    ids: the result does not depend on input order.

    ``candidates`` (pairs of fact ids, smaller first), when given, are the only pairs
    scored: a table whose links need shared words can skip the pairs that share none.
    """
    facts = sorted(facts, key=lambda f: f["fact_id"])
    by_id = {f["fact_id"]: f for f in facts}
    if candidates is None:
        pairs = [(score, a["fact_id"], b["fact_id"]) for i, a in enumerate(facts) for b in facts[i + 1:]
                 if (score := link(a, b))]
    else:
        pairs = [(score, a, b) for a, b in sorted(candidates) if (score := link(by_id[a], by_id[b]))]
    uf = _UnionFind(sorted(by_id))
    members = {fid: [fid] for fid in by_id}
    ordered = sorted(pairs, key=lambda p: (by_id[p[1]]["article_id"] != by_id[p[2]]["article_id"], -p[0], p[1], p[2]))
    for _, a, b in ordered:
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            continue
        if by_id[a]["article_id"] != by_id[b]["article_id"]:
            if any(by_id[x]["article_id"] == by_id[y]["article_id"]
                   and not (may_share_article and may_share_article(by_id[x], by_id[y]))
                   for x in members[ra] for y in members[rb]):
                continue
            if conflict and any(conflict(by_id[x], by_id[y]) for x in members[ra] for y in members[rb]):
                continue
        uf.union(a, b)
        members[uf.find(a)] = members[ra] + members[rb]
    return uf.groups()


def _rows(df: pd.DataFrame) -> list[dict]:
    if df is None or df.empty:
        return []
    return [{k: (None if (v is pd.NA or (isinstance(v, float) and pd.isna(v))) else v) for k, v in r.items()}
            for r in df.to_dict("records")]


@lru_cache(maxsize=1 << 14)
def _norm_name(name: str) -> str:
    return " ".join(re.findall(r"[a-z]+", (name or "").lower()))


def names_match(a: str, b: str) -> bool:
    """Transliteration-tolerant name match (swapped letters, vowel changes, a shortened surname)."""
    na, nb = _norm_name(a), _norm_name(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    ta, tb = na.split(), nb.split()
    if fuzz.ratio(na, nb) >= NAME_SIMILARITY + 5:
        return True
    # same first token and a similar last token, or one name containing the other
    if len(ta) >= 2 and len(tb) >= 2 and fuzz.ratio(ta[0], tb[0]) >= 75 and fuzz.ratio(ta[-1], tb[-1]) >= 70 \
            and fuzz.token_sort_ratio(na, nb) >= NAME_SIMILARITY:
        return True
    return False


def _date(v: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(v) if v else None
    except ValueError:
        return None


def _dates_compatible(a: str | None, pa: str, b: str | None, pb: str, days: int = 3) -> bool:
    da, db = _date(a), _date(b)
    if da is None or db is None:
        return True
    if pa == "day" and pb == "day":
        return abs((da - db).days) <= days
    coarse = {"week": 7, "month": 31, "year": 366}
    window = max(coarse.get(pa, days), coarse.get(pb, days))
    return abs((da - db).days) <= window


def _best(values: list):
    """The most frequent non-null value (ties: the first given); None when there is none."""
    vals = [v for v in values if v is not None]
    if not vals:
        return None
    counts = Counter(vals)
    top = max(counts.values())
    return next(v for v in vals if counts[v] == top)


def _precision_rank(p: str) -> int:
    return {"day": 0, "week": 1, "month": 2, "year": 3}.get(p, 9)


# ---------------------------------------------------------------- main


def _most_precise_first(facts: list[dict], date_field: str, precision_field: str,
                        stated_field: str | None = None) -> list[dict]:
    """The facts that give a date, the most precise first (ties: the smallest fact id).

    With ``stated_field`` (the date as written, None when the date is the article's
    publication date), among equally precise dates one the text states comes first, then
    the earliest publication date: a remark is made on or before the day it is first
    reported, so a later outlet's publication date is no better guess.
    """
    def key(f: dict) -> tuple:
        guessed = stated_field is not None and not f.get(stated_field)
        return (_precision_rank(f[precision_field]), guessed, f[date_field] if guessed else "", f["fact_id"])
    return sorted((f for f in facts if f.get(date_field)), key=key)


def reconcile(
    articles: pd.DataFrame,
    extracted: dict[str, pd.DataFrame],
) -> dict[str, pd.DataFrame]:
    """One record per real-world fact, with mentions (provenance) and discrepancies.

    Editor curation is applied afterwards, to these tables (:func:`pipeline.curation.apply_curation`).
    """
    arts = {r["article_id"]: r for r in _rows(articles)}
    people_x = _rows(extracted.get("extracted_people"))
    inc_x = _rows(extracted.get("extracted_incidents"))
    st_x = _rows(extracted.get("extracted_statements"))
    fig_x = _rows(extracted.get("extracted_figures"))
    discrepancies: list[dict] = []
    mentions: list[dict] = []

    person_of_fact, people = _people(people_x, inc_x, discrepancies, mentions)
    incidents, inc_of_fact = _incidents(inc_x, person_of_fact, people, arts, discrepancies, mentions)
    floors = _article_floors(incidents, arts)
    statements, st_of_fact = _statements(st_x, fig_x, person_of_fact, floors, discrepancies, mentions)
    affinity = _affinity(inc_x, inc_of_fact, st_x, st_of_fact)
    fig_x = _date_figures_by_their_event(fig_x, inc_x, inc_of_fact, incidents)
    figures = _figures(fig_x, st_of_fact, affinity, floors, arts, discrepancies, mentions)

    out = {
        "people": to_frame("people", people),
        "incidents": to_frame("incidents", incidents),
        "statements": to_frame("statements", statements),
        "figures": to_frame("figures", figures),
        "mentions": to_frame("mentions", _one_mention_per_article(_unique(mentions, "mention_id"))),
        "discrepancies": to_frame("discrepancies", _unique(discrepancies, "discrepancy_id")),
    }
    return {k: sort_canonical(k, v) for k, v in out.items()}


def _unique(rows: list[dict], key: str) -> list[dict]:
    seen, out = set(), []
    for r in sorted(rows, key=lambda r: r[key]):
        if r[key] not in seen:
            seen.add(r[key])
            out.append(r)
    return out


def _one_mention_per_article(mentions: list[dict]) -> list[dict]:
    """One mention per record per article (SPEC: one row per fact per article): when an
    article states a fact twice (a standfirst repeating the body), the first place counts."""
    seen, out = set(), []
    for m in sorted(mentions, key=lambda m: (m["record_type"], m["record_id"], m["article_id"], m["char_start"],
                                             m["char_end"])):
        key = (m["record_type"], m["record_id"], m["article_id"])
        if key not in seen:
            seen.add(key)
            out.append(m)
    return sorted(out, key=lambda m: m["mention_id"])


def _mention(record_type: str, record_id: str, fact: dict) -> dict:
    return {
        "mention_id": "men-" + _hash(record_type, record_id, fact["article_id"], fact["char_start"], fact["char_end"]),
        "record_type": record_type, "record_id": record_id, "article_id": fact["article_id"],
        "char_start": fact["char_start"], "char_end": fact["char_end"], "evidence": fact["evidence"],
        "extractor": fact["extractor"],
    }


def _discrepancy(record_type: str, record_id: str, field: str, by_value: dict, kept: Any, why: str) -> dict:
    values = "; ".join(f"{v} ({', '.join(sorted(ids))})"
                       for v, ids in sorted(by_value.items(), key=lambda x: str(x[0])))
    return {
        "discrepancy_id": "dis-" + _hash(record_type, record_id, field),
        "record_type": record_type, "record_id": record_id, "field": field, "values": values,
        "resolution": f"kept {kept}: {why}",
    }


def _field_values(facts: list[dict], field: str) -> dict:
    by = defaultdict(set)
    for f in facts:
        if f.get(field) is not None:
            by[f[field]].add(f["article_id"])
    return by


# ---------------------------------------------------------------- people


def _tokens_align(short: list[str], long_: list[str]) -> bool:
    """Every token of ``short`` matches a distinct later token of ``long_`` in order: the
    same, a spelling variant, or an initial of it ("K." for "Karuppiah"); tokens of
    ``long_`` may be skipped (a dropped middle name). At least one full token must match."""
    j, full = 0, False
    for t in short:
        while j < len(long_):
            u = long_[j]
            j += 1
            if len(t) == 1 or len(u) == 1:
                if t[0] == u[0]:
                    break
            elif t == u or (min(len(t), len(u)) >= 4 and fuzz.ratio(t, u) >= 80):
                full = True
                break
        else:
            return False
    return full


def name_evidence(a: str, b: str) -> str | None:
    """How two spellings relate: ``exact``, ``similar`` (transliteration: swapped letters,
    vowel changes), ``partial`` (an initial, a dropped middle name), or None."""
    na, nb = _norm_name(a), _norm_name(b)
    if not na or not nb:
        return None
    if na == nb:
        return "exact"
    if names_match(a, b):
        return "similar"
    ta, tb = na.split(), nb.split()
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) >= 2 and _tokens_align(short, long_):
        return "partial"
    return None


def _person_conflict(a: dict, b: dict, events: dict) -> bool:
    """Two person facts that cannot be one person: ages more than a year apart, different
    hometowns, or the same kind of incident more than :data:`PERSON_EVENT_WINDOW_DAYS`
    apart (outlets date one death by the day it happened, was confirmed or the body came home)."""
    if a.get("age") and b.get("age") and abs(int(a["age"]) - int(b["age"])) > 1:
        return True
    if a.get("hometown") and b.get("hometown") and fuzz.ratio(a["hometown"].lower(), b["hometown"].lower()) < 80:
        return True
    for itype, (da, pa) in events.get(a["fact_id"], {}).items():
        if itype in events.get(b["fact_id"], {}):
            db, pb = events[b["fact_id"]][itype]
            if da and db and abs((_date(da) - _date(db)).days) > PERSON_EVENT_WINDOW_DAYS:
                return True
    return False


def _person_corroborated(a: dict, b: dict, events: dict) -> bool:
    """Something besides the name says two person facts are one person: the same age or
    hometown, the same kind of incident on compatible dates, or the same title or organisation."""
    if a.get("age") and a.get("age") == b.get("age"):
        return True
    if a.get("hometown") and b.get("hometown") and fuzz.ratio(a["hometown"].lower(), b["hometown"].lower()) >= 80:
        return True
    if any(f and f == b.get(k) for k, f in (("title", a.get("title")), ("organisation", a.get("organisation")))):
        return True
    ea, eb = events.get(a["fact_id"], {}), events.get(b["fact_id"], {})
    return any(ea[t][0] and eb[t][0] for t in set(ea) & set(eb))


def _person_link(a: dict, b: dict, events: dict) -> float:
    """How strongly two person facts are one person (0: not the same).

    Never the name alone unless it is spelled the same: a transliteration or an initial
    needs corroboration (:func:`_person_corroborated`), and any conflict
    (:func:`_person_conflict`) keeps two apart whatever the name.
    """
    if a["article_id"] == b["article_id"] and a["name"] != b["name"]:
        return 0.0
    evidence = name_evidence(a["name"], b["name"])
    if evidence is None or _person_conflict(a, b, events):
        return 0.0
    # officials and other speakers have no incident to corroborate: public figures are
    # matched on a close spelling; victims and recruits need more than the name
    corroborated = _person_corroborated(a, b, events) or (
        evidence == "similar" and not events.get(a["fact_id"]) and not events.get(b["fact_id"]))
    if evidence == "exact":
        return 3.0 + corroborated
    return (2.0 if evidence == "similar" else 1.0) + 1.0 if corroborated else 0.0


def _canonical_name(names: list[str]) -> str:
    """The fullest spelling: no initials, most name parts, then the most frequent (ties:
    first in article order)."""
    def fullness(name: str) -> tuple[bool, int]:
        parts = _norm_name(name).split()
        return (not any(len(p) == 1 for p in parts), len(parts))
    best = max(fullness(n) for n in names)
    return _best([n for n in names if fullness(n) == best])


def _people(people_x, inc_x, discrepancies, mentions):
    events: dict[str, dict[str, tuple]] = defaultdict(dict)
    for i in sorted(inc_x, key=lambda r: r["fact_id"]):
        if i.get("person_fact_id"):
            events[i["person_fact_id"]].setdefault(i["type"], (i.get("date"), i["date_precision"]))
    facts = sorted(people_x, key=lambda r: r["fact_id"])
    groups = _cluster(facts, lambda a, b: _person_link(a, b, events), lambda a, b: _person_conflict(a, b, events))
    by_id = {f["fact_id"]: f for f in facts}
    person_of_fact, people = {}, []
    role_rank = ["victim", "accused", "recruit", "official", "other"]
    for group in groups:
        gf = [by_id[g] for g in group]
        pid = "per-" + _hash(group[0])
        names = [f["name"] for f in gf]
        canonical = _canonical_name(names)
        aliases = sorted(set(names) - {canonical})
        rec = {
            "person_id": pid, "name": canonical, "aliases": ";".join(aliases) or None,
            "role": min((f["role"] for f in gf), key=role_rank.index),
        }
        for field in ("title", "organisation", "nationality", "age", "hometown", "home_region"):
            rec[field] = _best([f.get(field) for f in gf])
            by = _field_values(gf, field)
            if field in ("age", "hometown") and len(by) > 1:
                discrepancies.append(_discrepancy("person", pid, field, by, rec[field],
                                                  "value given by most articles (ties: first in article order)"))
        if aliases:
            discrepancies.append(_discrepancy("person", pid, "name", _field_values(gf, "name"), canonical,
                                              "most frequent spelling; others kept as aliases"))
        people.append(rec)
        for f in gf:
            person_of_fact[f["fact_id"]] = pid
            mentions.append(_mention("person", pid, f))
    return person_of_fact, people


# ---------------------------------------------------------------- incidents


def _members_match(a: str | None, b: str | None) -> bool | None:
    """Whether two groups' named members overlap (None when either names nobody)."""
    if not a or not b:
        return None
    return any(names_match(x, y) or _norm_name(x).split()[-1] == _norm_name(y).split()[-1]
               for x in a.split(";") for y in b.split(";"))


def _incident_link(a: dict, b: dict, person_of_fact: dict, pub: dict) -> float:
    """How strongly two incident facts are one event (0: not the same event).

    Named incidents are the same event when they concern the same reconciled person.
    Unnamed ones need the same type, kind, count and nationality, compatible dates
    and actors, publication dates at most :data:`EVENT_WINDOW_DAYS` apart, and, for
    groups whose members are named, a member in common.
    """
    if a["type"] != b["type"]:
        return 0.0
    pa, pb = person_of_fact.get(a.get("person_fact_id")), person_of_fact.get(b.get("person_fact_id"))
    if pa or pb:
        return 3.0 if pa and pa == pb else 0.0
    if a["count"] != b["count"] or a.get("subtype") != b.get("subtype"):
        return 0.0
    if a["article_id"] == b["article_id"] and (a.get("other_group") or b.get("other_group")):
        return 0.0  # "two others died before that": not the two its article told of first
    if a.get("nationality") and b.get("nationality") and a["nationality"] != b["nationality"]:
        return 0.0
    if a.get("actor") in _organisations() and b.get("actor") in _organisations() and a["actor"] != b["actor"]:
        return 0.0
    members = _members_match(a.get("members"), b.get("members"))
    if members is False:
        return 0.0
    if not _dates_compatible(a.get("date"), a["date_precision"], b.get("date"), b["date_precision"],
                             days=0 if a["count"] > 1 else 3):
        return 0.0
    if _published_apart(a, b, pub):
        return 0.0
    score = 1.0 + (1.0 if members else 0.0)
    if a.get("date") and b.get("date") and a["date"] == b["date"]:
        score += 0.5
    return score


def _publication_dates(arts: dict) -> dict[str, dt.date | None]:
    """Each article's publication date (None when unknown)."""
    return {aid: _date(a.get("published")) for aid, a in arts.items()}


def _published_apart(a: dict, b: dict, pub: dict) -> bool:
    """Whether the articles of two facts were both dated and published more than
    :data:`EVENT_WINDOW_DAYS` apart (too far apart to report one event or count)."""
    da, db = pub.get(a["article_id"]), pub.get(b["article_id"])
    return bool(da and db and abs((da - db).days) > EVENT_WINDOW_DAYS)


def _incidents(inc_x, person_of_fact, people, arts, discrepancies, mentions):
    facts = sorted(inc_x, key=lambda r: r["fact_id"])
    pub = _publication_dates(arts)
    groups = _cluster(facts, lambda a, b: _incident_link(a, b, person_of_fact, pub))
    by_id = {f["fact_id"]: f for f in facts}
    person_name = {p["person_id"]: p["name"] for p in people}
    out, inc_of_fact = [], {}
    for group in groups:
        gf = [by_id[g] for g in group]
        iid = "inc-" + _hash(group[0])
        dated = _most_precise_first(gf, "date", "date_precision")
        best_date = dated[0] if dated else gf[0]
        pid = next((person_of_fact.get(f.get("person_fact_id")) for f in gf if f.get("person_fact_id")), None)
        by_date = _field_values([f for f in gf if f["date_precision"] == "day"], "date")
        if len(by_date) > 1:
            discrepancies.append(_discrepancy("incident", iid, "date", by_date, best_date.get("date"),
                                              "most precise date, first source"))
        articles = sorted({f["article_id"] for f in gf})
        rec = {
            "incident_id": iid, "type": gf[0]["type"],
            "date": best_date.get("date"),
            "date_precision": best_date["date_precision"] if best_date.get("date") else "unknown",
            "date_text": best_date.get("date_text") or _best([f.get("date_text") for f in gf]),
            "person_id": pid, "person_name": person_name.get(pid) if pid else None,
            "count": max(f["count"] for f in gf) if not pid else 1,
            "count_qualifier": _best([f["count_qualifier"] for f in gf]),
            "description": gf[0]["description"], "num_sources": len(articles), "source_ids": ";".join(articles),
        }
        for field in ("place", "region", "country", "nationality", "actor", "cause"):
            rec[field] = _best([f.get(field) for f in gf])
        out.append(rec)
        for f in gf:
            inc_of_fact[f["fact_id"]] = iid
            mentions.append(_mention("incident", iid, f))
    return out, inc_of_fact


# ---------------------------------------------------------------- statements


def _article_floors(incidents: list[dict], arts: dict) -> dict[str, dt.date]:
    """For each article without a publication date, the latest day-or-month dated event it
    reports (the date may come from another source of the same incident): the article, and
    the undated remarks it carries, cannot be older than that."""
    floors: dict[str, dt.date] = {}
    for rec in incidents:
        when = _date(rec.get("date"))
        if when is None or rec["date_precision"] not in ("day", "month"):
            continue
        for aid in rec["source_ids"].split(";"):
            if not arts.get(aid, {}).get("published") and (aid not in floors or when > floors[aid]):
                floors[aid] = when
    return floors


# Statement texts are compared pairwise, so what is read from one text is cached: each
# text is tokenised once per build, not once per pair it takes part in.
_TEXT_CACHE = 1 << 16


@lru_cache(maxsize=_TEXT_CACHE)
def _tokens(text: str) -> tuple[str, ...]:
    """Lowercase word tokens, with the codebook's interchangeable words read as one
    (:func:`_paraphrase_heads`): "busted" as "dismantled", "well-paid" as "lucrative"."""
    words = re.findall(r"[a-z0-9]+", (text or "").lower().replace("’", "'"))
    heads = _paraphrase_heads()
    out, i = [], 0
    while i < len(words):
        for n in (3, 2, 1):
            head = heads.get(tuple(words[i:i + n]))
            if head:
                out.extend(head)
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return tuple(out)


@lru_cache(maxsize=1)
def _paraphrase_heads() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Codebook ``paraphrases``: each entry's tokens mapped to its group's first entry."""
    heads = {}
    for group in load_codebook().get("paraphrases", {}).get("groups", []):
        head = tuple(re.findall(r"[a-z0-9]+", group[0].lower()))
        for entry in group[1:]:
            heads[tuple(re.findall(r"[a-z0-9]+", entry.lower()))] = head
    return heads


def _shorter_first(a: str, b: str) -> tuple[str, str]:
    return (a, b) if len(_tokens(a)) <= len(_tokens(b)) else (b, a)


def text_overlap(a: str, b: str) -> float:
    """Share of the shorter text's tokens covered by in-order blocks of >= 3 tokens of the other."""
    if not _tokens(a) or not _tokens(b):
        return 0.0
    short, long_ = (_tokens(t) for t in _shorter_first(a, b))
    sm = SequenceMatcher(None, short, long_, autojunk=False)
    covered = sum(bl.size for bl in sm.get_matching_blocks() if bl.size >= 3)
    return covered / len(short)


_FUNCTION_WORDS = frozenset("""
a an the of to in into on at by for from with as and or but that which who whom whose this these those
it its they them their there he him his she her we our us you your i me my is are was were be been being
has have had do does did will would shall should can could may might must also very so such any some
than then now not no said says say told adding added stated according
""".split())


def _content_stem(token: str) -> str:
    """A crude stem that lets spelling and inflection vary: organised/organized, networks/network."""
    token = re.sub(r"is(e[ds]?|ing|ation)$", r"iz\1", token)
    for suffix in ("ing", "ed", "es", "s"):
        if len(token) > len(suffix) + 3 and token.endswith(suffix):
            return token[: -len(suffix)]
    return token


@lru_cache(maxsize=_TEXT_CACHE)
def content_words(text: str) -> frozenset[str]:
    """The stemmed content words of a text (function words dropped)."""
    empty = _empty_words()
    return frozenset(_content_stem(t) for t in _tokens(text)
                     if t not in _FUNCTION_WORDS and t not in empty and len(t) > 1)


@lru_cache(maxsize=1)
def _empty_words() -> frozenset[str]:
    """Codebook ``paraphrases.empty_words``: words outlets add or drop without changing the remark."""
    return frozenset(w.lower() for w in load_codebook().get("paraphrases", {}).get("empty_words", []))


def statement_similarity(a: str, b: str, needed: float = 0.0) -> float:
    """How likely two texts carry the same utterance: the larger of the in-order overlap
    (:func:`text_overlap`, for quotes cut or split differently) and the Dice overlap of
    their content words (for one statement paraphrased by two outlets), the Dice taken
    sentence by sentence too, as an outlet may report one sentence of a longer quotation.
    Dice, not the share of the shorter text: a short lead ("India has taken up the
    matter") must not match every long remark that contains its few words.

    With ``needed``, a pair that cannot reach it is not aligned: the value returned is
    then a lower bound, itself below ``needed``.
    """
    ca, cb = content_words(a), content_words(b)
    if not ca or not cb:
        return 0.0
    dice = max(_dice(x, y) for x in _parts(a) for y in _parts(b))
    bound = _overlap_bound(a, b)
    if bound <= dice or bound < needed:
        return dice  # the in-order overlap cannot beat it, or cannot matter: skip the costly alignment
    return max(text_overlap(a, b), dice)


def _dice(a: str, b: str) -> float:
    ca, cb = content_words(a), content_words(b)
    return 2 * len(ca & cb) / (len(ca) + len(cb)) if ca and cb else 0.0


@lru_cache(maxsize=_TEXT_CACHE)
def _parts(text: str) -> tuple[str, ...]:
    """The text, and each of its sentences when it has several: another outlet may report
    one sentence of a longer quotation in its own words."""
    parts = [s.text for s in sentences(text)]
    return (text,) + (tuple(parts) if len(parts) > 1 else ())


def _overlap_bound(a: str, b: str) -> float:
    """An upper bound of :func:`text_overlap`: the share of the shorter text's tokens found
    anywhere in the other (only those can be covered by blocks in order)."""
    short, long_ = _shorter_first(a, b)
    if not _tokens(short):
        return 0.0
    present = _token_set(long_)
    return sum(t in present for t in _tokens(short)) / len(_tokens(short))


@lru_cache(maxsize=_TEXT_CACHE)
def _token_set(text: str) -> frozenset[str]:
    return frozenset(_tokens(text))


def _speaker_ident(f: dict) -> frozenset[str]:
    """What identifies a statement's speaker: surname and organisation, when known."""
    return _ident(f.get("speaker_name"), f.get("speaker_org"))


@lru_cache(maxsize=_TEXT_CACHE)
def _ident(name: str | None, org: str | None) -> frozenset[str]:
    out = set()
    if name:
        out.add("n:" + _norm_name(name).split()[-1])
    if org:
        out.add("o:" + org)
    return frozenset(out)


@lru_cache(maxsize=1)
def _organisations() -> frozenset[str]:
    """Canonical names of the codebook's organisations (a generic "police" is not one)."""
    return frozenset(o["name"] for o in load_codebook()["organisations"]["organisations"])


@lru_cache(maxsize=1)
def _governments() -> frozenset[str]:
    """Canonical names of the codebook's organisations of kind ``government``."""
    return frozenset(o["name"] for o in load_codebook()["organisations"]["organisations"]
                     if o.get("kind") == "government")


def _speakers_compatible(a: dict, b: dict) -> bool:
    """Whether two statement facts can have one speaker: the same organisation or surname
    when both are known; or a country's government and one of its bodies when the two
    texts share a quoted phrase ("India demanded a “verified stop” ..." and "the MEA
    insisted on a “verified stop ..."): outlets often name the country for its foreign
    ministry. Without such a phrase a government stays its own speaker: letting "India
    said" match any Indian ministry merged unrelated remarks of one news cycle."""
    ia, ib = _speaker_ident(a), _speaker_ident(b)
    if not ia or not ib or ia & ib or _lone_name_of(a.get("speaker_name"), b.get("speaker_name")):
        return True
    governments = _governments()
    one_is_government = (a.get("speaker_org") in governments) != (b.get("speaker_org") in governments)
    return (one_is_government and not a.get("speaker_name") and not b.get("speaker_name")
            and a.get("speaker_country") is not None and a.get("speaker_country") == b.get("speaker_country")
            and shares_quoted_phrase(a["text"], b["text"]))


def _lone_name_of(a: str | None, b: str | None) -> bool:
    """Whether one speaker is named by one word that is a word of the other's full name: an
    outlet that calls a relative "Name" and one that writes "Name Surname" name one person."""
    ta, tb = _norm_name(a or "").split(), _norm_name(b or "").split()
    if not ta or not tb or (len(ta) == 1) == (len(tb) == 1):
        return False
    lone, full = (ta, tb) if len(ta) == 1 else (tb, ta)
    return lone[0] in full


def shares_quoted_phrase(a: str, b: str) -> bool:
    """Whether a phrase of two to eight words quoted in one text appears in the other.

    A phrase an outlet puts between quotation marks is the speaker's own words, so
    finding it in another report ties the two to one utterance; single quoted words
    ("helpers") are too common to count.
    """
    for x, y in ((a, b), (b, a)):
        other = _padded_tokens(y or "")
        if any(phrase in other for phrase in _quoted_phrases(x or "")):
            return True
    return False


@lru_cache(maxsize=_TEXT_CACHE)
def _padded_tokens(text: str) -> str:
    """The tokens of a text joined by spaces, with a space at each end (for phrase search)."""
    return " " + " ".join(_tokens(text)) + " "


@lru_cache(maxsize=_TEXT_CACHE)
def _quoted_phrases(text: str) -> tuple[str, ...]:
    """Phrases of two to eight words a text puts between quotation marks, as padded tokens."""
    return tuple(_padded_tokens(q.text) for q in quotes(text) if 2 <= len(_tokens(q.text)) <= 8)


@lru_cache(maxsize=_TEXT_CACHE)
def _counts_in(text: str) -> frozenset[int]:
    """The numbers a text gives ("two", "16", "20-odd"), years left out."""
    return frozenset(q.value for q in find_quantities(text or "") if not 1900 <= q.value <= 2100)


def _statement_conflict(a: dict, b: dict, floors: dict) -> bool:
    """Whether two statement facts cannot be one utterance whatever their wording.

    Different speakers (organisation or surname, when both are known), incompatible
    dates, an undated remark set against one made before the latest event its article
    reports (it cannot be older than its article), or different numbers.
    """
    if not _speakers_compatible(a, b):
        return True
    if not _dates_compatible(a.get("date"), a["date_precision"], b.get("date"), b["date_precision"]):
        return True
    for x, y in ((a, b), (b, a)):
        floor = floors.get(x["article_id"]) if not x.get("date") else None
        when = _date(y.get("date"))
        if floor and when and y["date_precision"] == "day" and when < floor - dt.timedelta(days=3):
            return True
    ca, cb = _counts_in(a["text"]), _counts_in(b["text"])
    return bool(ca and cb and not (ca & cb))


def _quote_fragments(a: dict, b: dict) -> bool:
    """Two direct statements of one article that may be parts of one quotation, cut by its
    attribution ("…," he said. "…"): same speaker, at most :data:`FRAGMENT_GAP` characters apart."""
    if a["kind"] != "direct" or b["kind"] != "direct" or not _speakers_compatible(a, b):
        return False
    first, second = sorted((a, b), key=lambda f: f["char_start"])
    return second["char_start"] - first["char_end"] <= FRAGMENT_GAP


def _statement_link(a: dict, b: dict, floors: dict, counts: dict | None = None) -> float:
    """How likely two statement facts are one utterance (0: not the same).

    Inside one article only near-verbatim repeats join (a standfirst repeating the
    body). Across articles, wording may differ: :func:`statement_similarity` of at least
    :data:`STATEMENT_SIMILARITY`, or, for two reported-speech remarks of one known
    speaker, the same count of the same thing (``counts``: the figures read from each
    statement): "30-odd Cubans had asked for help" and "about 30 people have been in
    touch" are one remark told in other words. Not when one is a quotation: outlets
    quote the words themselves, so a quotation and a report of it share more than a
    number, and a spokesperson repeating a running total at a later briefing is another
    remark. A shared qualifier ("at least 16" in both) makes the link stronger, so a
    report joins the version that words the count as it does. See
    :func:`_statement_conflict` for what always keeps two apart.
    """
    if _statement_conflict(a, b, floors):
        return 0.0
    if a["article_id"] == b["article_id"]:
        return 2.0 if (a["kind"] == b["kind"] and _overlap_bound(a["text"], b["text"]) >= SAME_ARTICLE_OVERLAP
                       and text_overlap(a["text"], b["text"]) >= SAME_ARTICLE_OVERLAP) else 0.0
    similarity = statement_similarity(a["text"], b["text"], needed=STATEMENT_SIMILARITY - QUOTED_PHRASE_BONUS)
    if shares_quoted_phrase(a["text"], b["text"]):
        similarity += QUOTED_PHRASE_BONUS
    if similarity >= STATEMENT_SIMILARITY:
        return similarity
    ca, cb = (counts or {}).get(a["fact_id"], set()), (counts or {}).get(b["fact_id"], set())
    shared = {c[:2] for c in ca} & {c[:2] for c in cb}
    if shared and a["kind"] == b["kind"] == "indirect" and _speaker_ident(a) and _speaker_ident(b):
        return STATEMENT_SIMILARITY + (0.05 if ca & cb else 0.0)
    return 0.0


def _statement_candidates(facts: list[dict], counts: dict) -> set[tuple[str, str]]:
    """The pairs of statement facts that :func:`_statement_link` may link, found without
    comparing every pair (blocking): two facts of one article; two facts with a count of
    the same thing; and two texts (or sentences of them) that share one of the rarest
    words of either. Similar enough texts always do: a Dice score of
    :data:`STATEMENT_SIMILARITY` less the quoted-phrase bonus needs the smaller text to
    share that share of its content words, so it shares one of its rarest
    ``n - ceil(share * n) + 1`` words (prefix filtering)."""
    share = STATEMENT_SIMILARITY - QUOTED_PHRASE_BONUS
    pairs: set[tuple[str, str]] = set()

    def add_all(fids) -> None:
        fids = sorted(fids)
        pairs.update((a, b) for i, a in enumerate(fids) for b in fids[i + 1:])

    by_article, by_count = defaultdict(set), defaultdict(set)
    for f in facts:
        by_article[f["article_id"]].add(f["fact_id"])
        for c in counts.get(f["fact_id"], ()):
            by_count[c[:2]].add(f["fact_id"])
    for fids in (*by_article.values(), *by_count.values()):
        add_all(fids)

    entries = [(f["fact_id"], content_words(part)) for f in facts for part in _parts(f["text"])]
    frequency = Counter(w for _, words in entries for w in words)
    holders = defaultdict(set)
    for fid, words in entries:
        for w in words:
            holders[w].add(fid)
    for fid, words in entries:
        rarest = sorted(words, key=lambda w: (frequency[w], w))
        for w in rarest[:len(rarest) - math.ceil(share * len(rarest)) + 1]:
            pairs.update((min(fid, other), max(fid, other)) for other in holders[w] if other != fid)
    return pairs


def _statements(st_x, fig_x, person_of_fact, floors, discrepancies, mentions):
    facts = sorted(st_x, key=lambda r: r["fact_id"])
    counts = defaultdict(set)
    for f in fig_x:
        if f.get("statement_fact_id"):
            counts[f["statement_fact_id"]].add((f["metric"], f["value"], f["qualifier"]))
    groups = _cluster(facts, lambda a, b: _statement_link(a, b, floors, counts),
                      lambda a, b: _statement_conflict(a, b, floors), _quote_fragments,
                      candidates=_statement_candidates(facts, counts))
    by_id = {f["fact_id"]: f for f in facts}
    out, st_of_fact = [], {}
    for group in groups:
        gf = [by_id[g] for g in group]
        sid = "st-" + _hash(group[0])
        longest = max(gf, key=lambda f: (len(f["text"]), f["fact_id"] == group[0]))
        dated = _most_precise_first(gf, "date", "date_precision", stated_field="date_text")
        by_date = _field_values(gf, "date")
        if len(by_date) > 1:
            discrepancies.append(_discrepancy("statement", sid, "date", by_date, dated[0]["date"],
                                              "most precise date; one the text states before a publication "
                                              "date; else the earliest"))
        articles = sorted({f["article_id"] for f in gf})
        speaker_pid = next((person_of_fact.get(f.get("speaker_fact_id")) for f in gf if f.get("speaker_fact_id")), None)
        rec = {
            "statement_id": sid, "kind": longest["kind"], "text": longest["text"],
            "date": dated[0]["date"] if dated else None,
            "date_precision": dated[0]["date_precision"] if dated else "unknown",
            "speaker_person_id": speaker_pid, "num_sources": len(articles), "source_ids": ";".join(articles),
        }
        # the most specific speaker: a named person, else an organisation below the government
        specific = [f for f in gf if f.get("speaker_name")] or \
            [f for f in gf if f.get("speaker_org") and f["speaker_org"] not in _governments()] or gf
        for field in ("speaker_name", "speaker_title", "speaker_org", "speaker_country"):
            rec[field] = _best([f.get(field) for f in specific])
        rec["occasion"] = _best([f.get("occasion") for f in gf])
        out.append(rec)
        for f in gf:
            st_of_fact[f["fact_id"]] = sid
            mentions.append(_mention("statement", sid, f))
    return out, st_of_fact


# ---------------------------------------------------------------- figures


def _affinity(inc_x, inc_of_fact, st_x, st_of_fact) -> set[frozenset]:
    """Pairs of articles in the same news cycle: they share a statement or an incident."""
    by_record = defaultdict(set)
    for f in inc_x:
        by_record[inc_of_fact[f["fact_id"]]].add(f["article_id"])
    for f in st_x:
        by_record[st_of_fact[f["fact_id"]]].add(f["article_id"])
    pairs = set()
    for arts in by_record.values():
        arts = sorted(arts)
        for i, a in enumerate(arts):
            for b in arts[i + 1:]:
                pairs.add(frozenset((a, b)))
    return pairs


def _date_figures_by_their_event(fig_x, inc_x, inc_of_fact, incidents) -> list[dict]:
    """An undated figure read from the sentence that reports an event takes the event's
    date (as reconciled, so possibly from another source): "in raids, agencies found that
    at least 35 had been sent" counts as of the raids, not as of the article."""
    date_of = {r["incident_id"]: (r["date"], r["date_precision"]) for r in incidents if r.get("date")}
    event_at = {}
    for f in inc_x:
        record = inc_of_fact.get(f["fact_id"])
        if record in date_of and not f.get("person_fact_id"):
            event_at.setdefault((f["article_id"], f["char_start"]), date_of[record])
    out = []
    for f in fig_x:
        when = event_at.get((f["article_id"], f["char_start"])) if not f.get("as_of") else None
        out.append({**f, "as_of": when[0], "as_of_precision": when[1]} if when else f)
    return out


def _figure_conflict(a: dict, b: dict, floors: dict) -> bool:
    """Whether two figure facts cannot be one reported count: another metric or value,
    another nationality, as-of dates more than three days apart, or an undated figure set
    against one dated before the latest event its article reports."""
    if (a["metric"], a["value"], a.get("value_high")) != (b["metric"], b["value"], b.get("value_high")):
        return True
    if a.get("nationality") and b.get("nationality") and a["nationality"] != b["nationality"]:
        return True
    if a.get("as_of") and b.get("as_of"):
        return (a["article_id"] != b["article_id"]
                and not _dates_compatible(a["as_of"], a["as_of_precision"], b["as_of"], b["as_of_precision"], days=3))
    for x, y in ((a, b), (b, a)):
        floor = floors.get(x["article_id"]) if not x.get("as_of") else None
        when = _date(y.get("as_of"))
        if floor and when and when < floor - dt.timedelta(days=3):
            return True
    return False


def _figure_link(a: dict, b: dict, affinity: set, floors: dict, pub: dict) -> float:
    """How strongly two figure facts are one reported count (0: not the same).

    Same metric, value and nationality with compatible as-of dates. Two undated figures
    join when the count is distinctive (:func:`_distinctive_alike`). Otherwise an undated
    figure joins another article's only when both are counts a source gave (read from a
    statement) and the two articles share a statement or an incident (same news cycle),
    as a bare small number is too common to match on its own. A count an outlet states in
    its own voice ("It is understood that at least three ... have died", "With three ... now
    dead") is its running tally of unknown date, not the figure a spokesperson gave at
    a briefing, so it never joins through the news cycle alone.
    """
    if _figure_conflict(a, b, floors):
        return 0.0
    if a["article_id"] == b["article_id"]:
        return 2.0
    if a.get("as_of") and b.get("as_of"):
        return 1.5 if a["as_of"] == b["as_of"] else 1.0
    if not a.get("as_of") and not b.get("as_of") and _distinctive_alike(a, b, pub):
        return 0.4
    if not (a.get("statement_fact_id") and b.get("statement_fact_id")):
        return 0.0
    return 0.5 if frozenset((a["article_id"], b["article_id"])) in affinity else 0.0


def _distinctive_alike(a: dict, b: dict, pub: dict) -> bool:
    """Whether two undated figures of the same metric and value are worded alike and large
    enough to be one count however their articles are linked ("Some three dozen Cubans are
    believed to ..." and "About three dozen Cuban citizens, a broadcaster said, ..."):
    at least :data:`DISTINCTIVE_COUNT`, the same qualifier, and publication dates, where both
    are known, at most :data:`EVENT_WINDOW_DAYS` apart."""
    if a["value"] < DISTINCTIVE_COUNT or a["qualifier"] != b["qualifier"]:
        return False
    return not _published_apart(a, b, pub)


def _figures(fig_x, st_of_fact, affinity, floors, arts, discrepancies, mentions):
    facts = sorted(fig_x, key=lambda r: r["fact_id"])
    pub = _publication_dates(arts)
    groups = _cluster(facts, lambda a, b: _figure_link(a, b, affinity, floors, pub),
                      lambda a, b: _figure_conflict(a, b, floors))
    by_id = {f["fact_id"]: f for f in facts}
    out = []
    for group in groups:
        gf = [by_id[g] for g in group]
        fid = "fig-" + _hash(group[0])
        dated = _most_precise_first(gf, "as_of", "as_of_precision")
        articles = sorted({f["article_id"] for f in gf})
        quals = _field_values(gf, "qualifier")
        qualifier = _best([f["qualifier"] for f in gf])
        if len(quals) > 1:
            discrepancies.append(_discrepancy("figure", fid, "qualifier", quals, qualifier, "most frequent wording"))
        stmt = next((st_of_fact.get(f.get("statement_fact_id")) for f in gf if f.get("statement_fact_id")), None)
        rec = {
            "figure_id": fid, "metric": gf[0]["metric"], "value": gf[0]["value"],
            "value_low": _best([f.get("value_low") for f in gf]), "value_high": gf[0].get("value_high"),
            "qualifier": qualifier, "nationality": _best([f.get("nationality") for f in gf]),
            "as_of": dated[0]["as_of"] if dated else None,
            "as_of_precision": dated[0]["as_of_precision"] if dated else "unknown",
            "reported_by": _best([f.get("reported_by") for f in gf]), "statement_id": stmt,
            "num_sources": len(articles), "source_ids": ";".join(articles),
        }
        out.append(rec)
        for f in gf:
            mentions.append(_mention("figure", fid, f))
    # different values for the same metric, nationality and as-of date
    by_key = defaultdict(list)
    for r in out:
        if r["as_of"]:
            by_key[(r["metric"], r["nationality"], r["as_of"])].append(r)
    for (metric, nat, as_of), rs in sorted(by_key.items(), key=lambda x: str(x[0])):
        if len({r["value"] for r in rs}) > 1:
            by_value = defaultdict(set)
            for r in rs:
                by_value[r["value"]].update(r["source_ids"].split(";"))
            kept = max(rs, key=lambda r: (r["num_sources"], r["value"]))
            discrepancies.append(_discrepancy("figure", kept["figure_id"], "value", by_value, kept["value"],
                                              f"all values kept as separate figures ({metric}, {nat}, {as_of}); "
                                              "the one with most sources listed first"))
    return out
