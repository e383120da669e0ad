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
