#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# guest-fuzz (tests/fuzz/guest-fuzz.c) for $XVM_FUZZ_SECONDS (default 20):
# random register, segment and control-register states, random code,
# random events; every case ends cleanly. Fails on a failure it reports,
# on any kernel report, and (debug kernel) on a leak.
. /xvm/tests/fuzzlib.sh
# Under QEMU's SVM a vCPU stops leaving the guest within a minute of
# fuzzing, and Bochs' VMX stops advancing at all within seconds: not
# understood yet, see "Open" in Documentation/security.rst. `make fuzz`
# sets XVM_FUZZ_STRICT=1 and runs it anyway.
if [ "${XVM_FUZZ_STRICT:-0}" != 1 ]; then
	skip "known emulator stall (security.rst, Open); make fuzz runs it"
fi
run_fuzzer guest-fuzz
