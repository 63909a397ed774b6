# SPDX-License-Identifier: GPL-2.0
# Helpers for the in-VM test scripts: source it with `. /xvm/tests/lib.sh`.

XVM_KO=${XVM_KO:-/xvm/xvm.ko}
XVM_DEV=/dev/xvm
KMEMLEAK=/sys/kernel/debug/kmemleak

fail() { echo "  failed: $*"; exit 1; }
skip() { echo "  skipped: $*"; exit 77; }
info() { echo "  $*"; }

xvm_loaded() { grep -q '^xvm ' /proc/modules; }

# Wait up to 5 s for $1 to be a character device (devtmpfs is normally
# synchronous, but do not depend on it).
wait_chardev() {
	local n=0
	while [ ! -c "$1" ] && [ $n -lt 50 ]; do usleep 100000; n=$((n + 1)); done
	[ -c "$1" ]
}

wait_gone() {
	local n=0
	while [ -e "$1" ] && [ $n -lt 50 ]; do usleep 100000; n=$((n + 1)); done
	[ ! -e "$1" ]
}

# Load the module unless it is loaded already.
ensure_loaded() {
	xvm_loaded && return 0
	insmod "$XVM_KO" || fail "insmod $XVM_KO"
	wait_chardev $XVM_DEV || fail "$XVM_DEV did not appear"
}

# Forget the kernel log so far: dmesg_check then looks only at what the
# test caused.  (The console keeps everything.)
dmesg_mark() { dmesg -c >/dev/null; }

# Fail if the kernel log since dmesg_mark holds a kernel report.
dmesg_check() {
	if dmesg | grep -E 'WARNING:|BUG:|Oops|Call Trace|KASAN|UBSAN:|general protection|circular locking|recursive locking|inconsistent lock state|not ok [0-9]'; then
		fail "kernel reported a problem (above)"
	fi
}

# kmemleak helpers: debug kernel with kmemleak on (XVM_KMEMLEAK=1, set by
# /init); no-ops elsewhere.
kmemleak_clear() {
	[ "${XVM_KMEMLEAK:-0}" = 1 ] || return 0
	echo scan > $KMEMLEAK
	echo clear > $KMEMLEAK
}

kmemleak_check() {
	[ "${XVM_KMEMLEAK:-0}" = 1 ] || return 0
	sleep 6		# objects are reported once they are 5 s old
	echo scan > $KMEMLEAK
	local leaks
	leaks=$(cat $KMEMLEAK)
	if [ -n "$leaks" ]; then
		echo "$leaks"
		fail "kmemleak found new unreferenced objects"
	fi
}

# The Linux guest of the t-6x tests: sets run, k (kernel) and i (initrd),
# or skips.
need_linux_guest() {
	run=/xvm/xvm-run
	k=/xvm/linux/vmlinuz
	i=/xvm/linux/initrd.gz
	[ -x $run ] || skip "$run not built"
	[ -f $k ] && [ -f $i ] || skip "no Linux guest in /xvm/linux"
}

# Skip unless this machine has two CPUs or more.
need_two_cpus() {
	[ "$(grep -c ^processor /proc/cpuinfo)" -ge 2 ] || skip "needs two CPUs"
}

# Move every thread of our child process $1 between CPU 0 and CPU 1
# every 20 ms until it ends; sets moves to how many moves that made.
# (Run it in this shell, not in $(...): only this shell reaps the child.)
move_until_gone() {
	moves=0
	while kill -0 "$1" 2>/dev/null; do
		taskset -a -p 1 "$1" >/dev/null 2>&1
		usleep 20000
		taskset -a -p 2 "$1" >/dev/null 2>&1
		usleep 20000
		moves=$((moves + 2))
	done
}

# The last $2 lines of a Linux guest's console ($1), marked so that the
# guest's own kernel reports are not taken for this kernel's (report.sh).
guest_console() { tail -n "$2" "$1" | sed 's/^/  guest| /'; }

# The Linux guests run this machine's kernel with nokaslr: name the
# kernel addresses in xvm-run's report of a stalled guest ($1, its
# stderr) from this kernel's /proc/kallsyms, moved by its KASLR offset.
guest_symbols() {
	local text a lo
	text=$(awk '$3 == "_text" { print $1; exit }' /proc/kallsyms)
	[ -n "$text" ] || return 0
	grep -o '0xffffffff8[0-9a-f]*' "$1" | sort -u | while read -r a; do
		lo=$(( (0x${a#0xffffffff} - 0x81000000 + 0x${text#ffffffff}) \
			& 0xffffffff ))
		awk -v t="$(printf 'ffffffff%08x' $lo)" -v a="$a" '
			$1 <= t && $1 > best { best = $1; name = $3 }
			END { if (name != "") print "  guest " a " is in " name }
		' /proc/kallsyms
	done
}

# After the t-60 guest's boot (`xvm-run ... xvm_test=boot`, output in
# $t.out and $t.err, status $rc): ok=0 unless it ran its commands and
# rebooted with status 0 under the XT-PIC timer. Callers add checks.
linux_boot_checks() {
	ok=1
	[ "$rc" -eq 0 ] || ok=0
	grep -q '^xvm-guest: kernel Linux ' $t.out || ok=0
	grep -q '^xvm-guest: 6\*7=42' $t.out || ok=0
	grep -q 'XT-PIC.*timer' $t.out || ok=0
	grep -q '^xvm-run: guest rebooted' $t.err || ok=0
}

# Then: fail with the guest's console, xvm-run's stderr and the named
# addresses when ok=0 ($1 says which guest); else show its own lines.
linux_boot_verdict() {
	if [ $ok = 0 ]; then
		echo "--- guest console (last 60 lines):"; guest_console $t.out 60
		echo "--- stderr:"; tail -30 $t.err; guest_symbols $t.err
		fail "$1: status $rc (want 0) or output differs"
	fi
	grep '^xvm-guest:' $t.out | sed 's/^/  /'
}
