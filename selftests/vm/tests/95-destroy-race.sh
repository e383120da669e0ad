# SPDX-License-Identifier: GPL-2.0
# Destroy while the guest is inside its hypercalls: the evchurn guest
# binds and closes VIRQ_TIMER ports and sets and stops its periodic timer
# in multicalls back to back; hv_race boots it, waits until it churns and
# destroys it 0-19 ms later.  Destroy once took the vCPU away while its
# thread still ran a close (a NULL dereference in hrtimer_cancel, 5 in 200
# cycles).  Every guest must churn without a wrong result until destroyed,
# every destroy succeed, no vCPU thread may be left and the host log stays
# clean (checked here and by vm-run).  200 cycles; HV_LONG=1 (make
# check-long): 2,000.
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

log0=$(klog_bad)
t0=$(date +%s)
run hv_race destroy $n /hv/guests/evchurn.elf "evchurn: churning"
t1=$(date +%s)
log1=$(klog_bad)
diag "$out ($((t1 - t0)) s)"
check "$n guests destroyed while churning event channels, each churned right until then" \
	'[ $rc = 0 ] && echo "$out" | grep -q "^destroy: $n domains destroyed"'
check "no vCPU thread left" '[ "$(hv_threads)" = 0 ]'
check "host log clean (no Oops, BUG or WARNING)" '[ "$log1" = "$log0" ]'
[ "$log1" = "$log0" ] || diag "$(dmesg | grep -E "$bad" | head -n 20)"
destroy_all
finish
