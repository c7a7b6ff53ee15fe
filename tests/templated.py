"""A heavily templated corpus written for the tests: every document is made of stock clauses.

Each sentence joins two to four clauses drawn from :data:`STOCK_CLAUSES` (so every clause
occurs in most documents), and :func:`templated_corpus` plants sentences copied from one
document into another: new combinations of clauses that are each common on their own.  The
clauses are written for this project (the genre's usual phrasing, no report's sentences).
"""
from __future__ import annotations

import random
from dataclasses import dataclass

#: clauses of the genre, each common enough to be boilerplate on its own
STOCK_CLAUSES = (
    "县政协坚持围绕中心服务大局",
    "组织委员深入基层开展调研",
    "广泛凝聚各方面思想共识",
    "推动协商成果转化落地见效",
    "持续加强委员队伍自身建设",
    "不断完善协商议事规则程序",
    "积极回应群众急难愁盼问题",
    "扎实推进专项民主监督工作",
    "认真做好提案办理督办工作",
    "切实提升社情民意信息质量",
    "聚焦乡村振兴积极建言献策",
    "围绕营商环境优化开展视察",
    "深化界别协商和对口协商",
    "健全委员联系服务群众制度",
    "充分发挥委员主体作用",
    "全面加强机关作风建设",
    "强化理论学习和政治引领",
    "擦亮基层协商议事品牌",
    "推进书香政协建设走深走实",
    "做好文史资料征集整理出版",
    "加强与党委政府部门沟通衔接",
    "把协商民主贯穿履职全过程",
    "打造委员履职服务新平台",
    "推动重点提案办理提质增效",
    "开展委员读书交流分享活动",
    "助力城乡基层治理能力提升",
    "组织专委会开展专题视察",
    "围绕生态环境保护建言资政",
    "关注教育医疗养老等民生事项",
    "协助党委政府化解矛盾纠纷",
    "增强履职本领和工作实效",
    "讲好新时代政协委员履职故事",
    "认真查摆工作中的短板弱项",
    "完善年度协商计划制定机制",
    "引导委员在本职岗位争创一流",
    "持续深化政协系统上下联动",
    "加强对外联谊和港澳台侨工作",
    "推进智慧政协平台建设应用",
    "健全协商成果采纳落实反馈机制",
    "以钉钉子精神抓好各项任务落实",
)
PLACES = ("松岭", "梅溪", "柳河", "桂川", "竹源", "兰江", "杏坪", "枫湾", "石泉", "翠峰")


@dataclass
class Planted:
    """A sentence of document ``source`` copied into document ``target``: its span in each."""

    source: str
    target: str
    source_span: tuple[int, int]
    target_span: tuple[int, int]
    text: str


def _sentence(rng: random.Random, sizes: tuple[int, ...] = (2, 3, 3, 4)) -> str:
    return "，".join(rng.sample(STOCK_CLAUSES, rng.choice(sizes))) + "。"


def templated_texts(n: int, *, sentences: int = 24, seed: int = 0) -> list[str]:
    """``n`` documents of stock sentences, three or four sentences a paragraph."""
    rng = random.Random(seed)
    texts = []
    for i in range(n):
        place = PLACES[i % len(PLACES)]
        lines = [f"{place}县政协{2019 + i % 6}年工作报告"]
        left = sentences
        while left > 0:
            k = min(left, rng.choice((3, 4)))
            lines.append("".join(_sentence(rng) for _ in range(k)))
            left -= k
        texts.append("\n".join(lines))
    return texts


def templated_corpus(n: int = 120, *, planted: int = 12, sentences: int = 24, seed: int = 0) -> tuple[list[str], list[str], list[Planted]]:
    """Ids, texts and the planted sentences: ``planted`` sentences of three or four stock
    clauses, each copied from one document into another (between two of its sentences)."""
    rng = random.Random(seed + 1)
    texts = templated_texts(n, sentences=sentences, seed=seed)
    ids = [f"t{i:03d}" for i in range(n)]
    pairs = []
    used: set[int] = set()
    while len(pairs) < planted:
        a, b = rng.sample(range(n), 2)
        if a in used or b in used:
            continue
        used.update((a, b))
        pairs.append((a, b))
    out = []
    for a, b in pairs:
        # a sentence of A with three or four clauses, to copy
        src = texts[a]
        starts = [0] + [i + 1 for i, ch in enumerate(src) if ch in "。\n"]
        candidates = []
        for s in starts:
            e = src.find("。", s)
            if e > s and "\n" not in src[s:e] and src[s:e].count("，") >= 2:
                candidates.append((s, e + 1))
        s, e = rng.choice(candidates)
        sentence = src[s:e]
        # insert it into B after one of B's sentences
        dst = texts[b]
        ends = [i + 1 for i, ch in enumerate(dst) if ch == "。"]
        at = rng.choice(ends[1:-1])
        texts[b] = dst[:at] + sentence + dst[at:]
        out.append((a, b, (s, e), (at, at + len(sentence)), sentence))
    # each document takes part in one pair at most, so no span moves after it is recorded
    planted_rows = []
    for a, b, src_span, (at, end), sentence in out:
        planted_rows.append(Planted(ids[a], ids[b], src_span, (at, end), sentence))
    for p in planted_rows:
        assert texts[int(p.source[1:])][p.source_span[0] : p.source_span[1]] == p.text
        assert texts[int(p.target[1:])][p.target_span[0] : p.target_span[1]] == p.text
    return ids, texts, planted_rows
