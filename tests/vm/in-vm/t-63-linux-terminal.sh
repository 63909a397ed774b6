#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# xvm-run on a terminal (a pty from /xvm/linux/ptyrun): raw mode, keys go
# to the Linux guest's shell on ttyS0, and Ctrl-A x ends xvm-run with
# status 0 ("terminated (Ctrl-A x)") while the guest still runs.
. /xvm/tests/lib.sh

need_linux_guest
pty=/xvm/linux/ptyrun
[ -x $pty ] || skip "$pty not built"
ensure_loaded
dmesg_mark
t=/tmp/t-63
# ptys need devpts (the machine's /init mounts only proc, sys, dev).
if [ ! -e /dev/pts/ptmx ]; then
	mkdir -p /dev/pts
	mount -t devpts devpts /dev/pts || skip "no devpts"
fi

# The guest's shell banner ends "(Ctrl-A x quits xvm-run)"; type a
# command (the echo shows "$((6*7))", only the result shows 42), then
# Ctrl-A x.
$pty 'quits xvm-run)' 'echo tty-ok-$((6*7))\x0d' 'tty-ok-42' '\x01x' -- \
	$run --timeout 110 --kernel $k --initrd $i \
	--append "console=ttyS0 panic=-1 nokaslr quiet" >$t.out 2>$t.err
rc=$?
if [ "$rc" -ne 0 ] || ! grep -q 'tty-ok-42' $t.out ||
	! grep -q 'terminated (Ctrl-A x)' $t.err; then
	echo "--- terminal (last 30 lines):"; guest_console $t.out 30
	echo "--- stderr:"; tail -30 $t.err; guest_symbols $t.err
	fail "terminal: status $rc (want 0), no command output or no Ctrl-A x"
fi
grep -m1 'terminated' $t.err | sed 's/^/  /'
dmesg_check
