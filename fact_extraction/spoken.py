"""Spoken and typed Chinese as the reader expects it: 繁体 -> 简体, kiosk Shanghainese ->
Mandarin, common homophone slips -> the policy's words, pinyin typed without the input method
(wai di hu kou, shiye le, bzd) -> 汉字 (data: spoken.yaml).

Every step keeps the length, so spans found in the result point at what the user typed.
"""
from __future__ import annotations

import functools
import math
import re
from pathlib import Path
from typing import Optional

import yaml

HERE = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load((HERE / "spoken.yaml").read_text(encoding="utf-8"))


def _all_hanzi(word: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in word)


def _own_words(places: bool = True) -> list[str]:
    """The spoken list's pinyin words, then the reader's own (userdict.txt), places (ns) optional."""
    lines = (HERE / "userdict.txt").read_text(encoding="utf-8").splitlines()
    return list(_data().get("pinyin_words") or []) + [
        line.split()[0] for line in lines if line.strip() and (places or not line.endswith(" ns"))]


@functools.lru_cache(maxsize=1)
def _table() -> tuple[re.Pattern, dict]:
    data = _data()
    pairs = {}
    for group in ("dialect", "typos"):
        for said, meant in (data.get(group) or {}).items():
            pairs[said] = meant.ljust(len(said), " ")[:len(said)] if len(meant) != len(said) else meant
    words = sorted(pairs, key=len, reverse=True)   # longest first: 屋里厢 before 屋里
    return re.compile("|".join(map(re.escape, words))), pairs


@functools.lru_cache(maxsize=1)
def _t2s():
    try:
        import opencc
        return opencc.OpenCC("t2s").convert
    except ImportError:   # the reader still works, only 繁体 stays as typed
        return None


def simplified(text: str) -> str:
    convert = _t2s()
    if convert is None:
        return text
    out = convert(text)
    if len(out) == len(text):
        return out
    return "".join(c if len(c) == 1 else ch for ch, c in zip(text, map(convert, text)))


@functools.lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern, str]]:
    return [(re.compile(rx), repl) for rx, repl in (_data().get("patterns") or {}).items()]


# A run of latin words: pinyin typed without choosing the characters, or English.
_LATIN = re.compile(r"[A-Za-z]+(?:['\s]+[A-Za-z]+)*")
_ACRONYM = re.compile(r"[A-Z]{2,}")   # HR, ID, APP: kept as typed


@functools.lru_cache(maxsize=1)
def _lexicon() -> dict[str, tuple[int, str]]:
    """Toneless pinyin -> (rank, word): the spoken list first, then the reader's own words
    (userdict.txt, so 失业 wins over 事业), then jieba's common words."""
    from pypinyin import lazy_pinyin
    import jieba
    words = _own_words()
    jieba.initialize()
    freq = jieba.dt.FREQ
    words += sorted((w for w, f in freq.items() if f >= 200 and len(w) <= 4 and _all_hanzi(w)), key=lambda w: -freq[w])
    lexicon: dict[str, tuple[int, str]] = {}
    for rank, word in enumerate(words):
        key = "".join(lazy_pinyin(word))
        if key.isascii() and key.isalpha():
            lexicon.setdefault(key, (rank, word))
    for short, meant in (_data().get("pinyin_short") or {}).items():   # bzd: 不知道
        lexicon[short] = (0, meant)
    return lexicon


def _hanzi(run: str) -> Optional[str]:
    """The words a latin run spells, when every letter of it belongs to one: the cheapest
    segmentation, a word costing more the rarer it is (卧室 loses to 我+是); None for English."""
    letters = re.sub(r"['\s]+", "", run).lower()
    lexicon = _lexicon()
    best: list[Optional[tuple]] = [None] * (len(letters) + 1)
    best[0] = (0.0, "")
    for i in range(len(letters)):
        if best[i] is None:
            continue
        for j in range(i + 1, min(len(letters), i + 24) + 1):
            hit = lexicon.get(letters[i:j])
            if hit:
                cand = (best[i][0] + 1 + math.log(hit[0] + 2), best[i][1] + hit[1])
                if best[j] is None or cand[0] < best[j][0]:
                    best[j] = cand
    return best[-1][1] if best[-1] else None


def pinyin(text: str) -> str:
    """Latin runs spelled in pinyin turned into 汉字, padded to the length typed. Nothing is
    turned when any run is not pinyin (an English message, a name), so English stays English."""
    runs = [m for m in _LATIN.finditer(text) if not _ACRONYM.fullmatch(m.group(0)) and len(m.group(0)) > 1]   # A级
    if not runs:
        return text
    words = [_hanzi(m.group(0)) for m in runs]
    if not all(w and len(w) <= len(m.group(0)) for w, m in zip(words, runs)):
        return text
    out, last = [], 0
    for m, w in zip(runs, words):
        # the padding goes away from the characters it joins (bu知道 -> " 不知道", never "不 知道")
        glued = m.end() < len(text) and "\u4e00" <= text[m.end()] <= "\u9fff"
        out += [text[last:m.start()], w.rjust(len(m.group(0))) if glued else w.ljust(len(m.group(0)))]
        last = m.end()
    return "".join(out) + text[last:]


@functools.lru_cache(maxsize=1)
def _domain_sounds() -> dict[str, str]:
    """Toneless pinyin -> the reader's own two- to four-character words (userdict.txt and the
    spoken list): what a homophone slip of the input method was meant to be."""
    from pypinyin import lazy_pinyin
    sounds: dict[str, str] = {}
    for word in _own_words(places=False):     # never a place: 伊勿 is no 义乌
        if 2 <= len(word) <= 4 and _all_hanzi(word):
            sounds.setdefault("".join(lazy_pinyin(word)), word)
    return sounds


_HANZI_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def homophones(text: str) -> str:
    """就业间习 / 文岗补贴 / 社宝: words no dictionary knows (jieba makes them up, or leaves rare
    single characters) that sound exactly like one of the reader's words are that word. Words
    jieba knows (事业, 业务员) and common characters (是, 也) are never touched."""
    if not _HANZI_RUN.search(text):
        return text
    import jieba
    from pypinyin import lazy_pinyin
    jieba.initialize()
    known, sounds = jieba.dt.FREQ, _domain_sounds()
    tokens = jieba.lcut(text, HMM=True)

    def loose(tok: str) -> bool:    # made up by jieba, or a rare single character
        return _all_hanzi(tok) and (
            tok not in known if len(tok) > 1 else known.get(tok, 0) < 20000)

    out, i = [], 0
    while i < len(tokens):
        for n in (3, 2, 1):
            window = tokens[i:i + n]
            said = "".join(window)
            if len(window) < n or not 2 <= len(said) <= 4 or not all(loose(t) for t in window):
                continue
            meant = sounds.get("".join(lazy_pinyin(said)))
            if meant and meant != said and len(meant) == len(said) and (n > 1 or said not in known):
                out.append(meant)
                i += n
                break
        else:
            out.append(tokens[i])
            i += 1
    return "".join(out)


def normalise(text: str) -> str:
    """The message in the words the reader knows, the same length as typed."""
    pattern, pairs = _table()
    # 上海话 first (伊勿 is 他不), then what still reads as no word at all
    text = homophones(pattern.sub(lambda m: pairs[m.group(0)], simplified(pinyin(text))))
    for rx, repl in _patterns():
        text = rx.sub(lambda m: repl.ljust(len(m.group(0)))[:len(m.group(0))], text)
    return text
