#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# xvm-run's own failures have their documented statuses: 2 for a bad
# command line, 1 for an image it cannot load; --help is status 0.
. /xvm/tests/lib.sh

run=/xvm/xvm-run
[ -x $run ] || skip "$run not built"
ensure_loaded
t=/tmp/t-50-xvm-run-errors

expect_status() {
	want=$1
	shift
	"$run" "$@" >$t.out 2>&1
	rc=$?
	[ $rc -eq $want ] || { cat $t.out; fail "xvm-run $*: status $rc, want $want"; }
}

expect_status 0 --help
grep -q '^usage: xvm-run' $t.out || fail "--help prints no usage"
expect_status 2 --bogus-option /xvm/guests/hello.bin
expect_status 2 --mem 12Q /xvm/guests/hello.bin
expect_status 2
expect_status 1 /nonexistent/image.bin
# An ELF64 file that is cut short cannot be loaded.
if [ -f /xvm/guests/paging.elf ]; then
	head -c 100 /xvm/guests/paging.elf >$t.elf
	expect_status 1 $t.elf
fi
info "usage errors 2, load errors 1"
