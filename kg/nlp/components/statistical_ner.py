"""``kg_statistical_ner``: the trained character CRF (kg/nlp/charner.py) as a spaCy component.

Writes ``doc.spans["kg_model"]`` with the model's coarse labels ``PER, COMPANY, ORG, GOV, LOC,
POSITION, BOOK`` and, with ``confidence = true``, each span's posterior probability (the lowest of its
characters' tag marginals, forward-backward) in ``doc.spans["kg_model"].attrs["scores"]``
(COMPANY is the company sub-type of ORG, kept apart because the training data
separates them; set ``company_label = "ORG"`` to fold it in). Spans may not overlap each other
but may overlap ``kg_rules``; ``kg_entity_merger`` decides.

The model reads the normalised text (``doc._.norm_text``: full-width → ASCII, Traditional →
Simplified, same length), so offsets are those of ``doc.text``. ``to_disk`` copies the model
files into the pipeline folder and ``from_disk`` loads them back; with ``model_path = None`` the
model packaged in ``kg/nlp/resources/ner_model`` is used.
"""
from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..charner import CharNER, load_model

from ..extensions import doc_text

try:  # the shared normaliser (Traditional → Simplified etc.), when the package provides it
    from ..extensions import norm_text as _norm_text
except ImportError:  # pragma: no cover
    _norm_text = None

MODEL_FILES = ("meta.json", "weights.npz", "dictionary.npz", "gazetteer.npz", "MODEL_CARD.md")
DEFAULT_KEY = "kg_model"


@Language.factory(
    "kg_statistical_ner",
    default_config={"model_path": None, "spans_key": DEFAULT_KEY, "company_label": "COMPANY",
                    "normalize": True, "confidence": True},
)
def make_statistical_ner(nlp: Language, name: str, model_path: str | None, spans_key: str,
                         company_label: str, normalize: bool, confidence: bool = True) -> "StatisticalNER":
    return StatisticalNER(nlp, name, model_path=model_path, spans_key=spans_key,
                          company_label=company_label, normalize=normalize, confidence=confidence)


class StatisticalNER:
    def __init__(self, nlp: Language, name: str = "kg_statistical_ner", *, model_path=None,
                 spans_key: str = DEFAULT_KEY, company_label: str = "COMPANY", normalize: bool = True,
                 confidence: bool = True):
        self.name = name
        self.confidence = confidence
        self.spans_key = spans_key
        self.company_label = company_label
        self.normalize = normalize
        self.model_path = str(model_path) if model_path else None
        self.model: CharNER = load_model(self.model_path)

    # ------------------------------------------------------------------ running
    def _text(self, doc: Doc) -> str:
        if self.normalize and _norm_text is not None:
            text = _norm_text(doc)
            if len(text) == len(doc_text(doc)):
                return text
        return doc_text(doc)

    def _set(self, doc: Doc, spans) -> Doc:
        char_tokens = len(doc) == len(doc_text(doc))
        out, scores = [], []
        relabel = self.company_label if self.company_label != "COMPANY" else None
        for start, end, label, score in spans:
            if relabel and label == "COMPANY":
                label = relabel
            if char_tokens:
                out.append(Span(doc, start, end, label=label))
            else:
                span = doc.char_span(start, end, label=label, alignment_mode="expand")
                if span is None:
                    continue
                out.append(span)
            scores.append(score)
        doc.spans[self.spans_key] = out
        if self.confidence:  # as spaCy's spancat does: one score per span, in the group's attrs
            doc.spans[self.spans_key].attrs["scores"] = scores
        return doc

    def __call__(self, doc: Doc) -> Doc:
        return self._set(doc, self.model.predict(self._text(doc), confidence=self.confidence))

    def pipe(self, stream: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._pipe_batch(batch)
                batch = []
        if batch:
            yield from self._pipe_batch(batch)

    def _pipe_batch(self, docs: list[Doc]) -> Iterator[Doc]:
        for doc, spans in zip(docs, self.model.predict_many([self._text(d) for d in docs], confidence=self.confidence)):
            yield self._set(doc, spans)

    # ------------------------------------------------------------------ serialisation
    def _copy_model_files(self, dest: Path) -> None:
        if self.model_path:
            src = Path(self.model_path)
            for fn in MODEL_FILES:
                if (src / fn).exists() and not ((dest / fn).exists() and (src / fn).samefile(dest / fn)):
                    shutil.copyfile(src / fn, dest / fn)
            return
        pkg = resources.files("kg.nlp.resources").joinpath("ner_model")
        for fn in MODEL_FILES:
            f = pkg.joinpath(fn)
            if f.is_file():
                (dest / fn).write_bytes(f.read_bytes())

    def to_disk(self, path, *, exclude=tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self._copy_model_files(path)

    def from_disk(self, path, *, exclude=tuple()) -> "StatisticalNER":
        path = Path(path)
        if (path / "meta.json").exists():
            self.model = CharNER.load(path)
            self.model_path = str(path)
        return self
