"""The blind conversation sets, played in-process with the trained model (fast tier).

Written by people who had not read the reading code, from the policy and the contract alone;
never edited to fit the assistant. Each conversation is one test. The few that still fail are
listed with the reason; xfail is strict, so one that starts passing is noticed.
The same sets run over REST against the real servers in tests/e2e/test_shared_eval.py.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.model   # plays the trained model in-process (no servers)

from .play import ROOT, Player, check, text_of

HERE = Path(__file__).resolve().parent
SETS = [ROOT.parent / "shared" / "eval" / "stranger_conversations.json",
        *sorted(HERE.glob("fresh_*.json")), *sorted(HERE.glob("round[0-9]_*.json"))]
# (set, conversation name) -> why it still fails (strict: a fix shows up as an unexpected pass).
# Round 4 (2026-12-02): its reasons as then. Rounds 5 and 6 (2026-12-06): the failure as measured
# on 2026-12-06 with the typed reading (round 5 was written and first run before the change,
# round 6 after it; neither was edited; round 7, two more writers, after the second session's change,
# first run 43/70 and 35/73). "clarification:" marks a conversation whose expected
# status the contract's 2026-12-06 clarifications change (docs/policy.md).
KNOWN: dict[tuple[str, str], str] = {
    ("fresh_kiosk", "被征地老伯在松江上班，后来说还没到退休年纪，问好拿几年"): "clarification: 一（四）: the current job's contract term is now asked (Clarifications 2026-12-06), so 跨区转移就业补贴 stays undetermined until it is said",
    ("fresh_kiosk", "四级中级工证书为啥没有补贴"): "still failing: last reply lacks any of ['三级', '高级']; certificate_level=None want 'level4'; skill_certificate=undetermined want ineligible",
    ("fresh_kiosk", "帮孙女问人才回流，社保月数更正"): "clarification: 一（三）/七（一）: the current employer's kind is now asked (Clarifications 2026-12-06); the writer expected conditional without it",
    ("fresh_kiosk", "四十八岁被征地在浦东上班，问跨区补贴每月多少"): "clarification: 一（四）: the current job's employer kind and term are now asked (Clarifications 2026-12-06)",
    ("round3_mixed", "硕士应届回金山，签1年和签3年有区别吗"): "still failing: talent_return=undetermined want conditional",
    ("round3_mixed", "自助机：25年3月失业，今年2月跑滴滴"): "clarification: 一（二）: the day the flexible work began is now the fact flexible_since (Clarifications 2026-12-06); both dates are kept and the spell is judged on them, so the slot the writer expected (unemployment_months = the spell) is not written",
    ("round4_kiosk_org", "外孙三十五岁 失业正好六个月"): "a bare 勿是 after a date question is not applied to the yes/no question left open",
    ("round4_kiosk_org", "孵化基地从B级掉到C级"): "still failing: last reply lacks any of ['10万', '100000', '十万', '10 万']",
    ("round4_kiosk_org", "培训学校问办学资助和学员获证补贴"): "a training school's trainees' facts are not taken from the school's words",
    ("round4_kiosk_org", "人事专员问新招应届硕士的补贴谁领"): "an HR clerk's description of a new hire is read as the organisation's, not the hire's",
    ("round4_kiosk_org", "人力资源服务机构推荐对口地区劳动力"): "an agency's referred worker's insurance months are not read",
    ("round4_kiosk_org", "劳务派遣公司问稳岗补贴"): "a labour-dispatch company speaking of itself is not read as an excluded employer",
    ("round4_people", "应届本科生社保差一个月"): "graduate status and 用工登记 said in forms the reader does not know yet",
    ("round4_people", "外卖骑手改口35岁"): "快一年才出来跑的: unemployment before flexible work read as unemployed now",
    ("round4_people", "安徽大专生改口毕业年份"): "a corrected graduation year does not carry the unemployed status",
    ("round4_people", "硕士考进事业编"): "考进事业编 not read as a job at an excluded employer in Jinshan",
    ("round4_people", "妻子问对口地区来的丈夫"): "用工登记 said as 单位给他登记了 not read",
    ("round4_people", "妻子问36岁丈夫跑外卖"): "the wife's own job (我…在金山万达上班) taken as the husband's",
    ("round4_people", "热线：张先生失业后想跑外卖"): "a planned flexible job: the reply gives no amount for the measure asked",
    ("round4_people", "热线：应届博士社保满6个月"): "still failing: fresh_graduate=None want True; talent_return=undetermined want eligible",
    ("round4_people", "要是我去考个研究生呢"): "a what-if whose outcome falls after the policy's end does not mention the end",
    ("round5_a", "过了年去开网约车"): "first pass (round 5, before the change): employment_status='flexible' want 'unemployed' [WRONG]",
    ("round5_a", "先问朋友再问自己"): "first pass (round 5, before the change): paired_region_rural_labor=True want None [WRONG]; first_job_in_jinshan=True want None [WRONG]",
    ("round5_a", "36岁错别字"): "first pass (round 5, before the change): unemployment_months=None want 10",
    ("round5_a", "技师二级证书"): "first pass (round 5, before the change): last reply lacks '1500'",
    ("round5_a", "中职毕业班下月评价"): "first pass (round 5, before the change): first_skill_evaluation=None want True; skill_evaluation_fee=undetermined want conditional",
    ("round5_a", "石化爸爸问女儿"): "first pass (round 5, before the change): last reply lacks '3000'",
    ("round5_a", "安徽妈妈问女儿见习"): "first pass (round 5, before the change): hukou='non_shanghai' want 'jinshan' [WRONG]; internship_living_allowance=ineligible want eligible",
    ("round5_a", "丈夫问妻子四级证"): "first pass (round 5, before the change): certificate_level='level3' want 'level4' [WRONG]; subsidized_training_in_jinshan=False want True [WRONG]",
    ("round5_a", "热线：失业不满6个月就跑网约车"): "first pass (round 5, before the change): hard_to_employ_certified=True want False [WRONG]",
    ("round5_a", "热线：代表弟咨询非对口地区"): "first pass (round 5, before the change): age=35 want 25 [WRONG]; hukou='jinshan' want 'non_shanghai' [WRONG]; paired_region_rural_labor=True want False [WRONG]; paired_region_worker=undetermined want i",
    ("round5_a", "热线：中职生已参加评价"): "first pass (round 5, before the change): skill_evaluation_taken=None want True; certificate_level='level3' want None [WRONG]; skill_evaluation_fee=conditional want eligible",
    ("round5_a", "五十八岁保洁阿姨"): "first pass (round 5, before the change): employment_status=None want 'employed'",
    ("round5_a", "六十六岁看大门"): "first pass (round 5, before the change): employment_status=None want 'employed'; work_region=None want 'shanghai_other'",
    ("round5_a", "崇明阿婆问孙女见习"): "first pass (round 5, before the change): hukou='shanghai_other' want 'jinshan' [WRONG]; internship_living_allowance=ineligible want eligible",
    ("round5_a", "培训机构办学资助"): "first pass (round 5, before the change): speaker=None want 'organisation'; certificate_level='level2' want None [WRONG]",
    ("round5_a", "个人和单位补贴能否同拿"): "first pass (round 5, before the change): last reply lacks '1200'; last reply lacks '500'",
    ("round5_a", "获证补贴各等级"): "first pass (round 5, before the change): last reply lacks '2000'; last reply lacks '1000'; certificate_level='level2' want None [WRONG]",
    ("round5_b", "四十岁下岗工人，老婆是被征地的"): "first pass (round 5, before the change): rural_hukou=True want None [WRONG]; rural_cross_district=conditional want undetermined",
    ("round5_b", "外卖骑手，已登记灵活就业"): "first pass (round 5, before the change): employer_excluded=True want None [WRONG]",
    ("round5_b", "中职毕业班学生打算考高级工"): "first pass (round 5, before the change): last reply lacks any of ['备案', '公示', '评价考核费用']; school_in_jinshan=None want True; graduating_student=None want True; employment_status=None want 'student'; firs",
    ("round5_b", "老公52岁在奉贤做"): "first pass (round 5, before the change): rural_hukou=None want True",
    ("round5_b", "儿子问五十八岁妈妈"): "first pass (round 5, before the change): employer_excluded=False want None [WRONG]",
    ("round5_b", "闵行中专毕业班评价费"): "first pass (round 5, before the change): first_skill_evaluation=None want True",
    ("round5_b", "热线：母亲替大专儿子问见习"): "first pass (round 5, before the change): employment_status=None want 'unemployed'; internship=undetermined want ['eligible', 'conditional']",
    ("round5_b", "热线：对口劳动力社保才2个月"): "first pass (round 5, before the change): first_job_in_jinshan=None want True; paired_region_worker=undetermined want conditional",
    ("round5_b", "热线：登记前失业满6个月整"): "first pass (round 5, before the change): hard_to_employ_certified=None want False; flexible_employment_registered=None want True; employment_status='unemployed' want 'flexible' [WRONG]",
    ("round5_b", "热线：朋友拿了见习生活费"): "first pass (round 5, before the change): in_jinshan_internship_base=True want None [WRONG]",
    ("round5_b", "阿爷问孙囡"): "first pass (round 5, before the change): age=72 want [23, 24] [WRONG]; employment_status='employed' want 'unemployed' [WRONG]; internship=ineligible want ['eligible', 'conditional']",
    ("round5_b", "语音输入：失业九个越"): "first pass (round 5, before the change): unemployment_months=None want 9; flexible_employment_youth=undetermined want conditional",
    ("round5_b", "外孙好像是应届生"): "first pass (round 5, before the change): hukou='jinshan' want None [WRONG]",
    ("round5_b", "人力资源机构推荐对口劳动力"): "first pass (round 5, before the change): speaker=None want 'organisation'; employer_excluded=False want None [WRONG]",
    ("round5_b", "培训机构办学资助"): "first pass (round 5, before the change): speaker=None want 'organisation'; certificate_level='level3' want None [WRONG]",
    ("round5_b", "人才回流和见习生活费能否同时拿"): "first pass (round 5, before the change): last reply lacks '3000'; education='doctor' want None [WRONG]",
    ("round5_b", "跨区转移补贴最长多久"): "first pass (round 5, before the change): last reply lacks '36'; rural_hukou=True want None [WRONG]",
    ("round5_b", "用人单位不包括哪些"): "first pass (round 5, before the change): employer_excluded=True want None [WRONG]",
    ("round5_b", "获证补贴各级金额"): "first pass (round 5, before the change): last reply lacks '2000'; last reply lacks '1500'; certificate_level='level3' want None [WRONG]",
    ("round6_a", "听说硕士回金山拿8000"): "first pass (round 6, after the change): last reply lacks '8000'",
    ("round6_a", "刚报名电工高级工培训"): "first pass (round 6, after the change): certificate_level='level3' want None [WRONG]; skill_certificate=eligible want undetermined",
    ("round6_a", "朋友开滴滴拿了补贴我是江西的"): "first pass (round 6, after the change): employment_status='flexible' want None [WRONG]; unemployment_months=12 want None [WRONG]",
    ("round6_a", "老婆是金山农村户口我是浦东的"): "first pass (round 6, after the change): hukou='jinshan' want 'shanghai_other' [WRONG]; employment_status=None want 'employed'; work_region=None want 'jinshan'; rural_hukou=True want None [WRONG]; rura",
    ("round6_a", "等我退休了还能领吗"): "first pass (round 6, after the change): employment_status=None want 'employed'; within_working_age=False want None [WRONG]; rural_cross_district=ineligible want undetermined",
    ("round6_a", "中职毕业班报名高级工评价"): "first pass (round 6, after the change): last reply lacks any of ['备案', '公示', '评价考核费用']; certificate_level='level3' want None [WRONG]",
    ("round6_a", "孙女大四想寒假见习"): "first pass (round 6, after the change): graduating_student=None want True; employment_status=None want 'student'; internship=undetermined want ['eligible', 'conditional']",
    ("round6_a", "老婆大概失业半年多"): "first pass (round 6, after the change): unemployment_months=6 want None [WRONG]",
    ("round6_a", "爸爸48岁准备去嘉定"): "first pass (round 6, after the change): employment_status=None want 'unemployed'",
    ("round6_a", "老公失业一年半改成一年两个月"): "first pass (round 6, after the change): unemployment_months=18 want 14 [WRONG]",
    ("round6_a", "热线-奉贤户籍直播带货"): "first pass (round 6, after the change): employment_status='unemployed' want 'flexible' [WRONG]",
    ("round6_a", "热线-代子咨询应届本科"): "first pass (round 6, after the change): last reply lacks '3000'; employer_excluded=True want False [WRONG]; talent_return=ineligible want conditional",
    ("round6_a", "热线-失业不满半年就跑外卖"): "first pass (round 6, after the change): employment_status='employed' want 'flexible' [WRONG]; work_region='shanghai_other' want None [WRONG]; contract_months=36 want None [WRONG]",
    ("round6_a", "热线-对口地区物流公司"): "first pass (round 6, after the change): last reply lacks '1200'; paired_region_worker=conditional want eligible",
    ("round6_a", "热线-中职毕业后问评价费"): "first pass (round 6, after the change): skill_evaluation_taken=None want True; certificate_level='level3' want None [WRONG]; skill_evaluation_fee=conditional want eligible",
    ("round6_a", "阿拉老头子五十八岁在松江"): "first pass (round 6, after the change): last reply lacks any of ['市级标准', '36']",
    ("round6_a", "囡儿廿五岁想考公务员"): "first pass (round 6, after the change): employment_status=None want 'unemployed'; months_since_graduation=12 want [13, 23] [WRONG]; internship=undetermined want ['eligible', 'conditional']",
    ("round6_a", "五十岁好像是征地人员"): "first pass (round 6, after the change): employment_status=None want 'employed'; work_region=None want 'shanghai_other'",
    ("round6_a", "一九六零年生看门"): "first pass (round 6, after the change): employment_status=None want 'employed'; work_region=None want 'shanghai_other'",
    ("round6_a", "制造企业招对口地区5人"): "first pass (round 6, after the change): speaker=None want 'organisation'; job_stabilization=conditional want eligible",
    ("round6_a", "劳务派遣公司问稳岗补贴"): "first pass (round 6, after the change): speaker=None want 'organisation'; paired_region_rural_labor=None want True",
    ("round6_a", "创业大赛二等奖打算迁来金山"): "first pass (round 6, after the change): speaker=None want 'organisation'; work_region='shanghai_other' want None [WRONG]",
    ("round6_a", "企业职工培训-人事自己想考证"): "first pass (round 6, after the change): speaker=None want 'organisation'; employee_training=undetermined want conditional",
    ("round6_a", "培训机构办学资助-学员三级证"): "first pass (round 6, after the change): speaker=None want 'organisation'; certificate_level='level3' want None [WRONG]",
    ("round6_a", "高职创业指导站-老师本科留校"): "first pass (round 6, after the change): speaker=None want 'organisation'; education='bachelor' want None [WRONG]; startup_guidance_station=undetermined want ['eligible', 'conditional']",
    ("round6_a", "承办创业大赛-老板金山人"): "first pass (round 6, after the change): speaker=None want 'organisation'; hukou='jinshan' want None [WRONG]; competition_hosting=undetermined want ['eligible', 'conditional']",
    ("round6_a", "私企招对口地区社保才2个月"): "first pass (round 6, after the change): last reply lacks '500'; speaker=None want 'organisation'",
    ("round6_a", "35周岁及以下含不含35"): "first pass (round 6, after the change): last reply lacks '35'",
    ("round6_a", "缴费基数刚好1.2倍"): "first pass (round 6, after the change): last reply lacks '1.2'",
    ("round6_a", "四五级证书有没有获证补贴"): "first pass (round 6, after the change): last reply lacks '2000'; last reply lacks '1500'; certificate_level='level3' want None [WRONG]",
    ("round6_a", "离校刚好满2年算不算"): "first pass (round 6, after the change): last reply lacks any of ['算', '包括', '包含']",
    ("round6_b", "技校生想考高级工"): "first pass (round 6, after the change): first_skill_evaluation=None want True; certificate_level='level3' want None [WRONG]; skill_evaluation_fee=undetermined want conditional",
    ("round6_b", "征地阿姨更正上班地点"): "first pass (round 6, after the change): work_region='shanghai_other' want 'jinshan' [WRONG]; rural_cross_district=conditional want ineligible",
    ("round6_b", "刚过36岁生日"): "first pass (round 6, after the change): employment_status='flexible' want 'unemployed' [WRONG]; unemployment_months=12 want [13, 23] [WRONG]",
    ("round6_b", "超市收银想跑外卖"): "first pass (round 6, after the change): employment_status='flexible' want 'employed' [WRONG]",
    ("round6_b", "妈妈问备考公务员的儿子"): "first pass (round 6, after the change): employment_status='employed' want 'unemployed' [WRONG]; employer_excluded=True want None [WRONG]; internship=ineligible want ['eligible', 'conditional']",
    ("round6_b", "女儿问52岁父亲跨区"): "first pass (round 6, after the change): rural_hukou=None want True",
    ("round6_b", "女儿签在派遣公司"): "first pass (round 6, after the change): employer_excluded=False want True [WRONG]; talent_return=conditional want ineligible",
    ("round6_b", "姐姐是认定的困难人员"): "first pass (round 6, after the change): unemployment_months=24 want [25, 35] [WRONG]",
    ("round6_b", "自由摄影失业六个月"): "first pass (round 6, after the change): employment_status=None want 'flexible'",
    ("round6_b", "宝山基数1.5倍"): "first pass (round 6, after the change): insurance_base_below_1_2x_min=True want False [WRONG]; rural_cross_district=conditional want ineligible",
    ("round6_b", "毕业后补领评价费"): "first pass (round 6, after the change): skill_evaluation_taken=None want True; certificate_level='level3' want None [WRONG]; skill_evaluation_fee=conditional want eligible",
    ("round6_b", "来电人顺带问同事"): "first pass (round 6, after the change): last reply lacks '1000'; age=36 want 33 [WRONG]; flexible_employment_youth=ineligible want conditional",
    ("round6_b", "枫泾老伯帮外甥问"): "first pass (round 6, after the change): age=68 want 28 [WRONG]; unemployment_months=12 want [13, 23] [WRONG]; flexible_employment_youth=ineligible want conditional",
    ("round6_b", "四川来的听隔壁讲"): "first pass (round 6, after the change): employment_status=None want 'employed'",
    ("round6_b", "金山卫化工厂人事问稳岗"): "first pass (round 6, after the change): employer_excluded=None want False; job_stabilization=undetermined want ['eligible', 'conditional']",
    ("round6_b", "培训学校行政问学员获证"): "first pass (round 6, after the change): subsidized_training_in_jinshan=None want True; skill_certificate=undetermined want eligible",
    ("round6_b", "发文单位和日期"): "first pass (round 6, after the change): last reply lacks any of ['2023年1月10日', '2023-01-10']",
    ("round6_b", "35周岁以下含不含35"): "first pass (round 6, after the change): last reply lacks any of ['包括', '包含']",
    ("round6_b", "用人单位不包括哪些"): "first pass (round 6, after the change): employer_excluded=True want None [WRONG]",
    ("round6_b", "跨区补贴期限和标准"): "first pass (round 6, after the change): last reply lacks any of ['市级标准', '市级']; rural_hukou=True want None [WRONG]; work_region='shanghai_other' want None [WRONG]",
    ("round7_a", "微信：歇了十个月出来跑美团"): "round 7 (written after the change; first pass 43/70 and 35/73): flexible_employment_registered=None want True; flexible_employment_youth=conditional want eligible",
    ("round7_a", "微信：妈妈替应届硕士女儿问回流补贴"): "round 7 (written after the change; first pass 43/70 and 35/73): employment_registered=None want True",
    ("round7_a", "微信：91年的去年三月离职，打算摆摊"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks '1000'; hard_to_employ_certified=None want False; flexible_employment_youth=undetermined want conditional",
    ("round7_a", "微信：同事领了跨区补贴，我外地户口"): "round 7 (written after the change; first pass 43/70 and 35/73): rural_hukou=True want None [WRONG]",
    ("round7_a", "微信：金山中职毕业班学生问评价费"): "round 7 (written after the change; first pass 43/70 and 35/73): graduating_student=None want True; employment_status=None want 'student'; skill_evaluation_fee=undetermined want conditional",
    ("round7_a", "微信：四级证书问获证补贴，假如再考三级"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks '1000'",
    ("round7_a", "微信：姐姐替大专应届的弟弟问回流"): "round 7 (written after the change; first pass 43/70 and 35/73): education='bachelor' want 'junior_college' [WRONG]; talent_return=conditional want ineligible",
    ("round7_a", "微信：直播带货，辞退日子说错又改"): "round 7 (written after the change; first pass 43/70 and 35/73): unemployed_since='2026-05-10' want '2025-11-01' [WRONG]; flexible_since=None want '2026-05-10'; flexible_employment_youth=undetermined want conditional",
    ("round7_a", "微信：应届本科社保正好满6个月"): "round 7 (written after the change; first pass 43/70 and 35/73): social_insurance_months=None want 6; talent_return=conditional want eligible",
    ("round7_a", "微信：被征地52岁在浦东做保安，听说是派遣"): "round 7 (written after the change; first pass 43/70 and 35/73): work_region=None want 'shanghai_other'; employer_excluded=False want None [WRONG]",
    ("round7_a", "热线：女25，7月10日起失业未满半年"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks any of ['6个月', '六个月']",
    ("round7_a", "热线：女49被征地，宝山，缴费基数正好1.2倍"): "round 7 (written after the change; first pass 43/70 and 35/73): insurance_base_below_1_2x_min=None want False; rural_cross_district=undetermined want ineligible",
    ("round7_a", "热线：安徽籍硕士2025年1月离校问见习"): "round 7 (written after the change; first pass 43/70 and 35/73): employment_status=None want 'unemployed'; internship=undetermined want ['eligible', 'conditional']",
    ("round7_a", "热线：江苏籍离校两年零一个月"): "round 7 (written after the change; first pass 43/70 and 35/73): employment_status=None want 'unemployed'; internship=undetermined want ineligible",
    ("round7_a", "热线：河南籍大专2024年12月离校"): "round 7 (written after the change; first pass 43/70 and 35/73): months_since_graduation=None want [23, 25]",
    ("round7_a", "热线：对口地区劳动力社保2个月问1200"): "round 7 (written after the change; first pass 43/70 and 35/73): employment_status=None want 'employed'",
    ("round7_a", "自助机：孙子本科毕业问回留不贴"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks '3000'",
    ("round7_a", "自助机：65岁还勒闵行做保洁"): "round 7 (written after the change; first pass 43/70 and 35/73): hukou='shanghai_other' want 'jinshan' [WRONG]; employment_status=None want 'employed'; work_region=None want 'shanghai_other'",
    ("round7_a", "自助机：孙子辞职大半年想跑外卖"): "round 7 (written after the change; first pass 43/70 and 35/73): hard_to_employ_certified=None want False; flexible_employment_youth=undetermined want conditional",
    ("round7_a", "自助机：35岁零活就业社保还没交"): "round 7 (written after the change; first pass 43/70 and 35/73): hard_to_employ_certified=None want False; flexible_employment_youth=undetermined want conditional",
    ("round7_a", "企业：金山卫机械厂稳岗补贴，条件都齐"): "round 7 (written after the change; first pass 43/70 and 35/73): employer_excluded=None want False; job_stabilization=undetermined want eligible",
    ("round7_a", "企业：劳务派遣公司问稳岗补贴"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks '劳务派遣'; employer_excluded=False want True [WRONG]; job_stabilization=conditional want ineligible",
    ("round7_a", "企业：闵行公司招对口地区劳动力"): "round 7 (written after the change; first pass 43/70 and 35/73): employment_registered=None want True",
    ("round7_a", "企业：亭林食品厂替新员工问个人补贴"): "round 7 (written after the change; first pass 43/70 and 35/73): paired_region_rural_labor=None want True",
    ("round7_a", "企业：招的人以前在金山别的厂干过"): "round 7 (written after the change; first pass 43/70 and 35/73): employment_registered=None want True",
    ("round7_a", "文件：1200和500的区别"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks '500'",
    ("round7_a", "文件：获证补贴各等级金额"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks '2000'; last reply lacks '1000'",
    ("round7_b", "微信：妈妈替去年大专毕业的安徽户口女儿问见习"): "round 7 (written after the change; first pass 43/70 and 35/73): in_jinshan_internship_base=True want None [WRONG]",
    ("round7_b", "微信：1990年12月生，虚岁37问是不是超龄"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks '35'",
    ("round7_b", "微信：跑外卖一年多，已登记、社保没断"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks '1000'; unemployment_months=26 want [8, 10] [WRONG]; social_insurance_months=None want [16, 18]; flexible_employment_youth=conditional want eli",
    ("round7_b", "微信：应届硕士公司先签11个月"): "round 7 (written after the change; first pass 43/70 and 35/73): contract_months=None want 11; talent_return=undetermined want ineligible",
    ("round7_b", "微信：应届博士在徐汇事业单位，要是跳槽回金山"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks '18000'",
    ("round7_b", "热线：失业到灵活就业正好6个月（1.10至7.10）"): "round 7 (written after the change; first pass 43/70 and 35/73): flexible_since=None want '2026-07-10'; flexible_employment_youth=undetermined want ineligible",
    ("round7_b", "热线：1.5失业7.20灵活就业，更正登记未办"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks '登记'",
    ("round7_b", "热线：58岁原农业户口，基数正好1.2倍"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks '1.2'; within_working_age=None want True; insurance_base_below_1_2x_min=True want False [WRONG]; rural_cross_district=undetermined want ineligi",
    ("round7_b", "热线：55岁女退休年龄说不清，听邻居说36个月"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks '36'; work_region=None want 'shanghai_other'; employer_excluded=None want False",
    ("round7_b", "热线：对口地区劳动力由派遣公司签合同"): "round 7 (written after the change; first pass 43/70 and 35/73): employment_status=None want 'employed'",
    ("round7_b", "热线：外省户籍延毕2024.12.15离校问见习"): "round 7 (written after the change; first pass 43/70 and 35/73): employment_status=None want 'unemployed'; internship=undetermined want ['eligible', 'conditional']",
    ("round7_b", "热线：37岁硕士离校整两年问见习"): "round 7 (written after the change; first pass 43/70 and 35/73): employment_status=None want 'unemployed'",
    ("round7_b", "热线：中职毕业班之前考过高级工"): "round 7 (written after the change; first pass 43/70 and 35/73): first_skill_evaluation=None want False; skill_evaluation_fee=undetermined want ineligible",
    ("round7_b", "热线：高职已毕业，毕业前首次评价"): "round 7 (written after the change; first pass 43/70 and 35/73): graduating_student=None want True; skill_evaluation_fee=undetermined want eligible",
    ("round7_b", "热线：家长问中职儿子明年首次报高级工"): "round 7 (written after the change; first pass 43/70 and 35/73): graduating_student=None want True; employment_status=None want 'student'; first_skill_evaluation=None want True; skill_evaluation_taken=None want False; skill_e",
    ("round7_b", "自助机：孙子本课毕业社保五个号头"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks any of ['6个月', '六个月']; education=None want 'bachelor'; talent_return=undetermined want conditional",
    ("round7_b", "自助机：灵活救业不贴 湿业一年多"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks '1000'; hukou=None want 'jinshan'; employment_status=None want 'unemployed'; unemployment_months=None want [12, 23]; hard_to_employ_certified=N",
    ("round7_b", "自助机：六十五岁勒奉贤看门"): "round 7 (written after the change; first pass 43/70 and 35/73): employment_status=None want 'employed'",
    ("round7_b", "自助机：六十二岁退休年纪到了还勒做"): "round 7 (written after the change; first pass 43/70 and 35/73): work_region=None want 'shanghai_other'; within_working_age=None want False; rural_cross_district=undetermined want ineligible",
    ("round7_b", "自助机：囡儿廿六勿对廿七 大半年没做生活"): "round 7 (written after the change; first pass 43/70 and 35/73): employment_status=None want 'unemployed'; unemployment_months=None want [7, 11]; hard_to_employ_certified=None want False; flexible_employment_youth=undetermine",
    ("round7_b", "自助机：外孙松江户口勒金山见习"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks any of ['户籍', '户口']",
    ("round7_b", "自助机：隔壁阿姨讲一千块，儿子三十六"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks '35'",
    ("round7_b", "自助机：对口地区头一趟来金山 设保满三个号头"): "round 7 (written after the change; first pass 43/70 and 35/73): contract_months=None want 24; employment_registered=None want True; social_insurance_months=None want 3; employer_excluded=True want False [WRONG]; paired_regio",
    ("round7_b", "自助机：孙子勒践习基地践习"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks '600'; in_jinshan_internship_base=None want True; internship_living_allowance=undetermined want eligible",
    ("round7_b", "自助机：孙囡中专毕业班第一趟考高级工"): "round 7 (written after the change; first pass 43/70 and 35/73): skill_evaluation_taken=None want True; skill_evaluation_fee=conditional want eligible",
    ("round7_b", "自助机：老头子四十八勒浦东 夸区转移"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks any of ['36', '三年', '3年']; insurance_base_below_1_2x_min=None want True",
    ("round7_b", "企业HR：稳岗补贴六人齐全"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks '500'; last reply lacks '12'; work_region=None want 'jinshan'; employer_excluded=None want False; first_job_in_jinshan=None want True; employme",
    ("round7_b", "企业HR：替新招应届生问人才回流"): "round 7 (written after the change; first pass 43/70 and 35/73): speaker=None want 'organisation'",
    ("round7_b", "孵化基地：今年没参加评估"): "round 7 (written after the change; first pass 43/70 and 35/73): incubator_operation=undetermined want ineligible",
    ("round7_b", "培训学校：学员三级证获证补贴发给谁"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks '个人'",
    ("round7_b", "人力资源公司：推荐的人以前在金山干过"): "round 7 (written after the change; first pass 43/70 and 35/73): employment_registered=None want True",
    ("round7_b", "松江企业：金山农村户口员工跨区补贴谁领"): "round 7 (written after the change; first pass 43/70 and 35/73): speaker=None want 'organisation'; work_region=None want 'shanghai_other'",
    ("round7_b", "文件：失业刚好满6个月算不算超过"): "round 7 (written after the change; first pass 43/70 and 35/73): unemployment_months=6 want None [WRONG]",
    ("round7_b", "文件：对口地区劳动力三方各拿多少"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks '500'; last reply lacks '1000'",
    ("round7_b", "文件：四级证书有没有获证补贴"): "round 7 (written after the change; first pass 43/70 and 35/73): certificate_level='level4' want None [WRONG]",
    ("round7_b", "文件：假如金山户口30岁失业8个月跑滴滴"): "round 7 (written after the change; first pass 43/70 and 35/73): flexible_employment_registered=True want None [WRONG]; employment_status='flexible' want None [WRONG]",
    ("round7_b", "文件：离校2年从哪天算"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks '离校'",
    ("round7_b", "文件：缴费基数正好1.2倍算不算低于"): "round 7 (written after the change; first pass 43/70 and 35/73): last reply lacks any of ['不算', '不包括', '不含', '不满足', '不符合', '不属于', '不能']",
}


def _cases():
    for path in SETS:
        if path.exists():
            for case in json.loads(path.read_text(encoding="utf-8")):
                known = KNOWN.get((path.stem, case["name"]))
                marks = [pytest.mark.xfail(reason=known, strict=True)] if known else []
                yield pytest.param(case, id=f"{path.stem}: {case['name']}", marks=marks)


@pytest.fixture(scope="module")
def player():
    if not (ROOT / "models" / "current.tar.gz").exists():
        import subprocess
        subprocess.run(["bash", "scripts/train.sh"], cwd=ROOT, check=True)
    return Player()


@pytest.mark.parametrize("case", list(_cases()))
def test_blind_conversation(player, case):
    today = dt.date.today()     # the sets' relative expectations are worked out on the day of the run
    slots, log = player.play(case["turns"], today)
    errs = check(case, slots, log[-1][1], today)
    if case.get("every_turn_replies"):
        errs += [f"no reply to {t[:12]!r}" for t, m in log if not text_of(m).strip()]
    assert not errs, "\n".join(errs)
