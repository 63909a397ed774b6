#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest page tables: 4 KiB, 2 MiB and 1 GiB pages through alias mappings.
# Guest: tests/guests/paging.S (expected output: tests/guests/paging.expect,
# repeated below because only the binaries reach the test machine).
. /xvm/tests/lib.sh

run=/xvm/xvm-run
g=/xvm/guests/paging.elf
[ -x $run ] || skip "$run not built"
[ -f $g ] || skip "$g not built"
ensure_loaded
dmesg_mark
t=/tmp/t-23-paging

# check STATUS: the run's status and stdout must match; show all if not.
check() {
	if [ "$rc" -ne "$1" ] || ! cmp -s $t.exp $t.out; then
		echo "--- expected stdout (status $1):"; cat $t.exp
		echo "--- got stdout (status $rc):"; cat $t.out
		echo "--- stderr:"; cat $t.err
		echo "--- again with -vvv (first 60 lines):"
		$run $args -vvv --timeout 10 $g 2>&1 | head -60
		fail "paging: status or output differ"
	fi
}

args="--timeout 30"
$run $args $g >$t.out 2>$t.err
rc=$?
cat >$t.exp <<'EOF'
own page tables loaded
4k: ok
4k: accessed and dirty set
2m: ok
1g: ok
EOF
# A CPU without 1 GiB pages prints a skip line instead: accept it, say so.
if grep -q '^1g: skip' $t.out; then
	info "1 GiB pages not offered to the guest: that part skipped"
	sed -i 's/^1g: skip.*/1g: ok/' $t.out
fi
check 0
dmesg_check
