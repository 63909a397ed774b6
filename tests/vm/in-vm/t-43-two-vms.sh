#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Two VMs at once: two xvm-run processes run tests/guests/twovm.S, each
# seeded differently with --poke, filling and re-checking the same guest
# physical range. Each must see only its own pattern, in the guest (its
# line) and from its VMM (--dump).
. /xvm/tests/lib.sh

run=/xvm/xvm-run
g=/xvm/guests/twovm.elf
[ -x $run ] || skip "$run not built"
[ -f $g ] || skip "$g not built"
ensure_loaded
dmesg_mark
t=/tmp/t-43-two-vms

$run --timeout 240 --poke 0x300000:11 --dump 0x400000:16 $g \
	>$t.1.out 2>$t.1.err &
p1=$!
$run --timeout 240 --poke 0x300000:22 --dump 0x400000:16 $g \
	>$t.2.out 2>$t.2.err &
p2=$!
wait $p1
rc1=$?
wait $p2
rc2=$?

cat >$t.1.exp <<'EOF'
vm 11: pattern intact
00400000: 11 11 11 11 11 11 11 11 10 11 11 11 11 11 11 11
EOF
cat >$t.2.exp <<'EOF'
vm 22: pattern intact
00400000: 22 22 22 22 22 22 22 22 23 22 22 22 22 22 22 22
EOF
for i in 1 2; do
	eval rc=\$rc$i
	if [ "$rc" -ne 0 ] || ! cmp -s $t.$i.exp $t.$i.out; then
		echo "--- VM $i expected (status 0):"; cat $t.$i.exp
		echo "--- VM $i got (status $rc):"; cat $t.$i.out
		echo "--- VM $i stderr:"; cat $t.$i.err
		fail "VM $i: status or output differ"
	fi
done
dmesg_check
