#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The ioctl API tests (tests/api/api-test), with the module loaded.
. /xvm/tests/lib.sh

prog=/xvm/api/api-test
[ -x $prog ] || skip "$prog not built"
ensure_loaded
dmesg_mark
$prog || fail "$prog exited with $?"
dmesg_check
