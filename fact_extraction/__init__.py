"""Facts of the policy-core contract, read from one Chinese user message.

    from fact_extraction import extract
    r = extract("我28岁，金山户口，失业快八个月了", today=datetime.date(2026, 11, 27))
    r.facts    == {"age": 28, "hukou": "jinshan", "employment_status": "unemployed",
                   "unemployment_months": 7}
    r.confirm  == {}
    r.spans[0] == ("age", 28, 1, 4, "28岁")   # (fact, value, start, end, text)

``asked`` is the contract fact the assistant just asked about: it lets short
answers count ("是"/"没有" for a boolean, "28" for an int, "金山" for hukou,
"8个月" for unemployment_months, "去年10月" for unemployed_since).  Without
``asked`` a bare 是/嗯/28 yields nothing.

Pieces: a blank spaCy ``zh`` pipeline with the jieba segmenter (built once,
lazily) and an EntityRuler + Matcher whose vocabulary is data in
``patterns.yaml``; ``userdict.txt`` (jieba format ``word freq tag``, also meant
for Rasa's JiebaTokenizer) keeps that vocabulary whole — regenerate it with
``python -m fact_extraction userdict``.  Numbers, durations and dates are
regexes + pure functions in ``numbers.py`` (cn2an only on numeral spans).

Decisions the callers should know:

* ``confirm`` holds guesses, never facts: ``{"age": 31}`` means "ask: 您是31岁
  左右吗？请告诉我准确年龄".  A guess is always the *smallest* value the words
  allow: 三十出头 -> age 31; 大半年 -> 7 months; 七八个月 -> 7; 30来岁 /
  大概40岁 / 8个月左右 -> the number said; 快30岁 -> 29.  A birth year alone
  (1995年出生, 95年的) gives ``confirm["age"] = today.year - year`` and
  ``confirm["birth_year"] = 1995`` (the dialogue settles the age); a full
  birth date (or a birth month other than this month) gives an exact
  ``facts["age"]``.  A stated value beats a guess for the same fact.
* Too vague for any number: 二十多岁, 十几个月, 好几年 -> nothing.  Mixed
  numerals count: 二十7岁 -> 27.
* Whole months, never rounded up: 快八个月 -> 7, 八个多月 / 八个半月 -> 8,
  一年多 -> 12, 半年 -> 6 (the policy core then asks for the start month),
  一年半 -> 18.  超过半年 -> 6 (the user's words, not a boundary guess).
* A start month gives the first day of that month (去年十月开始没工作 ->
  unemployed_since "2025-10-01") and no unemployment_months; an exact day is
  kept.  Future graduation dates give graduating_student, not a date.
* 上海户口 / 在上海工作 alone set nothing (district unknown); 上海户口 +
  不是金山 -> shanghai_other; 不是上海户口 / 非沪籍 -> non_shanghai.
* A place that is a whole clause (金山 / 我是金山的 / 安徽的) is where the
  person is from: hukou, unless ``asked`` is a place of work, school, …
* A number, date or place belongs to the nearest cue word in its sentence
  (失业, 社保, 合同, 毕业, 户口, 上班, …); none near -> nothing (unless asked).
* Negation flips a true boolean (不是应届 -> fresh_graduate false) but never
  turns a "false" word into true (不是国企 -> nothing).  A negated verb right
  before another fact word is that word's (失业10个月没认定就业困难人员: 失业
  stands, 就业困难人员 is false).  用工登记 /
  灵活就业登记 / 就业困难人员 need a "done" word (办了, 是, 认定过) to count.
* 不对 / 说错了 next to another fact corrects that fact (不对，我三十七岁);
  alone it answers a yes/no question with "no".
* Questions (…吗, 是不是, 算不算), hypotheticals (如果, 打算), clauses quoting the
  policy's conditions (35岁以下…) state nothing; clauses about a previous job
  (以前, 之前) drop the current-job facts.
* Ages said of someone else (孩子两岁, 我老公40岁) are ignored; other facts are
  taken as the user's.
* Derived facts: a contract term or 无固定期限 -> employment_status employed;
  灵活就业登记 done -> flexible; 大四/毕业班/future graduation -> student;
  a school in 金山/闵行 -> school_in_jinshan, and school_in_shanghai from it.
  今年刚/刚 + a degree + 毕业 (今年刚本科毕业) -> fresh_graduate and education.
* Service words (外卖, 快递, 网约车, 滴滴, 代驾, 跑腿, 零工) are the person's work
  only with a word saying so (送/跑/做/开/是… before, 员/骑手/司机… after): 帮我点个
  外卖 and 我的快递到哪了 state nothing.
* A weak level (高级, 三级) right before 技能评价/鉴定 is the level of an
  evaluation, not a certificate held (第一次参加高级技能评价).
* Within a message the later statement wins (不对，我三十七岁), except that a
  named excluded employer (派遣公司) beats a generic 公司/工厂.
* ``spans`` has one entry per fact in ``facts`` — the words that gave the
  winning value — in text order; guesses have none.  Derived facts share the
  span of their words (签了三年合同 gives contract_months and
  employment_status the same span) and come after the main fact on it (Rasa
  labels a token with the first entity listed on it); a derived value equal
  to a stated one keeps the stated words (在松江上班，签了3年合同:
  employment_status on 上班).  Spans are the fact's own words: 在枫泾镇工作 ->
  employment_status on 工作 (枫泾镇 is work_region's); 失业已经八个月 ->
  八个月; adjacent places with one value are one place (金山本地人 -> 金山本地).
  Offsets index the text as given (full-width digits are read as ASCII
  without changing offsets).
"""
from .extract import Extraction, extract

__all__ = ["Extraction", "extract"]
