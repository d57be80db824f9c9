"""Exit 0 when every URL given answers 200 (used to wait for the servers)."""
import sys
import urllib.request

try:
    for url in sys.argv[1:]:
        with urllib.request.urlopen(url, timeout=2) as r:
            if r.status != 200:
                sys.exit(1)
except Exception:
    sys.exit(1)
