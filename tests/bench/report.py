#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Results of `make bench` (tests/bench/run.sh).

  report.py parse --backend svm|vmx --machine M --quick 0|1 LOG OUT.json
      the BENCH lines of a console log -> JSON; fails unless both the xvm
      and the KVM run completed, Linux boots included (unless skipped:
      BENCH-SKIP, kept under "not_measured")
  report.py table FILE.json...      the table on the terminal
  report.py chart --out PNG FILE.json...
      ratio xvm/KVM per figure and machine (matplotlib; skipped with a
      note when it is not installed)
"""
import json
import re
import sys

# figure: (label, lower is better, target on the ratio xvm/KVM or None)
FIGURES = {
    "cpuid": ("CPUID exit, in kernel (per exit)", True, "exit"),
    "pio": ("port-I/O exit to userspace (per exit)", True, "exit"),
    "mmio": ("MMIO exit to userspace (per exit)", True, "exit"),
    "hlt_wake": ("HLT + wake by injected interrupt", True, "exit"),
    "vm_create_destroy": ("VM create + destroy", True, None),
    "vcpu_create": ("vCPU create", True, None),
    "first_insn": ("time to the guest's first instruction", True, None),
    "compute_guest": ("compute loop in the guest", True, None),
    "compute_native": ("compute loop, native", True, None),
    "compute_ratio": ("compute: native time / guest time", False, "compute"),
    "mem_per_vm": ("kernel memory per VM (free pages)", True, None),
    "mem_per_vm_slab": ("  per VM, Slab+KernelStack+PT", True, None),
    "mem_per_vcpu": ("kernel memory per vCPU (free pages)", True, "mem"),
    "mem_per_vcpu_slab": ("  per vCPU, Slab+KernelStack+PT", True, None),
    "linux_boot": ("Linux guest boot (xvm-run start to end)", True, None),
    "linux_init": ("  of it: xvm-run start to init", True, None),
}
TARGETS = {
    "exit": "ratio <= 1.0 (goal 0.7)",
    "compute": "xvm >= 0.98 x KVM",
    "mem": "ratio <= 1.0",
}
LINE = re.compile(r"^BENCH (\w+) (\w+) (\S+) (\S+) runs=(\S*)")


def parse(args):
    backend = machine = quick = None
    it = iter(args)
    rest = []
    for a in it:
        if a == "--backend":
            backend = next(it)
        elif a == "--machine":
            machine = next(it)
        elif a == "--quick":
            quick = int(next(it))
        else:
            rest.append(a)
    log, out = rest
    figs, done, info, fails, skipped = {}, set(), [], [], {}
    inside = False
    for line in open(log, errors="replace"):
        line = line.rstrip("\n")
        if line.startswith("XVM-BENCH-BEGIN"):
            inside = True
            info.append(line[len("XVM-BENCH-BEGIN "):])
            continue
        if line.startswith("XVM-BENCH-END"):
            inside = False
        if not inside:
            continue
        m = LINE.match(line)
        if m:
            be, fig, med, unit, runs = m.groups()
            f = figs.setdefault(fig, {"unit": unit})
            # A kernel message may cut into a line: keep the numbers.
            nums = re.findall(r"[0-9.]+(?:e[-+]?[0-9]+)?", runs)
            f[be] = {"median": float(med),
                     "runs": [float(x) for x in nums]}
        elif line.startswith("BENCH-DONE "):
            done.add(line.split()[1])
        elif line.startswith("BENCH-INFO "):
            info.append(line[len("BENCH-INFO "):])
        elif line.startswith("BENCH-SKIP "):
            # BENCH-SKIP <backend> <figure>: <reason>
            be, rest = line.split()[1], line.split(None, 2)[2]
            fig, _, why = rest.partition(": ")
            skipped.setdefault(fig, {})[be] = why
        elif line.startswith("BENCH-FAIL") or "xvm-bench:" in line:
            fails.append(line)
    for f in figs.values():
        if "xvm" in f and "kvm" in f and f["kvm"]["median"]:
            f["ratio"] = f["xvm"]["median"] / f["kvm"]["median"]
    res = {
        "machine": machine,
        "backend": backend,
        "quick": bool(quick),
        "time": ("guest time from CLOCK_MONOTONIC; QEMU -icount shift=0: "
                 "1 ns per instruction; Bochs ips=200000000, sync=none: "
                 "5 ns per instruction"),
        "linux_boot": ("the Linux guest of t-60 booted by xvm-run --kernel "
                       "(--kvm for KVM) with the same devices, until its "
                       "`reboot -f` ends xvm-run; linux_init: xvm-run's "
                       "own 'boot time' (to 'Run /init'), ms resolution"),
        "info": info,
        "failures": fails,
        "complete": sorted(done),
        "figures": figs,
        "not_measured": {f: "; ".join(f"{b}: {w}" for b, w in sorted(v.items()))
                         for f, v in skipped.items()},
    }
    with open(out, "w") as fh:
        json.dump(res, fh, indent=1, sort_keys=False)
        fh.write("\n")
    for line in fails:
        print(f"bench: {backend}: {line}", file=sys.stderr)
    need = {"xvm", "kvm"}
    if "linux_boot" not in skipped:
        need |= {"xvm-boot", "kvm-boot"}
    ok = done >= need
    print(f"bench: {backend}: wrote {out}"
          + ("" if ok else f" (incomplete: done {sorted(done)})"))
    return 0 if ok else 1


def fmt(v, unit):
    if v is None:
        return "-"
    if unit == "ns":
        if v >= 1e9:
            return f"{v / 1e9:.2f} s"
        if v >= 1e6:
            return f"{v / 1e6:.2f} ms"
        if v >= 1e3:
            return f"{v / 1e3:.2f} us"
        return f"{v:.0f} ns"
    if unit == "KiB":
        return f"{v:.1f} KiB"
    return f"{v:.3f}"


def verdict(fig, f):
    kind = FIGURES.get(fig, ("", True, None))[2]
    r = f.get("ratio")
    if kind is None or r is None:
        return ""
    if kind == "exit":
        return "goal met" if r <= 0.7 else "met" if r <= 1.0 else "NOT met"
    if kind == "compute":
        return "met" if r >= 0.98 else "NOT met"
    if kind == "mem":
        return "met" if r <= 1.0 else "NOT met"
    return ""


def load(files):
    out = []
    for fn in files:
        try:
            out.append(json.load(open(fn)))
        except (OSError, ValueError) as e:
            print(f"bench: {fn}: {e}", file=sys.stderr)
    return out


def table(files):
    for res in load(files):
        title = (f"{res['backend'].upper()} ({res['machine']})"
                 + (", quick" if res.get("quick") else ""))
        print(f"\n{title}: median of the runs; ratio = xvm / KVM")
        print(f"{'figure':40} {'xvm':>11} {'KVM':>11} {'ratio':>7}  target")
        figs = res["figures"]
        for fig in list(FIGURES) + [f for f in figs if f not in FIGURES]:
            if fig not in figs:
                continue
            f = figs[fig]
            label = FIGURES.get(fig, (fig,))[0]
            x = f.get("xvm", {}).get("median")
            k = f.get("kvm", {}).get("median")
            r = f.get("ratio")
            print(f"{label:40} {fmt(x, f['unit']):>11} {fmt(k, f['unit']):>11}"
                  f" {'-' if r is None else f'{r:.2f}':>7}  {verdict(fig, f)}")
        for fig, why in res.get("not_measured", {}).items():
            label = FIGURES.get(fig, (fig,))[0]
            print(f"{label:40} {'not measured':>11}  ({why})")
        for line in res.get("failures", []):
            print(f"  failure: {line}")
    return 0


def chart(args):
    out = args[args.index("--out") + 1]
    files = [a for a in args if a not in ("--out", out)]
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("bench: no matplotlib (apt-get install python3-matplotlib):"
              " no chart", file=sys.stderr)
        return 1
    results = load(files)
    figs = [f for f in FIGURES if not f.endswith("_slab")
            and f not in ("compute_guest", "compute_native")]
    fig, ax = plt.subplots(figsize=(10, 5))
    width = 0.8 / max(1, len(results))
    for i, res in enumerate(results):
        ys = [res["figures"].get(f, {}).get("ratio", 0) or 0 for f in figs]
        xs = [j + (i - (len(results) - 1) / 2) * width for j in range(len(figs))]
        ax.bar(xs, ys, width,
                      label=f"{res['backend'].upper()} ({res['machine']})")
        for f, x, y in zip(figs, xs, ys):
            if y:
                ax.text(x, y, f"{y:.2f}" if y >= 0.1 else f"{y:.2g}",
                        ha="center", va="bottom", fontsize=7)
            elif f in res.get("not_measured", {}):
                ax.text(x, 1.0, "not\nmeasured", ha="center",
                        va="bottom", fontsize=6, rotation=90)
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.axhline(0.7, color="green", linewidth=0.8, linestyle="--",
               label="exit-path goal 0.7")
    ax.set_yscale("log", base=2)
    # Headroom above the bars at 1.0 for the legend.
    ax.set_ylim(top=max(8.0, ax.get_ylim()[1] * 4))
    ax.set_xticks(range(len(figs)))
    ax.set_xticklabels([FIGURES[f][0].split(" (")[0].replace(", in kernel", "")
                        for f in figs], rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("xvm / KVM (log scale; < 1: xvm less)")
    ax.set_title("xvm against stock KVM, same emulated CPU "
                 "(compute: higher is better; the rest: lower)")
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    print(f"bench: chart {out}")
    return 0


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "parse":
        return parse(args)
    if cmd == "table":
        return table(args)
    if cmd == "chart":
        return chart(args)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
