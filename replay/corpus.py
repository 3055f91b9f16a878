"""The notices every replayed portal serves: one corpus format, ordinary fillers, notice bodies.

A site's corpus is a YAML file of notices written for tenderwatch in the real portals' shapes (every
buyer, supplier, person, code and address is invented), plus ordinary filler notices generated here,
so that hits sit among the everyday purchases they hide in on the real portals. Each notice's body is
rendered once from ``templates/notice_body.j2`` in the national templates (PORTALS.md §1.6, §7); each
portal wraps it in its own page or JSON shape.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, select_autoescape

HERE = Path(__file__).parent
TEMPLATES = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["j2"]))

CHANNELS = {
    "gkzb": "公开招标公告", "xjgg": "询价公告", "jzxtpgg": "竞争性谈判公告", "dylygg": "单一来源公告和公示",
    "zgysgg": "资格预审公告", "yqzbgg": "邀请招标公告", "zbgg": "中标公告", "gzgg": "更正公告",
    "qtgg": "其他公告", "jzxcs": "竞争性磋商公告", "cjgg": "成交公告", "fblbgg": "终止公告",
}
METHODS = {"gkzb": "公开招标", "xjgg": "询价", "jzxtpgg": "竞争性谈判", "dylygg": "单一来源",
           "jzxcs": "竞争性磋商", "yqzbgg": "邀请招标"}
SCOPES = {"zygg": "中央公告", "dfgg": "地方公告"}

# Ordinary notices that fill the replay around the hits: (project, category, item, spec, unit, buyer, region).
ORDINARY = [
    ("学生公寓家具采购项目", "货物/家具用具/床类", "学生公寓组合床", "钢木结构，上床下桌", "套", "澜州师范学院", "湖南"),
    ("2025-2026年度物业管理服务项目", "服务/物业管理服务", "物业管理服务", "保洁、秩序维护、绿化养护", "年", "溪宁市中级人民法院", "四川"),
    ("食堂食材配送服务项目", "服务/餐饮服务", "食材配送", "米面粮油、蔬菜、肉类", "年", "鹭岛海洋大学", "福建"),
    ("办公用品及耗材采购项目", "货物/办公消耗用品", "办公耗材", "复印纸、硒鼓、墨盒", "批", "云泽市统计局", "贵州"),
    ("图书馆中文纸质图书采购项目", "货物/图书和档案", "中文纸质图书", "约3万册", "批", "湘澜大学", "湖南"),
    ("公务用车采购项目", "货物/车辆/乘用车", "纯电动轿车", "续航≥500km", "辆", "溪宁市公安局交通警察支队", "四川"),
    ("校园安保服务项目", "服务/安全服务/安保服务", "安保服务", "门岗值守、巡逻", "年", "澜州市档案馆", "湖南"),
    ("校园网核心交换机升级项目", "货物/设备/网络设备/交换机", "核心交换机", "国产品牌，48口万兆", "台", "汉澜理工大学", "湖北"),
    ("智慧教室交互式平板采购项目", "货物/设备/教学设备", "交互式智能平板", "86英寸，4K", "台", "溪宁市教育局", "四川"),
    ("住院楼电梯维保服务项目", "服务/维修和保养服务", "电梯维保", "12台电梯全年维保", "年", "青禾市中医院", "浙江"),
    ("市政道路绿化养护项目", "服务/园林绿化服务", "绿化养护", "行道树及绿地养护", "年", "澜州市南湖区园林绿化管理所", "湖南"),
    ("医用耗材集中采购项目", "货物/医疗设备/医用耗材", "一次性医用耗材", "注射器、输液器等", "批", "云泽市中心医院", "贵州"),
    ("教职工健康体检服务项目", "服务/医疗卫生服务/体检服务", "健康体检", "约2400人次", "项", "天目财经学院", "浙江"),
    ("档案数字化加工服务项目", "服务/档案服务", "档案数字化", "约80万页", "页", "溪宁市不动产登记中心", "四川"),
    ("彩色超声诊断系统采购项目", "货物/医疗设备/超声仪器", "彩色超声诊断系统", "高端台式，含4个探头", "台", "青禾市人民医院", "浙江"),
    ("会议服务采购项目", "服务/会议和展览服务", "会议服务", "年度学术会议3场", "项", "青禾数字经济研究院", "浙江"),
    ("年度审计服务项目", "服务/审计服务", "财务审计", "年度财务收支审计", "项", "东岳先进材料研究院", "山东"),
    ("学生校服采购项目", "货物/服装/校服", "学生校服", "夏装、冬装各两套", "套", "澜州市实验小学", "湖南"),
    ("消防设施维护保养服务项目", "服务/维修和保养服务/消防", "消防维保", "全校区消防设施维保", "年", "汉澜理工大学", "湖北"),
    ("空调设备采购项目", "货物/设备/空调机", "分体式空调", "1.5匹，一级能效", "台", "青禾市第二中学", "浙江"),
    ("印刷服务采购项目", "服务/印刷和出版服务", "印刷服务", "统计年鉴及宣传册", "项", "云泽市统计局", "贵州"),
    ("实验室通风系统改造项目", "工程/装修工程", "通风系统改造", "排风柜及管道", "项", "岭北工业大学", "黑龙江"),
    ("多媒体教室音响设备采购项目", "货物/设备/音响设备", "教室音响系统", "含功放、音箱、话筒", "套", "楚天信息工程学院", "湖北"),
    ("垃圾分类收运服务项目", "服务/环境服务", "垃圾收运", "全区垃圾分类收运", "年", "澜州市城市管理局", "湖南"),
]
AGENCIES = ["中澜国际招标有限公司", "澜州阳光采购服务有限公司", "四川青岚建设项目管理有限公司", "东川华信招标有限公司",
            "浙江南溪公诚招标代理有限公司", "广东澜湾政采咨询有限公司"]
WINDOW = (date(2025, 9, 1), date(2025, 10, 31))


@dataclass
class ReplayNotice:
    """One notice of a replay and everything its pages show (``channel`` is its CCGP-style type code)."""

    id: int
    date: str
    channel: str
    kind: str
    title: str
    buyer: str
    region: str
    scope: str = "dfgg"
    template: str = "noticeArea"
    agency: str = "澜州阳光采购服务有限公司"
    category: str = ""
    project_code: str = ""
    buyer_address: str = ""
    agency_address: str = "澜州市政务服务中心B座8楼"
    phone: str = "0731-88615420"
    agency_phone: str = "0731-88615421"
    contact: str = "刘工"
    budget: float = 0.0
    award: float | None = None
    supplier: str = ""
    supplier_address: str = ""
    experts: str = ""
    deadline: str = ""
    reason: str = ""
    requirement: list[str] = field(default_factory=list)
    items: dict | None = None
    attachments: list[dict] = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # what only one portal shows (a GGZY record without a body …)
    body_html: str = ""
    text: str = ""

    @property
    def moment(self) -> datetime:
        return datetime.strptime(self.date, "%Y-%m-%d %H:%M:%S")

    @property
    def day(self) -> date:
        return self.moment.date()

    @property
    def detail_path(self) -> str:
        m = self.moment
        return f"/cggg/{self.scope}/{self.channel}/{m:%Y%m}/t{m:%Y%m%d}_{self.id}.htm"

    @property
    def project_name(self) -> str:
        return re.sub(r"(公开招标公告|竞争性磋商公告|询价公告|单一来源采购公示|中标（成交）结果公告|中标公告|成交公告|终止公告)$", "", self.title)

    def view(self) -> dict:
        """The values templates show, in the portal's formats."""
        m = self.moment
        values = dict(self.__dict__)
        values.update(
            project_name=self.project_name, date_minutes=f"{m:%Y-%m-%d %H:%M}", date_cn=f"{m:%Y年%m月%d日 %H:%M}",
            date_cn_spaced=f"{m:%Y年%m月%d日}  {m:%H:%M}", date_cn_day=f"{m:%Y年%m月%d日}", date_dotted=f"{m:%Y.%m.%d %H:%M:%S}",
            date_short=f"{m:%Y-%m-%d}", scope_label=SCOPES[self.scope], channel_label=CHANNELS[self.channel],
            type_label=CHANNELS[self.channel].replace("单一来源公告和公示", "单一来源公告和公示"),
            budget_wan=f"{self.budget / 10000:.6f}", award_wan=None if self.award is None else f"{self.award / 10000:.6f}",
            method=METHODS.get(self.channel, "公开招标"), platform="中国政府采购网电子交易平台",
            class_suffix=f"pzln{self.id % 97:02d}", keyparam=f"{self.id * 7919:032x}"[-32:],
            detail_path=self.detail_path,
        )
        return values


def filler(number: int, rng: random.Random, first_id: int = 25100011, buyer: str | None = None) -> ReplayNotice:
    """An ordinary notice (furniture, catering, cars ...) in the replay window, reproducible from ``rng``;
    ``buyer`` replaces the buyer (a university site publishes only its own purchases)."""
    project, category, item, spec, unit, usual_buyer, region = ORDINARY[number % len(ORDINARY)]
    buyer = buyer or usual_buyer
    kind = rng.choice(["tender", "tender", "award"])
    channel = rng.choice(["gkzb", "jzxcs", "xjgg"]) if kind == "tender" else rng.choice(["zbgg", "cjgg"])
    day = WINDOW[0] + timedelta(days=rng.randrange((WINDOW[1] - WINDOW[0]).days + 1))
    stamp = f"{day:%Y-%m-%d} {rng.randrange(8, 18):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"
    quantity = rng.choice([1, 2, 5, 10, 20, 50, 100])
    budget = round(rng.uniform(5, 400), 1) * 10000
    suffix = {"gkzb": "公开招标公告", "jzxcs": "竞争性磋商公告", "xjgg": "询价公告", "zbgg": "中标公告", "cjgg": "成交公告"}[channel]
    title = f"{buyer}{project}{suffix}"
    award = round(budget * rng.uniform(0.85, 0.99), 2) if kind == "award" else None
    return ReplayNotice(
        id=first_id + 37 * number, date=stamp, scope=rng.choice(["zygg", "dfgg", "dfgg"]), channel=channel,
        template=rng.choice(["summary", "noticeArea"]), kind=kind, title=title, buyer=buyer,
        agency=rng.choice(AGENCIES), region=region, category=category,
        project_code=f"ZC-{day:%Y}-{number:04d}", buyer_address=f"{region}省{buyer}办公楼", budget=budget, award=award,
        supplier="澜州诚达商贸有限公司" if award else "", supplier_address="澜州市商贸大道18号",
        deadline=f"{day + timedelta(days=20):%Y年%m月%d日} 09点30分",
        requirement=[f"采购{item}，{spec}，数量{quantity}{unit}，详细要求见采购文件。"],
        items={"header": ["序号", "标的名称", "规格型号", "数量", "单位"], "rows": [["1", item, spec, str(quantity), unit]]},
    )


def load_corpus(corpus: Path, files_dir: Path, fillers: int = 0, seed: int = 20250901,
                first_filler_id: int = 25100011, template: str | None = None,
                buyer: str | None = None) -> list[ReplayNotice]:
    """A site's notices (its YAML corpus plus ``fillers`` ordinary ones), bodies rendered, newest first.

    ``template`` forces one body style on every notice (a portal family writes all its bodies one way);
    ``buyer`` is the buyer of every filler (a university's own site).
    """
    raw = yaml.safe_load(corpus.read_text(encoding="utf-8")) or []
    notices = [ReplayNotice(**entry) for entry in raw]
    rng = random.Random(seed)
    notices += [filler(i, rng, first_filler_id, buyer) for i in range(fillers)]
    body = TEMPLATES.get_template("notice_body.j2")
    for n in notices:
        n.template = template or n.template
        for a in n.attachments:
            a["uuid"] = hashlib.md5((n.title + a["name"]).encode("utf-8")).hexdigest()
            a["path"] = files_dir / a["file"]
            a["size_label"] = f"{a['path'].stat().st_size / 1024:.1f}K"
        n.body_html = body.render(n=n.view())
        n.text = re.sub(r"<[^>]+>", "", n.body_html)
    return sorted(notices, key=lambda n: n.date, reverse=True)


def attachments_by_uuid(notices: list[ReplayNotice]) -> dict[str, dict]:
    """Every attachment of these notices, by the uuid its download link carries."""
    return {a["uuid"]: a for n in notices for a in n.attachments}


def in_window(n: ReplayNotice, start: date | None, end: date | None) -> bool:
    """Whether a notice was published between two days (either may be open)."""
    return (start is None or n.day >= start) and (end is None or n.day <= end)
