"""What machine a benchmark ran on (shared by the benchmark scripts)."""
from __future__ import annotations

import platform
from pathlib import Path


def cpu_model(default: str | None = None) -> str:
    """The CPU's model name from /proc/cpuinfo, else `default` (or the platform's idea of it)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return default or platform.processor() or platform.machine()
