"""What every benchmark script shares: the repository's paths, `timed`,
which runs one command and returns its wall time, CPU time and peak memory,
and `alternate`, which times several commands in turn."""
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


# The benchmarks time pivotbook (and the floor) as built with `dist`, the
# profile the released archives are built with (thin LTO): the binary users
# install, and about 3% faster than `--release` at 10,000 notes.
PROFILE = "dist"


def sh(cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


def built(*parts):
    """The path of a binary the benchmarks build (`built("pivotbook")`, `built("examples", "floor")`)."""
    return os.path.join(os.environ.get("CARGO_TARGET_DIR") or os.path.join(REPO, "target"), PROFILE, *parts)


def build(*targets):
    """Builds `targets` (cargo's `--bin pivotbook`, `--example floor`) with the benchmarks' profile."""
    sh(["cargo", "build", "--profile", PROFILE, "--locked", "--quiet", *targets], cwd=REPO)


def timed(cmd, cwd, ok=(0,)):
    """Runs cmd (or the command cmd() returns) in cwd; returns (wall s, cpu s, peak RSS MiB,
    system s): CPU is user and system time, system the kernel's part of it.
    An exit code outside `ok` stops the benchmark with the command's last output.
    CPU and peak memory include the command's children (`sh -c 'rm -rf … && tool'`)."""
    if callable(cmd):
        cmd = cmd()
    # stderr goes to a file, not a pipe: a pipe that nobody reads while the
    # tool runs blocks it once its diagnostics fill the pipe's buffer.
    with tempfile.TemporaryFile() as errf:
        start = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errf)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
        errf.seek(0)
        err = errf.read().decode(errors="replace")[-4000:]
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        sys.exit(f"failed (exit {code}): {' '.join(cmd)}\n{err}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, ru.ru_stime


def filesystem(path):
    """The file system `path` is on, in words: its type and device, and for ext4 whether it
    has a journal. An ext4 file system without one (its device missing from /proc/fs/jbd2)
    is where the kernel's own time in creating files right after removing thousands, as a
    clean build does, is largest: see the performance page."""
    path = os.path.realpath(path)
    best = ("", "?", "?")
    try:
        with open("/proc/mounts") as f:
            for line in f:
                dev, point, kind = line.split()[:3]
                inside = path == point or path.startswith(point.rstrip("/") + "/")
                if inside and len(point) > len(best[0]):
                    best = (point, dev, kind)
    except OSError:
        return "unknown (no /proc/mounts)"
    point, dev, kind = best
    words = f"{kind} on {dev} (mounted at {point})"
    if kind == "ext4":
        name = os.path.basename(dev)
        try:
            journals = os.listdir("/proc/fs/jbd2")
        except OSError:
            journals = []
        has = any(j.startswith(name + "-") for j in journals)
        words += ", with a journal" if has else ", without a journal"
    return words


def alternate(tools, runs, ok=(0,), before=None):
    """Times each of `tools` ({name: (command, folder)}) once as a warm-up, then `runs` times
    more, taking the tools in turn so that the machine's drift falls on all of them alike.
    Returns {name: [timed(...) of each run]}; `before(name, folder)` runs ahead of each timed run."""
    for cmd, cwd in tools.values():
        timed(cmd, cwd, ok)
    results = {t: [] for t in tools}
    for _ in range(runs):
        for t, (cmd, cwd) in tools.items():
            if before:
                before(t, cwd)
            results[t].append(timed(cmd, cwd, ok))
    return results


def clean_build(binary, root, out):
    """`pivotbook build` from no output: the previous output is removed inside the timed
    command, as a GitHub Pages deploy starts from nothing."""
    return ["sh", "-c", 'rm -rf "$2" && exec "$0" build --root "$1" --out "$2"', binary, root, out]
