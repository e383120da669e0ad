# SPDX-License-Identifier: GPL-2.0
# Idle guests cost the host nothing: 50 idle guests (4 MiB each; no
# periodic timer, sched_op block in a loop) add less than 2% of one CPU
# to the host's busy time over a 10 s window, against a 10 s window with
# no guests, and each guest's runstate counts the window as blocked.
# IDLE_N=N changes the number of guests, IDLE_CMDLINE the guests' command
# line (IDLE_CMDLINE=tick=10 gives them a 10 ms tick: the check must fail).
. /hv/selftests/lib.sh
T=idle

n=${IDLE_N:-50}
window=10
max_pct=2

# Busy time of all CPUs in USER_HZ ticks: user nice system irq softirq steal.
busy() {
	awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

uptime_cs() {
	awk '{ printf "%d\n", $1 * 100 }' /proc/uptime
}

# measure: host CPU used over the window, in hundredths of % of one CPU.
measure() {
	b0=$(busy)
	u0=$(uptime_cs)
	sleep $window
	b1=$(busy)
	u1=$(uptime_cs)
	# USER_HZ is 100: ticks / centiseconds of wall time.
	echo $(( (b1 - b0) * 10000 / (u1 - u0) ))
}

# blocked NAME: the guest's runstate blocked time in ns, current included.
blocked() {
	hvctl -j show "$1" | tr -d ' \n' |
		sed -n 's/.*"kind":"runstate-ns","index":2,"name":"blocked","count":\([0-9]*\).*/\1/p'
}

pct() {
	v=$1
	sign=
	[ "$v" -lt 0 ] && sign=- && v=$((-v))
	printf '%s%d.%02d' "$sign" $((v / 100)) $((v % 100))
}

sleep 2
base=$(measure)
diag "baseline: $(pct $base)% of one CPU with no guests"

fails=0
i=0
while [ $i -lt $n ]; do
	hvctl create "idle$i" --memory 4M --kernel /hv/guests/idle.elf \
		--cmdline "${IDLE_CMDLINE:-}" > /dev/null || fails=$((fails + 1))
	i=$((i + 1))
done
check "$n idle guests of 4 MiB created" '[ $fails = 0 ]'

# All of them said they are ready, and nothing after that.
# At most 120 s: a guest that does not idle slows the VM down.
ready=0
end=$(($(uptime_cs) + 12000))
while [ "$(uptime_cs)" -lt $end ]; do
	ready=0
	i=0
	while [ $i -lt $n ]; do
		[ "$(hvctl console --no-follow "idle$i")" = "idle: ready" ] &&
			ready=$((ready + 1))
		i=$((i + 1))
	done
	[ $ready = $n ] && break
	sleep 1
done
check "all $n guests ready ($ready), one console line each" '[ $ready = $n ]'

# Let the creations settle, then each guest's blocked time and the window.
sleep 2
i=0
# Each read of a counter is bracketed by two of the clock: an hvctl run
# takes a while on a loaded machine, and the counter's instant lies
# somewhere between them.
while [ $i -lt $n ]; do
	eval "t0a_$i=$(uptime_cs) b0_$i=$(blocked idle$i) t0b_$i=$(uptime_cs)"
	i=$((i + 1))
done
idle=$(measure)
bad=0
i=0
while [ $i -lt $n ]; do
	eval "b0=\$b0_$i t0a=\$t0a_$i t0b=\$t0b_$i"
	t1a=$(uptime_cs)
	b1=$(blocked idle$i)
	t1b=$(uptime_cs)
	# Blocked all along: the blocked time grew by the wall time between
	# the two reads, which lies between the shortest and the longest
	# interval the brackets allow, within 0.2 s.
	g=$(( (b1 - b0) / 10000000 ))
	if [ -z "$b0" ] || [ -z "$b1" ] || [ $g -lt $((t1a - t0b - 20)) ] ||
	   [ $g -gt $((t1b - t0a + 20)) ]; then
		bad=$((bad + 1))
		diag "idle$i: blocked ${b0:-?} -> ${b1:-?} ns over $((t1a - t0b))..$((t1b - t0a)) cs"
	fi
	[ $i = 0 ] && first="$(( (b1 - b0) / 1000000 )) ms blocked in $((t1a - t0b))0..$((t1b - t0a))0 ms"
	i=$((i + 1))
done
check "runstate: every guest blocked for the whole window (idle0: $first)" \
	'[ $bad = 0 ]'

added=$((idle - base))
diag "with $n idle guests: $(pct $idle)% of one CPU, baseline $(pct $base)%: added $(pct $added)%"
check "$n idle guests add < ${max_pct}% of one CPU ($(pct $added)%)" \
	'[ $added -lt $((max_pct * 100)) ]'
run hvctl console --no-follow idle0
check "the guest said nothing after its ready line" '[ "$out" = "idle: ready" ]'

destroy_all
finish
