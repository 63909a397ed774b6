#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest memory both ways: --poke before start, --dump after exit.
# Guest: tests/guests/memdump.S (expected output: tests/guests/memdump.expect,
# repeated below because only the binaries reach the test machine).
. /xvm/tests/lib.sh

run=/xvm/xvm-run
g=/xvm/guests/memdump.elf
[ -x $run ] || skip "$run not built"
[ -f $g ] || skip "$g not built"
ensure_loaded
dmesg_mark
t=/tmp/t-40-memdump

# check STATUS: the run's status and stdout must match; show all if not.
check() {
	if [ "$rc" -ne "$1" ] || ! cmp -s $t.exp $t.out; then
		echo "--- expected stdout (status $1):"; cat $t.exp
		echo "--- got stdout (status $rc):"; cat $t.out
		echo "--- stderr:"; cat $t.err
		echo "--- again with -vvv (first 60 lines):"
		$run $args -vvv --timeout 10 $g 2>&1 | head -60
		fail "memdump: status or output differ"
	fi
}

args="--timeout 30 --poke 0x300000:706f6b65642062792074686520564d4d0a00 \
	--dump 0x200000:40"
$run $args $g >$t.out 2>$t.err
rc=$?
cat >$t.exp <<'EOF'
guest read: poked by the VMM
00200000: 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f
00200010: 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f
00200020: 0d f0 fe ca ef be ad de
EOF
check 0
dmesg_check
