"""Every sentence the actions send, in one place (Chinese; a short English line where useful).

Policy content (dates, amounts, clause texts) is never typed here: it comes from
policy_core's data through the functions in answers.py.
"""
from __future__ import annotations

YES_NO = [("是", "/affirm"), ("不是", "/deny"), ("不清楚", "/dont_know")]


def _enum(fact: str, options: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(title, f'/inform{{"{fact}":"{value}"}}') for title, value in options] + [("不清楚", "/dont_know")]


# fact -> (question, buttons). Buttons carry payloads the NLU passes straight through.
QUESTIONS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "age": ("请问您今年多大（周岁）？直接回复数字即可，例如：28", []),
    "hukou": ("请问您的户籍在哪里？", _enum("hukou", [("金山区", "jinshan"), ("上海其他区", "shanghai_other"), ("外省市", "non_shanghai")])),
    "rural_hukou": ("您是原农业户籍人员（含被征地人员）吗？", YES_NO),
    "within_working_age": ("您目前是否还在法定劳动年龄段内（尚未到法定退休年龄）？", YES_NO),
    "paired_region_rural_labor": ("您是金山区对口地区的农村劳动力吗？", YES_NO),
    "education": ("您的最高学历是？", _enum("education", [
        ("初中及以下", "below_high_school"), ("高中", "high_school"), ("中专/中职", "secondary_vocational"),
        ("大专", "junior_college"), ("本科", "bachelor"), ("硕士研究生", "master"), ("博士研究生", "doctor")])),
    "full_time_education": ("您的学历是全日制的吗？", YES_NO),
    "fresh_graduate": ("您是应届高校毕业生吗？", YES_NO),
    "graduation_date": ("您是哪年哪月毕业离校的？例如：2025年6月", []),
    "months_since_graduation": ("您毕业离校多长时间了？例如：8个月", []),
    "graduating_student": ("您现在是毕业学年的在校学生吗？（已参加职业技能评价的，请按参加评价时回答）", YES_NO),
    "school_in_shanghai": ("您就读的是上海的高等学校或中等职业学校吗？", YES_NO),
    "school_in_jinshan": ("您就读的是金山区的中等职业学校或高等院校吗？", YES_NO),
    "employment_status": ("您目前的就业情况是？", _enum("employment_status", [
        ("没有工作（失业）", "unemployed"), ("在单位上班", "employed"), ("灵活就业", "flexible"), ("在校学生", "student")])),
    "unemployed_since": ("您是从哪一天开始失业的？请说具体日期，例如：2026年5月20日（连续失业是否“超过6个月”要按日期算）", []),
    "unemployment_months": ("您已经连续失业多长时间了？如果现在已经灵活就业，请说开始灵活就业之前连续失业了多长时间。例如：8个月", []),
    "hard_to_employ_certified": ("您是否被认定为本市“就业困难人员”？", YES_NO),
    "flexible_employment_registered": ("您已经办理灵活就业登记了吗？", YES_NO),
    "flexible_since": ("您是从哪一天开始灵活就业的（开始跑车、送外卖、接活的日子，不是办登记的日子）？例如：2026年3月1日", []),
    "work_region": ("您工作的用人单位在哪里？", _enum("work_region", [
        ("金山区", "jinshan"), ("上海其他区", "shanghai_other"), ("上海以外", "outside_shanghai")])),
    "employer_excluded": ("您的用人单位是机关、事业单位、社工组织、非正规劳动组织、公益性劳动组织或劳务派遣公司吗？", YES_NO),
    "contract_months": ("劳动合同签了多长时间？例如：3年", []),
    "contract_open_ended": ("签的是无固定期限劳动合同吗？", YES_NO),
    "employment_registered": ("单位已经为您办理用工登记备案了吗？", YES_NO),
    "social_insurance_months": ("在这份工作（灵活就业）中，您已经缴纳本市社会保险多少个月了？例如：8个月", []),
    "insurance_base_below_1_2x_min": ("您的社保月缴费基数低于本市当年最低月缴费基数的1.2倍吗？", YES_NO),
    "in_jinshan_internship_base": ("您是在金山区的就业见习基地参加见习吗？", YES_NO),
    "certificate_level": ("您取得的是哪一级证书？", _enum("certificate_level", [
        ("高级技师（一级）", "level1"), ("技师（二级）", "level2"), ("高级工（三级）", "level3"),
        ("中级工（四级）", "level4"), ("初级工（五级）", "level5")])),
    "subsidized_training_in_jinshan": ("证书是参加金山区职业培训机构开展的、纳入政府补贴培训范围的培训后取得的吗？", YES_NO),
    "first_skill_evaluation": ("这是您第一次参加高级及以上项目的职业技能评价吗？", YES_NO),
    "first_job_in_jinshan": ("您是第一次来金山就业吗？", YES_NO),
    "chief_technician_project": ("您入选了市、区首席技师项目吗？", YES_NO),
    "skill_competition_award_winner": ("您是代表金山获得区级及以上技能类竞赛奖项的选手（或其技术专家团队成员）吗？", YES_NO),
    "startup_competition_prize": ("您在区人力资源社会保障部门主办的创业赛事中获得几等奖？", _enum("startup_competition_prize", [
        ("一等奖", "first"), ("二等奖", "second"), ("三等奖", "third"), ("没有获奖", "none")])),
    "national_or_city_startup_award": ("您获得过国家级或市级创新创业大赛奖项吗？", YES_NO),
    "incubator_grade": ("贵基地本年度创业孵化成效评估是什么等级？", _enum("incubator_grade", [
        ("A级", "A"), ("B级", "B"), ("C级", "C"), ("D级", "D"), ("不达标", "unqualified"), ("未参加评估", "not_assessed")])),
    "guidance_station_in_jinshan": ("这是金山区内高校或中等职业学校的创业指导站吗？", YES_NO),
    "guidance_station_rated": ("指导站经市人力资源和社会保障部门评定为相应等级且运作良好吗？", YES_NO),
    "guidance_station_assists": ("指导站配合区、镇就业部门开展就业创业活动吗？", YES_NO),
    "hosts_district_startup_competition": ("贵单位承办了区人力资源社会保障部门主办的创业赛事吗？", YES_NO),
    "startup_org_award_winner": ("贵单位（项目）在创业赛事中获奖了吗？", YES_NO),
    "startup_org_in_jinshan": ("获奖后是否在金山区域内登记注册或由外区迁入？", YES_NO),
    "startup_org_operating_months": ("在金山正常运营多长时间了？例如：14个月", []),
    "startup_org_employs_jinshan_hukou": ("是否带动了金山户籍人员就业？", YES_NO),
    "training_institution_in_jinshan": ("贵机构是金山区的职业技能培训机构吗？", YES_NO),
    "training_institution_rated": ("贵机构经人力资源社会保障部门评定过办学质量和诚信等级吗？", YES_NO),
    "hosts_regional_skill_competition": ("贵单位承办区域性技能赛事吗？", YES_NO),
    "skill_competition_training_unit": ("贵单位是为金山参赛组织提供保障的集训单位吗？", YES_NO),
    "tax_registered_in_jinshan": ("贵单位的税收征管关系在金山区吗？", YES_NO),
    "runs_employee_training": ("贵单位开展职工职业培训吗？", YES_NO),
    "hr_agency_quality_shanghai": ("贵机构是本市优质人力资源服务机构吗？", YES_NO),
    "hr_agency_referred": ("这位劳动者是由贵机构推荐就业的吗？", YES_NO),
}

# The same facts asked of an employer or agency about the workers it hired or placed (四（十一）（十二）).
ABOUT_WORKERS = {
    "paired_region_rural_labor": "招用（推荐）的劳动者是金山区对口地区的农村劳动力吗？",
    "first_job_in_jinshan": "这些劳动者是首次在金山就业吗？",
    "work_region": "实际用人单位在哪里？",
    "employer_excluded": "实际用人单位是机关、事业单位、社工组织、非正规劳动组织、公益性劳动组织或劳务派遣公司吗？",
    "contract_months": "用人单位与他们签订的劳动合同期限是多长？例如：1年",
    "contract_open_ended": "签的是无固定期限劳动合同吗？",
    "employment_registered": "已经为他们办理用工登记备案了吗？",
    "social_insurance_months": "已为他们缴纳本市社会保险多少个月了？例如：3个月",
    "employment_status": "这些劳动者目前已经在用人单位上班了吗？",
}

# How a fact's value reads back in the one-line confirmation.
VALUE_WORDS = {
    "hukou": {"jinshan": "金山区户籍", "shanghai_other": "上海其他区户籍", "non_shanghai": "外省市户籍"},
    "education": {"below_high_school": "初中及以下", "high_school": "高中", "secondary_vocational": "中专/中职",
                  "junior_college": "大专", "bachelor": "本科", "master": "硕士研究生", "doctor": "博士研究生"},
    "employment_status": {"unemployed": "目前未就业", "employed": "在单位就业", "flexible": "灵活就业", "student": "在校学生"},
    "work_region": {"jinshan": "在金山区工作", "shanghai_other": "在上海其他区工作", "outside_shanghai": "在上海以外工作"},
    "certificate_level": {"level1": "高级技师（一级）证书", "level2": "技师（二级）证书", "level3": "高级工（三级）证书",
                          "level4": "中级工（四级）证书", "level5": "初级工（五级）证书"},
    "incubator_grade": {"A": "评估A级", "B": "评估B级", "C": "评估C级", "D": "评估D级", "unqualified": "评估不达标",
                        "not_assessed": "未参加评估"},
    "school_in_shanghai": {True: "在上海的学校就读", False: "学校不在上海"},
    "school_in_jinshan": {True: "在金山区的学校就读", False: "学校不在金山区"},
    "graduating_student": {True: "毕业学年在校生", False: "不是毕业学年在校生"},
    "first_skill_evaluation": {True: "首次参加高级及以上技能评价", False: "不是首次参加技能评价"},
    "subsidized_training_in_jinshan": {True: "证书来自金山区政府补贴培训", False: "证书不是来自金山区政府补贴培训"},
    "in_jinshan_internship_base": {True: "在金山区就业见习基地见习", False: "不在金山区就业见习基地见习"},
    "employer_excluded": {True: "用人单位属于七（一）排除的单位（机关、事业单位、劳务派遣公司等）",
                          False: "用人单位为企业等（不属于七（一）排除的单位）"},
    "startup_competition_prize": {"first": "创业赛事一等奖", "second": "创业赛事二等奖", "third": "创业赛事三等奖",
                                  "none": "创业赛事未获奖"},
}
NUMBER_FORMAT = {
    "age": "{}岁", "unemployment_months": "连续失业{}个月", "months_since_graduation": "离校{}个月",
    "contract_months": "劳动合同{}个月", "social_insurance_months": "社保已缴{}个月",
    "startup_org_operating_months": "已运营{}个月",
}
DATE_FORMAT = {"unemployed_since": "{}起失业", "graduation_date": "{}离校", "flexible_since": "{}开始灵活就业",
               "as_of": "按{}计算"}

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
CORRECTED = "已更正：{label}为{new}（原为{old}）。"
SKIPPED = "没关系，这一项先跳过。"
CHOOSE = "请从下面的选项中选择，或者直接告诉我。"
SKIP = "跳过"
SAY_VALUE = "请直接告诉我具体的数字或日期，不清楚可以说“不清楚”。"
GUESS = "您说的是{value}左右吗？为了准确判断，请告诉我确切的{label}。"
HEDGED = "您提到{value}，但好像不太确定。为了准确判断，请确认：{label}是“{value}”吗？"
HEDGED_ASK = "这一点您好像不太确定，先不记录。为了准确判断，请确认一下："
RESTATED = "好的，{facts}，和之前记录的一致。"
CANNOT_SETTLE = "· {name}：没有{facts}，还无法判断“{conds}”{why}。知道后随时告诉我。"
ON_THE_LINE = "（整月数正好落在界线上，要按日期算）"
IF_MET = "【如果上面“还需确认”的条件都满足】"
FOR_SOMEONE = "好的，下面按{who}的情况来判断，我会问几个关于{who}的问题。"
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
NEWS_LINE = "· {name}（{clause}）{what}：{amount}"
NEWS_ELIGIBLE = "可以领取"
NEWS_CONDITIONAL = "办完相关手续即可领取"
AGE_FROM_YEAR = "按{year}年出生计，您今年{older}周岁（如果今年的生日还没到则是{younger}周岁，两种情况判断结果相同）。"
BIRTHDAY = "按{year}年出生计，您今年是{younger}或{older}周岁，这会影响判断结果。请问您是几月几号出生的？例如：3月15号"
WHICH_DAY = "您说的是{month}。这个月里是哪一天会影响判断结果（例如是否“超过6个月”要按日期算），请告诉我具体是几号？例如：15号"
ASK_PREFIX = "还需要了解一下："
ALL_SETTLED = "根据您提供的信息，判断结果如下："
WHAT_IF_NONE = "请告诉我想假设的情况，例如：“如果我是硕士呢”“如果我在金山上班呢”。"
WHAT_IF_HEAD = "假设{change}（您已提供的信息不会被修改）："
WHAT_IF_SAME = "在这个假设下，各项补贴的判断结果没有变化。"
WHY_NOT_ALL = "按您目前提供的信息，暂不符合的补贴和原因："
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
FROM_WHEN = "文件没有写明从哪个月开始发放，申请和发放流程由区人力资源社会保障部门制定（七（三））。"
TOTAL_FOR_N = "按{amount}计，{n}人最多共计{total}。"
STANDS_ELIGIBLE = "按{you}说的情况，{you}符合条件。"
STANDS_CONDITIONAL = "按{you}说的情况，{you}的人员条件已满足，还需：{steps}。"
STANDS_INELIGIBLE = "按{you}说的情况，暂不符合：{reason}。"
STANDS_UNDETERMINED = "能否领取还要看：{missing}。"
AUTHORITY_DECIDES = "具体认定以区人力资源社会保障部门为准。"
TERM_WORDS = "“{term}”在文件{clause}中的原话是：“{source}”。"
TERM_UNDEFINED = "文件没有对“{term}”另作定义。"
STILL_REACHABLE = "【还可以了解】"
REACH_LINE = "· {name}（{clause}）：{step}。{amount}"
SKIP_DECIDES = "{name}要看“{conds}”，这一点可以向区人力资源社会保障部门确认。"
NOT_NEEDED = "查询补贴不需要身份证号、手机号或姓名，我不会记录，也请不要在这里填写。"
