# SPDX-License-Identifier: GPL-2.0
# Destroy while the guest is inside its hypercalls: the evchurn guest
# binds and closes VIRQ_TIMER ports and sets and stops its periodic timer
# in multicalls back to back; it is destroyed at a random moment, 0-99 ms
# after it was seen churning.  Destroy once took the vCPU away while its
# thread still ran a close (a NULL dereference in hrtimer_cancel).  Every
# destroy must succeed, the guest must never report a wrong result, no
# vCPU thread may be left and the host log stays clean (checked here and
# by vm-run).  200 cycles; HV_LONG=1 (make check-long): 2,000.
. /hv/selftests/lib.sh
T=destroy-race

if [ "${HV_LONG:-0}" = 1 ]; then
	n=2000
else
	n=200
fi

# vm-init's list of what must never appear in the host log.
bad='Oops|BUG[: ]|WARNING:|general protection|soft lockup|hung_task|blocked for more than|KASAN|UBSAN|lockdep|Kernel panic|RIP: |Call Trace'
klog_bad() {
	dmesg | grep -cE "$bad"
}

uptime_ms() {
	awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}

log0=$(klog_bad)
t0=$(uptime_ms)
churned=0
failed=0
nodestroy=0
i=0
while [ $i -lt $n ]; do
	i=$((i + 1))
	if ! hvctl create churn --memory 8M \
		--kernel /hv/guests/evchurn.elf > /tmp/churn.out 2>&1; then
		failed=$((failed + 1))
		[ $failed -le 3 ] && diag "cycle $i: create:" "$(cat /tmp/churn.out)"
		hvctl destroy churn 2> /dev/null
		continue
	fi
	k=0
	while [ $k -lt 50 ]; do
		hvctl console --no-follow churn > /tmp/churn.out 2>&1
		grep -q "^evchurn: churning\|^hvtest:" /tmp/churn.out && break
		k=$((k + 1))
	done
	if grep -q "^hvtest:" /tmp/churn.out; then
		failed=$((failed + 1))
		[ $failed -le 3 ] && diag "cycle $i:" "$(cat /tmp/churn.out)"
	elif grep -q "^evchurn: churning" /tmp/churn.out; then
		churned=$((churned + 1))
	fi
	sleep "0.$(printf %02d $((RANDOM % 100)))"
	hvctl destroy churn || nodestroy=$((nodestroy + 1))
done
t1=$(uptime_ms)
log1=$(klog_bad)
diag "$n cycles in $(( (t1 - t0) / 1000 )) s; $churned destroyed while churning"

check "$n domains destroyed while churning event channels: each destroy exit 0" \
	'[ $nodestroy = 0 ]'
check "every guest churned and reported no wrong result ($churned of $n)" \
	'[ $failed = 0 ] && [ $churned = $n ]'
check "no vCPU thread left" '[ "$(hv_threads)" = 0 ]'
check "host log clean (no Oops, BUG or WARNING)" '[ "$log1" = "$log0" ]'
[ "$log1" = "$log0" ] || diag "$(dmesg | grep -E "$bad" | head -n 20)"
destroy_all
finish
