#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ioctl-fuzz (tests/fuzz/ioctl-fuzz.c) for $XVM_FUZZ_SECONDS (default 20):
# every ioctl with random and boundary arguments from several threads,
# racing close, munmap, fork and kill -9 of child VMMs. Fails on a
# failure it reports, on any kernel report, and (debug kernel) on a leak.
. /xvm/tests/fuzzlib.sh
run_fuzzer ioctl-fuzz
