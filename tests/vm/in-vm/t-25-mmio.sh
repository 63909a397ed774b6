#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# MMIO reads and writes of 1, 2, 4 and 8 bytes (--test-dev echo page).
# Guest: tests/guests/mmio.S (expected output: tests/guests/mmio.expect,
# repeated below because only the binaries reach the test machine).
. /xvm/tests/lib.sh

run=/xvm/xvm-run
g=/xvm/guests/mmio.elf
[ -x $run ] || skip "$run not built"
[ -f $g ] || skip "$g not built"
ensure_loaded
dmesg_mark
t=/tmp/t-25-mmio

# check STATUS: the run's status and stdout must match; show all if not.
check() {
	if [ "$rc" -ne "$1" ] || ! cmp -s $t.exp $t.out; then
		echo "--- expected stdout (status $1):"; cat $t.exp
		echo "--- got stdout (status $rc):"; cat $t.out
		echo "--- stderr:"; cat $t.err
		echo "--- again with -vvv (first 60 lines):"
		$run $args -vvv --timeout 10 $g 2>&1 | head -60
		fail "mmio: status or output differ"
	fi
}

args="--timeout 30 --test-dev"
$run $args $g >$t.out 2>$t.err
rc=$?
cat >$t.exp <<'EOF'
mmio byte: ok
mmio word: ok
mmio dword: ok
mmio qword: ok
mmio unwritten reads zero: ok
EOF
check 0
for l in "mmio w 0xd0000000 1 0x5a" "mmio r 0xd0000004 2 0x1234" \
	 "mmio w 0xd0000008 4 0x12345678" \
	 "mmio r 0xd0000010 8 0x1122334455667788" \
	 "mmio w 0xd0000018 8 0xfffffffffffffffe"; do
	grep -qx "$l" $t.err || { cat $t.err; fail "no '$l' on stderr"; }
done
dmesg_check
