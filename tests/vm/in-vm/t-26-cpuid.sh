#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# CPUID answers what the VMM set (--cpuid), a leaf not in the table reads 0.
# Guest: tests/guests/cpuid.S (expected output: tests/guests/cpuid.expect,
# repeated below because only the binaries reach the test machine).
. /xvm/tests/lib.sh

run=/xvm/xvm-run
g=/xvm/guests/cpuid.elf
[ -x $run ] || skip "$run not built"
[ -f $g ] || skip "$g not built"
ensure_loaded
dmesg_mark
t=/tmp/t-26-cpuid

# check STATUS: the run's status and stdout must match; show all if not.
check() {
	if [ "$rc" -ne "$1" ] || ! cmp -s $t.exp $t.out; then
		echo "--- expected stdout (status $1):"; cat $t.exp
		echo "--- got stdout (status $rc):"; cat $t.out
		echo "--- stderr:"; cat $t.err
		echo "--- again with -vvv (first 60 lines):"
		$run $args -vvv --timeout 10 $g 2>&1 | head -60
		fail "cpuid: status or output differ"
	fi
}

args="--timeout 30 --cpuid 0:0x7:0x546d7658:0x72646e65:0x56747365 \
	--cpuid 1:0xf00:0:0x80000000:1 \
	--cpuid 0x80000002:0x2d6d7678:0x206e7572:0x69757063:0x65742064 \
	--cpuid 0x80000003:0x62207473:0x646e6172:0x72747320:0x00676e69 \
	--cpuid 0x80000004:0:0:0:0"
$run $args $g >$t.out 2>$t.err
rc=$?
cat >$t.exp <<'EOF'
cpuid 00000000: 00000007 546d7658 72646e65 56747365
cpuid 00000001: 00000f00 00000000 80000000 00000001
cpuid 80000002: 2d6d7678 206e7572 69757063 65742064
cpuid 80000003: 62207473 646e6172 72747320 00676e69
cpuid 80000004: 00000000 00000000 00000000 00000000
cpuid 4fff0000: 00000000 00000000 00000000 00000000
vendor: XvmTestVendr
brand: xvm-run cpuid test brand string
EOF
check 0
dmesg_check
