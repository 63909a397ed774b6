#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# insmod/rmmod 30 times while a VMM keeps opening /dev/xvm and running a
# VM (tests/isolation/isolation open-loop): rmmod is refused while the
# VMM holds a file, never crashes, and the module always comes back.
. /xvm/tests/lib.sh
prog=/xvm/isolation/isolation
[ -x $prog ] || skip "$prog not built"
ensure_loaded
dmesg_mark
kmemleak_clear
# The VMM runs until the rounds are done (SIGTERM), 60 s at most.
$prog open-loop 60 > /tmp/openloop.out 2>&1 &
pid=$!
loaded=0 unloaded=0 i=0
while [ $i -lt 30 ] && kill -0 $pid 2>/dev/null; do
	if xvm_loaded; then
		rmmod xvm 2>/dev/null && unloaded=$((unloaded + 1))
	else
		insmod $XVM_KO || fail "insmod failed (round $i)"
		loaded=$((loaded + 1))
	fi
	usleep $((20000 + (i % 7) * 15000))
	i=$((i + 1))
done
kill -TERM $pid 2>/dev/null
wait $pid
rc=$?
cat /tmp/openloop.out
info "$i rounds: $loaded loads, $unloaded unloads"
[ $rc = 0 ] || fail "open-loop VMM failed ($rc)"
[ $unloaded -gt 0 ] || fail "rmmod never succeeded"
ensure_loaded
dmesg_check
kmemleak_check
