"""Helpers shared by the benchmark reports (bench/api.sh, bench/k8s.sh): what ran, where."""
import subprocess


def cpu_model():
    """The CPU's model name from /proc/cpuinfo."""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def commit():
    """The short commit checked out, noting uncommitted changes to tracked files."""
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                             check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                               text=True).stdout.strip()
        return rev + (" (with uncommitted changes)" if dirty else "")
    except (subprocess.CalledProcessError, OSError):
        return "no commit"
