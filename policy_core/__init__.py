"""金就办〔2023〕1号 as rules-as-code. Pure Python: no Rasa here.

    from policy_core import evaluate
    evaluate({"age": 26, "hukou": "jinshan"}).model_dump(mode="json")
"""
from .engine import evaluate
from .facts import FACT_NAMES, ORG_FACTS, Facts, FactsError, fact_info, fact_kind, parse_facts
from .model import Amount, Condition, Evaluation, MeasureResult

__all__ = ["evaluate", "Facts", "FactsError", "parse_facts", "fact_info", "fact_kind", "FACT_NAMES", "ORG_FACTS",
           "Evaluation", "MeasureResult", "Amount", "Condition"]
