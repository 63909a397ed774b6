#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot an emulated machine with the test initramfs, run the in-VM tests and
# report (tests/vm/report.sh).  See Documentation/testing.rst.
#
# Usage: run.sh --target NAME --machine qemu|bochs --bzimage FILE --ko FILE
#               --backend svm|vmx --kernel stock|debug
#               [--kmods DIR] [--expect-ktap] [--timeout SECS] [--demo]
#
# Files: build/NAME/ (initramfs, ISO, raw logs), build/logs/NAME.log (the
# console log), build/results/NAME (counts, for the `make check` summary).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
target= machine= bzimage= ko= backend= kind= kmods= ktap= timeout= demo=0
while [ $# -gt 0 ]; do
	case $1 in
	--target) target=$2; shift ;;
	--machine) machine=$2; shift ;;
	--bzimage) bzimage=$2; shift ;;
	--ko) ko=$2; shift ;;
	--backend) backend=$2; shift ;;
	--kernel) kind=$2; shift ;;
	--kmods) kmods=$2; shift ;;
	--expect-ktap) ktap=--expect-ktap ;;
	--timeout) timeout=$2; shift ;;
	--demo) demo=1 ;;
	*) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
for v in target machine bzimage ko backend kind; do
	[ -n "${!v}" ] || { echo "run.sh: --$v missing" >&2; exit 2; }
done
[ -f "$bzimage" ] || { echo "run.sh: kernel image $bzimage not found" >&2; exit 1; }

work=$repo/build/$target
logs=$repo/build/logs
mkdir -p "$work" "$logs" "$repo/build/results"
rm -f "$repo/build/results/$target"
log=$logs/$target.log

mkargs=(-o "$work/initrd.gz" -k "$ko")
[ -n "$kmods" ] && mkargs+=(-m "$kmods")
[ "$demo" = 1 ] && mkargs+=(-d)
"$here/mkinitramfs.sh" "${mkargs[@]}"

cmdline="console=ttyS0 panic=-1 XVM_BACKEND=$backend XVM_KERNEL=$kind"
[ "$kind" = debug ] && cmdline="$cmdline kasan_multi_shot"
# A kmemleak scan of the debug kernel takes about a minute in QEMU but
# more than the whole time limit in Bochs: kmemleak runs in QEMU only.
[ "$kind" = debug ] && [ "$machine" = bochs ] && cmdline="$cmdline kmemleak=off"
[ -n "${XVM_TEST_TIMEOUT:-}" ] && cmdline="$cmdline XVM_TEST_TIMEOUT=$XVM_TEST_TIMEOUT"
[ -n "${XVM_FUZZ_SECONDS:-}" ] && cmdline="$cmdline XVM_FUZZ_SECONDS=$XVM_FUZZ_SECONDS"
[ -n "${XVM_GUEST_FUZZ_SECONDS:-}" ] && cmdline="$cmdline XVM_GUEST_FUZZ_SECONDS=$XVM_GUEST_FUZZ_SECONDS"
[ -n "${XVM_TESTS:-}" ] && cmdline="$cmdline XVM_TESTS=$XVM_TESTS"
[ -n "${XVM_FUZZ_TRACE:-}" ] && cmdline="$cmdline XVM_FUZZ_TRACE=$XVM_FUZZ_TRACE"
[ "$demo" = 1 ] && cmdline="$cmdline loglevel=4 XVM_DEMO_GUEST=${XVM_DEMO_GUEST:-hello.bin} XVM_DEMO_SHELL=${XVM_DEMO_SHELL:-0}"

start=$(date +%s)
rc=0
case $machine in
qemu)
	: "${timeout:=600}"
	# One host thread for both vCPUs: with `make check`'s Bochs lane
	# beside it, QEMU gets one core, not both.
	qemu=(qemu-system-x86_64 -accel tcg,thread=single -cpu max -smp 2 -m 1024
		-nographic -no-reboot
		-device isa-debug-exit,iobase=0xf4,iosize=0x04
		-kernel "$bzimage" -initrd "$work/initrd.gz" -append "$cmdline")
	# For a look at a stuck machine: echo 'info registers -a' | socat - UNIX:$path
	[ -n "${XVM_QEMU_MONITOR:-}" ] &&
		qemu+=(-monitor "unix:$XVM_QEMU_MONITOR,server,nowait")
	echo "run.sh: $target: booting QEMU (SVM) with $bzimage, timeout ${timeout}s"
	if [ "$demo" = 1 ]; then
		# Live on the terminal (Ctrl-A X quits QEMU) and into the log.
		timeout -k 10 "$timeout" "${qemu[@]}" 2>&1 | tee "$work/console.raw" || rc=$?
	else
		timeout -k 10 "$timeout" "${qemu[@]}" </dev/null \
			> "$work/console.raw" 2>&1 || rc=$?
	fi
	;;
bochs)
	: "${timeout:=1800}"
	iso=$work/iso
	rm -rf "$iso"
	mkdir -p "$iso/isolinux"
	cp /usr/lib/ISOLINUX/isolinux.bin \
		/usr/lib/syslinux/modules/bios/ldlinux.c32 "$iso/isolinux/"
	cp "$bzimage" "$iso/vmlinuz"
	cp "$work/initrd.gz" "$iso/initrd.gz"
	cat > "$iso/isolinux/isolinux.cfg" <<-EOF
	DEFAULT linux
	PROMPT 0
	TIMEOUT 0
	LABEL linux
	  KERNEL /vmlinuz
	  APPEND initrd=/initrd.gz $cmdline
	EOF
	genisoimage -quiet -o "$work/boot.iso" -b isolinux/isolinux.bin \
		-c isolinux/boot.cat -no-emul-boot -boot-load-size 4 \
		-boot-info-table "$iso"
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
	# cpu0=ignore: the emulated CPU's "errors" are the guests' faults and
	# unknown MSRs; a guest looping on one (guest-fuzz does) logged a line
	# per fault, gigabytes, and slowed Bochs some 600 times.
	# No sound: without a sound card Bochs' ALSA driver aborts it ("buffer
	# overflow detected").  Own network namespace: the rfb display listens
	# on port 5900 there only.  Unprivileged users get one through a user
	# namespace.
	netns=(unshare -n)
	[ "$(id -u)" = 0 ] || netns=(unshare -r -n)
	echo "run.sh: $target: booting Bochs (VMX) with $bzimage, timeout ${timeout}s"
	if [ "$demo" = 1 ]; then
		: > "$work/console.raw"
		tail -f "$work/console.raw" & tailpid=$!
	fi
	(cd "$work" && timeout -k 10 "$timeout" "${netns[@]}" \
		bochs -q -f "$work/bochsrc" -rc "$work/bochs.cmds" \
		</dev/null > "$work/bochs.out" 2>&1) || rc=$?
	[ "$demo" = 1 ] && kill "$tailpid" 2>/dev/null
	[ -f "$work/console.raw" ] || : > "$work/console.raw"
	;;
*)
	echo "run.sh: unknown machine $machine" >&2; exit 2 ;;
esac
secs=$(( $(date +%s) - start ))
tr -d '\r' < "$work/console.raw" > "$log"
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	echo "run.sh: $target: TIMEOUT after ${timeout}s" | tee -a "$log"
fi
echo "run.sh: $target: machine ran ${secs}s (exit $rc), console log in ${log#"$repo"/}"

[ "$demo" = 1 ] && exit 0
exec "$here/report.sh" --target "$target" --kernel "$kind" $ktap "$log"
