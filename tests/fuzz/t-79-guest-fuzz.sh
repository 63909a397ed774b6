#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# guest-fuzz (tests/fuzz/guest-fuzz.c) for $XVM_GUEST_FUZZ_SECONDS, else
# $XVM_FUZZ_SECONDS (default 20): random register, segment and
# control-register states, random code, random events; every case ends
# cleanly. Fails on a failure it reports, on any kernel report, and
# (debug kernel) on a leak.
. /xvm/tests/fuzzlib.sh
[ -n "${XVM_GUEST_FUZZ_SECONDS:-}" ] && XVM_FUZZ_SECONDS=$XVM_GUEST_FUZZ_SECONDS
# Under QEMU's TCG some guest states stop the emulated CPU taking host
# interrupts; xvm's kick then sends an NMI from another CPU. With one CPU
# (the debug kernel has no SMP) nothing could, and the machine hangs.
if [ "${XVM_BACKEND:-}" = svm ] &&
   grep -qw hypervisor /proc/cpuinfo &&
   [ "$(grep -c ^processor /proc/cpuinfo)" -lt 2 ]; then
	skip "SVM under a hypervisor (QEMU TCG) with one CPU: no CPU to send the NMI kick (security.rst)"
fi
run_fuzzer guest-fuzz
