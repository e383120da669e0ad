# SPDX-License-Identifier: GPL-2.0
# Soak: create -> start -> run -> destroy cycles of the hello guest (it
# prints its line and powers off).  Afterwards free memory is back within
# 1% of the start, slab has grown by 1% at most, and nothing of hv
# remains: no vCPU thread ("hv-ID/0" in /proc/*/comm), no timer in
# /proc/timer_list.
# 300 cycles; HV_LONG=1 (make check-long): 10,000.
. /hv/selftests/lib.sh
T=soak

if [ "${HV_LONG:-0}" = 1 ]; then
	n=10000
else
	n=300
fi

uptime_ms() {
	awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}

hv_timers() {
	grep -c '\<hv_' /proc/timer_list
}

fails=0
cycle() {
	if ! hvctl create soak --memory 8M --kernel /hv/guests/hello.elf \
		--console > /tmp/soak.out 2>&1 ||
	   ! grep -q "^hvtest: hello: PASS" /tmp/soak.out; then
		fails=$((fails + 1))
		[ $fails -le 3 ] && diag "cycle $i:" "$(cat /tmp/soak.out)"
	fi
	hvctl destroy soak || fails=$((fails + 1))
}

# The timer check can see hv's timers: while the ticker guest sleeps
# between its ticks (100 of 100 ms), /proc/timer_list shows hv_ptimer_fn
# the whole time.  (The events guest's timer tests were too short to be
# seen by a slow host's 0.1 s sampling: make check-debug.)
hvctl create soakev --memory 16M --kernel /hv/guests/ticker.elf \
	--cmdline "period_ms=100 ticks=100" --console > /tmp/soak-ev.out 2>&1 &
seen=0
threads_seen=0
k=0
while [ $k -lt 300 ] && [ $seen = 0 ]; do
	[ "$(hv_timers)" != 0 ] && seen=1
	[ "$(hv_threads)" = 1 ] && threads_seen=1
	sleep 0.1
	k=$((k + 1))
done
wait
check "while a guest uses its timers, they show in /proc/timer_list" \
	'[ $seen = 1 ] && grep -q "^hvtest: ticker: PASS" /tmp/soak-ev.out'
[ $seen = 1 ] || diag "no hv_ timer in /proc/timer_list in $k samples"
grep -q "^hvtest: ticker: PASS" /tmp/soak-ev.out ||
	diag "the ticker guest's console:" "$(tail -n 8 /tmp/soak-ev.out)"
check "meanwhile its vCPU thread shows in /proc/*/comm" \
	'[ $threads_seen = 1 ]'
hvctl destroy soakev
check "destroyed: no hv timer or thread left" \
	'[ "$(hv_timers)" = 0 ] && [ "$(hv_threads)" = 0 ]'

# Warm up, so caches that fill once are in the baseline.
i=0
while [ $i -lt 20 ]; do
	cycle
	i=$((i + 1))
done
read free0 slab0 <<EOT
$(settled_mem)
EOT
slab_snapshot /tmp/soak-slab0
threads=0
t0=$(uptime_ms)
i=0
while [ $i -lt $n ]; do
	cycle
	i=$((i + 1))
	if [ $((i % 100)) = 0 ] && [ "$(hv_threads)" != 0 ]; then
		threads=$((threads + 1))
	fi
done
t1=$(uptime_ms)
read free1 slab1 <<EOT
$(settled_mem)
EOT
slab_snapshot /tmp/soak-slab1
per=$(( (t1 - t0) / n ))
diag "$n cycles in $(( (t1 - t0) / 1000 )) s, $per ms per cycle"
diag "free $free0 kB -> $free1 kB, slab $slab0 kB -> $slab1 kB"
diag "slab caches that grew (bytes):"
diag "$(slab_growth /tmp/soak-slab0 /tmp/soak-slab1 6)"
check "$n create/start/run/destroy cycles, each guest passed" \
	'[ $fails = 0 ]'
check "no vCPU thread outlived its domain (checked every 100 cycles)" \
	'[ $threads = 0 ] && [ "$(hv_threads)" = 0 ]'
check "no hv timer left in /proc/timer_list" '[ "$(hv_timers)" = 0 ]'
check "free memory back within 1% ($free0 kB -> $free1 kB)" \
	'within_pct $free0 $free1 1'
check "slab grew by 1% at most ($slab0 kB -> $slab1 kB)" \
	'grew_at_most $slab0 $slab1 1'
destroy_all
finish
