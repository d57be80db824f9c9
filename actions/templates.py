"""Every sentence the actions send, in one place (Chinese; a short English line where useful).

Policy content (dates, amounts, clause texts) is never typed here: it comes from
policy_core's data through the functions in answers.py.
"""
from __future__ import annotations

import json

from policy_core import fact_info, fact_kind

YES_NO = [("是", "/affirm"), ("不是", "/deny"), ("不清楚", "/dont_know")]


# Questions, read-back words and button titles of every fact live in the registry of facts
# (policy_core/data/facts.yaml); these are views of it for the dialogue.
_REGISTRY = fact_info()


def _buttons(fact: str, meta: dict) -> list[tuple[str, str]]:
    if "choices" in meta:
        also = [(title, "/inform" + json.dumps(said, ensure_ascii=False).replace(" ", ""))
                for title, said in (meta.get("also") or {}).items()]
        return [(title, f'/inform{{"{fact}":"{value}"}}') for value, title in meta["choices"].items()] + also + \
            [("不清楚", "/dont_know")]
    return YES_NO if fact_kind(fact) == "bool" else []


# fact -> (question, buttons). Buttons carry payloads the NLU passes straight through.
QUESTIONS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    f: (m["ask"], _buttons(f, m)) for f, m in _REGISTRY.items() if "ask" in m}
# as a hotline agent reads it to the caller (no typing hints)
AGENT_QUESTIONS = {f: m.get("agent", m["ask"]) for f, m in _REGISTRY.items() if "ask" in m}
# the same facts asked of an employer or agency about the workers it hired or placed (四（十一）（十二）)
ABOUT_WORKERS = {f: m["workers"] for f, m in _REGISTRY.items() if "workers" in m}
# how a fact's value reads back in the one-line confirmation
VALUE_WORDS = {f: m["show"] for f, m in _REGISTRY.items() if "show" in m}
NUMBER_FORMAT = {f: m["number"] for f, m in _REGISTRY.items() if "number" in m}
DATE_FORMAT = dict({f: m["date"] for f, m in _REGISTRY.items() if "date" in m}, as_of="按{}计算")

WELCOME = ("您好！我是金山就业政策助手，可以帮您查询《金山区关于进一步做好稳就业促发展工作的实施意见》"
           "（金就办〔2023〕1号）中的补贴：哪些适用于您、能领多少、还差什么手续。"
           "您可以一次告诉我几件事，例如：“我26岁，金山户口，失业10个月了”。")
HELP = ("我可以帮您查询金就办〔2023〕1号中的就业创业补贴：告诉我您的年龄、户籍、学历、就业或失业情况，"
        "我来判断能领哪些、能领多少；也可以问文件本身（有效期、某项补贴多少钱），或说“重新开始”。")
NOT_UNDERSTOOD = "抱歉，我没有看懂这句话。"
OUT_OF_SCOPE = "抱歉，这个问题不在我能回答的范围内。"
ACK = "好的。还想了解什么可以直接问我，例如“我能领什么补贴”“如果我是硕士呢”。"
EMPTY = "您好像发送了一条空消息。"
ENGLISH = "本助手使用中文服务。(This assistant answers in Chinese about Jinshan District's employment subsidies, policy 金就办〔2023〕1号.)"
TRUNCATED = "您的消息较长，我读取了前2000个字。"
RESTARTED = "好的，已清空刚才记录的全部信息，我们重新开始。"
GOODBYE = "感谢咨询，祝您顺利！如有新的情况，随时再来问我。"
THANKS = "不客气！还有其他想了解的补贴吗？"
BOT = "我是金山就业政策助手，一个自动问答程序，依据金就办〔2023〕1号原文回答；具体认定以区人力资源社会保障部门为准。"
KEPT = "您之前告诉我的信息都还保留着。"
CONFIRM_PREFIX = "好的，已记录："
# the grouped answer when nothing is yet sure to be paid (有没有补贴: the plain answer first)
NONE_SETTLED = "按目前说的情况，还没有能确定领取的补贴。"
# a sum asked for where the document writes none (参照市级标准): said before the basis
NO_FIGURE = "文件没有写这项补贴的具体数额，这里给不出大概数。"
CORRECTED = "已更正：{label}为{new}（原为{old}）。"
SKIPPED = "没关系，这一项先跳过。"
# an organisation says a condition holds for some of its workers only (其中1个以前在金山做过)
SOME_WORKERS = "各人情况不同的，按每位劳动者分别看：符合条件的人员才能计入。"
CHOOSE = "请从下面的选项中选择，或者直接告诉我。"
SKIP = "跳过"
SAY_VALUE = "请直接告诉我具体的数字或日期，不清楚可以说“不清楚”。"
BOOL_GUESS = "“{label}”这一点您还没有明说，先不记录。"
GUESS = "您说的是{value}左右吗？为了准确判断，请告诉我确切的{label}。"
HEDGED = "您提到{value}，但好像不太确定。为了准确判断，请确认：{label}是“{value}”吗？"
HEDGED_ASK = "这一点您好像不太确定，先不记录。为了准确判断，请确认一下："
RESTATED = "好的，{facts}，和之前记录的一致。"
CANNOT_SETTLE = "· {name}：还不知道{facts}，所以暂时判断不了“{conds}”{why}。知道后随时告诉我。"
ON_THE_LINE = "（整月数正好落在界线上，要按日期算）"
IF_MET = "【如果上面“还需确认”的条件都满足】"
FOR_SOMEONE = "好的，下面按{who}的情况来判断，我会问几个关于{who}的问题。"
ORG_NOTHING_IN_PLAY = "按贵单位目前说的情况，还没有哪一项发给单位的补贴可以判断。"
SPOUSE_SET_ASIDE = "您说的配偶的情况没有记录：一次只按一个人判断，现在按{who}的情况。配偶的情况可以之后另外问。"
WHAT_IF_AMOUNT = "该项为{amount}。"
GUESS_RANGE = "您说的是{said}，这个范围跨过了政策的界线，会影响判断结果。请告诉我确切的{label}。"
GUESS_POINT = "先按{value}记录；如果不准确，直接告诉我准确的就行。"
RANGE_SAME = "您说的是{said}，在这个范围内判断结果都一样，先按{value}记录。"
RANGE_WORDS = {
    "age": "{low}到{high}岁", "unemployment_months": "连续失业{low}到{high}个月",
    "months_since_graduation": "离校{low}到{high}个月", "contract_months": "劳动合同{low}到{high}个月",
    "social_insurance_months": "社保已缴{low}到{high}个月",
}
NEWS_HEAD = "根据目前的信息，已经可以确定："
NEWS_LINE = "· {name}（{clause}）：{amount}，{what}"
NEWS_ELIGIBLE = "可以领取"
NEWS_CONDITIONAL = "还要做到：{steps}，才能领取"
AGE_FROM_YEAR = "按{year}年出生计，您今年{older}周岁（如果今年的生日还没到则是{younger}周岁，两种情况判断结果相同）。"
BIRTHDAY = "按{year}年出生计，您今年是{younger}或{older}周岁，这会影响判断结果。请问您是几月几号出生的？例如：3月15号"
WHICH_DAY = "您说的是{month}。这个月里是哪一天会影响判断结果（例如是否“超过6个月”要按日期算），请告诉我具体是几号？例如：15号"
ASK_PREFIX = "还需要了解一下："
ALL_SETTLED = "根据您提供的信息，判断结果如下："
WHAT_IF_NONE = "请告诉我想假设的情况，例如：“如果我是硕士呢”“如果我在金山上班呢”。"
WHAT_IF_HEAD = "假设{change}（您已提供的信息不会被修改）："
WHAT_IF_SAME = "在这个假设下，各项补贴的判断结果没有变化。"
WHY_NOT_ALL = "按您目前提供的信息，暂不符合的补贴和原因："
# someone past working age asking why nothing applies, or whom the document is for: in plain words
RETIRED_WHY = ("这份文件（金就办〔2023〕1号）是金山区稳就业、促创业的政策：补贴是给在劳动年龄段内找工作、上班、"
               "创业的人，以及招人的单位和培训机构的。{you}已经退休、不在劳动年龄段内了，所以文件里给个人的补贴都用不上，"
               "不是因为少了什么材料。")
WHO_FOR = ("这份文件（金就办〔2023〕1号）是金山区稳就业、促创业的政策，管的是：在劳动年龄段内找工作、上班、灵活就业、"
           "创业的人（比如高校毕业生、失业青年、农村劳动力、对口地区来金山的劳动力），以及招人的单位、创业孵化基地、"
           "人力资源机构和培训机构。")
# a subsidy of another kind (老年人补贴, 养老金): not in this document
NOT_THIS_DOCUMENT = "{what}不在这份文件里，我只能解答金就办〔2023〕1号的补贴，文件里没有写到哪里去问。"
WHY_NOT_LINE = "· {name}（{clause}）：不满足“{reason}”"
FOR_ORGANISATION = "【以下补贴发给用人单位或机构，不发给个人】"
ORG_LINE = "· {name}（{clause}）：{amount}"
WHY_NOT_WHICH = "您想了解哪一项补贴？例如：“为什么我不能领灵活就业补贴”。"
NOTHING_YET = "您还没有告诉我您的情况。"
DISCLAIMER = "以上依据文件原文判断，具体认定以区人力资源社会保障部门为准（七（三））。"


# ---- answer first (actions/direct.py): one or two plain sentences, then the person's standing
MEASURE_HEAD = "{name}（{clause}）："
LASTS_MONTHS = "补贴期限累计最多{months}个月。"
LASTS_ONCE = "这是一次性补贴，发一次。"
LASTS_UNSAID = "文件没有写明发放期限。"
# the months run past the document's end (一（四）36个月 from 2026): what happens after is not in it
LASTS_PAST_VALIDITY = "本文件有效期到{end}（{clause}），之后还能不能接着领，本文件没有规定，以届时的政策和区人力资源社会保障部门的答复为准。"
FROM_WHEN = "文件没有写明从哪个月开始发放，申请和发放流程由区人力资源社会保障部门制定（七（三））。"
TOTAL_FOR_N = "按{amount}计，{n}人最多共计{total}。"
MONTHLY_FOR_N = "{n}人每月共{monthly}；"
STANDS_ELIGIBLE = "按{you}说的情况，{you}符合条件。"
STANDS_CONDITIONAL = "按{you}说的情况，{you}的人员条件已满足，还需：{steps}。"
STANDS_INELIGIBLE = "按{you}说的情况，暂不符合：{reason}。"
# the one refusal sentence: the condition, then what the person said that fails it
REFUSAL = "本项要求{need}，按{you}说的是{said}，所以暂不符合。"
STANDS_UNDETERMINED = "能否领取还要看：{missing}。"
AUTHORITY_DECIDES = "具体认定以区人力资源社会保障部门为准。"
# 需要什么条件 / 社保要交满几个月: the measure's conditions as the document sets them, the one asked first
REQUIRES_ASKED = "您问的这一条，文件的要求是：{asked}。"
REQUIRES_NONE = "文件对本项的{what}没有另外的要求。"
REQUIRES_YES = "是的。"
REQUIRES_NO = "不是。"
REQUIRES_ALL = "全部条件：{conditions}。金额：{amount}。"
REQUIRES_WHAT = {"insurance": "社保缴纳", "contract": "劳动合同", "age": "年龄", "hukou": "户籍", "degree": "学历",
                 "unemployed": "失业时间", "registered": "登记", "student": "学生身份", "rural": "农村户籍（农业户籍）"}
# The measure asked about is settled: its answer, then an offer instead of more questions.
FOCUS_AMOUNT = "该项金额：{amount}。"
MORE_OFFER = "您问的这一项已经可以判断了。还想看看您还可能领哪些补贴吗？"
MORE_OFFER_OPEN = "还想看看您还可能领哪些补贴吗？"
# a question skipped: where the measure asked about stands, before the next question
STILL_OPEN = "还不能判断，能否领取还要看：{missing}。"
# the measure asked about is open only by what the person could not answer
OPEN_BY_SKIPS = "还不知道{facts}，所以暂时判断不了“{conds}”，这一点可以向区人力资源社会保障部门确认；知道后随时告诉我。"
MORE_YES = ("看看其他补贴", "/ask_benefits")
MORE_NO = ("不用了", "/thanks")
# ---- repair (understanding/repair.py)
UNDONE = "好的，已撤销刚才记录的：{facts}。请再告诉我一次。"
REPEAT = "好的，再说一遍："
CANCELLED = "好的，先不问了。您说过的信息都保留着，想继续时直接告诉我，或说“我能领什么补贴”。"
HANDOFF_KIOSK = "需要人工帮助的话，请咨询大厅工作人员。"
HANDOFF_AGENT = "本机判断仅供参考，具体以区人力资源社会保障部门认定为准（七（三））。"
HANDOFF_CONTACT = "需要人工帮助的话，可以联系：{contact}。具体认定以区人力资源社会保障部门为准。"
HANDOFF_DEPARTMENT = "需要人工帮助的话，可以向区人力资源社会保障部门咨询；具体认定以区人力资源社会保障部门为准（七（三））。"
TERM_WORDS = "“{term}”在文件{clause}中的原话是：“{source}”。"
TERM_UNDEFINED = "文件没有对“{term}”另作定义。"
STILL_REACHABLE = "【还可以了解】"
REACH_LINE = "· {name}（{clause}）：{step}。{amount}"
SKIP_DECIDES = "{name}要看“{conds}”，这一点可以向区人力资源社会保障部门确认。"
NOT_NEEDED = "查询补贴不需要身份证号、手机号或姓名，我不会记录，也请不要在这里填写。"

# Steps said done that no fact records (understanding/steps.py): how they are said back
STEP_DONE = {"contract": "劳动合同已签订", "insurance_paying": "正在缴纳社会保险费"}

# A yes or no asked about where one stands (她拿不了是吧 / 是不是超龄了 / 一样也没份，是伐): said first
CONFIRM_YES = "是的。"
CONFIRM_NO = "不是。"
CONFIRM_NO_AGE = "不是年龄的问题。"
CONFIRM_OPEN = "现在还说不准。"
# 这个算不算连续失业超过6个月: one condition of the measure, checked on what was said
COND_HEAD = {True: "算。", False: "不算。", None: "现在还说不准。"}
COND_LINE = {True: "{name}（{clause}）要求“{cond}”，按您说的情况，这一条已经满足。",
             False: "{name}（{clause}）要求“{cond}”，按您说的情况，这一条不满足。",
             None: "{name}（{clause}）要求“{cond}”，这一条还要看：{missing}。"}
CONFIRM_NONE = "是的，按目前说的情况，这份文件里的补贴暂时都领不了："
CONFIRM_SOME = "不是，按目前说的情况，有可以领的："
CONFIRM_NOT_YET = "按目前说的情况，还没有确定能领的："
CONFIRM_OPEN_LINE = "· {name}（{clause}）：还没排除，要看{missing}"

# Whether a measure goes on after retirement (到了退休年龄还能拿吗)
RETIRE_STOPS = ("不能。{name}（{clause}）只给“{cond}”、并且在就业期间的人：到了法定退休年龄，就不再符合条件，"
                "补贴也就停了。退休年龄按国家规定，文件里没有另写。具体认定以区人力资源社会保障部门为准。")
RETIRE_UNSAID = ("{name}（{clause}）的条件里没有写退休或劳动年龄段，退休以后还能不能领，文件没有规定，"
                 "以区人力资源社会保障部门的答复为准（七（三））。")

# How much of a cost a measure paid by a published fee covers (全部报销还是一部分): the document's
# basis in plain words; the sum itself is fixed by 区人社 (七（三）)
COST_SHARE = {
    "skill_evaluation_fee": ("补贴的标准就是评价机构在市人社局备案、对外公示的这个项目的评价考核费用，"
                             "也就是按公示的考试费标准补；文件没有写“全部”或“一部分”的说法，具体补多少由区人力资源社会保障部门按备案费用核定（七（三））。"),
}

# A complaint that facts were recorded without being said (你怎么都记成“是”了): taken back
RETRACTED = "抱歉，已更正：{facts}，这几项改为“不清楚”，不再按“是”计算。"
NEW_PERSON = "好的，下面按{who}的情况来看，前面说的另一位的情况不计入。"
UNSURE = "好的，{facts}先按“不清楚”处理，确认以后告诉我就行。"

# Why not, for one measure: the failing condition and what was said that fails it
WHY_NOT_ONE = "{you}暂不能领取{name}（{clause}）：{refusal}"
