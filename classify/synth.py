"""A generator of varied synthetic notices with labels: training data for the text model and the benchmark corpus.

Every notice is assembled from parts (buyer, purpose, what is bought, how, the traps real notices set) drawn
with a seeded ``random.Random``, so a seed always gives the same corpus. The parts are written here, not
taken from any labelled set, so a model trained on them is measured fairly on the devset.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from extract.records import LineItem, Notice

PLACES = ["澜州", "云泽", "青禾", "溪宁", "东陵", "南屿", "北川", "西岭", "江口", "河清", "松江", "临海", "锦川", "鹿鸣"]
BUYERS = {
    "university": ["{p}大学", "{p}理工大学", "{p}师范大学", "{p}职业技术学院", "{p}医科大学", "{p}财经学院"],
    "research_institute": ["{p}智能计算研究院", "中国科学院{p}物理研究所", "{p}生物医药研究院", "{p}计算科学研究中心"],
    "lab": ["{p}实验室", "{p}人工智能实验室", "{p}先进计算重点实验室"],
    "hospital": ["{p}市人民医院", "{p}市第一人民医院", "{p}医科大学附属医院", "{p}市中医院"],
    "company": ["{p}数字科技有限公司", "{p}城市投资集团有限公司", "{p}电力有限公司"],
    "government": ["{p}市数据资源管理局", "{p}市大数据中心", "{p}市气象局", "{p}市公安局", "{p}市教育局"],
}
PURPOSES = ["大模型训练", "科学计算", "人工智能教学", "医学影像分析", "智能客服", "城市大脑", "基因组分析", "自动驾驶仿真",
            "气象预报模型", "多模态大模型"]
CHIPS = ["NVIDIA A100 80GB", "A100", "英伟达A800", "A800 80GB", "H100", "NVIDIA H100 SXM5", "H800", "8卡H800", "H20",
         "H20 96GB", "H200 141GB", "B200", "L40S", "RTX 4090", "Ａ１００", "A 100", "8*A800", "英伟达H20"]
OTHER_CHIPS = ["T4", "RTX A4000", "RTX 3090", "RTX 4060", "Jetson Orin", "A10", "L20", "RTX 4090D"]
DOMESTIC = ["昇腾910B", "海光DCU K100", "寒武纪MLU370", "摩尔线程MTT S4000", "沐曦曦云C500", "昆仑芯R200"]
CLOUDS = ["亚马逊云科技", "AWS云服务", "Microsoft Azure", "微软智能云", "Google Cloud", "谷歌云", "Oracle Cloud",
          "Amazon SageMaker", "Azure OpenAI", "Vertex AI"]
MODELS = ["GPT-4o", "ChatGPT Team", "Claude 3.5", "OpenAI API"]
ACCESS = ["租赁", "租用", "算力服务", "按卡时计费", "包月使用", "云服务器实例", "裸金属服务器租用", "购买服务方式获取"]
PURCHASE = ["购置", "采购", "原厂质保三年", "交货期30天", "含安装调试", "设备到货验收"]
ORDINARY = [
    ("学生公寓家具采购项目", "学生公寓组合床{n}套，书桌椅{n}套，材质为实木。"),
    ("物业管理服务项目", "提供保洁、安保、绿化养护服务，服务期一年，服务人员不少于{n}人。"),
    ("彩色多普勒超声诊断仪采购项目", "彩色多普勒超声诊断仪{n}台，探头不少于3个。"),
    ("食堂食材配送服务项目", "配送米面粮油、蔬菜肉类，每日配送，服务期一年。"),
    ("公务用车采购项目", "新能源公务用车{n}辆，续航不低于500公里。"),
    ("图书采购项目", "中文图书{n}册，外文图书200册，含加工。"),
    ("空调设备采购项目", "多联机空调系统{n}套，含安装调试。"),
    ("校园网络升级改造项目", "核心交换机2台，接入交换机{n}台，无线AP 300个。"),
    ("电梯维保服务项目", "对{n}部电梯提供维护保养服务一年。"),
    ("档案数字化加工服务项目", "档案扫描{n}万页，建立目录数据库。"),
    ("消防设施维护保养项目", "消防设施年度检测及维护保养。"),
    ("办公电脑采购项目", "台式计算机{n}台，配置国产处理器，显示器23.8英寸。"),
]
FILLER = ["投标人须具备独立承担民事责任的能力。", "本项目不接受联合体投标。", "采购需求详见招标文件第三章。",
          "供应商应在规定时间内获取采购文件。", "评标方法为综合评分法。", "付款方式：验收合格后一次性支付。",
          "联系人：王工，电话：0571-88880000。", "本项目专门面向中小企业采购。"]


@dataclass
class Sample:
    notice: Notice
    label: str


class NoticeGenerator:
    """Synthetic notices of every kind, seeded."""

    def __init__(self, seed: int = 0, filler: tuple[int, int] = (2, 5)) -> None:
        self.rng = random.Random(seed)
        self.filler = filler  # how many boilerplate sentences a notice gets, at least and at most

    def _buyer(self) -> str:
        kind = self.rng.choice(list(BUYERS))
        return self.rng.choice(BUYERS[kind]).format(p=self.rng.choice(PLACES))

    def _wrap(self, buyer: str, title: str, core: list[str], notice_type: str = "tender",
              items: list[LineItem] | None = None) -> Notice:
        n = self.rng.randint(2, 40)
        lines = [title, f"采购人：{buyer}", f"预算金额：{self.rng.randint(5, 900)}万元", "一、采购需求"]
        lines += [c.format(n=n) for c in core]
        lines += self.rng.choices(FILLER, k=self.rng.randint(*self.filler))
        return Notice(title=title, buyer=buyer, text="\n".join(lines), notice_type=notice_type, line_items=items or [])

    def remote_chip(self) -> Notice:
        buyer, chip, purpose = self._buyer(), self.rng.choice(CHIPS), self.rng.choice(PURPOSES)
        how = self.rng.choice(ACCESS)
        title = buyer + purpose + self.rng.choice(["算力租赁服务采购项目", "GPU算力服务项目", "智算服务采购公告",
                                                   "云计算资源服务项目"])
        core = [f"供应商以{how}方式提供GPU算力，配置{chip} GPU不少于{{n}}卡，服务期12个月。",
                self.rng.choice(["按卡时结算。", "按月支付服务费。", "供应商负责机房与运维。", "采购人远程使用。"])]
        items = [LineItem(name="GPU算力服务", spec=f"{chip}", quantity=12, unit=self.rng.choice(["月", "卡时", "年"]))]
        return self._wrap(buyer, title, core, items=items if self.rng.random() < 0.5 else None)

    def remote_cloud(self) -> Notice:
        buyer, cloud, purpose = self._buyer(), self.rng.choice(CLOUDS + MODELS), self.rng.choice(PURPOSES)
        title = buyer + purpose + self.rng.choice(["云服务采购项目", "模型服务采购公告", "云资源服务项目"])
        core = [f"采购{cloud}服务，含账号开通、{self.rng.choice(['额度充值', '按月计费', '实例订阅', 'API调用'])}，服务期一年。"]
        return self._wrap(buyer, title, core)

    def hardware(self) -> Notice:
        buyer, chip, purpose = self._buyer(), self.rng.choice(CHIPS), self.rng.choice(PURPOSES)
        title = buyer + purpose + self.rng.choice(["GPU服务器采购项目", "计算设备购置项目", "图形工作站采购公告",
                                                   "智算平台设备采购项目"])
        core = [f"GPU服务器{{n}}台，每台配置8张{chip}，{self.rng.choice(PURCHASE)}。"]
        items = [LineItem(name="GPU服务器", spec=f"8×{chip}", quantity=4, unit="台")]
        return self._wrap(buyer, title, core, items=items if self.rng.random() < 0.5 else None)

    def hard_negative(self) -> Notice:
        buyer, purpose = self._buyer(), self.rng.choice(PURPOSES)
        trap = self.rng.randrange(9)
        if trap == 0:
            return self._wrap(buyer, buyer + "自动气象站（AWS）采购项目", ["自动气象站（AWS）{n}套，含雨量、风速传感器。"])
        if trap == 1:
            code = self.rng.choice(["KDZ-A100", "H100型", "TH-H800", "型号H20"])
            return self._wrap(buyer, buyer + "实验仪器采购项目", [f"高速离心机{{n}}台，{code}；恒温培养箱2台。"])
        if trap == 2:
            return self._wrap(buyer, buyer + purpose + "国产算力服务器采购项目",
                              [f"{self.rng.choice(DOMESTIC)}服务器{{n}}台，单卡性能不低于NVIDIA A100。"])
        if trap == 3:
            return self._wrap(buyer, buyer + purpose + "工作站采购项目",
                              [f"工作站{{n}}台，显卡{self.rng.choice(OTHER_CHIPS)}，质保三年。"])
        if trap == 4:
            return self._wrap(buyer, buyer + "跨境电商实训软件采购项目", ["亚马逊跨境电商运营模拟软件一套，亚马逊Kindle阅读器{n}台。"])
        if trap == 5:
            return self._wrap(buyer, buyer + "正版软件采购项目", ["Microsoft 365 A3许可{n}个；Oracle Database 19c维保一年。"])
        if trap == 6:
            return self._wrap(buyer, buyer + "A800算力租赁服务项目终止公告", ["原采购内容为A800 GPU算力租赁服务。"],
                              notice_type="termination")
        if trap == 7:
            return self._wrap(buyer, buyer + "政务云迁移服务项目", ["迁移至政务云，不得使用境外云服务（如AWS、Azure）。"])
        return self._wrap(buyer, buyer + purpose + "大模型服务采购项目",
                          ["国产大模型API调用服务，能力对标GPT-4，部署于天翼云。"])

    def ordinary(self) -> Notice:
        buyer = self._buyer()
        title, core = self.rng.choice(ORDINARY)
        return self._wrap(buyer, buyer + title, [core], notice_type=self.rng.choice(["tender", "award", "inquiry"]))

    def labelled(self, count: int) -> list[Sample]:
        """A balanced labelled corpus: remote access, hardware purchases, hard negatives and ordinary notices."""
        makers = [("remote_access", self.remote_chip), ("remote_access", self.remote_cloud),
                  ("hardware_purchase", self.hardware), ("none", self.hard_negative), ("none", self.ordinary)]
        return [Sample(make(), label) for label, make in (makers[i % len(makers)] for i in range(count))]

    def mixed(self, count: int, candidate_share: float = 0.01) -> Iterator[Notice]:
        """A stream like a portal's: mostly ordinary notices, ``candidate_share`` of them hits or traps."""
        for _ in range(count):
            if self.rng.random() < candidate_share:
                yield self.rng.choice([self.remote_chip, self.remote_cloud, self.hardware, self.hard_negative])()
            else:
                yield self.ordinary()
