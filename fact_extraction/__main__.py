"""`python -m fact_extraction userdict`: rewrite userdict.txt from patterns.yaml.
`python -m fact_extraction "我28岁，金山户口"`: print what extract() finds (today's date)."""
import datetime
import json
import sys

from . import extract, vocab

if sys.argv[1:] == ["userdict"]:
    vocab.USERDICT_PATH.write_text(vocab.build_userdict(), encoding="utf-8")
    print(f"wrote {vocab.USERDICT_PATH}")
else:
    for text in sys.argv[1:]:
        r = extract(text, datetime.date.today())
        print(json.dumps({"text": text, "facts": r.facts, "confirm": r.confirm},
                         ensure_ascii=False))
