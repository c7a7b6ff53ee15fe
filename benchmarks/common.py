"""Shared helpers for the benchmarks: a test text built from the sample corpus and
timing of a stage against ``jieba.cut`` on the same text in the same process."""
from __future__ import annotations

import platform
import time
import warnings
from typing import Callable


def sample_text(min_chars: int = 1_000_000) -> str:
    """The sample corpus joined and repeated to at least ``min_chars`` characters."""
    import summarytext as st

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = st.load_sample()
    text = "\n".join(d.text for d in corpus)
    return "\n".join([text] * (min_chars // len(text) + 1))


#: one metric per this many characters: the density of the real compilation in
#: ../shared/seeds (29 metrics in 6,188 characters), used for "report density"
REPORT_CHARS_PER_METRIC = 210

# narrative sentences of the genre, without figures, to dilute the sample corpus
_NARRATIVE = (
    "委员们深入基层倾听群众呼声，围绕中心工作建言献策，推动协商成果转化落地。",
    "机关党组坚持把政治建设摆在首位，严格落实意识形态工作责任制。",
    "各专委会聚焦群众关心的急难愁盼问题，持续跟踪督办，形成了一批务实管用的意见建议。",
    "我们注重发挥界别优势，引导委员在本职岗位上履职尽责、争做表率。",
    "围绕营商环境优化开展民主监督，推动有关部门简化审批流程、提升服务效能。",
    "协商议事室建设不断规范，基层协商的制度化水平进一步提升。",
    "委员读书活动持续深化，线上线下交流研讨，增进了思想共识。",
    "对照上级政协要求，认真查摆工作中的短板弱项，明确整改措施和完成时限。",
    "加强与党委政府部门的沟通衔接，推动协商计划与年度重点任务同频共振。",
    "宣传工作讲好委员履职故事，展示政协工作的新气象新作为。",
    "新的一年，我们将继续坚持团结和民主两大主题，为高质量发展凝聚智慧和力量。",
    "同时也要看到，调研成果转化还不够充分，委员联系群众的渠道仍需拓展。",
)


def report_density_text(dense: str, chars_per_metric: int = REPORT_CHARS_PER_METRIC) -> str:
    """``dense`` (the sample corpus) with narrative paragraphs between its lines, so that it
    has one metric per ``chars_per_metric`` characters, as real reports have."""
    import summarytext as st

    metrics = len(st.extract_metrics(dense))
    lines = dense.split("\n")
    per_line = max(0.0, (metrics * chars_per_metric - len(dense)) / len(lines))
    out, owed, k = [], 0.0, 0
    for line in lines:
        out.append(line)
        owed += per_line
        paragraph = []
        while owed > 0:
            sentence = _NARRATIVE[k % len(_NARRATIVE)]
            k += 1
            paragraph.append(sentence)
            owed -= len(sentence) + (1 if len(paragraph) == 1 else 0)
        if paragraph:
            out.append("".join(paragraph))
    return "\n".join(out)


def real_compilation(min_chars: int) -> str | None:
    """The real compilation of ../shared/seeds repeated to ``min_chars``, when it is there."""
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    files = sorted(seeds.glob("*.txt")) if seeds.is_dir() else []
    if not files:
        return None
    text = files[0].read_text(encoding="utf-8")
    return "\n".join([text] * (min_chars // len(text) + 1))


def benchmark_texts(chars: int) -> dict[str, str]:
    """The texts stages are timed on, each of about ``chars`` characters: "report density"
    (the sample corpus diluted to the density of real reports), "real compilation" (when
    ../shared is present) and "sample corpus" (dense with figures)."""
    dense = sample_text(chars)
    texts = {"report density": report_density_text(sample_text(chars * 55 // REPORT_CHARS_PER_METRIC))}
    real = real_compilation(chars)
    if real is not None:
        texts["real compilation"] = real
    texts["sample corpus"] = dense
    return texts


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """Fastest of ``repeat`` runs, in CPU seconds of this process: the stages run in one
    process, and its CPU time does not count the time other work on the machine took."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def jieba_baseline(text: str) -> Callable[[], object]:
    """``jieba.cut`` with a fresh tokenizer (HMM on, as by default), dictionary loaded beforehand."""
    import jieba

    tk = jieba.Tokenizer()
    tk.initialize()
    return lambda: list(tk.cut(text))


def machine() -> str:
    import os

    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def report(name: str, chars: int, stage_s: float, jieba_s: float, target: float | None = None) -> dict:
    ratio = jieba_s / stage_s
    line = f"{name}: {chars / stage_s:,.0f} chars/s; jieba.cut {chars / jieba_s:,.0f} chars/s; ratio {ratio:.1f}x"
    if target is not None:
        line += f" (target {target:g}x)"
    print(line)
    return {"stage": name, "chars": chars, "seconds": stage_s, "jieba_seconds": jieba_s, "ratio": ratio, "target": target}


def process_tree(pid: int | None = None) -> list[int]:
    """A process (this one by default) and all its descendants, children of every thread (Linux /proc)."""
    import os

    out: list[int] = []
    stack = [pid or os.getpid()]
    while stack:
        p = stack.pop()
        if p in out:
            continue
        try:
            children = []
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as f:
                    children.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue  # ended meanwhile
        out.append(p)
        stack.extend(children)
    return out


def tree_memory_mb(pid: int | None = None, *, field: str = "Pss") -> float:
    """Memory of a process tree (see :func:`process_tree`) in MB: ``Pss`` (proportional: pages
    a forked worker still shares with its parent count once, so the sum is what the tree really
    uses) or ``Rss`` (resident; shared pages count in every process)."""
    total = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup", encoding="ascii") as f:
                for line in f:
                    if line.startswith(f"{field}:"):
                        total += int(line.split()[1])
                        break
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total / 1024.0


class TreeMemory:
    """The peak memory of this process tree (``field``: ``Pss`` or ``Rss``, see
    :func:`tree_memory_mb`), sampled every ``interval`` seconds while the ``with`` block runs."""

    def __init__(self, interval: float = 0.2, *, field: str = "Pss"):
        import threading

        self.interval = interval
        self.field = field
        self.start = self._now()
        self.peak = self.start
        self.steps: dict[str, float] = {}
        self._step_peak = self.start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _now(self) -> float:
        return tree_memory_mb(field=self.field)

    def _run(self) -> None:
        while not self._stop.is_set():
            now = self._now()
            self.peak = max(self.peak, now)
            self._step_peak = max(self._step_peak, now)
            self._stop.wait(self.interval)

    def step(self, name: str) -> None:
        """Record the peak since the previous step under ``name``."""
        now = self._now()
        self.steps[name] = max(self._step_peak, now)
        self._step_peak = now

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._now())


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (user + system), in seconds."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def load_average() -> float:
    """The machine's one-minute load average (other work running beside a benchmark)."""
    import os

    return os.getloadavg()[0]
