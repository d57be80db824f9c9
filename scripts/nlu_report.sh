#!/usr/bin/env bash
# Evaluate the trained NLU on the held-out set (tests/nlu/holdout.yml) and print
# intent weighted F1 and, per entity extractor, entity weighted F1.
# Trains first (scripts/train.sh) when the model is missing or stale.
#
#   bash scripts/nlu_report.sh            # summary + misclassified examples
#   bash scripts/nlu_report.sh --quiet    # summary only
# Full reports: results/nlu/intent_report.json, results/nlu/<Extractor>_report.json,
# results/nlu/intent_errors.json, results/nlu/<Extractor>_errors.json.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" TF_CPP_MIN_LOG_LEVEL=2 RASA_TELEMETRY_ENABLED=false
QUIET=0
[ "${1:-}" = "--quiet" ] && QUIET=1

bash scripts/train.sh
rm -rf results/nlu
mkdir -p results/nlu logs
echo "[nlu] rasa test nlu on tests/nlu/holdout.yml…"
if ! .venv/bin/rasa test nlu --nlu tests/nlu/holdout.yml -m models/current.tar.gz \
     --out results/nlu --no-plot > logs/nlu_test.log 2>&1; then
  tail -30 logs/nlu_test.log >&2
  echo "[nlu] rasa test nlu failed: see logs/nlu_test.log" >&2
  exit 1
fi

QUIET=$QUIET .venv/bin/python - <<'EOF'
import glob, json, os

out = "results/nlu"
quiet = os.environ.get("QUIET") == "1"

def load(name):
    with open(os.path.join(out, name), encoding="utf-8") as f:
        return json.load(f)

intent = load("intent_report.json")
w = intent["weighted avg"]
print(f"intent   weighted F1 {w['f1-score']:.3f}  precision {w['precision']:.3f}  "
      f"recall {w['recall']:.3f}  accuracy {intent.get('accuracy', 0):.3f}  "
      f"({int(w['support'])} examples)")
reports = sorted(p for p in glob.glob(os.path.join(out, "*_report.json"))
                 if os.path.basename(p) not in ("intent_report.json", "response_selection_report.json"))
for path in reports:
    extractor = os.path.basename(path)[: -len("_report.json")]
    rep = load(os.path.basename(path))
    w = rep.get("weighted avg") or rep.get("micro avg")
    print(f"entities {extractor}: weighted F1 {w['f1-score']:.3f}  precision {w['precision']:.3f}  "
          f"recall {w['recall']:.3f}  ({int(w['support'])} entity tokens)")
if not reports:
    print("entities: no extractor report written (no entity predictions?)")
if quiet:
    raise SystemExit(0)

errors = load("intent_errors.json") if os.path.exists(os.path.join(out, "intent_errors.json")) else []
if errors:
    print(f"\nmisclassified intents ({len(errors)}):")
    for e in errors:
        p = e["intent_prediction"]
        print(f"  {e['text']!r}: {e['intent']} -> {p['name']} ({p['confidence']:.2f})")
weak = {k: v for k, v in intent.items() if isinstance(v, dict) and "f1-score" in v
        and k not in ("weighted avg", "macro avg", "micro avg") and v["f1-score"] < 1}
if weak:
    print("\nintents below F1 1.0: " + ", ".join(f"{k} {v['f1-score']:.2f}" for k, v in sorted(weak.items())))
for path in glob.glob(os.path.join(out, "*_errors.json")):
    name = os.path.basename(path)
    if name.startswith(("intent_", "response_selection_")):
        continue
    ents = load(name)
    if ents:
        print(f"\nentity errors of {name[:-len('_errors.json')]} ({len(ents)} messages):")
        for e in ents:
            want = ", ".join(f"{x['text'] if 'text' in x else e['text'][x['start']:x['end']]}={x['entity']}"
                             for x in e.get("entities", []))
            got = ", ".join(f"{e['text'][x['start']:x['end']]}={x['entity']}"
                            for x in e.get("predicted_entities", []) if x["end"] > x["start"])
            print(f"  {e['text']!r}\n      annotated: {want or '-'}\n      predicted: {got or '-'}")
EOF
