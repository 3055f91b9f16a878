"""One-line English summaries of hits, made from the extracted fields by templates (no translation service).

Only fields the extractor and classifier stored go in: buyer, type, region, notice type, label, chips,
providers, amount and supplier. Chinese names stay Chinese unless the buyer registry gives an English one.
"""

from __future__ import annotations

# Province-level regions as CCGP and the provincial portals name them.
REGIONS_EN = {
    "北京": "Beijing", "天津": "Tianjin", "河北": "Hebei", "山西": "Shanxi", "内蒙古": "Inner Mongolia",
    "辽宁": "Liaoning", "吉林": "Jilin", "黑龙江": "Heilongjiang", "上海": "Shanghai", "江苏": "Jiangsu",
    "浙江": "Zhejiang", "安徽": "Anhui", "福建": "Fujian", "江西": "Jiangxi", "山东": "Shandong", "河南": "Henan",
    "湖北": "Hubei", "湖南": "Hunan", "广东": "Guangdong", "广西": "Guangxi", "海南": "Hainan", "重庆": "Chongqing",
    "四川": "Sichuan", "贵州": "Guizhou", "云南": "Yunnan", "西藏": "Tibet", "陕西": "Shaanxi", "甘肃": "Gansu",
    "青海": "Qinghai", "宁夏": "Ningxia", "新疆": "Xinjiang", "新疆兵团": "Xinjiang Production and Construction Corps",
    "香港": "Hong Kong", "澳门": "Macao", "台湾": "Taiwan", "中央": "central government",
}

# What the buyer did, by notice type (extract.fields.NOTICE_TYPE_WORDS); awards name the supplier after.
ACTIONS = {
    "intention": "announced an intention to buy",
    "tender": "opened a tender for",
    "inquiry": "asked for quotes on",
    "consultation": "opened competitive consultations for",
    "negotiation": "opened competitive negotiations for",
    "single_source": "proposed a single-source purchase of",
    "award": "awarded a contract for",
    "deal": "closed a purchase of",
    "contract": "signed a contract for",
    "correction": "corrected its notice on",
    "termination": "terminated its procurement of",
}

# Notice types that name the supplier, and how the sentence attaches it.
SUPPLIER_PREPOSITIONS = {"award": "to", "deal": "from", "contract": "with", "single_source": "from"}

CLOUD_PROVIDERS = {"AWS": "AWS", "Azure": "Microsoft Azure", "GoogleCloud": "Google Cloud", "Oracle": "Oracle Cloud"}
MODEL_PROVIDERS = {"OpenAI": "OpenAI", "Anthropic": "Anthropic"}

AMOUNT_KINDS = {"award": "contract value", "budget": "budget", "max_price": "price cap"}


def cny(amount: float | None) -> str:
    """An amount in yuan for English readers: CNY 3.6 million, CNY 7.65 million, CNY 186,000."""
    if amount is None:
        return "amount not stated"
    if amount >= 1_000_000:
        return f"CNY {amount / 1_000_000:,.2f}".rstrip("0").rstrip(".") + " million"
    return f"CNY {amount:,.0f}"


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def what_was_bought(label: str, chips: list[str], providers: list[str]) -> str:
    """The object of the purchase in plain words, from the label, chips and providers."""
    gpus = f"NVIDIA {_joined(chips)} GPUs" if chips else "restricted NVIDIA GPUs"
    if label == "hardware_purchase":
        return f"servers or cards with {gpus}"
    clouds = [CLOUD_PROVIDERS[p] for p in providers if p in CLOUD_PROVIDERS]
    models = [MODEL_PROVIDERS[p] for p in providers if p in MODEL_PROVIDERS]
    parts = []
    if chips or not (clouds or models):
        parts.append(f"remote use of {gpus}")
    if clouds:
        parts.append(f"{_joined(clouds)} cloud services")
    if models:
        parts.append(f"{_joined(models)} AI models")
    return _joined(parts)


def summarize(hit: dict, buyer_english: str | None, buyer_type: str | None) -> str:
    """One English sentence for a hit (a dict with the ``hits --format json`` fields plus ``amount_kind``)."""
    buyer = buyer_english or hit["buyer"] or "An unnamed buyer"
    where = REGIONS_EN.get((hit.get("region") or "").strip())
    about = ", ".join(x for x in ((buyer_type or "").replace("_", " "), where) if x)
    subject = f"{buyer} ({about})" if about else buyer
    action = ACTIONS.get(hit.get("notice_type") or "", "published a notice on")
    sentence = f"{subject} {action} {what_was_bought(hit['label'], hit['chips'], hit['providers'])}"
    if hit["suppliers"] and hit.get("notice_type") in SUPPLIER_PREPOSITIONS:
        sentence += f" {SUPPLIER_PREPOSITIONS[hit['notice_type']]} {_joined(hit['suppliers'])}"
    if hit["amount_cny"] is not None:
        sentence += f"; {AMOUNT_KINDS.get(hit.get('amount_kind') or '', 'amount')} {cny(hit['amount_cny'])}"
    return sentence + "."
