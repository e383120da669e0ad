# SPDX-License-Identifier: GPL-2.0
# core
# The periodic timer (the ticker guest, what "make run" shows): with a 1 s
# period set before VIRQ_TIMER is bound, the ticks come about 1 s apart in
# system time, the first not before 1 s, each printed from the upcall;
# between them the vCPU sleeps in sched_op block, so hv counts more
# blocked than running time.  The guest ends with "hvtest: ticker: PASS".
. /hv/selftests/lib.sh
T=ticker

run timeout 120 hvctl create ticker --memory 16M \
	--kernel /hv/guests/ticker.elf --cmdline "ticks=5" --console
check "ticker: passes and powers off (exit 0)" \
	'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: ticker: PASS"'
diag "$(echo "$out" | grep "^ticker: ")"
check "ticker: 5 ticks, each with the date and time" \
	'[ $(echo "$out" | grep -c "^ticker: tick [1-5] at system time [0-9]*\.[0-9][0-9][0-9] s, wallclock 20[0-9][0-9]-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9] UTC$") = 5 ]'
# System time of the binding, then of each tick, in ms.
times=$(echo "$out" | sed -n \
	-e 's/^ticker: VIRQ_TIMER on port [0-9]*, every 1000 ms from system time \([0-9]*\)\.\([0-9]*\) s.*/\1\2/p' \
	-e 's/^ticker: tick [0-9]* at system time \([0-9]*\)\.\([0-9]*\) s.*/\1\2/p')
gaps=$(echo $times | awk '{ for (i = 2; i <= NF; i++) printf "%d ", $i - $(i - 1) }')
first=$(echo $gaps | cut -d' ' -f1)
rest=$(echo $gaps | cut -d' ' -f2-)
# between MIN MAX N...: every N is within MIN..MAX.
between() {
	min=$1 max=$2
	shift 2
	for g; do
		[ "$g" -ge $min ] && [ "$g" -le $max ] || return 1
	done
}
# 1% below the period is allowed: the guest's system time and the host's
# clock were seen 9 ms apart over the first second (ticker.c).
check "ticker: first tick 990..1600 ms after binding (${first:-?} ms)" \
	'[ $(echo $gaps | wc -w) = 5 ] && between 990 1600 $first'
check "ticker: ticks 900..1600 ms apart ($rest)" \
	'between 900 1600 $rest'
run hvctl -j show ticker
rs() {
	echo "$out" | grep -o "\"kind\": *\"runstate-ns\", *\"index\": *$1,[^}]*" |
		sed -n 's/.*"count": *\([0-9]*\).*/\1/p'
}
running=$(rs 0)
blocked=$(rs 2)
check "ticker: blocked ${blocked:-?} ns > running ${running:-?} ns" \
	'[ -n "$blocked" ] && [ "$blocked" -gt "${running:-0}" ] && [ "$blocked" -gt 3000000000 ]'
check "ticker: domain shut down with poweroff" \
	'echo "$out" | grep -q "\"state\": *\"shutdown\""'
hvctl destroy ticker

destroy_all
finish
