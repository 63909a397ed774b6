# SPDX-License-Identifier: GPL-2.0
# Shared by the t-7x fuzz scripts: run one fuzzer from /xvm/fuzz/ for
# $XVM_FUZZ_SECONDS (default 20) and fail on its verdict, on any kernel
# report logged meanwhile, and (debug kernel) on a kmemleak finding.
# Source after lib.sh; call run_fuzzer NAME [ARGS...].
. /xvm/tests/lib.sh

# Reports lib.sh's dmesg_check does not look for.
dmesg_check_more() {
	if dmesg | grep -E 'Kernel panic|lockdep is turned off|DEBUG_LOCKS_WARN_ON|suspicious RCU|kmemleak: [0-9]+ new suspected|unreferenced object 0x|BUG |refcount_t:'; then
		fail "kernel reported a problem (above)"
	fi
}

run_fuzzer() {
	local name=$1 prog=/xvm/fuzz/$1 out=/tmp/$1.out rc
	shift
	[ -x "$prog" ] || skip "$prog not built"
	ensure_loaded
	dmesg_mark
	kmemleak_clear
	secs=${XVM_FUZZ_SECONDS:-20}
	info "$name for ${secs}s"
	"$prog" "$secs" "$@" > "$out" 2>&1
	rc=$?
	# The verdict lines and the totals; every FAIL line, at most 50.
	grep -m 50 '^FAIL' "$out"
	grep -v '^FAIL' "$out" | tail -n 8 | sed 's/^/  /'
	grep -qE '^[0-9]+ passed, 0 failed$' "$out" ||
		fail "$name: failures, or no summary line (exit $rc)"
	[ "$rc" = 0 ] || fail "$name exited $rc"
	dmesg_check
	dmesg_check_more
	# The module goes away cleanly after the storm, and comes back.
	rmmod xvm || fail "rmmod after $name"
	ensure_loaded
	dmesg_check
	kmemleak_check
}
