"""Show what the FactExtractor finds in a text, as a Rasa annotation, and check
it against jieba's tokens (the tokens JiebaTokenizer gives with the project's
dictionary).  Used to write tests/nlu/holdout.yml:

    .venv/bin/python tests/nlu/annotate.py "我28岁，金山户口" "失业十个月"
    .venv/bin/python tests/nlu/annotate.py --file texts.txt

Prints one line per text: the annotated text, then any problems (an entity
that does not start/end on a token boundary; two facts on one span, of which
only the first is annotated; facts without a span).
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def load_dictionary() -> None:
    import logging

    import jieba
    jieba.setLogLevel(logging.WARNING)
    for f in sorted((ROOT / "fact_extraction" / "jieba_dict").iterdir()):
        jieba.load_userdict(str(f))


def annotate(text: str, today: dt.date | None = None) -> tuple[str, list[str]]:
    import jieba
    from assistant_nlu.component import entities_for

    ents, _, _ = entities_for(text, today or dt.date.today())
    toks = [(s, e) for _, s, e in jieba.tokenize(text)]
    starts, ends = {s for s, _ in toks}, {e for _, e in toks}
    problems, chosen, seen = [], [], {}
    for ent in ents:
        if ent["start"] == ent["end"]:
            problems.append(f"no span: {ent['entity']}={ent['value']}")
            continue
        key = (ent["start"], ent["end"])
        if key in seen:
            problems.append(f"shared span {text[key[0]:key[1]]!r}: {seen[key]} kept, {ent['entity']} dropped")
            continue
        seen[key] = ent["entity"]
        if ent["start"] not in starts or ent["end"] not in ends:
            problems.append(f"misaligned {ent['entity']} {text[key[0]:key[1]]!r}; tokens "
                            + "/".join(text[s:e] for s, e in toks))
        chosen.append(ent)
    out, pos = [], 0
    for ent in sorted(chosen, key=lambda e: e["start"]):
        if ent["start"] < pos:
            problems.append(f"overlap: {ent['entity']} {text[ent['start']:ent['end']]!r}")
            continue
        out.append(text[pos:ent["start"]])
        out.append(f"[{text[ent['start']:ent['end']]}]({ent['entity']})")
        pos = ent["end"]
    out.append(text[pos:])
    return "".join(out), problems


def main(argv: list[str]) -> None:
    load_dictionary()
    if argv[:1] == ["--file"]:
        texts = [t.strip() for t in Path(argv[1]).read_text(encoding="utf-8").splitlines() if t.strip()]
    else:
        texts = argv
    for text in texts:
        ann, problems = annotate(text)
        print(ann + ("" if not problems else "    # " + "; ".join(problems)))


if __name__ == "__main__":
    main(sys.argv[1:])


def story_annotation(text: str, today: dt.date | None = None) -> tuple[str, list[str]]:
    """The text annotated with EVERY entity the extractor returns, values as the
    strings Rasa's story test compares (str(value)); facts sharing one span become
    a list annotation.  Problems: overlapping spans, facts without a span."""
    import json

    from assistant_nlu.component import entities_for

    ents, _, _ = entities_for(text, today or dt.date.today())
    groups: dict[tuple[int, int], list[dict]] = {}
    problems = []
    for ent in ents:
        if ent["start"] == ent["end"]:
            problems.append(f"no span: {ent['entity']}={ent['value']}")
            continue
        groups.setdefault((ent["start"], ent["end"]), []).append(
            {"entity": ent["entity"], "value": str(ent["value"])})
    out, pos = [], 0
    for (start, end), group in sorted(groups.items()):
        if start < pos:
            problems.append(f"overlap: {text[start:end]!r}")
            continue
        body = json.dumps(group[0] if len(group) == 1 else group, ensure_ascii=False)
        out.append(text[pos:start])
        out.append(f"[{text[start:end]}]" + (body if len(group) == 1 else body))
        pos = end
    out.append(text[pos:])
    return "".join(out), problems
