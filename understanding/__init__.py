"""The typed reading of a message: who each fact is about, and whether it is asserted.

typed.py    the pydantic model (Mention, Question, Reading): what every layer after the reader sees
markup.py   how a mention in its message becomes the model's input (one small, shared rule)
acts.py     the learned act and holder classifiers (spaCy text categorisers trained on corpus/)
train.py    trains them from corpus/*.jsonl: `python -m understanding.train`
compare.py  rules only / model only / both on the blind annotated test set
"""
