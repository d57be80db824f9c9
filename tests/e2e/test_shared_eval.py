"""The shared evaluation runner (../shared/eval/converse.py) passes against the running assistant."""
import os
import subprocess
import sys

import pytest

from .servers import ROOT, TOKEN

EVAL = ROOT.parent / "shared" / "eval"


@pytest.mark.e2e
@pytest.mark.skipif(not (EVAL / "converse.py").exists(), reason="../shared/eval is not beside the project")
@pytest.mark.parametrize("cases", [EVAL / "sample_conversations.json",
                                   # the outsiders' set to beat (60), over REST against the real servers
                                   EVAL / "stranger_conversations.json",
                                   # ours, in the same format: birth years, 半年, document questions…
                                   ROOT / "tests" / "e2e" / "more_conversations.json"],
                         ids=["shared samples", "stranger set", "more in the shared format"])
def test_conversations_in_the_shared_format_pass(servers, cases):
    env = dict(os.environ, RASA_URL=servers.url, RASA_AUTH_TOKEN=TOKEN)
    p = subprocess.run([sys.executable, str(EVAL / "converse.py"), str(cases)],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "conversations pass" in p.stdout
