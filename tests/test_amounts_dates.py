"""Property tests for the parsers of amounts and dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from extract.amounts import parse_amount, parse_capital
from extract.dates import parse_date, parse_datetime

FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
DIGITS = "零壹贰叁肆伍陆柒捌玖"


def to_capital(n: int) -> str:
    """A reference writer of 大写 amounts (integer yuan), independent of the parser under test."""
    if n == 0:
        return "零元整"

    def four(x: int) -> str:
        out, zero = "", False
        for value, unit in ((1000, "仟"), (100, "佰"), (10, "拾"), (1, "")):
            d = x // value % 10
            if d:
                out += ("零" if zero and out else "") + DIGITS[d] + unit
                zero = False
            else:
                zero = True
        return out

    parts = []
    for value, unit in ((10**8, "亿"), (10**4, "万"), (1, "")):
        chunk = n // value % 10**4 if value < 10**8 else n // value
        if chunk:
            needs_zero = parts and chunk < 1000
            parts.append(("零" if needs_zero else "") + four(chunk) + unit)
    return "".join(parts) + "元整"


cents = st.integers(min_value=0, max_value=10**11).map(lambda c: c / 100)


@given(cents)
def test_yuan_with_thousands_separators(value: float) -> None:
    assert parse_amount(f"预算金额：{value:,.2f}元") == round(value, 2)


@given(st.integers(min_value=0, max_value=10**8).map(lambda c: c / 10**6))
def test_wanyuan_as_the_ccgp_summary_table_writes_it(value: float) -> None:
    assert abs(parse_amount(f"￥{value:.6f} 万元（人民币）") - value * 10_000) < 0.01


@given(cents)
def test_full_width_digits(value: float) -> None:
    assert parse_amount(f"{value:,.2f}元".translate(FULL_WIDTH)) == round(value, 2)


@given(st.integers(min_value=1, max_value=10**6))
def test_unit_from_a_header_applies_to_bare_numbers(value: int) -> None:
    assert parse_amount(str(value), default_unit="万元") == value * 10_000


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_capital_numerals(n: int) -> None:
    assert parse_capital(to_capital(n)) == n
    assert parse_amount(f"人民币{to_capital(n)}（¥{n:,}.00）") == n


def test_capital_with_jiao_and_fen() -> None:
    assert parse_capital("壹拾贰万叁仟肆佰伍拾陆元柒角捌分") == 123456.78


dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))


@given(dates)
def test_dates_in_every_form_the_portals_use(day: date) -> None:
    for text in (f"{day.year}年{day.month}月{day.day}日", f"{day:%Y年%m月%d日 %H:%M}", f"{day:%Y.%m.%d} 10:22:12",
                 f"{day:%Y-%m-%d}", f"{day:%Y:%m:%d}", f"发布时间：{day:%Y/%m/%d}"):
        assert parse_date(text) == day, text


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2035, 1, 1)).map(lambda d: d.replace(microsecond=0)))
def test_epoch_milliseconds_are_china_time(moment: datetime) -> None:
    millis = int(moment.replace(tzinfo=timezone(timedelta(hours=8))).timestamp() * 1000)
    assert parse_datetime(millis) == moment
    assert parse_datetime(str(millis)) == moment


def test_times_written_in_chinese() -> None:
    assert parse_datetime("2022年03月31日 09时50分00秒") == datetime(2022, 3, 31, 9, 50)
    assert parse_datetime("2024年04月02日 09点30分") == datetime(2024, 4, 2, 9, 30)


def test_not_a_date() -> None:
    assert parse_date("自本公告发布之日起5个工作日") is None
    assert parse_date("2024年13月45日") is None


@given(cents, st.sampled_from(["元/人", "元/台/月", "%", "％"]))
def test_rates_and_unit_prices_are_not_amounts(value: float, suffix: str) -> None:
    assert parse_amount(f"折扣率{value:.2f}{suffix}") is None
    assert parse_amount(f"单价{value:.2f}{suffix}，暂定成交金额986,000.00元") == 986_000


@given(cents, cents)
def test_a_correction_gives_the_corrected_amount(old: float, new: float) -> None:
    assert parse_amount(f"原“{old:.2f}万元”更正为“{new:.2f}万元”") == round(new * 10_000, 2)


@given(st.integers(min_value=1, max_value=9), cents)
def test_an_amount_with_a_unit_wins_over_a_bare_number_before_it(lot: int, value: float) -> None:
    assert parse_amount(f"第{lot}包：{value:,.2f}元") == round(value, 2)


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2035, 1, 1)).map(lambda d: d.replace(microsecond=0)))
def test_iso_timestamps_with_a_t(moment: datetime) -> None:
    assert parse_datetime(moment.isoformat()) == moment
