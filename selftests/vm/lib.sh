# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the selftests that run inside the test VM.  A test sets T (its
# name), runs commands with run() and states what must hold with check().
# TAP numbers count across all test files through /tmp/hv-tap.n.

PATH=/hv/bin:/hv/selftests/bin:$PATH
failures=0

tap_next() {
	tap_n=$(($(cat /tmp/hv-tap.n 2>/dev/null || echo 0) + 1))
	echo $tap_n > /tmp/hv-tap.n
}

ok() {
	tap_next
	echo "ok $tap_n - $T: $*"
}

not_ok() {
	tap_next
	echo "not ok $tap_n - $T: $*"
	failures=$((failures + 1))
}

diag() {
	printf '%s\n' "$*" | sed 's/^/#   /'
}

# run CMD...: sets $rc, $out (stdout) and $err (stderr).
run() {
	"$@" > /tmp/hv-out 2> /tmp/hv-err
	rc=$?
	out=$(cat /tmp/hv-out)
	err=$(cat /tmp/hv-err)
}

# check DESC CONDITION: CONDITION is shell code, usually about $rc/$out/$err.
check() {
	desc=$1
	shift
	if eval "$*"; then
		ok "$desc"
	else
		not_ok "$desc"
		diag "failed: $*" "rc=$rc" "stdout: $out" "stderr: $err"
	fi
}

# Every domain a test created is gone when it ends.
destroy_all() {
	for id in $(hvctl -j list | grep -o '"id": *[0-9]*' | grep -o '[0-9]*$'); do
		hvctl destroy "$id"
	done
}

finish() {
	[ $failures = 0 ]
}

# as_user CMD: run CMD as the unprivileged hvuser (uid 1000).
as_user() {
	su hvuser -s /bin/sh -c "$*"
}

# meminfo KEY: a /proc/meminfo figure in kB.
meminfo() {
	awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo
}

# Pages parked on the per-CPU free lists, in kB: MemFree leaves them out
# (in a 1 GiB VM each CPU may hold ~27 MiB there).
pcp_kb() {
	awk '$1 == "count:" { n += $2 } END { print n * 4 }' /proc/zoneinfo
}

# Free memory (MemFree plus the per-CPU lists) and slab (kB), once caches
# are dropped, every slab cache shrunk (its per-CPU and empty slabs given
# back: otherwise they hide or fake a leak of hundreds of kB) and deferred
# frees had time: the best of three readings.
settled_mem() {
	best_free=0
	best_slab=
	for k in 1 2 3; do
		sync
		echo 3 > /proc/sys/vm/drop_caches
		sleep 1
		for c in /sys/kernel/slab/*/shrink; do
			echo 1 > "$c"
		done 2> /dev/null
		f=$(($(meminfo MemFree) + $(pcp_kb)))
		s=$(meminfo Slab)
		[ "$f" -gt "$best_free" ] && best_free=$f
		[ -z "$best_slab" ] || [ "$s" -lt "$best_slab" ] && best_slab=$s
	done
	echo "$best_free $best_slab"
}

settled_free() {
	settled_mem | cut -d' ' -f1
}

# within_pct A B PCT: B is within PCT percent of A.
within_pct() {
	[ $(($2 - $1)) -le $(($1 * $3 / 100)) ] &&
		[ $(($1 - $2)) -le $(($1 * $3 / 100)) ]
}

# grew_at_most A B PCT: B at most PCT% above A.  For slab totals: a leak
# grows them, and caches an earlier test filled may be reclaimed meanwhile
# by any amount (93-soak.sh after 84-linux.sh on the debug kernel: -1.8%).
grew_at_most() {
	[ $(($2 - $1)) -le $(($1 * $3 / 100)) ]
}

# hv's vCPU threads ("hv-ID/N"), counted from /proc/*/comm.
hv_threads() {
	cat /proc/[0-9]*/comm 2>/dev/null | grep -c '^hv-'
}

# One line per domain: "id name state", sorted.
domain_states() {
	hvctl -j list | tr '{' '\n' |
		sed -n 's/.*"id": *\([0-9]*\).*"name": *"\([^"]*\)".*"state": *"\([a-z]*\)".*/\1 \2 \3/p' |
		sort -n
}

# slab_snapshot FILE: bytes of slabs per cache (needs /proc/slabinfo).
slab_snapshot() {
	awk 'NR > 2 { print $1, $15 * $6 * 4096 }' /proc/slabinfo 2>/dev/null |
		sort > "$1"
}

# slab_growth BEFORE AFTER: the caches that grew most, for diagnostics.
slab_growth() {
	awk 'NR == FNR { a[$1] = $2; next }
	     $2 > a[$1] { print $2 - a[$1], $1 }' "$1" "$2" |
		sort -rn | head -n "${3:-8}"
}

# vcpu_pid NAME: the pid of the domain's vCPU thread ("hv-ID/0").
vcpu_pid() {
	_id=$(hvctl -j show "$1" | grep -o '"id": *[0-9]*' | grep -o '[0-9]*$')
	for _p in /proc/[0-9]*; do
		[ "$(cat "$_p/comm" 2>/dev/null)" = "hv-$_id/0" ] &&
			echo "${_p#/proc/}"
	done
}

# The Linux guest that vm-run --add brought (make guest-linux
# guest-rootfs): sets K (the kernel) and R (the root file system), or
# reports the test skipped and fails: "need_linux || exit 0".
need_linux() {
	K=/extra/linux.elf
	R=/extra/rootfs.cpio.gz
	[ -f $K ] && [ -f $R ] && return 0
	ok "no $K or $R (make guest-linux guest-rootfs) # SKIP not built"
	return 1
}

# need_disk N: need_linux, and N virtio disks of make guest-disk's image
# (vm-run --drive build/guest/debian-i386.img, N times: selftests/check
# gives two): sets A to the first and C to the second, or reports the
# test skipped and fails: "need_disk N || exit 0".
need_disk() {
	need_linux || return 1
	set -- "$1" $(awk '$2 == "debian-i386.img" { print "/dev/" $1 }' \
		/hv/drives 2> /dev/null)
	if [ $# -le "$1" ]; then
		ok "not $1 debian-i386.img drive(s) (make guest-disk," \
			"vm-run --drive) # SKIP not built"
		return 1
	fi
	A=$2
	C=${3:-}
}

# wait_for NAME PATTERN [TENTHS]: until domain NAME's console shows
# PATTERN (grep), 600 s at most; the console is left in
# $CONS_DIR/NAME.cons (default /tmp).
wait_for() {
	i=0
	while [ $i -lt "${3:-6000}" ]; do
		hvctl console --no-follow "$1" 2>/dev/null | tr -d '\r' \
			> "${CONS_DIR:-/tmp}/$1.cons"
		grep -q -- "$2" "${CONS_DIR:-/tmp}/$1.cons" && return 0
		sleep 0.5
		i=$((i + 5))
	done
	echo "no \"$2\" on $1" >&2
	dump_domain "$1"
	return 1
}

# dump_domain NAME: what a domain that stopped making progress is doing,
# as TAP comments: its state and counters, its last trace records, its
# registers and stack (paused for a moment for that), with the Linux
# guest's symbols when selftests/check added its System.map, and the
# host's pending hv timers.
dump_domain() {
	sym=
	[ -f /extra/System.map ] && sym="--symbols /extra/System.map"
	diag "$1: $(hvctl -j show "$1" 2>&1)"
	# shellcheck disable=SC2086 # $sym is two words or none
	diag "$(hvctl trace $sym "$1" 2>&1 | tail -n 40)"
	hvctl pause "$1" > /dev/null 2>&1 && sleep 1
	# shellcheck disable=SC2086
	diag "$(hvctl regs $sym "$1" 2>&1)"
	hvctl resume "$1" > /dev/null 2>&1
	# Where the host keeps the domain's timers: a timer whose expiry
	# passed long ago points at the host CPU, one missing at the guest;
	# a CPU whose next event lies long in the past has stopped taking
	# its timer interrupts.
	diag "$(awk '/^now at/ { print } /^cpu:/ { cpu = $2 }
		/expires_next/ { print "cpu " cpu ":" $0 }
		/hv_timer_fn|hv_ptimer_fn/ { print "cpu " cpu ":" $0; getline; print }' \
		/proc/timer_list 2>&1)"
}
