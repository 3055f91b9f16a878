"""The buyer registry: name normalisation, resolution (sub-units, aliases, traditional forms, suppliers), flags
with their source, the `buyers` and `refdata` commands, and the enrichment step of the pipeline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refdata import registry_type, resolve
from refdata.build import build, derive
from refdata.names import key, name_keys, normalise, split_uscc
from refdata.registry import REFDATA_DIR, Registry
from tests.conftest import FIXTURES, tenderwatch

SOURCES = FIXTURES / "reference-data"
CURATED = ("entities.csv", "list_matches.csv")


# --- names ------------------------------------------------------------------------------------------

def test_normalise_simplifies_traditional_characters_brackets_and_spaces():
    assert normalise(" 四川大學 (華西醫院) ") == "四川大学（华西医院）"
    assert normalise("中国矿业大学(北京)") == "中国矿业大学（北京）"
    assert normalise("Sichuan   University ") == "Sichuan University"
    assert normalise("四川大学 计算机学院") == "四川大学计算机学院"


def test_name_keys_try_the_name_then_without_decorations_and_brackets():
    assert name_keys("四川大学（本级）") == ["四川大学本级", "四川大学"]
    assert name_keys("中科院计算所") == ["中科院计算所", "中国科学院计算所"]
    assert key("中国矿业大学（北京）") != key("中国矿业大学")


def test_split_uscc_takes_the_credit_code_out_of_a_supplier_name():
    assert split_uscc("中国电信股份有限公司（统一社会信用代码：9111000071093019X7）") == (
        "中国电信股份有限公司", "9111000071093019X7")
    assert split_uscc("深圳大学") == ("深圳大学", None)


@given(st.text(alphabet=st.sampled_from(list("四川大學华西醫院（）() 　本级Ab-·")), max_size=20))
def test_normalise_is_idempotent(name):
    once = normalise(name)
    assert normalise(once) == once
    assert key(once) == key(name)


# --- the shipped registry -----------------------------------------------------------------------------

def test_a_listed_university_gets_its_entity_list_flag_with_source_and_date():
    r = resolve("四川大学")
    assert (r.type, r.english_name, r.identifiers["moe_id"]) == ("university", "Sichuan University", "4151010610")
    listed = {f.list: f for f in r.flags}
    assert listed["entity_list"].via_parent is False
    assert listed["entity_list"].date == "2012-09-19"
    assert "77 FR 58006" in listed["entity_list"].source and "Entity List" in listed["entity_list"].source
    assert listed["entity_list"].entry == "Sichuan University" and listed["entity_list"].evidence
    assert r.us_listed


def test_an_unlisted_university_gets_no_flag():
    r = resolve("南方科技大学")
    assert (r.type, r.english_name, r.flags) == ("university", "Southern University of Science and Technology", [])


def test_shenzhen_university_is_on_no_us_list_only_in_aspis_tracker():
    r = resolve("深圳大学")
    assert r.type == "university" and not r.us_listed
    assert [(f.list, f.category) for f in r.flags] == [("aspi", "Civilian")]


@pytest.mark.parametrize("name", ["四川大学华西医院", "四川大学计算机学院", "华西医院", "四川大学 华西医院"])
def test_sub_units_of_a_listed_university_carry_its_flags_via_parent(name):
    r = resolve(name)
    assert r.parent is not None and r.parent.name == "四川大学"
    assert r.flags and all(f.via_parent and f.via == "四川大学" for f in r.flags)
    assert "entity_list" in [f.list for f in r.flags]


def test_a_sub_unit_keeps_its_own_name_and_its_type_from_the_suffix():
    assert (resolve("四川大学华西医院").name, resolve("四川大学华西医院").type) == ("四川大学华西医院", "hospital")
    lab = resolve("四川大学高分子材料工程国家重点实验室")
    assert (lab.name, lab.type, lab.match) == ("四川大学高分子材料工程国家重点实验室", "lab", "sub-unit")
    office = resolve("四川大学信息化建设与管理办公室")
    assert office.type == "university"  # an office of a university is not a government body


def test_traditional_and_decorated_forms_resolve_like_the_simplified_name():
    for name in ("四川大學", "四川大学（本级）", "四川大学本部", " 四川大学 "):
        assert resolve(name).entity_id == resolve("四川大学").entity_id


@pytest.mark.parametrize("alias, name", [("北航", "北京航空航天大学"), ("中科院计算所", "中国科学院计算技术研究所"),
                                         ("Sichuan University", "四川大学"), ("國防科技大學", "中国人民解放军国防科技大学")])
def test_aliases_resolve_to_the_registry_name(alias, name):
    assert resolve(alias).name == name


def test_a_lab_can_be_listed_when_its_university_is_not():
    lab = resolve("深圳大学ATR国防科技重点实验室")
    assert [(f.list, f.via_parent) for f in lab.flags if f.list == "1286"] == [("1286", False)]
    assert not resolve("深圳大学").us_listed


def test_an_alias_named_on_a_list_is_shown_via_parent():
    r = resolve("北京应用物理与计算数学研究所")
    assert r.parent.name == "中国工程物理研究院"
    entity_list = [f for f in r.flags if f.list == "entity_list"]
    assert entity_list and all(f.via_parent for f in entity_list)


def test_suppliers_resolve_by_credit_code_and_by_name():
    by_code = resolve("中国电信股份有限公司（统一社会信用代码：9111000071093019X7）")
    assert (by_code.match, by_code.type) == ("identifier", "company")
    assert [f.list for f in by_code.flags if not f.via_parent] == ["ns_cmic"]
    assert by_code.parent.name == "中国电信集团有限公司"
    huawei = resolve("华为技术有限公司")
    assert huawei.identifiers["uscc"] == "914403001922038216"
    assert {"entity_list", "ns_cmic"} <= {f.list for f in huawei.flags if not f.via_parent}
    branch = resolve("华为技术有限公司北京分公司")
    assert branch.parent.name == "华为技术有限公司" and branch.type == "company"
    assert all(f.via_parent for f in branch.flags)


def test_an_unknown_name_gets_a_normalised_name_a_rule_type_and_no_flags():
    r = resolve("某县第一人民醫院")
    assert (r.name, r.type, r.flags, r.parent, r.match) == ("某县第一人民医院", "hospital", [], None, "unknown")


def test_short_aliases_do_not_make_unrelated_names_sub_units():
    assert resolve("北大荒农垦集团有限公司").parent is None  # 北大 is Peking University only as a whole name


def test_registry_type_is_given_only_where_the_registry_knows_the_entity():
    assert registry_type("中国科学院大学")[0] == "university"
    assert registry_type("某县人民政府") is None


# --- rebuilding from the public lists ---------------------------------------------------------------

@pytest.fixture(scope="module")
def fixture_registry(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("refdata")
    for name in CURATED:
        shutil.copy(REFDATA_DIR / name, folder / name)
    derive(SOURCES, folder)
    return folder


def test_derive_keeps_china_and_table_1_and_parses_dates(fixture_registry):
    import csv

    with (fixture_registry / "list_entries.csv").open(encoding="utf-8") as f:
        entries = list(csv.DictReader(f))
    entity_list = {e["entry"]: e for e in entries if e["list"] == "entity_list"}
    assert "Abdul Satar Ghoura" not in entity_list  # Afghanistan
    assert entity_list["Chinese Academy of Engineering Physics"]["listed"] == "1997-06-30"  # earliest citation
    assert [e["entry"] for e in entries if e["list"] == "1286"] == [
        "Sichuan University", "ATR Defense S&T Key Laboratory of Intelligent Information Processing at Shenzhen University",
        "Moscow Aviation Institute"]  # Table 2 (talent programmes) dropped
    cmic = {e["entry"]: e for e in entries if e["list"] == "ns_cmic"}
    assert cmic["CHINA TELECOM CORPORATION LIMITED"]["listed"] == "2021-06-03"
    assert cmic["CHINA TELECOM CORPORATION LIMITED"]["aliases"] == "CHINA TELECOM | CHINA TELECOM CO., LTD"


def test_build_from_fixture_lists_flags_what_the_lists_hold_and_reports_stale_matches(fixture_registry):
    report = build(fixture_registry)
    assert report.moe == report.moe_resolved == 8
    assert report.uscc_matches == 2  # China Telecom and Huawei by 统一社会信用代码; Megvii has none
    assert "entity_list: Harbin Institute of Technology" in report.stale_matches
    registry = Registry.load(fixture_registry)
    assert [f.list for f in registry.resolve("四川大學").flags] == ["entity_list", "1286", "aspi"]
    assert [f.list for f in registry.resolve("哈尔滨工业大学").flags] == []  # not in these small lists
    assert registry.resolve("人民大学").name == "中国人民大学"  # ASPI's name bridged to the MoE's
    lab = registry.resolve("智能信息处理广东省重点实验室")
    assert lab.type == "lab" and lab.parent.name == "深圳大学"  # an ASPI lab "English (中文/中文)"
    assert registry.version != Registry.load(REFDATA_DIR).version


def test_refdata_update_command_rebuilds_a_registry_that_resolve_reads(fixture_registry, tmp_path):
    folder = tmp_path / "registry"
    folder.mkdir()
    for name in CURATED:
        shutil.copy(REFDATA_DIR / name, folder / name)
    result = tenderwatch("refdata", "update", "--from", str(SOURCES), "--data-dir", str(folder))
    assert "registry" in result.stdout and "stale match" in result.stdout
    resolved = json.loads(tenderwatch("buyers", "resolve", "四川大学华西医院", "--json", "--refdata", str(folder)).stdout)
    assert resolved["parent"]["name"] == "四川大学"
    assert {f["list"] for f in resolved["flags"]} == {"entity_list", "1286", "aspi"}


def test_refdata_update_from_a_folder_without_the_lists_fails_with_one_line(tmp_path):
    result = tenderwatch("refdata", "update", "--from", str(tmp_path), "--data-dir", str(tmp_path / "out"), check=False)
    assert result.returncode == 2
    assert result.stderr.startswith("error:") and "moe_higher_education_institutions" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# --- the command's JSON contract ----------------------------------------------------------------------

def test_buyers_resolve_json_has_exactly_the_design_keys():
    out = json.loads(tenderwatch("buyers", "resolve", "四川大學計算機學院", "--json").stdout)
    for k in ("query", "name", "english_name", "type", "parent", "identifiers", "flags"):
        assert k in out
    assert (out["query"], out["name"], out["type"]) == ("四川大學計算機學院", "四川大学计算机学院", "university")
    assert set(out["parent"]) >= {"query", "name", "english_name", "type", "parent", "identifiers", "flags"}
    for flag in out["flags"]:
        assert set(flag) >= {"list", "source", "date", "via_parent"} and flag["via_parent"] is True
    unknown = json.loads(tenderwatch("buyers", "resolve", "某某县气象局", "--json").stdout)
    assert (unknown["type"], unknown["flags"], unknown["parent"]) == ("government", [], None)
