"""What /proc says about this process, its workers and the rest of the machine (Linux only)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")
_KIB_PER_MIB = 1024


@dataclass(frozen=True)
class Memory:
    """One process's resident memory now and at its highest since the previous sample, in MiB."""

    rss: float
    peak: float


def descendants(pid: int) -> list[int]:
    """The processes started by ``pid``, and theirs: the workers of either engine."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(_stat_fields(int(entry.name))[1])
            except OSError:
                continue  # ended meanwhile
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return sorted(found)


def cpu_seconds(pids: list[int]) -> float:
    """CPU time (user and system) the processes ``pids`` have used so far."""
    total = 0
    for pid in pids:
        try:
            fields = _stat_fields(pid)
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / _TICKS


def busy_seconds() -> float:
    """CPU time all cores of the machine have spent busy so far, whoever used it."""
    values = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, values[:8])
    return (user + nice + system + irq + softirq + steal) / _TICKS


def sample_memory(pid: int) -> Memory | None:
    """The memory of ``pid``, then its peak reset, so the next sample's peak is since this one."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        # "5" resets the peak RSS (VmHWM) to the current RSS; Linux 4.0 and later.
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return None
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    if "VmRSS" not in fields:
        return None  # a kernel thread or a zombie
    return Memory(
        rss=int(fields["VmRSS"].split()[0]) / _KIB_PER_MIB,
        peak=int(fields["VmHWM"].split()[0]) / _KIB_PER_MIB,
    )


def _stat_fields(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name, which may hold spaces: state first."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat[stat.rindex(")") + 2 :].split()
