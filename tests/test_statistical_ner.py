"""Fast checks of the shipped character CRF and its spaCy component (no training here)."""
from __future__ import annotations

import time

import pytest
import spacy

from kg.nlp import charner
from kg.nlp.components import statistical_ner  # noqa: F401  (registers the factory)
from kg.nlp.tokenizer import CharTokenizer

SENTENCE = "星河动力科技有限公司董事长刘百川昨天在杭州宣布，公司将与浙江大学共建联合实验室。"


@pytest.fixture(scope="module")
def model():
    return charner.load_model()


def _char_nlp():
    nlp = spacy.blank("zh")
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    return nlp


def test_model_loads(model):
    assert set(model.entity_labels) <= set(charner.MODEL_LABELS)
    assert {"PER", "ORG", "LOC"} <= set(model.entity_labels)


def test_predicts_person_and_organisation(model):
    spans = model.predict(SENTENCE)
    found = {(SENTENCE[s:e], lab) for s, e, lab, _ in spans}
    assert ("刘百川", "PER") in found, found
    assert any(lab in ("COMPANY", "ORG") and "星河动力" in text for text, lab in found), found
    for s, e, lab, score in spans:
        assert 0 <= s < e <= len(SENTENCE)
        assert lab in charner.MODEL_LABELS
        assert score is None or 0.0 <= score <= 1.0


def test_module_level_predict_uses_packaged_model():
    assert charner.predict(SENTENCE) == charner.load_model().predict(SENTENCE)


@pytest.mark.parametrize("text", [
    "", " ", "\n\n", "\u00a0\u3000\t", "。", "12345", "abc DEF", "😀😀 emoji 🚀", "ＡＢＣ１２３，！？",
    "张", "\ud800", "a\u200bb", "《》", "———", "\x00\x01\x02", "王" * 500, "，" * 300,
])
def test_odd_input_never_crashes(model, text):
    spans = model.predict(text)
    for s, e, lab, _ in spans:
        assert 0 <= s < e <= len(text)
        assert text[s:e].strip()


def test_offsets_survive_astral_and_fullwidth(model):
    prefix = "😀１２\u00a0"
    spans = model.predict(prefix + SENTENCE)
    plain = {(SENTENCE[s:e], lab) for s, e, lab, _ in model.predict(SENTENCE)}
    shifted = {((prefix + SENTENCE)[s:e], lab) for s, e, lab, _ in spans}
    assert ("刘百川", "PER") in shifted and plain & shifted


def test_long_text_is_chunked_and_fast(model):
    unit = SENTENCE + "\n"
    text = unit * (1_000_001 // len(unit) + 1)
    assert len(text) > 1_000_000
    t0 = time.perf_counter()
    spans = model.predict(text)
    elapsed = time.perf_counter() - t0
    assert elapsed < 30
    per_unit = len(model.predict(SENTENCE))
    assert len(spans) == per_unit * text.count("\n")
    # one sentence with no boundary at all is still cut into chunks
    assert model.predict("很" * 5000) is not None


def test_predict_many_matches_predict(model):
    texts = [SENTENCE, "", "上海市科委主任王建国出席会议。", "abc"]
    assert model.predict_many(texts) == [model.predict(t) for t in texts]


def test_component_writes_spans():
    nlp = _char_nlp()
    nlp.add_pipe("kg_statistical_ner")
    doc = nlp(SENTENCE)
    spans = doc.spans["kg_model"]
    assert any(sp.text == "刘百川" and sp.label_ == "PER" for sp in spans)
    docs = list(nlp.pipe([SENTENCE, "", "abc"]))
    assert [(s.start, s.end, s.label_) for s in docs[0].spans["kg_model"]] == \
        [(s.start, s.end, s.label_) for s in spans]
    assert len(docs[1].spans["kg_model"]) == 0


def test_component_company_label_fold():
    nlp = _char_nlp()
    nlp.add_pipe("kg_statistical_ner", config={"company_label": "ORG"})
    doc = nlp(SENTENCE)
    labels = [sp.label_ for sp in doc.spans["kg_model"]]
    assert labels and "COMPANY" not in labels


def test_component_round_trips_to_disk(tmp_path):
    nlp = _char_nlp()
    nlp.add_pipe("kg_statistical_ner")
    nlp.to_disk(tmp_path / "pipe")
    assert (tmp_path / "pipe" / "kg_statistical_ner" / "weights.npz").exists()
    assert (tmp_path / "pipe" / "kg_statistical_ner" / "meta.json").exists()
    nlp2 = spacy.blank("zh")
    nlp2.tokenizer = CharTokenizer(nlp2.vocab)
    nlp2.add_pipe("kg_statistical_ner")
    nlp2.from_disk(tmp_path / "pipe")
    comp = nlp2.get_pipe("kg_statistical_ner")
    assert comp.model_path == str(tmp_path / "pipe" / "kg_statistical_ner")
    doc1, doc2 = nlp(SENTENCE), nlp2(SENTENCE)
    a = [(s.start, s.end, s.label_) for s in doc1.spans["kg_model"]]
    b = [(s.start, s.end, s.label_) for s in doc2.spans["kg_model"]]
    assert a == b and a
    nlp2.to_disk(tmp_path / "pipe")  # saving over its own source folder works


def test_confidences_are_the_exact_posteriors(model):
    """Forward-backward marginals equal those from enumerating every tag sequence of a short text."""
    import itertools

    import numpy as np

    text = "刘百川"
    _, codes = charner.text_codes(text)
    n = len(text)
    padded = np.full(n + 4, charner.PAD, dtype=np.int64)
    padded[2:2 + n] = codes
    E = model.emissions(model.featurizer.keys(padded, np.arange(2, 2 + n))).astype(np.float64)
    trans, start = model.w.trans.astype(np.float64), model.w.start.astype(np.float64)
    L = E.shape[1]
    marg = np.zeros((n, L))
    for seq in itertools.product(range(L), repeat=n):
        score = start[seq[0]] + sum(E[t, y] for t, y in enumerate(seq)) \
            + sum(trans[a, b] for a, b in zip(seq, seq[1:]))
        for t, y in enumerate(seq):
            marg[t, y] += np.exp(score)
    marg /= marg.sum(axis=1, keepdims=True)
    tags = model._viterbi(E[None].astype(np.float32), np.array([n]))
    got = model._marginals(E[None].astype(np.float32), np.array([n]), tags)[0]
    assert np.allclose(got, marg[np.arange(n), tags[0]], atol=1e-4)
    (s, e, label, confidence), = model.predict(text, confidence=True)
    assert (s, e, label) == (0, 3, "PER") and confidence == pytest.approx(got.min(), abs=1e-4)


def test_component_stores_one_score_per_span():
    nlp = _char_nlp()
    nlp.add_pipe("kg_statistical_ner")
    doc = nlp(SENTENCE)
    scores = doc.spans["kg_model"].attrs["scores"]
    assert len(scores) == len(doc.spans["kg_model"]) > 0
    assert all(0.0 < s <= 1.0 for s in scores)
