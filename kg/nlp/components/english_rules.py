"""Rule entity layer for English innovation news → ``doc.spans["kg_rules"]`` (fine labels, as the
Chinese ``kg_entity_rules``), so the same ``kg_entity_merger`` builds ``doc.ents``.

English tokens are words, so spans are made with ``doc.char_span(..., alignment_mode="expand")``.

- organisations: a run of capitalised words ending in a company/university/institute/lab/government
  word (``Zhengzhou University``, ``Henan Zhongjing Keyi Technology Co., Ltd.``), or starting with
  one and followed by "of" (``University of Science and Technology of China``,
  ``Ministry of Science and Technology``);
- persons after a title (``Professor Li Ming``, ``Dr. Jane Smith``, ``CEO Zhang Wei``) or before
  ", title of" (``Guo Xinyong, chairman of …``);
- policies: double-quoted titles ending in Plan/Programme/Strategy/Act/Measures/Guidelines/
  Regulations/Opinions, and capitalised titles of that shape (``the 14th Five-Year Plan``);
- places from ``places_en.tsv`` (countries, Chinese provinces and major cities).
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import gazetteer as gz
from ..extensions import norm_text

# a capitalised word; a final '.' only on abbreviations (Co. Inc. Ltd.), never a sentence's full stop
_CAP = r"(?:(?:Co|Inc|Ltd|Corp|St|Jr|Prof|Dr)\.|[A-Z][A-Za-z0-9'’\-]*|[A-Z]{2,}|[0-9]+(?:st|nd|rd|th)?)"
_CONNECT = r"(?:of|and|for|the|on|in|de|&)"
NAME_RE = re.compile(rf"{_CAP}(?:[ \t]+(?:{_CONNECT}[ \t]+)*{_CAP})*")

COMPANY_END = ("Co., Ltd.", "Co., Ltd", "Co. Ltd.", "Co.,Ltd.", "Company Limited", "Co.", "Ltd.", "Ltd",
               "Inc.", "Inc", "Corp.", "Corp", "Corporation", "Company", "Group", "Limited", "LLC", "PLC",
               "GmbH", "AG", "Holdings", "Technologies", "Bank")
UNIVERSITY_END = ("University", "College", "Institute of Technology", "Polytechnic")
INSTITUTE_END = ("Institute", "Academy of Sciences", "Academy of Engineering", "Academy", "Research Center",
                 "Research Centre", "Research Institute")
LAB_END = ("Laboratory", "Laboratories", "Lab", "Labs", "Key Laboratory")
PLATFORM_END = ("Center", "Centre", "Incubator", "Industrial Park", "Science Park", "Park", "Zone",
                "High-tech Zone", "Hub", "Base", "Innovation Consortium", "Alliance")
GOV_END = ("Ministry", "Department", "Bureau", "Commission", "Government", "Council", "Administration",
           "Agency", "Committee", "People's Government", "Municipal Government", "State Council")
GOV_START = ("Ministry of", "Department of", "Bureau of", "Commission of", "Office of")
UNI_START = ("University of",)
INST_START = ("Institute of", "Academy of")
LAB_START = ("Laboratory of", "Lab of")
POLICY_END = ("Plan", "Programme", "Program", "Strategy", "Act", "Measures", "Guidelines", "Regulations",
              "Opinions", "Rules", "Provisions", "Outline", "Action Plan", "Initiative", "Law", "Policy",
              "Policies", "Notice")
TITLES = ("Professor", "Prof.", "Prof", "Dr.", "Dr", "CEO", "President", "Vice President", "Chairman",
          "Chairwoman", "Chair", "Director", "General Manager", "Mr.", "Ms.", "Mrs.", "Academician",
          "Secretary", "Mayor", "Governor", "Premier", "Minister", "Dean", "Founder", "Engineer",
          "Researcher", "Deputy Director", "Chief Engineer", "Chief Scientist", "Vice Mayor", "Reporter")
_LEADING_STOP = frozenset("""The A An This That These Those In On At By For From With Without After Before
During Since Last Next Yesterday Today Tomorrow Meanwhile However Also And But Or Its Their His Her Our
Both Each Every Some Many Several When While Where As If Under Over Through Among Between
According Recently Earlier Later Currently Now Then Here There""".split())
_ROLE_AFTER = re.compile(r",\s*(?:the\s+)?((?:vice |deputy |executive )?(?:chairman|chairwoman|president|ceo|"
                         r"director|general manager|professor|dean|founder|head|chief engineer|chief scientist|"
                         r"researcher|engineer|mayor|governor|minister|secretary))\b(?:\s+(?:of|at)\b)?",
                         re.IGNORECASE)
_PERSON_NAME = re.compile(r"(?:[A-Z][a-z]+(?:[-'][A-Za-z][a-z]*)?)(?:\s+[A-Z][a-z]+(?:[-'][A-Za-z][a-z]*)?){0,2}")


@lru_cache(maxsize=1)
def _places_en() -> dict[str, str]:
    return {r["name"]: r.get("full") or r["name"] for r in gz.read_tsv("places_en.tsv")}


def _strip_leading(text: str, s: int, e: int) -> int:
    """Move s past leading capitalised function words (The, In, Yesterday …)."""
    while True:
        m = re.match(r"(\S+)\s+", text[s:e])
        if not m or m.group(1) not in _LEADING_STOP:
            return s
        s += m.end()


class EnglishRules:
    def __init__(self, nlp: Language, name: str, spans_key: str = "kg_rules"):
        self.name = name
        self.spans_key = spans_key
        places = _places_en()
        self.places = places
        alt = "|".join(sorted(map(re.escape, places), key=len, reverse=True))
        self.place_re = re.compile(rf"(?<![A-Za-z])(?:{alt})(?![A-Za-z])")
        title_alt = "|".join(sorted(map(re.escape, TITLES), key=len, reverse=True))
        self.title_re = re.compile(rf"(?<![A-Za-z])({title_alt})(?:\s+|(?<=\.))(?=[A-Z])")
        self.quote_re = re.compile(r"[\"“]([^\"“”\n]{3,120})[\"”]")
        pol_alt = "|".join(sorted(map(re.escape, POLICY_END), key=len, reverse=True))
        self.policy_end_re = re.compile(rf"(?:{pol_alt})$")
        self.policy_name_re = re.compile(rf"(?:[0-9]+(?:st|nd|rd|th)[ \-])?(?:{_CAP}[ \-]+(?:(?:of|and|for|on|in)\s+)*)+"
                                         rf"(?:{pol_alt})\b")

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _org_type(name: str) -> str | None:
        for start, label in ((GOV_START, "GovernmentBody"), (UNI_START, "University"),
                             (INST_START, "ResearchInstitute"), (LAB_START, "Lab")):
            if name.startswith(start) and len(name) > len(start[0]) + 2:
                return label
        if name.endswith(("Institute of Technology", "University of Technology")):
            return "University"
        if name.endswith(" Project") and len(name.split()) >= 3:
            return "Project"
        for inner, label in (((" Department of ", " Ministry of ", " Bureau of ", " Commission of "), "GovernmentBody"),
                             ((" Laboratory of ", " Lab of ", " Laboratory for ", " Lab for "), "Lab"),
                             ((" Institute of ", " Academy of ", " Institute for "), "ResearchInstitute"),
                             ((" Center for ", " Centre for "), "Platform"),
                             ((" University of ",), "University")):
            if any(x in " " + name + " " for x in inner) and not name.endswith(COMPANY_END):
                return label
        for ends, label in ((COMPANY_END, "Company"), (UNIVERSITY_END, "University"), (LAB_END, "Lab"),
                            (INSTITUTE_END, "ResearchInstitute"), (GOV_END, "GovernmentBody"),
                            (PLATFORM_END, "Platform")):
            for end in ends:
                if name.endswith(end) and len(name) > len(end) + 1:
                    if end in ("Center", "Centre") and "Research" in name:
                        return "ResearchInstitute"
                    return label
        return None

    def _split_run(self, text: str, s: int, e: int) -> list[tuple[int, int]]:
        """Cut a capitalised run into names: at ' in ', at ' and ' / ' and the ' between two complete
        organisation names, and after a leading 'Title Person of'."""
        parts = [(s, e)]
        for rx in (re.compile(r"\s+in\s+(?:the\s+)?"), re.compile(r"\s+and\s+(?:the\s+)?"),
                   re.compile(r"\s+of\s+(?:the\s+)?")):
            new = []
            for a, b in parts:
                cut = a
                pieces = []
                for m in rx.finditer(text, a, b):
                    left, right = text[cut:m.start()], text[m.end():b]
                    split = rx.pattern.startswith("\\s+in")
                    if "and" in rx.pattern:
                        split = bool(self._org_type(left.strip()) and self._org_type(right.strip()))
                    elif "of" in rx.pattern:
                        first = left.split()[0] if left.split() else ""
                        split = first in TITLES or first.rstrip(".") in TITLES
                    if split:
                        pieces.append((cut, m.start()))
                        cut = m.end()
                pieces.append((cut, b))
                new.extend(pieces)
            parts = new
        return parts

    def _organisations(self, text: str) -> list[tuple[int, int, str, str | None]]:
        out = []
        consumed = 0
        for m in NAME_RE.finditer(text):
            s0, e0 = m.start(), m.end()
            if s0 < consumed:  # "Ltd." already taken as the tail of "X Co., Ltd.": keep what follows
                if e0 <= consumed:
                    continue
                rest = re.compile(r"[\s,]*(?:(?:and|of|for|the|in|on|&)\s+)*").match(text, consumed)
                s0 = rest.end()
                if s0 >= e0:
                    continue
            # company endings with commas: "X Technology Co., Ltd."
            tail = re.match(r",?\s*(?:Co\.,?\s*Ltd\.?|Ltd\.?|Inc\.?|LLC|Corp\.?)", text[e0:])
            if tail:
                e0 += tail.end()
                consumed = e0
            for s, e in self._split_run(text, s0, e0):
                s = _strip_leading(text, s, e)
                name = text[s:e].rstrip(" ,")
                e = s + len(name)
                if name.endswith(".") and not name.endswith(("Co.", "Ltd.", "Inc.", "Corp.")):
                    name, e = name[:-1], e - 1
                label = self._org_type(name)
                if label and len(name.split()) >= 2:
                    out.append((s, e, label, None))
        return out

    def _persons(self, text: str) -> list[tuple[int, int, str, str | None]]:
        out = []
        for m in self.title_re.finditer(text):
            n = _PERSON_NAME.match(text, m.end())
            if not n:
                continue
            name = n.group()
            words = name.split()
            while words and (self._org_type(" ".join(words)) or words[-1] in self.places
                             or words[-1] in ("University", "Institute", "Company", "Group", "Said", "Of")):
                words = words[:-1]
            if not words:
                continue
            name = " ".join(words)
            out.append((n.start(), n.start() + len(name), "Person", m.group(1).rstrip(".")))
        for m in _ROLE_AFTER.finditer(text):
            before = text[max(0, m.start() - 40):m.start()]
            n = re.search(r"([A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})$", before)
            if n:
                name = n.group(1)
                start = m.start() - len(name)
                if name.split()[0] not in _LEADING_STOP and not self._org_type(name) and name not in self.places:
                    out.append((start, m.start(), "Person", m.group(1).lower()))
        return out

    def _policies(self, text: str) -> list[tuple[int, int, str, str | None]]:
        out = []
        for m in self.quote_re.finditer(text):
            title = m.group(1).strip().rstrip(".,")
            core = re.sub(r"\s*\([^)]*\)$", "", title)  # "… Plan (2024-2026)"
            words = re.findall(r"[A-Za-z]+", core)
            if (self.policy_end_re.search(core) or any(w in POLICY_END for w in words[1:])) and title[:1].isupper():
                out.append((m.start(1), m.start(1) + len(title), "Policy", None))
        for m in self.policy_name_re.finditer(text):
            s = _strip_leading(text, m.start(), m.end())
            if len(text[s:m.end()].split()) >= 2:
                out.append((s, m.end(), "Policy", None))
        return out

    @staticmethod
    def _bylines(text: str) -> list[tuple[int, int, str, str | None]]:
        """'By Emily Zhang, staff reporter' at the start of a line."""
        out = []
        for m in re.finditer(r"(?m)^By\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})(?:,\s*([a-z][a-z ]{2,30}))?", text):
            out.append((m.start(1), m.end(1), "Person", (m.group(2) or "").strip() or None))
        return out

    @staticmethod
    def _company_short_names(text: str, found) -> list[tuple[int, int, str, str | None, str]]:
        """'Lumina Photonics' for 'Lumina Photonics Co., Ltd.': the name without its legal ending."""
        out = []
        taken = [(s, e) for s, e, *_ in found]
        for s, e, label, _ in list(found):
            if label != "Company":
                continue
            full = text[s:e]
            core = re.sub(r",?\s*(?:Co\.,?\s*Ltd\.?|Company Limited|Ltd\.?|Inc\.?|LLC|Corp\.?|Corporation|Co\.)$", "", full)
            if core == full or len(core) < 4 or len(core.split()) < 2:
                continue
            for m in re.finditer(rf"(?<![A-Za-z]){re.escape(core)}(?![A-Za-z])", text):
                if not any(a < m.end() and m.start() < b for a, b in taken):
                    out.append((m.start(), m.end(), "Company", None, full))
                    taken.append((m.start(), m.end()))
        return out

    def _places(self, text: str) -> list[tuple[int, int, str, str | None]]:
        return [(m.start(), m.end(), "Place", None) for m in self.place_re.finditer(text)]

    # ------------------------------------------------------------------ run
    def __call__(self, doc: Doc) -> Doc:
        text = norm_text(doc)
        found = self._organisations(text) + self._persons(text) + self._policies(text) + self._places(text) \
            + self._bylines(text)
        canonical = {(s, e): full for s, e, _, _, full in self._company_short_names(text, found)}
        found += [(s, e, "Company", None) for s, e in canonical]
        spans, seen = [], set()
        for s, e, label, role in sorted(found):
            span = doc.char_span(s, e, label=label, alignment_mode="expand")
            if span is None or not len(span):
                continue
            key = (span.start, span.end, label)
            if key in seen:
                continue
            seen.add(key)
            span._.source = "rules"
            if role:
                span._.role = role
            if (s, e) in canonical:
                span._.canonical = canonical[(s, e)]
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory("kg_english_rules", assigns=["doc.spans"], default_config={"spans_key": "kg_rules"})
def make_english_rules(nlp: Language, name: str, spans_key: str) -> EnglishRules:
    return EnglishRules(nlp, name, spans_key=spans_key)
