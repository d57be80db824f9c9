"""Chinese numerals, durations, ages and calendar dates: pure functions.

Everything here works on one numeral span or one short regex match; cn2an is
only ever given a numeral span that a regex below has already isolated (its
whole-sentence ``transform`` damages text such as 看一下 -> 看1下).

Conventions shared with the extractor:
- a duration is a number of *whole* months;
- a ``Guess`` is a value the user did not state exactly (三十出头, 大半年,
  差不多八个月): the extractor puts it in ``confirm``, never in ``facts``;
- ``None`` means "nothing usable", e.g. 十几个月 or 二十多岁 (too vague to
  guess a number the user did not say).
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

import cn2an

_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_CHARS = "零〇一二两三四五六七八九十廿卅百千"
_TO_CN = str.maketrans("0123456789", "零一二三四五六七八九")
# One numeral span: Arabic digits, Chinese numeral characters, or the mixed
# tens-and-digit people type on phones (二十7).  The look-behind keeps a match
# from starting in the middle of another numeral.
NUM = rf"(?<![\d{CN_CHARS}])(?:[二三四五六七八九两]?十[1-9](?!\d)|\d{{1,4}}|[{CN_CHARS}]{{1,7}})"


@dataclass(frozen=True)
class Guess:
    """A value the user only approximated: the range the words allow (value..high).
    The dialogue records ``value`` when every value of the range gives the same
    results, and asks otherwise."""
    value: int
    high: int | None = None
    said: int | None = None     # 大概十个月 / 40岁左右: the number said, inside the range

    @property
    def range(self) -> tuple:
        """(low, high), and the number said when the words gave one (大概N: (N-1, N+1, N))."""
        low, high = self.value, max(self.value, self.high if self.high is not None else self.value)
        return (low, high, self.said) if self.said is not None else (low, high)


def cn_to_int(span: str) -> int | None:
    """Convert one numeral span: "28", "二十八", "廿八", "两千零五", "九五" -> 95.

    Digit strings without 十/百/千 are read digit by digit (二零二五 -> 2025),
    as people write years.  Returns None for anything that is not a clean
    numeral (二十八九, 百).
    """
    s = span.strip()
    if not s:
        return None
    if s.isascii() and s.isdigit():
        return int(s)
    s = s.replace("两", "二").replace("〇", "零").replace("○", "零")   # ○: the circle typed for 〇
    s = s.translate(_TO_CN)              # 二十7 -> 二十七
    # 廿 (20) and 卅 (30) are not always understood by numeral parsers.
    if s[0] == "廿":
        s = "二十" + s[1:]
    elif s[0] == "卅":
        s = "三十" + s[1:]
    if any(c not in CN_CHARS for c in s):
        return None
    if not any(c in "十百千" for c in s):
        return int("".join(str(_DIGIT[c]) for c in s))
    try:
        value = cn2an.cn2an(s, "strict")
    except (ValueError, KeyError, IndexError):
        return None
    return int(value) if value == int(value) else None


def numeral_range(span: str) -> tuple[int, int] | None:
    """两三, 七八, 3-4: two adjacent numbers meaning "one of these" -> (low, high)."""
    s = span.replace("两", "二")
    if len(s) == 2 and all(c in _DIGIT for c in s) and _DIGIT[s[1]] == _DIGIT[s[0]] + 1:
        return _DIGIT[s[0]], _DIGIT[s[1]]
    return None


# ----------------------------------------------------------------- durations
_APPROACH = "快要|快|将近|接近|(?<!最)近"          # not yet reached: N-1 (最近 is "recently")
_ABOUT = "差不多|大概|大约|约|估计|可能"            # approximate: guess N
_AT_LEAST = "超过|至少|已经|已|满|有"               # at least N: N is safe
DURATION_RE = re.compile(
    rf"(?P<pre>{_APPROACH}|{_ABOUT}|{_AT_LEAST})?"
    r"(?:"
    r"(?<![上下])(?P<big>大)?半年(?P<hmore>多)?"     # (上半年 / 下半年: a part of a year, no duration)
    rf"|(?P<y>{NUM}) ?(?P<ymore1>多|来|几)?年(?!级|代|制|底|初|龄|纪|份|度|前后)"
    rf"(?P<yhalf>半)?(?P<ymore2>多|出头)?(?:(?:零|又)?(?P<ym>{NUM})个(?P<ymhalf>半)?月)?"
    r"|(?P<halfm>半)个月"
    # (24 个月: a space typed between the number and its unit, as pinyin input leaves it)
    rf"|(?P<m>{NUM}) ?(?P<mmore1>多|来|几)?个(?P<mmore2>多|半)?月"
    r")"
    r"(?P<post>左右|上下|以上|之前|以前|前)?"
)


@dataclass(frozen=True)
class Duration:
    months: int | Guess | None
    ago: bool           # 三个月前: the number counts back from today


def parse_duration(m: re.Match) -> Duration | None:
    """Whole months for one DURATION_RE match; None if it is not a duration."""
    g = m.groupdict()
    guess, spread = False, 0
    if g["big"]:
        months, guess, spread = 7, True, 4   # 大半年: 7..11 months
    elif "半年" in m.group(0) and g["y"] is None and g["hmore"]:
        months, guess, spread = 7, True, 4   # 半年多: more than six months, 7..11 (超过6个月 holds)
    elif "半年" in m.group(0) and g["y"] is None:
        months = 6                       # 半年
    elif g["halfm"]:
        months = 0
    elif g["y"] is not None:
        rng = numeral_range(g["y"])
        years = rng[0] if rng else cn_to_int(g["y"])
        if years is None or years > 60 or g["ymore1"] == "几" and (years < 10 or years % 10):
            return None
        guess = bool(rng) or g["ymore1"] in ("来", "几")
        spread = 12 * (rng[1] - rng[0]) if rng else (11 if g["ymore1"] == "来" else 0)
        if g["ymore1"] == "几":
            years, spread = years + 1, 12 * 8 + 11      # 十几年: 11 to 19 years and some months
        months = years * 12 + (6 if g["yhalf"] else 0)
        if ("多" in (g["ymore1"] or "", g["ymore2"] or "") or g["ymore2"] == "出头") and not g["yhalf"] and not g["ym"] \
                and years < 10:
            months, guess, spread = months + 1, True, 10     # 一年多: more than a year, 13..23 months
        if g["ym"]:
            extra = cn_to_int(g["ym"])
            if extra is None or extra > 11:
                return None
            months += extra
    else:
        rng = numeral_range(g["m"])
        n = rng[0] if rng else cn_to_int(g["m"])
        if n is None or n > 600 or g["mmore1"] == "几" and (n < 10 or n % 10):
            return None
        guess = bool(rng) or g["mmore1"] in ("来", "几")
        spread = (rng[1] - rng[0]) if rng else (1 if g["mmore1"] == "来" else 0)
        if g["mmore1"] == "几":
            n, spread = n + 1, 8                        # 十几个月: 11 to 19 months
        months = n                       # 八个多月, 八个半月: still 8 whole months
    pre = g["pre"] or ""
    if re.fullmatch(_APPROACH, pre):
        months = max(months - 1, 0)      # 快八个月, 快一年: 7 (11) or, said loosely, 8 (12)
        guess, spread = True, spread + 1
    elif re.fullmatch(_ABOUT, pre) or g["post"] in ("左右", "上下"):
        guess, said = True, months       # 8个月左右: 7..9, 8 said
        months, spread = max(months - 1, 0), spread + 2
        if not g["big"] and spread == 2:
            return Duration(Guess(months, months + spread, said), g["post"] in ("之前", "以前", "前"))
    ago = g["post"] in ("之前", "以前", "前")
    return Duration(Guess(months, months + spread) if guess else months, ago)


# ---------------------------------------------------------------------- ages
AGE_UNIT_RE = re.compile(
    rf"(?P<pre>{_APPROACH}|{_ABOUT}|才|刚满|刚|满|已经)?(?P<n>{NUM}) {{0,2}}(?P<more>多|几|来)?(?:周岁|岁)"
    r"(?P<post>半|多|左右|出头|及以下|及以上|以下|以上|以内|之前|以前|前|以后|后)?"
)
# "今年二十六", "我28了", "年龄28": a bare number right after an age word.
AGE_BARE_RE = re.compile(
    r"(?:今年|年龄|年纪|岁数|周岁|我|本人|他|她|来电人|该市民|生日)[:：\s]*(?:是|有|已经|已|都|才|刚满|刚好|正好|刚|满)?"
    rf"(?P<pre>{_APPROACH})?"
    rf"(?P<n>{NUM})(?P<post>出头|多|左右)?"
    r"(?=$|[\s，,。.!！?？;；、~～了啦吧呀啊哈呢嘛])"
)
AGE_ROUGH_RE = re.compile(rf"(?P<n>{NUM})出头")
# A hotline note: "男，32，金山户籍" / "来电人 女 28 本科": a bare number standing alone
# between commas or spaces, after the note's opening words or the start of the message.
NOTE_AGE_RE = re.compile(
    r"(?:^|(?<=[，,、/：:\s]))(?:(?:来电人|来电市民|来电者|该市民|市民|本人|这位女士|这位先生|男性?|女性?|"
    r"(?:其|我)?(?:妹妹|弟弟|姐姐|哥哥|儿子|女儿|丈夫|妻子|老公|老婆|爱人|朋友|孙子|孙女|外孙|侄子|侄女))[，,、/:：\s]*)*"
    rf"(?P<n>{NUM})(?=$|[，,、/\s])(?![，,、/\s]*(?:个|岁|年|月|元|块|周|天|号|多))"
)


def age_from_match(m: re.Match) -> int | Guess | None:
    """Age for AGE_UNIT_RE / AGE_BARE_RE / AGE_ROUGH_RE matches."""
    g = m.groupdict()
    n = cn_to_int(g["n"])
    if n is None:
        return None
    pre, post = g.get("pre") or "", g.get("post") or ""
    whole = m.group(0)
    if post in ("及以下", "及以上", "以下", "以上", "以内", "之前", "以前", "前", "以后", "后"):
        return None                      # "35岁以下" talks about the rule, not the user
    if post == "出头" or whole.endswith("出头"):
        return Guess(n + 1, n + 3)       # 三十出头: 31..33
    more = g.get("more") or ("多" if post == "多" else None)   # 二十多岁 / 28岁多
    if more == "来":
        return Guess(n, n + 3)           # 30来岁: 30..33
    if post == "左右" or re.fullmatch(_ABOUT, pre):
        return Guess(n - 2, n + 2, n)    # 40岁左右, 大概40岁: 38..42, 40 said
    if more == "几" or more == "多" and n % 10 == 0:
        return None                      # 二十多岁, 二十几岁: too vague to guess
    if more == "多":
        return n                         # 28岁多 is 28
    if re.fullmatch(_APPROACH, pre):
        return Guess(n - 1)              # 快三十了: 29
    return n


def age_on(birth: _dt.date, today: _dt.date) -> int:
    """周岁 on ``today`` for an exact birth date."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def age_from_birth(year: int, month: int | None, day: int | None,
                   today: _dt.date) -> int | Guess | None:
    """Exact age when the birthday is known to have passed or not; else a guess."""
    if month and day:
        try:
            return age_on(_dt.date(year, month, day), today)
        except ValueError:
            return None
    if month and month != today.month:
        return today.year - year - (month > today.month)
    return Guess(today.year - year)      # year (or this month) only: birthday unknown


# --------------------------------------------------------------------- dates
_YEAR_DIGITS = "〇零一二三四五六七八九"
_MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_DAY = r"3[01]|[12]\d|0?[1-9]|[二三]十[一]?|二十[一二三四五六七八九]|十[一二三四五六七八九]?|[一二三四五六七八九]"
DATE_RE = re.compile(
    r"(?<![\d" + CN_CHARS + r"])"
    r"(?:"
    r"(?P<ny>\d{4})[./\-](?P<nm>1[0-2]|0?[1-9])(?:[./\-](?P<nd>3[01]|[12]\d|0?[1-9]))?(?![\d.])"
    # a hotline note's 25.12.10: a two-digit year, always with its day (1.5 is no date)
    r"|(?P<sy>\d{2})\.(?P<sm>1[0-2]|0?[1-9])\.(?P<sd>3[01]|[12]\d|0?[1-9])(?![\d.])"
    r"|(?:(?P<y>\d{4}|\d{2}|[" + _YEAR_DIGITS + r"]{2,4})(?:(?<=\d{4}) )?年|(?P<rel>大前年|前年|去年|今年|明年|后年))?"
    r"(?:(?P<mo>" + _MONTH + r")月份?(?:(?P<d>" + _DAY + r")[日号]|(?P<mend>底|末)(?!前))?"
    r"|(?<=年)(?P<part>年底|年末|底|年初|初(?![中级次一])|过完年|过了年|年后|年中)"
    r"|(?<=年)(?P<now>的?(?:这个时候|这时候|这会儿|此时|这个辰光|迭个辰光))"
    r"|(?<=年)(?P<part2>春节以?后|过年以?后|国庆节?以?后|春天|春季|夏天|夏季|秋天|秋季|开春|开年"
    # (去年过了元宵 / 前年端午前后 / 今年国庆: a festival names its month)
    r"|(?:过了|过完)?(?:元旦|元宵|清明|五一|劳动节|端午|中秋|国庆)节?(?:以?后|过后|前后|期间|那阵|左右)?))?"
    r"|(?P<relm>上上个月|上个月|上月|这个月|本月|这月)"
    r")"
)
_YEAR_PART = {"年底": 12, "年末": 12, "底": 12, "年初": 1, "初": 1, "过完年": 2, "过了年": 2, "年后": 2,
              "年中": 6, "春节后": 2, "过年后": 2, "国庆后": 10, "春节以后": 2, "过年以后": 2, "国庆以后": 10,
              "国庆节后": 10, "国庆节以后": 10,
              # a season names its first month (a guess: a boundary is asked about by the dialogue);
              # winter spans two years and names none
              "春天": 3, "春季": 3, "夏天": 6, "夏季": 6, "秋天": 9, "秋季": 9, "开春": 2, "开年": 1}
_FESTIVAL = {"元旦": 1, "元宵": 2, "清明": 4, "五一": 5, "劳动节": 5, "端午": 6, "中秋": 9, "国庆": 10}    # the month each usually falls in
_REL_YEAR = {"大前年": -3, "前年": -2, "去年": -1, "今年": 0, "明年": 1, "后年": 2}
_REL_MONTH = {"上上个月": -2, "上个月": -1, "上月": -1, "这个月": 0, "本月": 0, "这月": 0}


@dataclass(frozen=True)
class CalDate:
    year: int | None
    month: int | None
    day: int | None

    def first_day(self) -> _dt.date | None:
        """The exact day, or the first day of the month; None without a month."""
        if self.year is None or self.month is None:
            return None
        try:
            return _dt.date(self.year, self.month, self.day or 1)
        except ValueError:
            return None


def expand_year(digits: str, today: _dt.date) -> int | None:
    """4-digit year as is; 2-digit (95, 05, 九五) to the closest past century."""
    y = cn_to_int(digits)
    if y is None:
        return None
    if len(digits) <= 2:
        y += 2000 if y <= today.year % 100 + 1 else 1900
    return y if 1900 <= y <= today.year + 5 else None


def parse_date(m: re.Match, today: _dt.date) -> CalDate | None:
    """A DATE_RE match -> CalDate; None when it is not a date (or nothing)."""
    g = m.groupdict()
    if g["ny"]:
        return CalDate(int(g["ny"]), int(g["nm"]), int(g["nd"]) if g["nd"] else None)
    if g.get("sy"):
        year = expand_year(g["sy"], today)
        return CalDate(year, int(g["sm"]), int(g["sd"])) if year else None
    if g["relm"]:
        k = today.month - 1 + _REL_MONTH[g["relm"]]
        return CalDate(today.year + k // 12, k % 12 + 1, None)
    if not (g["y"] or g["rel"] or g["mo"]):
        return None
    if g.get("now"):                     # 去年这个时候: that year, this month
        g = dict(g, mo=str(today.month))
    part = g.get("part") or g.get("part2")
    if part:                             # 前年年底, 去年年初, 今年过完年: the month people mean
        g = dict(g, mo=str(_YEAR_PART.get(part) or next(v for k, v in _FESTIVAL.items() if k in part)))
    if g["rel"] and not g["mo"]:
        return None                      # bare 今年/去年: no date to keep
    year = None
    if g["y"]:
        year = expand_year(g["y"], today)
        if year is None:
            return None
    elif g["rel"]:
        year = today.year + _REL_YEAR[g["rel"]]
    month = cn_to_int(g["mo"]) if g["mo"] else None
    day = cn_to_int(g["d"]) if g["d"] else None
    if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
        return None
    if year is None:                     # "十月" alone: the most recent such month
        year = today.year if month <= today.month else today.year - 1
    if g.get("mend") and month:          # 4月底离职: the month's last day (the shortest spell it can be)
        import calendar
        day = calendar.monthrange(year, month)[1]
    return CalDate(year, month, day)


def whole_months_between(start: _dt.date, end: _dt.date) -> int:
    """Whole months from start to end (0 if end is before start)."""
    n = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(n, 0)
