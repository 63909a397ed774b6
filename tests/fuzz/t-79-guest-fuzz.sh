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
run_fuzzer guest-fuzz
