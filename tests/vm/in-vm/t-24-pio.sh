#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Port I/O of every size, string I/O, unknown ports (--test-dev).
# Guest: tests/guests/pio.S (expected output: tests/guests/pio.expect,
# repeated below because only the binaries reach the test machine).
. /xvm/tests/lib.sh

run=/xvm/xvm-run
g=/xvm/guests/pio.elf
[ -x $run ] || skip "$run not built"
[ -f $g ] || skip "$g not built"
ensure_loaded
dmesg_mark
t=/tmp/t-24-pio

# check STATUS: the run's status and stdout must match; show all if not.
check() {
	if [ "$rc" -ne "$1" ] || ! cmp -s $t.exp $t.out; then
		echo "--- expected stdout (status $1):"; cat $t.exp
		echo "--- got stdout (status $rc):"; cat $t.out
		echo "--- stderr:"; cat $t.err
		echo "--- again with -vvv (first 60 lines):"
		$run $args -vvv --timeout 10 $g 2>&1 | head -60
		fail "pio: status or output differ"
	fi
}

args="--timeout 30 --test-dev"
$run $args $g >$t.out 2>$t.err
rc=$?
cat >$t.exp <<'EOF'
pio byte: ok
pio word: ok
pio dword: ok
pio unknown port: ok
pio rep outsb/insb: ok
pio rep outsw/insw: ok
pio rep outsl/insl: ok
EOF
check 0
# The device log on stderr, one line per access.
for l in "pio w 0x500 1 0x5a" "pio r 0x500 1 0x5a" "pio w 0x502 2 0xbeef" \
	 "pio r 0x504 4 0x12345678" "pio w 0x508 1 0x78" "pio r 0x508 4 0x69727473"; do
	grep -qx "$l" $t.err || { cat $t.err; fail "no '$l' on stderr"; }
done
dmesg_check
