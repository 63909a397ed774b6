#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Console input to a Linux guest: xvm-run feeds its stdin (here a pipe,
# so no raw mode) to the UART, whose IRQ 4 wakes the guest's 8250 driver;
# the guest's /init (xvm_test=input) reads one line from its console
# (ttyS0) and prints it back, then reboots.
. /xvm/tests/lib.sh

need_linux_guest
ensure_loaded
dmesg_mark
t=/tmp/t-61
line="hello from the host 42"
rm -f $t.fifo $t.out $t.err
mkfifo $t.fifo

$run --timeout 110 --kernel $k --initrd $i \
	--append "console=ttyS0 panic=-1 nokaslr quiet xvm_test=input" \
	<$t.fifo >$t.out 2>$t.err &
pid=$!
exec 3>$t.fifo
# Type the line only once the guest reads: earlier input is flushed when
# the 8250 driver opens the port.
n=0
while ! grep -q 'READY' $t.out 2>/dev/null && [ $n -lt 110 ] &&
	kill -0 $pid 2>/dev/null; do
	sleep 1
	n=$((n + 1))
done
# (xvm-run may have ended already: no SIGPIPE for this script)
(echo "$line" >&3) 2>/dev/null
wait $pid
rc=$?
exec 3>&-
if [ "$rc" -ne 0 ] || ! grep -q "^xvm-guest: got \[$line\]" $t.out; then
	echo "--- guest console (last 40 lines):"; guest_console $t.out 40
	echo "--- stderr:"; tail -30 $t.err; guest_symbols $t.err
	fail "console input: status $rc (want 0) or the line did not arrive"
fi
grep '^xvm-guest: got' $t.out | sed 's/^/  /'
dmesg_check
