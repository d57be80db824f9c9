"""Personas: true facts from the one generator (policy_core.synthetic), made coherent (one
employment status and only the facts that go with it), a speaker kind and goal questions.

Speaker kinds and their shares: citizen 40%, family 20%, hotline 15%, kiosk 15%,
organisation 10% (an employer speaking of paired-region workers it hired).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from policy_core import ORG_FACTS
from policy_core.synthetic import Generator

SPEAKERS = (("citizen", 0.40), ("family", 0.20), ("hotline", 0.15), ("kiosk", 0.15), ("organisation", 0.10))
PERSON_GOALS = ("flexible_employment_youth", "talent_return", "internship", "rural_cross_district",
                "skill_certificate")
KINDS = ("eligible", "how_much")
# facts that only go with one employment status
WITH_STATUS = {
    "unemployed": ("unemployed_since", "unemployment_months"),
    "flexible": ("flexible_since", "flexible_employment_registered", "unemployment_months", "unemployed_since"),
    "employed": ("work_region", "employer_excluded", "contract_months", "contract_open_ended",
                 "employment_registered", "insurance_base_below_1_2x_min"),
    "student": ("graduating_student",),
}
WORKER_FACTS = ("paired_region_rural_labor", "first_job_in_jinshan", "employer_excluded", "work_region",
                "contract_months", "employment_registered", "social_insurance_months")


@dataclass
class Persona:
    speaker: str
    truth: dict
    goals: list = field(default_factory=list)     # (measure id, question kind)


def _coherent(facts: dict, rng: random.Random) -> dict:
    status = facts.get("employment_status") or rng.choice(("unemployed", "flexible", "employed", "student"))
    facts["employment_status"] = status
    for other, names in WITH_STATUS.items():
        if other != status:
            for n in names:
                if n not in WITH_STATUS[status]:
                    facts.pop(n, None)
    facts.pop("unemployed_since", None)      # the phrase bank says months; a spell is asked in months
    facts.pop("flexible_since", None)
    facts.pop("graduation_date", None)
    facts.pop("within_working_age", None)
    if status == "flexible":
        facts["flexible_employment_registered"] = True
    # what one school fact entails of the other (a school in Jinshan is in Shanghai)
    if facts.get("school_in_shanghai") is False:
        facts["school_in_jinshan"] = False
    if facts.get("school_in_jinshan") is True:
        facts["school_in_shanghai"] = True
    return {k: v for k, v in facts.items() if k not in ORG_FACTS}


def personas(n: int, seed: int = 1) -> list[Persona]:
    gen, rng = Generator(seed=seed, known=0.8, organisation=0.0), random.Random(seed)
    out = []
    for _ in range(n):
        r, acc = rng.random(), 0.0
        speaker = next(s for s, share in SPEAKERS if (acc := acc + share) >= r)
        facts = gen.facts()
        facts.pop("as_of", None)
        if speaker == "organisation":
            truth = {k: facts[k] for k in WORKER_FACTS if k in facts}
            # the opener says so: 我们是金山的一家企业，招了几个对口地区来的农村劳动力
            truth.update(paired_region_rural_labor=True, work_region="jinshan", employer_excluded=False)
            out.append(Persona(speaker, truth, [("job_stabilization", rng.choice(KINDS))]))
            continue
        truth = _coherent(facts, rng)
        goal = rng.choice(PERSON_GOALS)
        if goal == "skill_certificate":
            truth.setdefault("certificate_level", gen.value("certificate_level"))
        out.append(Persona(speaker, truth, [(goal, rng.choice(KINDS))]))
    return out
