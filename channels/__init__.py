# Loaded by Rasa with the input channels (so only when serving, never when training): the
# once-compiled check of action answers, event classes looked up once, and the conversation's
# context for the NLU taken from the tracker Rasa has already loaded.
from channels import context, fast_events, fast_validation  # noqa: F401
