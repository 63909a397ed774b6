#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A vCPU thread moved between CPUs while its guest runs goes on correctly:
# the guest's registers (general and SSE) survive every move, and every
# exit in between is handled. Guest: tests/guests/migrate.S.
. /xvm/tests/lib.sh

run=/xvm/xvm-run
g=/xvm/guests/migrate.elf
[ -x $run ] || skip "$run not built"
[ -f $g ] || skip "$g not built"
need_two_cpus
ensure_loaded
dmesg_mark
t=/tmp/t-45-migrate

for round in 1 2 3; do
	$run --timeout 120 --test-dev $g >$t.out 2>$t.err &
	pid=$!
	move_until_gone $pid
	wait $pid
	rc=$?
	if [ $rc -ne 0 ] || [ "$(cat $t.out)" != "migrate: state intact" ]; then
		cat $t.out $t.err
		fail "round $round: status $rc after $moves moves"
	fi
	info "round $round: state intact after $moves moves"
done
dmesg_check
