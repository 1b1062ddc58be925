"""Memory of a process tree from /proc (Linux): RSS now, peak RSS (VmHWM) per process.

``Sampler(pids)`` samples the trees under ``pids`` every ``interval`` seconds in a thread;
``.result()`` gives the peak total RSS seen, the number of processes, and the largest peak
RSS of any one process. RSS counts shared pages (code, PHP's opcache, copy-on-write pages of
a forked master) once per process, so the total overstates what the tree really uses.
"""

from __future__ import annotations

import threading
from pathlib import Path


def _status(pid: int) -> dict[str, int]:
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                out[line.split(":")[0]] = int(line.split()[1])  # kB
    except OSError:
        pass
    return out


def children(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parts = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(parts[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


def tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children(p))
    return out


def snapshot(pids: list[int]) -> dict:
    procs = {p: _status(p) for root in pids for p in tree(root)}
    procs = {p: s for p, s in procs.items() if s}
    return {
        "processes": len(procs),
        "rss_mb": sum(s.get("VmRSS", 0) for s in procs.values()) / 1024,
        "max_peak_rss_mb": max((s.get("VmHWM", 0) for s in procs.values()), default=0) / 1024,
        "per_process_peak_mb": sorted(round(s.get("VmHWM", 0) / 1024, 1) for s in procs.values()),
    }


class Sampler:
    def __init__(self, pids: list[int], interval: float = 0.5):
        self.pids, self.interval = pids, interval
        self.peak = {"processes": 0, "rss_mb": 0.0, "max_peak_rss_mb": 0.0, "per_process_peak_mb": []}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            snap = snapshot(self.pids)
            if snap["rss_mb"] >= self.peak["rss_mb"]:
                self.peak.update(processes=snap["processes"], rss_mb=snap["rss_mb"])
            self.peak["max_peak_rss_mb"] = max(self.peak["max_peak_rss_mb"], snap["max_peak_rss_mb"])
            self.peak["per_process_peak_mb"] = snap["per_process_peak_mb"] or self.peak["per_process_peak_mb"]
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def result(self) -> dict:
        return {"peak_total_rss_mb": round(self.peak["rss_mb"], 1), "processes": self.peak["processes"],
                "max_process_peak_rss_mb": round(self.peak["max_peak_rss_mb"], 1),
                "per_process_peak_mb": self.peak["per_process_peak_mb"]}
