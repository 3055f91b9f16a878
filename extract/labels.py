"""The words notices use for their fields, their sections and their types, across the portals' templates.

Label synonyms are those PORTALS.md §7 collects, plus the fixed labels of the national templates (单一来源公示:
拟采购的货物或服务的预算金额; 合同公告: 合同金额; works notices: 招标人, 最高投标限价 ...). Template marks are the
classes the platforms put on their fields (政采云 ``code-…`` bookmarks, gpcms ``noticePurchase-…`` spans).
"""

from __future__ import annotations

import re

from extract.amounts import nfkc

LABELS: dict[str, tuple[str, ...]] = {
    "project_code": ("项目编号", "采购项目编号", "招标编号", "采购编号", "项目号", "原公告的采购项目编号", "采购计划编号",
                     "招标项目编号", "项目代码", "采购项目代码", "计划编号", "招标项目代码", "采购项目编码", "项目编码"),
    "project_name": ("项目名称", "采购项目名称", "原公告的采购项目名称", "招标项目名称", "工程名称", "采购项目"),
    "buyer": ("采购人", "采购单位", "采购单位名称", "采购人名称", "招标人", "釆购人", "釆购人名称", "甲方", "预算单位",
              "需求单位", "建设单位", "项目业主", "招标单位", "采购人单位", "采购机构", "招标人名称", "建设单位名称",
              "需求单位名称", "业主单位", "询价单位", "询价人", "调研单位", "采购方"),
    "agency": ("采购代理机构", "代理机构名称", "代理机构", "采购代理机构名称", "招标代理机构", "招标代理", "集中采购机构",
               "招标代理机构名称", "采购代理"),
    "budget": ("预算金额", "采购预算", "项目预算", "预算总金额", "包预算", "预算", "采购预算金额", "拟采购的货物或服务的预算金额",
               "项目预算金额", "预算价", "资金预算", "合同包预算", "采购预算价", "预算金额合计", "标项预算", "预算总额",
               # market research and requirement surveys give an estimate instead of a budget
               "预估金额", "估算金额", "预计金额", "预估价", "估算价", "预估总价", "估算总价", "预计采购金额", "预算估算"),
    "max_price": ("最高限价", "最高投标限价", "招标控制价", "包最高限价", "控制价", "拦标价", "投标限价", "采购控制价",
                  "最高限价金额", "合同包最高限价", "最高报价限价", "限价"),
    "award": ("中标（成交）金额", "中标金额", "成交金额", "总中标金额", "总成交金额", "合同金额", "中标价", "成交价",
              "合同总金额", "成交总金额", "中标总金额", "合同总价", "中标总价", "中标价格", "成交价格", "签约金额",
              "合同价款", "中标（成交）价格", "中标（成交）总金额", "合同价", "成交结果金额", "中标（成交）价"),
    "supplier": ("供应商名称", "中标供应商", "成交供应商", "中标人", "中标（成交）供应商", "中标（成交）供应商名称",
                 "中标供应商名称", "成交供应商名称", "乙方", "中标单位", "成交单位", "成交人", "拟定供应商",
                 "拟定供应商名称", "中标（成交）人", "中标人名称", "成交人名称", "中标（成交）单位"),
    "published": ("公告时间", "发布时间", "发布日期", "信息时间", "公告日期", "发布日", "签署时间", "更正日期", "公示时间",
                  "公告发布时间", "发文日期"),
    "deadline": ("提交投标文件截止时间", "投标截止时间", "响应文件提交截止时间", "投标文件递交截止时间", "开标时间",
                 "响应文件开启时间", "递交截止时间", "截止时间", "报价截止时间", "提交响应文件截止时间",
                 "投标文件提交截止时间", "响应文件递交截止时间", "递交投标文件截止时间", "首次响应文件提交截止时间",
                 "提交首次响应文件截止时间", "开启时间"),
    "region": ("行政区域", "所属地区", "地区", "项目所在地区", "所属区域", "行政区划", "区域"),
    "category": ("品目", "采购品目", "采购目录"),
    "method": ("采购方式", "招标方式", "采购形式"),
    "lot": ("标包", "包号", "合同包", "合同包号", "标段", "标段号", "分包号", "包件", "标项号", "采购包", "分标"),
    "name": ("名称", "单位名称"),
    "contact": ("联系人", "项目联系人", "采购人联系人", "代理机构联系人", "采购单位联系人", "经办人", "项目负责人"),
    "phone": ("联系电话", "联系方式", "电话", "项目联系电话", "采购单位联系方式", "代理机构联系方式", "采购人联系方式",
              "采购人联系电话", "代理机构联系电话", "手机"),
    "address": ("地址", "联系地址", "采购单位地址", "代理机构地址", "采购人地址", "通讯地址"),
    "email": ("电子邮件", "邮箱", "电子邮箱"),
}

# Labels that also name the section (buyer / agency / project) their contact fields belong to.
LABEL_SECTIONS = {
    "项目联系人": "project", "项目联系电话": "project", "采购人联系人": "buyer", "采购单位联系人": "buyer",
    "采购单位联系方式": "buyer", "采购人联系方式": "buyer", "采购人联系电话": "buyer", "采购单位地址": "buyer",
    "采购人地址": "buyer", "代理机构联系人": "agency", "代理机构联系方式": "agency", "代理机构联系电话": "agency",
    "代理机构地址": "agency",
}

# Explicit totals: when present they are the award, not the sum of the lots.
AWARD_TOTAL_LABELS = {"总中标金额", "总成交金额", "中标总金额", "成交总金额", "合同总金额", "合同总价", "中标总价",
                      "中标（成交）总金额"}

_LABEL_INDEX = {nfkc(label).replace(" ", ""): field for field, labels in LABELS.items() for label in labels}
_PAREN = re.compile(r"[（(][^）)]{0,16}[）)]$")
_LEADING_PAREN = re.compile(r"^[（(][^）)]{0,16}[）)]")
_BUDGET_OF = re.compile(r"[\u4e00-\u9fff]{1,5}预算(?:金额|总额|价)?")


def normal_label(label: str) -> str:
    """A label as the index keys it: NFKC, no spaces, no trailing colon."""
    return re.sub(r"\s+", "", nfkc(label)).strip("：: ")


def field_for_label(label: str) -> str | None:
    """Which notice field a label names, if any ('采购单位' -> 'buyer', '甲方（盖章）' -> 'buyer')."""
    norm = normal_label(label)
    if norm in _LABEL_INDEX:
        return _LABEL_INDEX[norm]
    unbracketed = _PAREN.sub("", norm)  # 预算金额（元） -> 预算金额
    for stripped in (unbracketed, _LEADING_PAREN.sub("", norm)):
        if stripped != norm and stripped in _LABEL_INDEX:
            return _LABEL_INDEX[stripped]
    if _BUDGET_OF.fullmatch(unbracketed):
        return "budget"  # 服务费预算, 本期采购预算金额: a short qualifier before 预算
    return None


# Section headings of the contact blocks and result blocks of the national templates.
SECTION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("agency", re.compile(r"代理机构|招标代理|集中采购机构")),
    ("buyer", re.compile(r"[采釆]购人|采购单位|招标人|甲方|建设单位|业主")),
    ("supplier", re.compile(r"供应商信息|中标人信息|中标（成交）信息|中标\(成交\)信息|成交信息|中标信息")),
    ("project", re.compile(r"项目联系")),
    ("other", re.compile(r"财政部门|监督部门|监管部门|质疑|投诉")),
)


def section_of_heading(text: str) -> str | None:
    """The section a short heading opens ('1.采购人信息' -> 'buyer'), or None."""
    norm = nfkc(text)
    for section, pattern in SECTION_PATTERNS:
        if pattern.search(norm):
            return section
    return None


# Title and portal-label words in the order they decide the type (a correction of a tender is a correction).
NOTICE_TYPE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("intention", ("采购意向", "意向公开", "需求公示", "采购计划", "意向公示")),
    ("correction", ("更正", "变更公告", "澄清", "补充公告", "延期", "变更")),
    ("termination", ("终止", "废标", "流标", "中止", "取消公告", "失败公告", "采购失败")),
    # market research and requirement surveys (市场调研/需求调研/询价调研公告) ask for information, they procure nothing
    ("other", ("调研公告", "调研公示", "调研邀请", "调研函", "调研通知", "征求意见公告", "意见征集公告")),
    ("contract", ("合同公告", "合同公示", "采购合同", "合同")),
    ("award", ("中标", "结果公告", "结果公示", "竞价结果", "候选人", "采购结果", "成交结果")),
    ("deal", ("成交",)),
    ("single_source", ("单一来源",)),
    ("consultation", ("磋商",)),
    ("negotiation", ("谈判",)),
    ("inquiry", ("询价", "询比", "比价")),
    ("tender", ("招标公告", "公开招标", "邀请招标", "采购公告", "竞价公告", "资格预审", "招标", "比选", "遴选")),
    ("other", ("市场调研", "需求调研", "询价调研")),
)

# Types that say only that something is being procured: the notice's 采购方式 (竞争性磋商, 询价 …) is more
# specific, as on enterprise platforms that title every solicitation 招标公告.
GENERIC_TYPES = ("tender",)

# What a document that is not a notice says of itself (a tender document, a requirements annex ...).
DOCUMENT_TYPE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("consultation", ("竞争性磋商文件", "磋商文件")),
    ("negotiation", ("竞争性谈判文件", "谈判文件")),
    ("inquiry", ("询价文件", "询价通知书")),
    ("single_source", ("单一来源采购文件",)),
    ("contract", ("政府采购合同", "采购合同书", "合同书")),
    ("tender", ("招标文件", "采购文件", "采购需求", "技术参数", "技术要求", "用户需求书", "采购清单")),
)

# 采购方式 values.
METHOD_TYPES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("single_source", ("单一来源",)),
    ("consultation", ("磋商",)),
    ("negotiation", ("谈判",)),
    ("inquiry", ("询价", "询比")),
    ("tender", ("公开招标", "邀请招标", "招标")),
)


def type_from_words(text: str | None, table: tuple[tuple[str, tuple[str, ...]], ...] = NOTICE_TYPE_WORDS) -> str | None:
    """The first type whose words appear in the text, or None."""
    if not text:
        return None
    squeezed = re.sub(r"\s+", "", text)
    for notice_type, words in table:
        if any(w in squeezed for w in words):
            return notice_type
    return None


# 政采云 bookmark classes (``<samp class="bookmark-item uuid-… code-00004">``) and gpcms span classes, named by
# the label they stand for. Sources: PORTALS.md §1.6 (b), (c), §4.1, §4.2 and the samples it lists.
TEMPLATE_MARKS: dict[str, str] = {
    # 政采云 numbered bookmarks (Guizhou result template)
    "code-00003": "项目名称", "code-00004": "项目编号", "code-00014": "采购人", "code-00018": "采购单位地址",
    "code-00016": "采购单位联系方式", "code-00009": "采购代理机构", "code-00013": "代理机构地址",
    "code-00011": "代理机构联系方式", "code-00010": "项目联系人",
    # 政采云 named bookmarks (tender, intention, result templates)
    "code-projectName": "项目名称", "code-projectCode": "项目编号", "code-budgetPrice": "预算金额",
    "code-maxPrice": "最高限价", "code-submitEndDate": "提交投标文件截止时间", "code-bidOpenTime": "开标时间",
    "code-purchaserName": "采购人", "code-singleChoicePurchaser": "采购人", "code-agencyName": "采购代理机构",
    "code-purchaseMethod": "采购方式",
    # gpcms / 博思 spans (#noticeArea)
    "noticePurchase-purchaserOrgName": "采购人", "noticePurchase-purchaserOrgAddress": "采购单位地址",
    "noticePurchase-purchaserLinkTel": "采购单位联系方式", "noticeAgency-agencyName": "采购代理机构",
    "noticeAgency-agentAddress": "代理机构地址", "noticeAgency-agentLinkTel": "代理机构联系方式",
    "projectContact-managerName": "项目联系人", "projectContact-managerLinkPhone": "项目联系电话",
    "bidFileSubmitTime3": "提交投标文件截止时间", "bidOpenTime1": "开标时间",
    "noticePurchaseTime-noticePurchaseTime": "公告时间",
}
