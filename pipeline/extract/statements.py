"""Statements: direct quotations and reported speech with their speakers.

Rules (each a named extractor id in the output):

- ``quote.attr_after``: ``"…," X said`` / ``"…," said X`` / ``"…" X told journalists``.
- ``quote.attr_before``: ``X said: "…"`` / ``X said, "…"`` / ``adding, "…"``.
- ``quote.continued``: a quotation with no attribution of its own that opens a
  sentence right after another quotation of the same paragraph or the previous
  paragraph's attributed quotation: same speaker.
- ``reported.forward``: ``X said (on Friday) (that) <clause>`` and chained
  ``…, adding that <clause>`` / ``and added that <clause>``.
- ``reported.backward``: ``<clause>, X said.`` (no quotation marks).
- ``reported.according_to``: ``According to X, <clause>`` / ``<clause>, according to X.``
- ``reported.demand``: ``X demanded / called for / sought <object>``.
- ``reported.message``: ``… a call / letter from X confirming that <clause>``.

Quotations embedded in a sentence (preceded by a word, as in ``a “verified
stop”``) are scare or partial quotes: never direct statements on their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extract.dates import find_dates
from pipeline.extract.entities import speech_vocab
from pipeline.extract.speakers import Speaker, SpeakerResolver, is_only_a_name, is_title_phrase
from pipeline.extract.text import Quote, Span, dateline_length, quotes, sentences

MIN_DIRECT_WORDS = 3
MIN_INDIRECT_WORDS = 4
# After "told", a capitalised name of up to four words ("Reuters", "The Hindu", "the BBC")
# followed by a lowercase word or a number is the audience, and the clause starts there.
_NAMED_AUDIENCE = re.compile(r"\s*(?:[Tt]he\s+)?[A-Z][\w'’.&-]*(?:\s+(?:of\s+)?[A-Z][\w'’.&-]*){0,3}\s+(?=[a-z0-9])")
_RELATIVE_CLAUSE = re.compile(r"\b(?:who|whose|which)\b[^,]*")
MAX_ADDRESSEE_WORDS = 6  # words between an addressee verb and "that" ("told the BBC in an interview that")
# A speech verb after a form of "be" is passive ("recruiters are alleged to have demanded"): the
# subject did not speak. After a determiner or preposition it is a noun ("after reports that").
_NOT_A_SPEECH_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|being|the|a|an|these|those|such|after|before|amid|following|despite)"
    r"\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|could|should|may|might|must|can|did|do|does|be|been|"
    r"\w+ed)\b", re.IGNORECASE)


@dataclass
class Found:
    """One statement before conversion to a record."""

    kind: str
    text_start: int
    text_end: int
    speaker: Speaker
    evidence: Span
    rule: str
    attribution: str  # the text around the verb (for date and occasion)
    attr_pos: int


@lru_cache(maxsize=16)
def _words_of(key: str) -> frozenset[str]:
    """The words of a codebook ``speech`` list (``participles``, ``demand_verbs``, ...), as a set."""
    return frozenset(speech_vocab()[key])


@lru_cache(maxsize=1)
def _verb_regex() -> re.Pattern[str]:
    verbs = sorted(set(speech_vocab()["verbs"]) | _words_of("participles"), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in verbs) + r")\b")


@lru_cache(maxsize=1)
def _addressee_regex() -> re.Pattern[str]:
    adds = sorted(speech_vocab()["addressees"], key=len, reverse=True)
    return re.compile(r"^\s*(?:" + "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in adds) + r")\b",
                      re.IGNORECASE)


@lru_cache(maxsize=1)
def _adverbial() -> re.Pattern[str]:
    """An adverbial between a speech verb and its clause: a time, an occasion ("in a statement",
    codebook ``occasion_nouns``), a venue ("in parliament", codebook ``venues``), a connective."""
    v = speech_vocab()
    occasions = "|".join(re.escape(n) for n in v["occasion_nouns"])
    venues = "|".join(r"in\s+" + re.escape(p).replace(r"\ ", r"\s+") for p in v["venues"])
    return re.compile(
        r"^\s*(?:,\s*)?(?:(?:on|last|this)\s+(?:\w+day|\w+\s+\d{1,2}(?:,\s*\d{4})?)|\w+day|"
        r"(?:in|at|during|via|through|to)\s+(?:a|an|the|his|her|its|their|an\s+official)?\s*"
        r"(?:[\w-]+\s+){0,3}(?:" + occasions + r")"
        r"(?:\s+(?:on|issued)\s+[\w ]+?)?|" + venues + r"|"
        r"earlier|later|also|further|again|repeatedly|today|yesterday|this\s+week|last\s+week|"
        r"when\s+asked[^,]*|responding\s+to[^,]*|while\s+[^,]*)\s*,?",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _according_to() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Attributions "According to X, <clause>" and "<clause>, according to X." (codebook ``according_to``).

    In the first, a comma-separated part after X that holds a title word (codebook
    ``according_to_titles``: "the foreign secretary") still belongs to X.
    """
    v = speech_vocab()
    intro = "|".join(re.escape(p).replace(r"\ ", " ") for p in v["according_to"])
    titles = "|".join(re.escape(t) for t in v["according_to_titles"])
    before = re.compile(r"(?i)(?:" + intro + r")\s+([^,]+?(?:,\s*(?:the\s+)?[^,]*(?:" + titles + r")[^,]*)?),\s*(.+)$")
    after = re.compile(r"(?i),\s*(?:" + intro + r")\s+([^,]+?)\.?$")
    plain = re.compile(r"(?i)(?:" + intro + r")\s+([^,]+?),\s*(.+)$")
    return before, after, plain


@lru_cache(maxsize=1)
def _message_from() -> re.Pattern[str]:
    """"a call from X confirming that <clause>": X's statement, passed on by a message (codebook
    ``message_nouns``, ``message_participles``); group 1 is X, the clause follows the match."""
    v = speech_vocab()
    nouns = "|".join(re.escape(n) for n in v["message_nouns"])
    parts = "|".join(re.escape(p) for p in v["message_participles"])
    return re.compile(r"\b(?:" + nouns + r")\s+from\s+((?:the\s+)?[^,;:\"“”]{2,60}?)\s+(?:" + parts + r")"
                      r"(?:\s+(?:them|him|her|the\s+family))?\s+that\s+")


def _reports_speech(clause: str) -> bool:
    """Whether a clause opens with its own speaker and speech verb ("the diplomat informed them that ...")."""
    verb = _verb_regex().search(clause)
    return bool(verb) and 0 < _words(clause[:verb.start()]) <= 4 and not re.search(r"[,;\"“”]", clause[:verb.start()])


def _is_embedded(text: str, q: Quote, para_start: int) -> bool:
    """A quotation preceded by a word in the same sentence (``a “verified stop”``) is not standalone."""
    before = text[para_start:q.start].rstrip()
    if not before:
        return False
    last = before[-1]
    if last in ",:":
        # "says,”Yesterday" / "said: “…" — an attribution opens it; ", “against their wishes”" stays embedded
        return not _verb_regex().search(before[-40:])
    if last in ".!?…\"”’'|•" or before.endswith("\n"):
        return False
    return True


def _speech_verb_in(fragment: str) -> re.Match[str] | None:
    return _verb_regex().search(fragment)


def _words(s: str) -> int:
    return len(re.findall(r"\w+", s))


def _sentence_at(sents: list[Span], pos: int) -> Span | None:
    for s in sents:
        if s.start <= pos < s.end:
            return s
    return None


def _para_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n\n", 0, pos)
    start = 0 if start < 0 else start + 2
    end = text.find("\n\n", pos)
    return start, (len(text) if end < 0 else end)


def extract_statements(text: str, published: str | None, resolver: SpeakerResolver) -> list[Found]:
    """All statements of an article, in text order."""
    sents = sentences(text)
    resolver.quoted = [(q.start, q.end) for q in quotes(text)]
    found: list[Found] = []
    direct = _direct(text, sents, resolver)
    found.extend(direct)
    quote_spans = [(f.text_start, f.text_end) for f in direct]
    attr_spans = [(f.attr_pos, f.attr_pos + len(f.attribution)) for f in direct]
    found.extend(_reported(text, sents, resolver, quote_spans, attr_spans))
    found.sort(key=lambda f: f.text_start)
    return found


# ---------------------------------------------------------------- direct quotations


def _direct(text: str, sents: list[Span], resolver: SpeakerResolver) -> list[Found]:
    out: list[Found] = []
    prev: Found | None = None
    prev_para_end_attr = False
    last_para = -1
    all_quotes = quotes(text)
    for k, q in enumerate(all_quotes):
        pstart, pend = _para_bounds(text, q.start)
        # the neighbouring quotations of the paragraph bound the attribution (marks of either kind)
        prev_quote_end = all_quotes[k - 1].end if k and all_quotes[k - 1].paragraph == q.paragraph else pstart
        next_quote_start = all_quotes[k + 1].start if k + 1 < len(all_quotes) \
            and all_quotes[k + 1].paragraph == q.paragraph else pend
        if q.paragraph != last_para:
            prev_para_end_attr = prev is not None and prev.evidence.end >= _para_bounds(text, prev.text_start)[1] - 3 \
                and _para_bounds(text, prev.text_start)[1] <= pstart
            if prev is not None and _para_bounds(text, prev.text_start)[0] != pstart and not prev_para_end_attr:
                prev = None
            last_para = q.paragraph
        if _is_embedded(text, q, pstart) or _words(q.text) < MIN_DIRECT_WORDS:
            continue
        sent_start = _sentence_at(sents, q.start)
        s0 = sent_start.start if sent_start else pstart
        after = text[q.end:max(q.end, next_quote_start)]
        # the attribution runs to the end of the sentence, or to the next quotation it introduces
        m_after = re.match(r"[^.!?\"“”]*?(?:[.!?]|$|(?=[\"“]))", after)
        after_clause = m_after.group(0) if m_after else ""
        speaker, rule, attribution, attr_pos = None, "", "", q.end
        verb = _speech_verb_in(after_clause[:120])
        if verb and _words(after_clause[:verb.start()]) <= 8:
            np_before_verb = after_clause[:verb.start()]
            np_after_verb = re.split(r",|\s(?:at|after|on|in|when|while|during|as|to)\s|[.!?]", after_clause[verb.end():])[0]
            if np_before_verb.strip(" ,"):
                speaker = resolver.resolve(np_before_verb, q.end)
            elif np_after_verb.strip():
                np = np_after_verb
                appos = re.match(r"\s*([^,]+),\s*((?:the|a|an)\s+[^,]+),", after_clause[verb.end():])
                titled = re.match(r"\s*([^,.!?]+),\s*([^,.!?]+?)\s*(?=[,.!?]|$)", after_clause[verb.end():])
                if appos:
                    np = appos.group(1) + ", " + appos.group(2) + ","
                elif titled and is_title_phrase(titled.group(1)) and is_only_a_name(titled.group(2)):
                    # 'said his aunt, Name (, <age>)': the name in apposition is the speaker
                    np = titled.group(1) + ", " + titled.group(2)
                speaker = resolver.resolve(np, q.end)
            rule, attribution, attr_pos = "quote.attr_after", after_clause, q.end
        if speaker is None:
            before = text[s0:q.start]
            m = re.search(r"(.*?)\b(" + _verb_regex().pattern[2:-2] + r")\b([^\"“”]{0,60}?)[,:]?\s*$", before)
            if m and _words(m.group(3)) <= 6:
                np = re.split(r"[\"”]", m.group(1))[-1]  # '"…," X said, adding, "…"': X, not the first quote
                if s0 < prev_quote_end <= s0 + m.end(1):
                    np = text[prev_quote_end:s0 + m.end(1)]
                if re.fullmatch(r"\s*,?\s*", np) or m.group(2) in _words_of("participles"):
                    speaker = prev.speaker if prev else resolver.last(q.start)
                else:
                    speaker = resolver.resolve(np, s0)
                rule, attribution, attr_pos = "quote.attr_before", before, s0
        if speaker is None and prev is not None and text[s0:q.start].strip() == "":
            speaker, rule, attribution, attr_pos = prev.speaker, "quote.continued", "", q.start
        if speaker is None:
            continue
        ev_end = q.end + len(after_clause) if rule == "quote.attr_after" else q.end
        ev_start = min(s0, q.start)
        if rule == "quote.attr_before":
            # '"A," X said, adding, "B"': B's evidence starts after quotation A, which is not B's
            closing = max(text.rfind('"', s0, q.start), text.rfind("”", s0, q.start),
                          prev_quote_end - 1 if s0 < prev_quote_end <= q.start else -1)
            if closing >= 0:
                ev_start = closing + 1 + len(text[closing + 1:q.start]) - len(text[closing + 1:q.start].lstrip(" ,"))
        evidence = Span(ev_start, ev_end, text[ev_start:ev_end].strip())
        f = Found("direct", q.inner_start, q.inner_end, speaker, evidence, rule, attribution, attr_pos)
        resolver.remember(q.start, speaker, said_until=ev_end)
        out.append(f)
        prev = f
    return out


# ---------------------------------------------------------------- reported speech


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _clause_ok(clause: str, verb: str, had_that: bool) -> bool:
    if _words(clause) < MIN_INDIRECT_WORDS:
        return False
    if had_that or verb.lower() in _words_of("demand_verbs"):
        return True
    if verb.lower() in _words_of("clause_only_verbs") or verb.lower() in _words_of("that_clause_verbs"):
        return False
    if verb.lower() in _words_of("bare_clause_verbs"):
        return True
    return bool(_FINITE.search(" ".join(clause.split()[:14])))


def _skip_after_verb(rest: str) -> tuple[str, int]:
    """Drop adverbials/addressees after the verb; return the remainder and how much was skipped."""
    skipped = 0
    for _ in range(4):
        m = _adverbial().match(rest)
        if m and m.end() > 0:
            rest, skipped = rest[m.end():], skipped + m.end()
            continue
        m = _addressee_regex().match(rest)
        if m:
            rest, skipped = rest[m.end():], skipped + m.end()
            continue
        break
    return rest, skipped


def _reported(text: str, sents: list[Span], resolver: SpeakerResolver,
              quote_spans: list[tuple[int, int]], attr_spans: list[tuple[int, int]]) -> list[Found]:
    out: list[Found] = []
    for s in sents:
        st = s.text
        message = _message_from().search(st)
        if message:
            spk = resolver.resolve(message.group(1), s.start + message.start(1))
            clause = st[message.end():].rstrip(" .")
            if spk and _words(clause) >= MIN_INDIRECT_WORDS:
                cs = s.start + message.end()
                out.append(Found("indirect", cs, cs + len(clause), spk, s, "reported.message",
                                 st[:message.end()], s.start))
                resolver.remember(s.start + message.start(1), spk, said_until=s.end)
                continue
        accord = _according_to()[0].match(st)
        if accord and _verb_regex().search(accord.group(1), accord.group(1).find(",") + 1 or len(accord.group(1))):
            # "According to X, the diplomat informed them that ...": the part after X is no title of X
            accord = _according_to()[2].match(st)
        if accord and _reports_speech(accord.group(2)):
            # "According to X, Y informed them that <clause>": X reports Y's statement; Y is the speaker
            accord = None
        if accord:
            spk = resolver.resolve(accord.group(1), s.start)
            clause = accord.group(2).rstrip(" .")
            if spk and _words(clause) >= MIN_INDIRECT_WORDS:
                cs = s.start + accord.start(2)
                out.append(Found("indirect", cs, cs + len(clause), spk, s, "reported.according_to",
                                 accord.group(1), s.start))
                resolver.remember(s.start, spk, said_until=s.end)
            continue
        tail = _according_to()[1].search(st)
        if tail:
            spk = resolver.resolve(tail.group(1), s.start + tail.start(1))
            dateline = dateline_length(st)
            clause = st[dateline:tail.start()]
            if spk and _words(clause) >= MIN_INDIRECT_WORDS:
                out.append(Found("indirect", s.start + dateline, s.start + dateline + len(clause), spk, s,
                                 "reported.according_to",
                                 tail.group(0), s.start + tail.start()))
                resolver.remember(s.start, spk, said_until=s.end)
            continue
        verbs = [m for m in _verb_regex().finditer(st)
                 if not _inside(s.start + m.start(), quote_spans) and not _inside(s.start + m.start(), attr_spans)
                 and not _NOT_A_SPEECH_VERB.search(st[:m.start()])]
        last_speaker: Speaker | None = None
        consumed_until = 0
        for vi, vm in enumerate(verbs):
            if vm.start() < consumed_until:
                continue
            verb = vm.group(0)
            vpos = s.start + vm.start()
            rest_raw = st[vm.end():]
            rest, skipped = _skip_after_verb(rest_raw)
            had_that = False
            m_that = re.match(r"\s*,?\s*that\s+", rest)
            if not m_that and verb.lower() in _words_of("addressee_verbs"):
                # "told <Agency> that", "informed the families of the men that": the addressee is no speech
                m_that = re.match(r"\s*(?:[^\s,;:.!?\"“”‘’']+\s+){1,%d}?that\s+" % MAX_ADDRESSEE_WORDS, rest)
                # a verb, an infinitive or a conjunction before "that" means the clause started earlier
                # ("told X two left and that", "urged members to ensure that"): no addressee then
                if m_that and (_FINITE.search(m_that.group(0)[:-5])
                               or re.search(r"\b(?:and|or|but|to)\b", m_that.group(0))):
                    m_that = None
            if m_that:
                had_that, rest, skipped = True, rest[m_that.end():], skipped + m_that.end()
            elif verb.lower() in _words_of("audience_verbs") and (m_aud := _NAMED_AUDIENCE.match(rest)):
                # "told AFP the men were being held ...": a named audience, then the clause
                rest, skipped = rest[m_aud.end():], skipped + m_aud.end()
            elif re.match(r"\s*,\s*", rest) and verb in _words_of("comma_clause_verbs"):
                m_c = re.match(r"\s*,\s*", rest)
                rest, skipped = rest[m_c.end():], skipped + m_c.end()
            # subject: text before the verb back to the previous clause boundary
            prefix = st[:vm.start()]
            chained = re.search(r"(?:,\s*|\band\s+)$", prefix) and (verb.startswith("add")
                                                                   or verb in _words_of("participles")
                                                                   or re.search(r"\band\s+$", prefix))
            speaker: Speaker | None = None
            rule = "reported.forward"
            clause_start = s.start + vm.end() + skipped
            # end of the clause: the next chained verb ("…, adding that …", "… and added that …")
            clause_end_rel = len(st)
            for nxt in verbs[vi + 1:]:
                if re.search(r"(?:,\s*|,?\s*and\s+)$", st[:nxt.start()]) and \
                        re.match(r"\s*,?\s*that\b|\s*,", st[nxt.end():]) is not None and nxt.start() > vm.end() + skipped:
                    if nxt.group(0).startswith("add") or nxt.group(0) in _words_of("participles") or \
                            re.search(r"\band\s+$", st[:nxt.start()]):
                        clause_end_rel = re.search(r"(?:,\s*|,?\s*and\s+)$", st[:nxt.start()]).start()
                        break
            clause = st[vm.end() + skipped:clause_end_rel].rstrip(" .;,")
            if chained and (last_speaker or out):
                speaker = last_speaker or (out[-1].speaker if out and out[-1].evidence == s else None)
                rule = "reported.chained"
            if speaker is None and verb in _words_of("participles"):
                subj = _main_subject(prefix, s.start, resolver)
                speaker = subj
                rule = "reported.participle"
            if speaker is None:
                np = prefix
                boundary = max(np.rfind("”"), np.rfind('"'), np.rfind(";"), np.rfind(" that "))
                if boundary >= 0:
                    np = np[boundary + 1:]
                # backward attribution: "<clause>, X said (on Friday)."
                back_np = re.search(r",\s*([^,]+(?:,\s*(?:the|a)\s+[^,]+,)?)\s*$", prefix)
                # "<clause>, X said (Friday), adding that …": the clause before is X's too
                if back_np and (not rest.strip(" .") or re.match(r"\s*,\s*(?:and\s+)?(?:adding|add)", rest_raw)
                                or re.match(r"\s*,?\s*(?:and\s+)?(?:adding|add)", rest) and skipped
                                or _adverbial().fullmatch(rest_raw.strip(" .") or "x")) and \
                        verb.lower() not in _words_of("clause_only_verbs"):
                    speaker = resolver.resolve(back_np.group(1), s.start + back_np.start(1))
                    if speaker:
                        dateline = dateline_length(prefix)
                        clause = prefix[dateline:back_np.start()].rstrip(" ,")
                        clause_start = s.start + dateline
                        rule = "reported.backward"
                        if _words(clause) >= MIN_INDIRECT_WORDS:
                            out.append(Found("indirect", clause_start, clause_start + len(clause), speaker, s, rule,
                                             st[back_np.start():], s.start + back_np.start()))
                            resolver.remember(vpos, speaker, said_until=s.end)
                            last_speaker = speaker
                        continue
                speaker = resolver.resolve(np, vpos - 1) if np.strip() else None
            if speaker is None:
                continue
            if not _clause_ok(clause, verb, had_that):
                continue
            if verb in _words_of("demand_verbs"):
                rule = "reported.demand" if rule == "reported.forward" else rule
            out.append(Found("indirect", clause_start, clause_start + len(clause), speaker, s, rule,
                             st[:vm.end() + skipped], s.start))
            resolver.remember(vpos, speaker, said_until=s.end)
            last_speaker = speaker
            consumed_until = clause_end_rel
    return out


def _main_subject(prefix: str, offset: int, resolver: SpeakerResolver) -> Speaker | None:
    """For "…, urging …": the subject of the main clause (the last entity after a clause boundary)."""
    parts = [p for p in re.split(r",", prefix) if p.strip()]
    for part in reversed(parts):
        m = re.match(r"\s*((?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)", part)
        if m:
            spk = resolver.resolve(m.group(1), offset)
            if spk:
                return spk
    return None


def statement_date(found: Found, published: str | None) -> tuple[str | None, str, str | None]:
    """(date, precision, date_text) of a statement from the dates in its attribution, if any."""
    attribution = found.attribution or ""
    # a date in a relative clause dates what the clause tells, not the remark: "Questioned about
    # X, whose body came home last Friday, the minister said ..."
    described = [m.span() for m in _RELATIVE_CLAUSE.finditer(attribution)]
    dates = [d for d in (find_dates(attribution, published) if attribution else [])
             if not any(a <= d.start < b for a, b in described)]
    if dates:
        d = dates[-1]
        return d.date, d.precision, d.text
    return None, "unknown", None


def occasion_of(found: Found) -> str | None:
    occ = speech_vocab()["occasions"]
    low = found.attribution.lower()
    for phrase in sorted(occ, key=len, reverse=True):
        if re.search(rf"\b{re.escape(phrase)}\b", low):
            return occ[phrase]
    return None
