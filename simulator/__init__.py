"""An agenda-based user simulator (after Schatzmann et al. 2007, as ConvLab's MultiWOZ user
policy): a persona is true facts, goal questions and a speaker kind; it answers the pending
question from its truth in phrasings from phrases.yaml (written once, blind to the reader and
the corpus), asks its goal questions, and stops when answered or after MAX_TURNS.

persona.py  personas from policy_core.synthetic's generator, made coherent
user.py     the simulated user: agenda, phrasing, noise
judge.py    success, wrong facts, repeated questions, questions against the fewest needed
run.py      plays personas through the trained model in-process (or over REST) and prints figures
"""
