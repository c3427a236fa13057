"""English cue patterns for the relation extractor (documents detected as English).

The same Sentence helpers as the Chinese rules; cues are English verbs and prepositions
("A and B signed", "hosted by", "based in", "CEO X", "Professor X of Y", "issued by").
"""
from __future__ import annotations

import re

ORG = {"Company", "University", "ResearchInstitute", "Lab", "Platform", "GovernmentBody"}
ROLE = r"(?:CEO|CTO|CFO|President|Vice President|Chairman|Chairwoman|Chair|Director|General Manager|Founder|Professor|Prof\.|Dr\.|Dean|Chief Scientist|Researcher|Engineer)"
ANAPHOR = re.compile(r"\b(?:the|The|its|Its) (laboratory|lab|company|firm|centre|center|university|institute|platform|project)\b")
ANAPHOR_TYPES = {"laboratory": "Lab", "lab": "Lab", "company": "Company", "firm": "Company", "centre": "Platform",
                 "center": "Platform", "university": "University", "institute": "ResearchInstitute",
                 "platform": "Platform", "project": "Project"}


def _np(text: str, pos: int) -> tuple[int, int] | None:
    m = re.compile(r"\s*(?:the |a |an )?([A-Za-z0-9\"'“”\- ]{3,80}?)(?=\s*(?:[,.;:(]|\bfor\b|\bwhich\b|\bthat\b|\bin 20|\bover\b|$))").match(text, pos)
    return (m.start(1), m.end(1)) if m else None


def _sentence_subject(s, types, memory):
    """The sentence's grammatical subject: a leading anaphor (The laboratory …) or first entity."""
    m = ANAPHOR.match(s.text)
    if m:
        return memory.get(ANAPHOR_TYPES[m.group(1).lower()]) if ANAPHOR_TYPES[m.group(1).lower()] in types else None
    first = s.ents[0] if s.ents else None
    if first is not None and first.start <= 4 and first.label in types:
        return first
    return None


def _subject(s, pos, types, memory):
    subj = s.subject(pos, types)
    if subj is not None:
        return subj
    m = None
    for m in ANAPHOR.finditer(s.text, 0, pos):
        pass
    if m is not None and ANAPHOR_TYPES[m.group(1).lower()] in types:
        return memory.get(ANAPHOR_TYPES[m.group(1).lower()])
    return None


def english_rules(s, rel, memory: dict) -> list:
    out = []
    text = s.text
    # collaboration: A and B signed/teamed up; A cooperates with B
    for m in re.finditer(r"\b(?:and|with)\s+", text):
        partner = s.ent_starting(m.end() + (4 if text.startswith("the ", m.end()) else 0), ORG, max_gap=0)
        if partner is None:
            continue
        rest = text[partner.end:partner.end + 60]
        left = text[max(0, m.start() - 40):m.start()]
        is_and = m.group(0).startswith("and")
        if is_and and not re.match(r"\s*(?:have |has |will |jointly |formally )?(?:signed|teamed up|partnered|agreed|set up|jointly|launched|co-founded|will build|established)", rest):
            continue
        if not is_and and not re.search(r"(?:cooperat\w*|collaborat\w*|partner\w*|work\w*|agreement|team(?:ed)? up)\s*$", left):
            continue
        head = s.before(m.start(), ORG, clause=False)
        if head is None or (not is_and and _sentence_subject(s, ORG, memory) is not None):
            head = _sentence_subject(s, ORG, memory) or _subject(s, m.start(), ORG, memory)
        if head is not None and head is not partner:
            out.append(rel(s, head, "collaboratesWith", partner, 0.8))
    # hosted by
    for m in re.finditer(r"\bhosted by\s+(?:the\s+)?", text):
        host = s.ent_starting(m.end(), ORG, max_gap=0)
        hosted = {"Lab", "Platform", "ResearchInstitute"}
        subj = _sentence_subject(s, hosted, memory) or _subject(s, m.start(), hosted, memory)
        if host is not None and subj is not None:
            out.append(rel(s, subj, "hostedBy", host, 0.85))
    # located in / based in
    for m in re.finditer(r"\b(?:located|based|headquartered|situated) in\s+(?:the\s+)?", text):
        place = s.ent_starting(m.end(), {"Place", "Platform"}, max_gap=0)
        relative = re.search(r",\s*(?:which|that|who)\s+(?:is|are|was|were)\s*$", text[:m.start()])
        subj = (None if relative else _sentence_subject(s, ORG | {"Project"}, memory)) \
            or _subject(s, m.start(), ORG | {"Project"}, memory)
        if place is not None and subj is not None and subj is not place:
            out.append(rel(s, subj, "locatedIn", place, 0.8))
    # part of: "X of Y" names and "X, a … under Y"
    for e in s.ents:
        nested = re.search(r" of (?:the )?((?:[A-Z][\w'-]*\s+){0,6}(?:University|Institute|Academy of Sciences|Academy|College))$", e.text)
        if nested and e.label in ORG and nested.group(1) != e.text:
            parent = nested.group(1)
            kind = "University" if parent.endswith(("University", "College")) else "ResearchInstitute"
            out.append(rel(s, e, "partOf", None, 0.8, tail_text=parent, tail_type=kind, tail_surface=parent))
        m = re.compile(r",\s+(?:a|an|the)\s+[\w\s-]{0,40}?\b(?:under|of|affiliated with)\s+(?:the\s+)?").match(text, e.end)
        if m and e.label in ORG:
            parent = s.ent_starting(m.end(), ORG, max_gap=0)
            if parent is not None:
                out.append(rel(s, e, "partOf", parent, 0.75))
    # role + person: "Acme CEO David Lin", "Professor Helen Zhou of Soochow University", "X, CEO of Y"
    for p in (e for e in s.ents if e.label == "Person"):
        m = re.search(rf"({ROLE})\s+$", text[:p.start])
        org = s.ent_ending(m.start(), ORG, max_gap=1) if m else None
        if org is not None:
            out.append(rel(s, p, "worksFor", org, 0.85, role=m.group(1)))
            continue
        m2 = re.compile(r"\s+(?:of|at|from)\s+(?:the\s+)?").match(text, p.end)
        if m and m2:
            org = s.ent_starting(m2.end(), ORG, max_gap=0)
            if org is not None:
                out.append(rel(s, p, "worksFor", org, 0.8, role=m.group(1)))
                continue
        m3 = re.compile(rf",\s+(?:the\s+)?({ROLE})\s+(?:of|at)\s+(?:the\s+)?").match(text, p.end)
        if m3:
            org = s.ent_starting(m3.end(), ORG, max_gap=0)
            if org is not None:
                out.append(rel(s, p, "worksFor", org, 0.8, role=m3.group(1)))
    # develops
    for m in re.finditer(r"\b(?:develops|developed|is developing|has developed|makes|produces)\s+", text):
        subj = _subject(s, m.start(), ORG - {"GovernmentBody"}, memory)
        span = _np(text, m.end())
        if subj is not None and span:
            term = text[span[0]:span[1]].strip()
            subjects = [subj]
            if re.search(r"\b(?:jointly|together|co-)\s*$", text[:m.start()]):  # A and B jointly developed T
                partner = s.before(subj.start, ORG - {"GovernmentBody"}, clause=False)
                if partner is not None and re.fullmatch(r",?\s+and\s+(?:the\s+)?", text[partner.end:subj.start]):
                    subjects.insert(0, partner)
            for who in subjects:
                out.append(rel(s, who, "develops", None, 0.7, tail_text=term, tail_type="Technology",
                               tail_surface=term))
    # awarded / included in a list
    for m in re.finditer(r"\b(?:was|were|has been|have been)\s+(?:included in|named|selected as|listed as|listed in|awarded|recognised as|recognized as)\s+(?:the\s+|a\s+)?", text):
        subj = _subject(s, m.start(), ORG | {"Person", "Place"}, memory)
        span = _np(text, m.end())
        if subj is not None and span:
            term = text[span[0]:span[1]].strip()
            out.append(rel(s, subj, "awarded", None, 0.7, tail_text=term, tail_type="Award", tail_surface=term))
    # invests in
    for m in re.finditer(r"\binvest(?:s|ed)?\b[^.;]{0,40}?\bin\s+(?:the\s+)?", text):
        subj = _subject(s, m.start(), ORG - {"GovernmentBody"}, memory)
        target = s.ent_starting(m.end(), ORG | {"Project"}, max_gap=0)
        if target is None:
            tail_word = re.match(r"(?:joint |new )?(laboratory|lab|project|centre|center)", text[m.end():])
            if tail_word:
                target = memory.get(ANAPHOR_TYPES[tail_word.group(1)])
        if subj is not None and target is not None:
            out.append(rel(s, subj, "investsIn", target, 0.75))
    # funds: GOV granted N to X / fund … invested in N companies, including X
    for m in re.finditer(r"\b(?:granted|awarded|allocated|provided)\b[^.;]{0,40}?\bto\s+(?:the\s+)?", text):
        gov = s.subject(m.start(), {"GovernmentBody"})
        target = s.ent_starting(m.end(), ORG | {"Project"}, max_gap=0)
        if gov is not None and target is not None:
            out.append(rel(s, gov, "funds", target, 0.8))
    for m in re.finditer(r"\bincluding\s+", text):
        gov = s.subject(m.start(), {"GovernmentBody"})
        if gov is not None and re.search(r"\bfund\b", text[gov.end:m.start()]):
            target = s.ent_starting(m.end(), ORG, max_gap=0)
            if target is not None:
                out.append(rel(s, gov, "funds", target, 0.65))
    # issued by
    for m in re.finditer(r"\b(?:issued|released|published|promulgated) by\s+(?:the\s+)?", text):
        gov = s.ent_starting(m.end(), {"GovernmentBody"}, max_gap=0)
        policy = s.before(m.start(), {"Policy"}, clause=False)
        if gov is not None and policy is not None:
            out.append(rel(s, policy, "issuedBy", gov, 0.85))
    for m in re.finditer(r"\b(?:issued|released|published|promulgated)\s+(?:the\s+)?", text):
        policy = s.ent_starting(m.end(), {"Policy"}, max_gap=1)
        gov = s.subject(m.start(), {"GovernmentBody"})
        if gov is not None and policy is not None:
            out.append(rel(s, policy, "issuedBy", gov, 0.85))
    return out
