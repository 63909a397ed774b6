#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# xvm-run's --mode, --load and --entry: tests/guests/hello64.S as ELF64,
# as a flat binary started in long mode at 1 MiB, and at its second
# entry point; each prints RSI and RDI as vCPU 0 of 1 gets them.
. /xvm/tests/lib.sh

run=/xvm/xvm-run
elf=/xvm/guests/hello64.elf
bin=/xvm/guests/hello64.bin
[ -x $run ] || skip "$run not built"
[ -f $elf ] && [ -f $bin ] || skip "hello64 not built"
ensure_loaded
dmesg_mark
t=/tmp/t-44-entry-load

# try EXPECTED-LINE ARGS...: one run, status 0 and exactly that line.
try() {
	want=$1
	shift
	$run --timeout 30 "$@" >$t.out 2>$t.err
	rc=$?
	if [ $rc -ne 0 ] || [ "$(cat $t.out)" != "$want" ]; then
		echo "--- xvm-run $*"
		echo "--- expected (status 0): $want"
		echo "--- got (status $rc):"; cat $t.out
		echo "--- stderr:"; cat $t.err
		fail "xvm-run $*"
	fi
	info "ok: $*"
}

try "hello from long mode, entry 1, rsi 0, rdi 1" $elf
try "hello from long mode, entry 1, rsi 0, rdi 1" \
	--mode long64 --load 0x100000 $bin
try "hello from long mode, entry 2, rsi 0, rdi 1" --entry 0x100100 $elf
try "hello from long mode, entry 2, rsi 0, rdi 1" \
	--mode long64 --load 0x100000 --entry 0x100100 $bin
dmesg_check
