# Loaded by Rasa with the input channels: the once-compiled check of action answers.
from channels import fast_validation  # noqa: F401
