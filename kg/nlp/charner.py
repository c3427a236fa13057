"""Character-level statistical NER: a linear-chain CRF over hashed character features.

The model is trained with python-crfsuite by ``scripts/train_ner.py`` and shipped as plain numpy
arrays in ``kg/nlp/resources/ner_model/``; inference here needs numpy only (no crfsuite):

1. text → code points (same-length normalisation: full-width → ASCII, spaces → ' ', digits → '0',
   upper → lower case; astral characters such as emoji → U+FFFD),
2. cut into sentence chunks (``。！？；`` and line breaks, at most ``MAX_CHUNK`` characters),
3. hashed feature keys per character (character n-grams, character classes, jieba-dictionary
   word-boundary flags, look-ahead to trigger words such as 公司/大学/政府, a gazetteer of the
   training entities), looked up in a dense bucket → weight-row table and summed,
4. batched Viterbi over chunks of similar length, then BIO tags → spans.

The feature code is shared by training and inference, so both see exactly the same keys.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

__all__ = ["CharNER", "load_model", "predict", "DEFAULT_TEMPLATES", "MODEL_LABELS"]

#: entity types of the shipped model (COMPANY is the company sub-type of ORG; see MODEL_CARD.md)
MODEL_LABELS = ("PER", "COMPANY", "ORG", "GOV", "LOC", "POSITION", "BOOK")

MAX_CHUNK = 200          # longest chunk handed to Viterbi
BATCH_CHARS = 1 << 15    # characters per Viterbi batch
PAD = 2                  # code of the padding character (normalisation never produces it)
PAD_WIDTH = 3            # padding characters on each side of a chunk: the widest template offset
DICT_MAXN = 8            # longest dictionary word that the word-boundary features look at
HASH_BITS_DEFAULT = 22

_K1 = np.uint64(0x9E3779B97F4A7C15)
_K2 = np.uint64(0xBF58476D1CE4E5B9)
_K3 = np.uint64(0x94D049BB133111EB)
_S31 = np.uint64(31)
_S29 = np.uint64(29)
_S32 = np.uint64(32)

# dictionary flag bits (see scripts/train_ner.py: build_dictionary)
DICT_GROUPS = {"w": 1, "nr": 2, "ns": 4, "nt": 8, "tco": 16, "torg": 32, "tgov": 64}
NEXT_BUCKETS = np.array([0, 1, 2, 3, 4, 4, 5, 5, 5, 6, 6, 6, 6] + [7] * 300, dtype=np.int64)

#: feature templates: ("c", offsets) char n-gram, ("k", offsets) char-class n-gram,
#: ("ds"|"de", group) longest dictionary word of that group starting / ending here,
#: ("nx", group) bucketed distance to the next end of a trigger word of that group (e.g. 公司),
#: ("gz", offsets) gazetteer cover code (entity type + B/I/E) of the training-set entity list,
#: ("b",) bias
DEFAULT_TEMPLATES: tuple = (
    ("c", (-2,)), ("c", (-1,)), ("c", (0,)), ("c", (1,)), ("c", (2,)),
    ("c", (-2, -1)), ("c", (-1, 0)), ("c", (0, 1)), ("c", (1, 2)),
    ("c", (-1, 1)),
    ("c", (-1, 0, 1)), ("c", (-2, -1, 0)), ("c", (0, 1, 2)),
    ("k", (-1, 0, 1)),
    ("ds", "w"), ("de", "w"), ("ds", "nr"), ("de", "nr"), ("ds", "ns"), ("de", "ns"),
    ("ds", "nt"), ("de", "nt"),
    ("b",),
)


# --------------------------------------------------------------------------- normalisation
def _build_tables() -> tuple[np.ndarray, np.ndarray]:
    norm = np.arange(0x10000, dtype=np.int64)
    for code in range(0xFF01, 0xFF5F):           # full-width ASCII
        norm[code] = code - 0xFEE0
    for code in list(range(0, 33)) + [0x7F, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F,
                                      0x3000, 0xFEFF, 0x200B, 0x200C, 0x200D, 0x2060]:
        norm[code] = 32
    norm[0x2000:0x200B] = 32
    norm = np.where((norm >= 0x30) & (norm <= 0x39), 0x30, norm)      # digits → '0'
    norm = np.where((norm >= 0x41) & (norm <= 0x5A), norm + 32, norm)  # A-Z → a-z
    norm[0xD800:0xE000] = 0xFFFD                                       # lone surrogates

    cls = np.full(0x10000, 6, dtype=np.int64)                          # 6: other symbol
    cls[0x3400:0x4DC0] = 1
    cls[0x4E00:0xA000] = 1
    cls[0xF900:0xFB00] = 1                                             # 1: Han
    cls[0x30:0x3A] = 2                                                 # 2: digit
    cls[0x61:0x7B] = 3                                                 # 3: latin
    cls[0xC0:0x250] = 3
    cls[32] = 4                                                        # 4: space
    for ch in "，。、；：？！“”‘’（）《》〈〉【】「」『』—…·～":
        cls[ord(ch)] = 5                                               # 5: CJK punctuation
    for ch in ",.;:?!\"'()[]{}-_/\\&%#@*+=<>|~`^$":
        cls[ord(ch)] = 7                                               # 7: ASCII punctuation
    for ch in "零〇一二三四五六七八九十百千万亿两":
        cls[ord(ch)] = 8                                               # 8: Chinese numeral
    cls[PAD] = 0                                                       # 0: padding
    return norm, cls


_NORM, _CLS = _build_tables()
_BOUNDARY = np.zeros(0x10000, dtype=bool)
for _ch in "。！？!?；;\n\r\u2028\u2029":
    _BOUNDARY[ord(_ch)] = True
_SOFT = np.zeros(0x10000, dtype=bool)
for _ch in "，,、：: \u3000":
    _SOFT[ord(_ch)] = True


def text_codes(text: str) -> tuple[np.ndarray, np.ndarray]:
    """(raw BMP code points, normalised codes) for `text`, one entry per character."""
    raw = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    raw[raw > 0xFFFF] = 0xFFFD
    return raw, _NORM[raw]


# --------------------------------------------------------------------------- hashing
def _mix(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> _S31)
    h = h * _K2
    h = h ^ (h >> _S29)
    h = h * _K3
    return h ^ (h >> _S32)


def _mix_inplace(h: np.ndarray) -> np.ndarray:
    """_mix, overwriting `h` (one temporary instead of five)."""
    h ^= h >> _S31
    h *= _K2
    h ^= h >> _S29
    h *= _K3
    h ^= h >> _S32
    return h


def _seed(tid: int) -> np.uint64:
    return np.uint64((tid * 0x632BE59BD9B4E019 + 0x1234567) & 0xFFFFFFFFFFFFFFFF)


def _ngram_hash(vals: np.ndarray, idx: np.ndarray, offsets: Sequence[int], tid: int,
                shifted: dict | None = None) -> np.ndarray:
    """Hash of vals[idx + offsets] per position; `shifted` caches vals[idx + off] across templates."""
    h = np.full(idx.shape[0], _seed(tid), dtype=np.uint64)
    for off in offsets:
        if shifted is None:
            col = vals[idx + off].astype(np.uint64)
        else:
            col = shifted.get(off)
            if col is None:
                col = shifted[off] = vals[idx + off].astype(np.uint64)
        h ^= col
        h *= _K1
    return _mix_inplace(h)


def _word_hashes(codes: np.ndarray, maxn: int) -> list[np.ndarray]:
    """hs[n][i] = hash of codes[i:i+n] (n = 1..maxn); arrays shrink by one per n."""
    out = [None]
    h = np.full(codes.shape[0], _seed(999), dtype=np.uint64)
    cu = codes.astype(np.uint64)
    for n in range(1, maxn + 1):
        h = (h[: codes.shape[0] - n + 1] ^ cu[n - 1:]) * _K1
        out.append(_mix(h))
    return out


def dict_slot_value(hashes: np.ndarray, bits: int) -> tuple[np.ndarray, np.ndarray]:
    """(slot, fingerprint << 8) for word hashes in a dictionary table of 2**bits slots."""
    slot = (hashes >> np.uint64(64 - bits)).astype(np.int64)
    fp = ((hashes & np.uint64(0xFF)) | np.uint64(1)).astype(np.int64) << 8
    return slot, fp


# --------------------------------------------------------------------------- features
class Featurizer:
    """Hashed feature keys for padded code arrays. `dict_table` is int64[2**dict_bits]
    holding (fingerprint << 8 | flags) per slot, 0 for empty."""

    def __init__(self, templates=DEFAULT_TEMPLATES, hash_bits: int = HASH_BITS_DEFAULT,
                 dict_table: np.ndarray | None = None, dict_bits: int = 0,
                 gaz_table: np.ndarray | None = None, gaz_bits: int = 0):
        self.templates = tuple((t[0],) + tuple(t[1:]) for t in templates)
        self.hash_bits = hash_bits
        self.dict_table = dict_table
        self.dict_bits = dict_bits
        self.gaz_table = gaz_table
        self.gaz_bits = gaz_bits
        self._shift = np.uint64(64 - hash_bits)
        self.needs_dict = any(t[0] in ("ds", "de", "nx") for t in self.templates)
        self.needs_gaz = any(t[0] == "gz" for t in self.templates)

    def _gaz_cover(self, padded: np.ndarray, hs=None) -> np.ndarray:
        """Per position: 0, or 1 + 3 * label + (0 first, 1 inside, 2 last char) of the longest
        gazetteer entry (2..DICT_MAXN chars) covering it."""
        cover = np.zeros(padded.shape[0], dtype=np.int64)
        if self.gaz_table is None:
            return cover
        hs = hs or _word_hashes(padded, DICT_MAXN)
        for n in range(2, DICT_MAXN + 1):
            if hs[n].shape[0] == 0:
                break
            slot, fp = dict_slot_value(hs[n], self.gaz_bits)
            val = self.gaz_table[slot]
            pos = np.flatnonzero((val & ~np.int64(0xFF)) == fp)
            if not pos.size:
                continue
            base = 1 + 3 * ((val[pos] & 0xFF) - 1)
            cover[pos] = base
            for k in range(1, n - 1):
                cover[pos + k] = base + 1
            cover[pos + n - 1] = base + 2
        return cover

    def _dict_lengths(self, padded: np.ndarray, hs=None) -> dict[tuple[str, str], np.ndarray]:
        """Longest dictionary word (≥ 2 chars, per group) starting / ending at each position."""
        n_all = padded.shape[0]
        groups = sorted({t[1] for t in self.templates if t[0] in ("ds", "de")})
        tgroups = sorted({t[1] for t in self.templates if t[0] == "nx"})
        start = {g: np.zeros(n_all, dtype=np.int64) for g in groups}
        end = {g: np.zeros(n_all, dtype=np.int64) for g in groups}
        tend = {g: np.zeros(n_all, dtype=bool) for g in tgroups}
        out = {}
        if self.dict_table is not None:
            hs = hs or _word_hashes(padded, DICT_MAXN)
            for n in range(1 if tgroups else 2, DICT_MAXN + 1):
                if hs[n].shape[0] == 0:
                    break
                slot, fp = dict_slot_value(hs[n], self.dict_bits)
                val = self.dict_table[slot]
                hit = (val & ~np.int64(0xFF)) == fp
                flags = np.where(hit, val & 0xFF, 0)
                for g in groups if n > 1 else ():
                    pos = np.flatnonzero(flags & DICT_GROUPS[g])
                    if pos.size:
                        start[g][pos] = n          # increasing n: longest wins
                        end[g][pos + n - 1] = np.maximum(end[g][pos + n - 1], n)
                for g in tgroups:
                    pos = np.flatnonzero(flags & DICT_GROUPS[g])
                    if pos.size:
                        tend[g][pos + n - 1] = True
        if tgroups:
            ar = np.arange(n_all, dtype=np.int64)
            big = np.int64(n_all + 1000)
            pad_next = np.minimum.accumulate(np.where(padded == PAD, ar, big)[::-1])[::-1]
            for g in tgroups:
                nxt = np.minimum.accumulate(np.where(tend[g], ar, big)[::-1])[::-1]
                dist = np.where(nxt < pad_next, nxt - ar, 299)
                out[("nx", g)] = NEXT_BUCKETS[np.minimum(dist, 299)]
        for g in groups:
            out[("ds", g)] = start[g]
            out[("de", g)] = end[g]
        return out

    def keys(self, padded: np.ndarray, idx: np.ndarray) -> np.ndarray:
        """int64 keys (len(idx), n_templates) in [0, 2**hash_bits) for positions `idx` of the
        padded code array (every position has ≥ PAD_WIDTH padding/real chars on each side)."""
        out = np.empty((idx.shape[0], len(self.templates)), dtype=np.int64)
        cls = None
        hs = _word_hashes(padded, DICT_MAXN) if (self.needs_dict or self.needs_gaz) else None
        dlen = self._dict_lengths(padded, hs) if self.needs_dict else {}
        gaz = self._gaz_cover(padded, hs) if self.needs_gaz else None
        chars: dict = {}
        classes: dict = {}
        for j, t in enumerate(self.templates):
            kind = t[0]
            if kind == "c":
                h = _ngram_hash(padded, idx, t[1], j, chars)
            elif kind == "k":
                if cls is None:
                    cls = _CLS[padded]
                h = _ngram_hash(cls, idx, t[1], j, classes)
            elif kind in ("ds", "de", "nx"):
                v = dlen[(kind, t[1])][idx]
                if kind != "nx":
                    v = np.minimum(v, 6)
                h = _ngram_hash(v, np.arange(idx.shape[0]), (0,), j)
            elif kind == "gz":
                h = _ngram_hash(gaz, idx, t[1], j)
            elif kind == "b":
                h = np.full(idx.shape[0], _mix(np.array([_seed(j)], dtype=np.uint64))[0])
            else:
                raise ValueError(f"unknown feature template {t!r}")
            out[:, j] = (h >> self._shift).astype(np.int64)
        return out

    def sentence_keys(self, text: str) -> np.ndarray:
        """Keys (len(text), n_templates) for one sentence (used by training)."""
        _, codes = text_codes(text)
        pad = np.full(PAD_WIDTH, PAD, dtype=np.int64)
        padded = np.concatenate([pad, codes, pad]).astype(np.int64)
        return self.keys(padded, np.arange(PAD_WIDTH, PAD_WIDTH + codes.shape[0]))


# --------------------------------------------------------------------------- chunking
def chunk_bounds(codes: np.ndarray, max_len: int = MAX_CHUNK) -> tuple[np.ndarray, np.ndarray]:
    """(starts, lengths) of sentence chunks covering `codes` (normalised code points)."""
    n = codes.shape[0]
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    ends = np.flatnonzero(_BOUNDARY[np.minimum(codes, 0xFFFF)]) + 1
    cuts = np.concatenate([[0], ends[ends < n], [n]])
    starts, lengths = cuts[:-1], np.diff(cuts)
    keep = lengths > 0
    starts, lengths = starts[keep], lengths[keep]
    if lengths.max() <= max_len:
        return starts, lengths
    out_s, out_l = [], []
    for s, ln in zip(starts.tolist(), lengths.tolist()):
        while ln > max_len:
            window = codes[s + max_len // 2: s + max_len]
            soft = np.flatnonzero(_SOFT[np.minimum(window, 0xFFFF)])
            cut = (max_len // 2 + soft[-1] + 1) if soft.size else max_len
            out_s.append(s)
            out_l.append(cut)
            s += cut
            ln -= cut
        out_s.append(s)
        out_l.append(ln)
    return np.array(out_s, np.int64), np.array(out_l, np.int64)


# --------------------------------------------------------------------------- model
@dataclass
class _Weights:
    labels: list[str]            # tag names, e.g. "O", "B-PER", "I-PER"
    row_of: np.ndarray           # int32[2**hash_bits] → row in W (0 = zero row)
    W: np.ndarray                # float32[n_rows, n_tags]
    trans: np.ndarray            # float32[n_tags, n_tags] (from, to), invalid BIO moves -1e4
    start: np.ndarray            # float32[n_tags] (-1e4 for I- tags)


class CharNER:
    """A loaded character CRF. ``predict(text)`` → ``[(start, end, label, None)]``."""

    def __init__(self, meta: dict, weights: _Weights, featurizer: Featurizer):
        self.meta = meta
        self.w = weights
        self.featurizer = featurizer
        tags = weights.labels
        self._ent = [t[2:] for t in tags]
        self._o_tag = tags.index("O")
        types = sorted({t[2:] for t in tags if t != "O"})
        self.entity_labels = types
        self._type_id = np.array([types.index(t[2:]) if t != "O" else -1 for t in tags], np.int64)
        self._is_b = np.array([t.startswith("B-") for t in tags], bool)
        self._is_i = np.array([t.startswith("I-") for t in tags], bool)

    # ------------------------------------------------------------------ io
    @classmethod
    def load(cls, path: str | Path | None = None) -> "CharNER":
        if path is None:
            return _packaged_model()
        path = Path(path)
        meta = json.loads((path / "meta.json").read_text("utf-8"))
        with np.load(path / "weights.npz") as z:
            buckets, rows, trans = z["buckets"], z["rows"].astype(np.float32), z["trans"]
        bits = int(meta["hash_bits"])
        row_of = np.zeros(1 << bits, dtype=np.int32)
        row_of[buckets.astype(np.int64)] = np.arange(1, buckets.shape[0] + 1, dtype=np.int32)
        W = np.vstack([np.zeros((1, rows.shape[1]), np.float32), rows])
        labels = list(meta["tags"])
        trans = trans.astype(np.float32).copy()
        start = np.zeros(len(labels), np.float32)
        for j, t in enumerate(labels):
            if t.startswith("I-"):
                start[j] = -1e4
                for i, f in enumerate(labels):
                    if f[2:] != t[2:]:
                        trans[i, j] = -1e4
        dict_table, dict_bits = _hashed_table(path / "dictionary.npz")
        gaz_table, gaz_bits = _hashed_table(path / "gazetteer.npz")
        templates = tuple(tuple(x if not isinstance(x, list) else tuple(x) for x in t)
                          for t in meta["templates"])
        feat = Featurizer(templates, bits, dict_table, dict_bits, gaz_table, gaz_bits)
        return cls(meta, _Weights(labels, row_of, W, trans, start), feat)

    # ------------------------------------------------------------------ inference
    def emissions(self, keys: np.ndarray) -> np.ndarray:
        """(N, L) sum of the weight rows of each position's feature keys: one sparse (N, rows) @ (rows, L)
        product (a loop of per-template row gathers costs three times as much)."""
        import scipy.sparse as sp
        rows = self.w.row_of[keys].ravel()
        n, width = keys.shape
        M = sp.csr_matrix((np.ones(rows.shape[0], np.float32), rows, np.arange(0, n * width + 1, width)),
                          shape=(n, self.w.W.shape[0]))
        return np.asarray(M @ self.w.W)

    def _viterbi(self, E: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """E: (B, T, L) emissions, sequences sorted by length descending. Returns (B, T) tags.

        The forward pass keeps only the max scores (a loop over the previous tag with
        elementwise maxima is several times faster than an argmax over a (B, L, L) array);
        back-pointers are recomputed along the chosen path only."""
        B, T, L = E.shape
        trans = self.w.trans
        deltas = np.empty((T, B, L), dtype=np.float32)
        deltas[0] = E[:, 0] + self.w.start
        active = B - np.searchsorted(lengths[::-1], np.arange(T), side="right")  # len > t
        tmp = np.empty((B, L), dtype=np.float32)
        for t in range(1, T):
            na = active[t]
            prev = deltas[t - 1, :na]
            best = deltas[t, :na]
            if na <= 48:  # few sequences left: one (na, L, L) reduction costs fewer calls
                np.max(prev[:, :, None] + trans, axis=1, out=best)
            else:
                np.add(prev[:, 0:1], trans[0], out=best)
                tb = tmp[:na]
                for j in range(1, L):
                    np.add(prev[:, j:j + 1], trans[j], out=tb)
                    np.maximum(best, tb, out=best)
            best += E[:na, t]
        ar = np.arange(B)
        cur = deltas[lengths - 1, ar].argmax(axis=1)
        tags = np.zeros((B, T), dtype=np.int64)
        transT = trans.T
        for t in range(T - 1, -1, -1):
            na = active[t]
            tags[:na, t] = cur[:na]
            if t > 0:
                cur[:na] = (deltas[t - 1, :na] + transT[cur[:na]]).argmax(axis=1)
        return tags

    def _marginals(self, E: np.ndarray, lengths: np.ndarray, tags: np.ndarray) -> np.ndarray:
        """(B, T) posterior probability of each chosen tag, by the forward-backward algorithm.

        Scaled in probability space (Rabiner): every step is an (na, L) @ (L, L) product, renormalised,
        so there is no exp or log inside the loop; exp(E) is taken once after subtracting each
        position's maximum, which cancels in the normalisation."""
        B, T, L = E.shape
        P = np.exp(E - E.max(axis=2, keepdims=True))
        A = np.exp(self.w.trans)           # forbidden BIO moves (-1e4) become 0
        s0 = np.exp(self.w.start)
        active = B - np.searchsorted(lengths[::-1], np.arange(T), side="right")
        alpha = np.zeros((T, B, L), dtype=np.float32)
        a = P[:, 0] * s0
        alpha[0] = a / a.sum(axis=1, keepdims=True)
        for t in range(1, T):
            na = active[t]
            a = (alpha[t - 1, :na] @ A) * P[:na, t]
            alpha[t, :na] = a / a.sum(axis=1, keepdims=True)
        beta = np.zeros((T, B, L), dtype=np.float32)
        ar = np.arange(B)
        beta[lengths - 1, ar] = 1.0
        AT = A.T
        for t in range(T - 2, -1, -1):
            na = active[t + 1]  # sequences that go on past t
            b = (beta[t + 1, :na] * P[:na, t + 1]) @ AT
            beta[t, :na] = b / b.sum(axis=1, keepdims=True)
        post = alpha * beta
        post /= np.maximum(post.sum(axis=2, keepdims=True), 1e-30)
        return np.take_along_axis(post.transpose(1, 0, 2), tags[:, :, None], axis=2)[:, :, 0]

    def tag_codes(self, codes: np.ndarray, confidence: bool = False
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """Tag ids for every character of `codes` (normalised), a chunk-start mask, and with
        `confidence` the posterior probability of each character's tag (else None)."""
        n = codes.shape[0]
        tags = np.zeros(n, dtype=np.int64)
        chunk_start = np.zeros(n, dtype=bool)
        probs = np.ones(n, dtype=np.float32) if confidence else None
        starts, lengths = chunk_bounds(codes)
        if starts.size == 0:
            return tags, chunk_start, probs
        chunk_start[starts] = True
        order = np.argsort(-lengths, kind="stable")
        i = 0
        K = order.shape[0]
        while i < K:
            T = int(lengths[order[i]])
            nb = max(1, BATCH_CHARS // max(T, 1))
            sel = order[i:i + nb]
            i += nb
            self._tag_batch(codes, starts[sel], lengths[sel], tags, probs)
        return tags, chunk_start, probs

    def _tag_batch(self, codes, starts, lengths, tags_out, probs_out=None) -> None:
        B = starts.shape[0]
        T = int(lengths[0])
        total = int(lengths.sum())
        # padded flat array: PAD×PAD_WIDTH chunk PAD×PAD_WIDTH chunk ...
        seg = lengths + 2 * PAD_WIDTH
        seg_off = np.concatenate([[0], np.cumsum(seg)[:-1]])
        chunk_id = np.repeat(np.arange(B), lengths)
        within = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        src = np.repeat(starts, lengths) + within
        dest = np.repeat(seg_off, lengths) + PAD_WIDTH + within
        padded = np.full(int(seg.sum()), PAD, dtype=np.int64)
        padded[dest] = codes[src]
        keys = self.featurizer.keys(padded, dest)
        E_flat = self.emissions(keys)
        E = np.zeros((B, T, E_flat.shape[1]), dtype=np.float32)
        E[chunk_id, within] = E_flat
        tags = self._viterbi(E, lengths)
        tags_out[src] = tags[chunk_id, within]
        if probs_out is not None:
            # confidences are read for entity spans only: chunks tagged all O keep probability 1
            inside = np.arange(T)[None, :] < lengths[:, None]
            has = np.flatnonzero(((tags != self._o_tag) & inside).any(axis=1))
            if has.size:
                probs = np.ones((B, T), dtype=np.float32)
                probs[has] = self._marginals(E[has], lengths[has], tags[has])
                probs_out[src] = probs[chunk_id, within]

    def spans_from_tags(self, tags: np.ndarray, chunk_start: np.ndarray, probs: np.ndarray | None = None):
        """Spans (start, end, label, confidence); the confidence of a span is the lowest posterior
        probability of its characters' tags (None when `probs` is not given)."""
        tid = self._type_id[tags]
        is_ent = tid >= 0
        prev_tid = np.concatenate([[-1], tid[:-1]])
        cont = self._is_i[tags] & (prev_tid == tid) & ~chunk_start
        begin = is_ent & ~cont
        starts = np.flatnonzero(begin)
        if starts.size == 0:
            return []
        # span end: first position after start that is not a continuation
        not_cont = np.flatnonzero(~cont)
        nxt = np.searchsorted(not_cont, starts, side="right")
        ends = np.where(nxt < not_cont.shape[0], not_cont[np.minimum(nxt, not_cont.shape[0] - 1)],
                        tags.shape[0])
        labels = self.entity_labels
        if probs is None:
            return [(s, e, labels[k], None) for s, e, k in
                    zip(starts.tolist(), ends.tolist(), tid[starts].tolist())]
        # minimum over each [start, end): reduceat over start, end, start, end …, every other result
        # (the sentinel keeps an `end` at the text's length a valid index)
        lows = np.minimum.reduceat(np.append(probs, 1.0), np.stack([starts, ends], axis=1).ravel())[::2]
        return [(s, e, labels[k], round(float(c), 4)) for s, e, k, c in
                zip(starts.tolist(), ends.tolist(), tid[starts].tolist(), lows.tolist())]

    def predict(self, text: str, confidence: bool = False) -> list[tuple[int, int, str, float | None]]:
        """Entity spans ``(start, end_exclusive, label, confidence)`` in character offsets of `text`;
        the confidence (posterior probability, see `spans_from_tags`) only when asked for."""
        if not text:
            return []
        _, codes = text_codes(text)
        tags, chunk_start, probs = self.tag_codes(codes, confidence)
        spans = self.spans_from_tags(tags, chunk_start, probs)
        # never start/end a span on whitespace (cheap trim)
        out = []
        for s, e, lab, sc in spans:
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                out.append((s, e, lab, sc))
        return out

    def predict_many(self, texts: Iterable[str], confidence: bool = False) -> list[list[tuple[int, int, str, float | None]]]:
        """Predict several texts in one batch (faster for many short texts)."""
        texts = list(texts)
        if not texts:
            return []
        sep = "\n"
        joined = sep.join(texts)
        spans = self.predict(joined, confidence=confidence)
        offs = np.cumsum([0] + [len(t) + 1 for t in texts])
        out: list[list] = [[] for _ in texts]
        for s, e, lab, sc in spans:
            k = int(np.searchsorted(offs, s, side="right") - 1)
            out[k].append((s - int(offs[k]), e - int(offs[k]), lab, sc))
        return out


@lru_cache(maxsize=1)
def _hashed_table(path: Path) -> tuple[np.ndarray | None, int]:
    """(table, bits) of a hashed lookup table saved as slots + values, or (None, 0) when absent."""
    if not path.exists():
        return None, 0
    with np.load(path) as z:
        bits = int(z["bits"])
        table = np.zeros(1 << bits, dtype=np.uint16)
        table[z["slots"].astype(np.int64)] = z["values"]
    return table, bits


def _packaged_model() -> CharNER:
    from importlib import resources
    res = resources.files("kg.nlp.resources").joinpath("ner_model")
    with resources.as_file(res) as p:
        return CharNER.load(Path(p))


def load_model(path: str | Path | None = None) -> CharNER:
    """The model in `path`, or the packaged one (cached) when `path` is None."""
    return CharNER.load(path)


def predict(text: str) -> list[tuple[int, int, str, None]]:
    """Spans from the packaged model: ``[(start, end_exclusive, label, None)]``."""
    return _packaged_model().predict(text)
