#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`: boot the stock Debian kernel in QEMU (SVM) and in Bochs
# (VMX) with instruction-based time, run tests/bench/xvm-bench through xvm,
# then unload xvm, load the stock KVM modules and run it through KVM in the
# same machine; parse the console, write bench/results/<svm|vmx>.json, the
# table on the terminal and bench/results/bench.png
# (Documentation/performance.rst).
#
# Usage: run.sh [--quick] [--machines "qemu bochs"] [--timeout SECS]
#              [--no-linux MACHINES]
#   --quick     fewer repetitions and iterations, QEMU only unless
#               --machines says otherwise (the `make check` step)
#   --no-linux  no Linux boot figure on these machines (a smaller initrd)
# Environment: BENCH_QUICK=1 is --quick; BENCH_MACHINES is --machines;
# BENCH_NO_LINUX is --no-linux.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
quick=${BENCH_QUICK:-0}
machines=${BENCH_MACHINES:-}
no_linux=${BENCH_NO_LINUX:-}
timeout=
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=1 ;;
	--machines) machines=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--no-linux) no_linux=$2; shift ;;
	*) echo "bench: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
[ "$quick" = 0 ] || [ "$quick" = 1 ] || quick=1
if [ -z "$machines" ]; then
	machines="qemu bochs"
	[ "$quick" = 1 ] && machines=qemu
fi

kern=($("$repo/tests/scripts/debian-kernel.sh"))
bzimage=${kern[0]}
ver=${bzimage#/boot/vmlinuz-}
kmods=/lib/modules/$ver/kernel
# xvm.ko from a copy of the sources in build/bench/src, so that a build
# in the (shared) tree itself is neither raced nor disturbed.
src=$repo/build/bench/src
mkdir -p "$src"
tar -C "$repo" -c --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
	--exclude='*.mod.c' --exclude='.*.cmd' --exclude='*.a' \
	--exclude=modules.order --exclude=Module.symvers Kbuild module uapi |
	tar -C "$src" -x
make -C "${kern[1]}" M="$src" modules >/dev/null
xvm_ko=$src/module/xvm.ko
make -C "$here" --no-print-directory
# xvm-run, for the Linux boot figure (mkinitramfs.sh takes it from here).
make -C "$repo/userspace" --no-print-directory >/dev/null
# The commit, "+local" when the module's sources differ from it.
rev=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$repo" diff --quiet HEAD -- Kbuild module uapi 2>/dev/null ||
	rev=$rev+local

# A quick run (make check) leaves the published results alone.
# Debian's python3 (python3-matplotlib), not one earlier on PATH.
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
out=$repo/bench/results
[ "$quick" = 1 ] && out=$repo/build/bench-quick
mkdir -p "$out"
status=0

for machine in $machines; do
	case $machine in
	qemu) backend=svm ;;
	bochs) backend=vmx ;;
	*) echo "bench: unknown machine $machine" >&2; exit 2 ;;
	esac
	work=$repo/build/bench-$backend
	mkdir -p "$work"
	log=$work/console.log

	# The test initramfs (xvm.ko, the KVM modules in /xvm/kvm/, xvm-run
	# and the Linux guest in /xvm/linux/), then a second archive on top
	# that replaces /init and adds the benchmark and ccp.ko (kvm-amd
	# needs it); the kernel unpacks both in order.  --no-linux leaves
	# the Linux guest out (XVM_GUEST_KERNEL).
	guest=
	nolinux=
	case " $no_linux " in
	*" $machine "*)
		guest=/nonexistent
		nolinux=1
		;;
	esac
	XVM_GUEST_KERNEL=${guest:-${XVM_GUEST_KERNEL:-}} \
		"$repo/tests/vm/mkinitramfs.sh" -o "$work/base.gz" \
			-k "$xvm_ko" -m "$kmods"
	stage=$(mktemp -d "$work/overlay.XXXXXX")
	mkdir -p "$stage/xvm/bench" "$stage/xvm/kvm"
	install -m 0755 "$here/bench-init.sh" "$stage/init"
	install -m 0755 "$here/xvm-bench" "$stage/xvm/bench/xvm-bench"
	for ext in "" .xz .zst; do
		f=$kmods/drivers/crypto/ccp/ccp.ko$ext
		[ -f "$f" ] || continue
		case $ext in
		.xz) xz -dc "$f" > "$stage/xvm/kvm/ccp.ko" ;;
		.zst) zstd -qdc "$f" > "$stage/xvm/kvm/ccp.ko" ;;
		*) cp "$f" "$stage/xvm/kvm/ccp.ko" ;;
		esac
	done
	(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
		cpio --quiet -o -H newc -R 0:0) | gzip -n > "$work/overlay.gz"
	rm -rf "$stage"
	cat "$work/base.gz" "$work/overlay.gz" > "$work/initrd.gz"

	cmdline="console=ttyS0 panic=-1 XVM_BACKEND=$backend XVM_BENCH_QUICK=$quick XVM_REV=$rev"
	[ -n "$nolinux" ] && cmdline="$cmdline XVM_BENCH_NOLINUX=1"
	start=$(date +%s)
	rc=0
	if [ "$machine" = qemu ]; then
		# -icount shift=0: one instruction is one nanosecond of guest
		# time, whatever the host does.  One CPU: no scheduling noise.
		echo "bench: booting QEMU (SVM, -icount shift=0)"
		timeout -k 10 "${timeout:-900}" qemu-system-x86_64 -accel tcg \
			-cpu max -smp 1 -m 1024 -icount shift=0 \
			-nographic -no-reboot \
			-kernel "$bzimage" -initrd "$work/initrd.gz" \
			-append "$cmdline" </dev/null > "$work/console.raw" 2>&1 ||
			rc=$?
	else
		iso=$work/iso
		rm -rf "$iso"
		mkdir -p "$iso/isolinux"
		cp /usr/lib/ISOLINUX/isolinux.bin \
			/usr/lib/syslinux/modules/bios/ldlinux.c32 "$iso/isolinux/"
		cp "$bzimage" "$iso/vmlinuz"
		cp "$work/initrd.gz" "$iso/initrd.gz"
		printf 'DEFAULT linux\nPROMPT 0\nTIMEOUT 0\nLABEL linux\n  KERNEL /vmlinuz\n  APPEND initrd=/initrd.gz %s\n' \
			"$cmdline" > "$iso/isolinux/isolinux.cfg"
		genisoimage -quiet -o "$work/boot.iso" -b isolinux/isolinux.bin \
			-c isolinux/boot.cat -no-emul-boot -boot-load-size 4 \
			-boot-info-table "$iso"
		# As tests/vm/run.sh; clock: sync=none makes time follow
		# the instruction count (ips=200000000: 5 ns each).
		cat > "$work/bochsrc" <<-EOF
		megs: 1024
		cpu: model=corei7_skylake_x, ips=200000000
		romimage: file=/usr/share/bochs/BIOS-bochs-latest
		vgaromimage: file=/usr/share/vgabios/vgabios.bin
		ata0-master: type=cdrom, path=$work/boot.iso, status=inserted
		boot: cdrom
		com1: enabled=1, mode=file, dev=$work/console.raw
		display_library: rfb, options="timeout=0"
		log: $work/bochs.log
		panic: action=fatal
		error: action=report, cpu0=ignore
		clock: sync=none, time0=local
		sound: driver=dummy
		speaker: enabled=0
		EOF
		printf 'c\nquit\n' > "$work/bochs.cmds"
		rm -f "$work/console.raw"
		netns=(unshare -n)
		[ "$(id -u)" = 0 ] || netns=(unshare -r -n)
		echo "bench: booting Bochs (VMX, clock: sync=none)"
		(cd "$work" && timeout -k 10 "${timeout:-2400}" "${netns[@]}" \
			bochs -q -f "$work/bochsrc" -rc "$work/bochs.cmds" \
			</dev/null > "$work/bochs.out" 2>&1) || rc=$?
		[ -f "$work/console.raw" ] || : > "$work/console.raw"
	fi
	tr -d '\r' < "$work/console.raw" > "$log"
	echo "bench: $machine ran $(( $(date +%s) - start ))s (exit $rc), console in ${log#"$repo"/}"
	if ! "$py" "$here/report.py" parse --backend "$backend" \
		--machine "$machine" --quick "$quick" "$log" "$out/$backend.json"; then
		echo "bench: $machine: no complete results; last lines of the console:"
		tail -n 40 "$log"
		status=1
	fi
done

"$py" "$here/report.py" table "$out"/*.json || status=1
"$py" "$here/report.py" chart --out "$out/bench.png" "$out"/*.json ||
	status=1
exit $status
