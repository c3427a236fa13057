"""Write N synthetic articles for benchmarks: SYNTHETIC text, not news.

Each article recombines sentences of the project's own sample articles (data/samples) and swaps
every annotated name for another name of the same type, made from the gazetteers that ship with
kg (cities, universities, institutes, surnames) and fixed word lists. The result reads like the
genre, exercises every rule family, and grows the number of distinct entities with N.

    python benchmarks/make_corpus.py 10000 benchmarks/work/corpus10k
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.nlp import gazetteer as gz  # noqa: E402
from kg.nlp.components.sentences import sentence_spans  # noqa: E402

INDUSTRY = ["新材料", "智能装备", "生物医药", "新能源", "电子信息", "精密机械", "数字科技", "环保科技", "光电", "储能"]
NAME_CHARS = "华泰鼎盛恒远博瑞中科兴达宏光天成金诚国信联创新智安佳润明德永康凯正邦晶晟拓维"
LAB_FIELDS = ["先进材料", "智能制造", "精准医学", "量子信息", "绿色化工", "现代农业", "高端装备", "储能技术"]
POLICY_HEADS = ["关于加快科技创新的若干意见", "促进科技成果转化实施办法", "创新平台建设三年行动计划", "高新技术企业培育方案",
                "科技型中小企业扶持措施", "新型研发机构管理办法"]
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红玉兰晓峰海燕"


class Names:
    def __init__(self, rng: random.Random):
        self.rng = rng
        places = gz.places()
        self.cities = sorted({p.name for p in places.values() if p.level == "city" and p.name.endswith("市")})
        self.universities = sorted(gz.universities())
        self.institutes = sorted(gz.institutes())
        self.surnames = [s for s in gz.surnames() if len(s) == 1][:100]

    def city(self) -> str:
        return self.rng.choice(self.cities)

    def make(self, type_name: str, city: str) -> str:
        r = self.rng
        short = city[:-1]
        if type_name == "Company":
            return f"{short}{r.choice(NAME_CHARS)}{r.choice(NAME_CHARS)}{r.choice(INDUSTRY)}有限公司"
        if type_name == "University":
            return r.choice(self.universities)
        if type_name == "ResearchInstitute":
            return r.choice([r.choice(self.institutes), f"{city}{r.choice(INDUSTRY)}研究院"])
        if type_name == "Lab":
            return f"省{r.choice(LAB_FIELDS)}重点实验室"
        if type_name == "Platform":
            return r.choice([f"省{r.choice(INDUSTRY)}中试基地", f"{short}{r.choice(INDUSTRY)}创新联合体",
                             f"{short}高新区", f"{short}{r.choice(INDUSTRY)}产业园"])
        if type_name == "GovernmentBody":
            return r.choice(["市委", "市政府", f"{city}科技局", "科技部", "省科技厅"])
        if type_name == "Policy":
            return f"{city}{r.choice(POLICY_HEADS)}"
        if type_name == "Person":
            return r.choice(self.surnames) + "".join(r.sample(GIVEN, r.choice((1, 2))))
        if type_name == "Place":
            return r.choice([city, short])
        if type_name == "Project":
            return f"{r.choice(INDUSTRY)}{r.choice(['生产线', '产业化', '研发平台'])}项目"
        return type_name


def sample_sentences() -> list[tuple[str, list[dict]]]:
    """(sentence, gold entities inside it) from the Chinese sample articles."""
    out = []
    for gold_path in sorted((ROOT / "data" / "samples").glob("*.gold.json")):
        text_path = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
        if text_path.name.endswith("_en.txt"):
            continue
        text = text_path.read_text("utf-8")
        entities = json.loads(gold_path.read_text("utf-8"))["entities"]
        for start, end in sentence_spans(text)[2:]:  # skip headline and date line
            sentence = text[start:end]
            inside = [e for e in entities if e["text"] in sentence]
            if len(sentence) >= 15:
                out.append((sentence, inside))
    return out


def article(n: int, rng: random.Random, names: Names, sentences) -> str:
    city = names.city()
    picked = rng.sample(sentences, k=min(len(sentences), rng.randint(6, 10)))
    mapping: dict[str, str] = {}
    body = []
    for sentence, entities in picked:
        for e in sorted(entities, key=lambda e: -len(e["text"])):
            if e["text"] not in mapping:
                mapping[e["text"]] = names.make(e["type"], city)
            sentence = sentence.replace(e["text"], mapping[e["text"]])
        body.append(re.sub(r"\d+(?:\.\d+)?(?=[家个项人亿万%名所])", lambda m: str(rng.randint(2, 500)), sentence))
    date = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    title = f"{city[:-1]}：科技创新动态（合成样本 {n}）"
    return f"{title}\n发布日期:{date}\n\n" + "\n".join(body) + "\n"


def write_corpus(count: int, folder: Path, seed: int = 0) -> Path:
    rng = random.Random(seed)
    names = Names(rng)
    sentences = sample_sentences()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_text("Synthetic benchmark articles made by benchmarks/make_corpus.py "
                                      "from the project's own samples and gazetteers; not real news.\n", "utf-8")
    for i in range(count):
        sub = folder / f"{i // 1000:02d}"
        sub.mkdir(exist_ok=True)
        (sub / f"synthetic_{i:05d}.txt").write_text(article(i, rng, names, sentences), "utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write_corpus(args.count, args.folder, args.seed)
    print(f"wrote {args.count} synthetic articles to {args.folder}")


if __name__ == "__main__":
    main()
