"""The three front doors on the Rasa server, each a custom input channel at a root path:

- kiosk.py       `/kiosk/`            self-service terminal page (适老化) and its session API
- agent.py       `/agent/`            hotline agent desk page and its token-protected API
- miniprogram.py `/miniprogram/v1/`   WeChat mini-program API (code2Session login or cloud header)

All three render from the one structured result (actions/payload.py), built after each turn
from the slots the turn left; common.py holds what they share.
"""
