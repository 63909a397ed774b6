#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# An endless loop (jmp .) is ended by --timeout: status 124.
# Guest: tests/guests/loop.S (expected output: tests/guests/loop.expect,
# repeated below because only the binaries reach the test machine).
. /xvm/tests/lib.sh

run=/xvm/xvm-run
g=/xvm/guests/loop.elf
[ -x $run ] || skip "$run not built"
[ -f $g ] || skip "$g not built"
ensure_loaded
dmesg_mark
t=/tmp/t-34-timeout

# check STATUS: the run's status and stdout must match; show all if not.
check() {
	if [ "$rc" -ne "$1" ] || ! cmp -s $t.exp $t.out; then
		echo "--- expected stdout (status $1):"; cat $t.exp
		echo "--- got stdout (status $rc):"; cat $t.out
		echo "--- stderr:"; cat $t.err
		echo "--- again with -vvv (first 60 lines):"
		$run $args -vvv --timeout 10 $g 2>&1 | head -60
		fail "loop: status or output differ"
	fi
}

args="--timeout 3"
start=$(cut -d. -f1 /proc/uptime)
$run $args $g >$t.out 2>$t.err
rc=$?
secs=$(( $(cut -d. -f1 /proc/uptime) - start ))
cat >$t.exp <<'EOF'
spinning forever
EOF
check 124
grep -q '^xvm-run: timeout' $t.err || { cat $t.err; fail "no timeout message"; }
[ $secs -ge 2 ] || fail "ended after ${secs}s, before the 3 s timeout"
[ $secs -le 30 ] || fail "took ${secs}s to end after a 3 s timeout"
info "ended after ${secs}s"
dmesg_check
