#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check the test guests that need none of xvm-run's test devices under
# plain QEMU (TCG), started by shim.S in the state xvm-run gives them.
# This checks the guests, not xvm: it needs no /dev/xvm, only
# qemu-system-x86_64. Usage: tests/guests/tcg/run-tcg.sh (after make -C
# tests/guests). Prints PASS/FAIL per guest and exits non-zero on failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
guests=$(dirname "$here")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0

# run NAME IMAGE MODE STATUS: STATUS is the guest's debug-exit value, or
# "shutdown" for a triple fault, "hang" for a guest that must not exit.
run() {
	local name=$1 img=$2 mode=$3 want=$4 bin=$work/$1.img rc out
	if [ "${img##*.}" = elf ]; then
		objcopy -O binary "$guests/$img" "$bin"
	else
		cp "$guests/$img" "$bin"
	fi
	gcc -m32 -c -DMODE="$mode" -DGUEST="\"$bin\"" -o "$work/$name.o" \
		"$here/shim.S" || return 1
	ld -m elf_i386 -T "$here/shim.ld" -z noexecstack --build-id=none \
		-o "$work/$name.shim" "$work/$name.o" || return 1
	timeout 20 qemu-system-x86_64 -cpu max,-svm,-vmx -m 64 -display none \
		-no-reboot -serial "file:$work/$name.out" \
		-device isa-debug-exit,iobase=0xf4,iosize=1 \
		-kernel "$work/$name.shim" >/dev/null 2>&1
	rc=$?
	out=$(tr -d '\r' < "$work/$name.out")
	case $want in
	shutdown) [ $rc -eq 0 ] ;;		# -no-reboot: QEMU quits
	hang) [ $rc -eq 124 ] ;;
	*) [ $rc -eq $(( (want << 1) | 1 )) ] ;;
	esac || { echo "FAIL $name: qemu status $rc"; echo "$out"; fails=$((fails + 1)); return; }
	if [ -f "$guests/$name.expect" ] && \
	   ! diff -u "$guests/$name.expect" <(echo "$out") >"$work/diff"; then
		echo "FAIL $name: output differs"; cat "$work/diff"
		fails=$((fails + 1))
		return
	fi
	echo "PASS $name"
}

run hello hello.bin 1 0
run halt halt.bin 1 hang
run modeswitch modeswitch.bin 1 0
run hello32 hello32.elf 2 0
run hello64 hello64.elf 3 0
run paging paging.elf 3 0
run exceptions exceptions.elf 3 0
# Not msr.elf: TCG reads unknown MSRs as 0 instead of raising #GP.
run triple triple.elf 3 shutdown
[ $fails -eq 0 ]
