# SPDX-License-Identifier: GPL-2.0
# core
# A guest's single steps leave the host's DR6 clean: after the singlestep
# guest took thousands of #DB traps on CPU 1, a host process's watchpoint
# on CPU 1 reports exactly what it reports on a CPU no guest ran on
# (0xffff0ff1: B0; a stale BS would read 0xffff4ff1).
. /hv/selftests/lib.sh
T=dr6

CPU=1
CLEAN=0xffff0ff1

run dr6_watch $CPU
check "before any guest: a watchpoint on CPU $CPU reports DR6 $CLEAN ($out)" \
	'[ $rc = 0 ] && [ "$out" = "dr6 $CLEAN" ]'

run hvctl create step --memory 16M --kernel /hv/guests/singlestep.elf \
	--cmdline "rounds=20" --paused
check "singlestep: created paused" '[ $rc = 0 ]'
pid=$(vcpu_pid step)
run taskset -p $((1 << CPU)) "$pid"
check "singlestep: its vCPU thread ($pid) is pinned to CPU $CPU" '[ $rc = 0 ]'
hvctl resume step
run timeout 300 hvctl console step < /dev/null
check "singlestep: passes (exit 0)" \
	'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: singlestep: PASS"'
diag "$(echo "$out" | grep "single-step traps")"
diag "$(hvctl show step | grep 'bounce 1 ')"
hvctl destroy step

run dr6_watch $CPU
check "after the guest's single steps on CPU $CPU: DR6 $CLEAN ($out)" \
	'[ $rc = 0 ] && [ "$out" = "dr6 $CLEAN" ]'
run dr6_watch 0
check "and on CPU 0: DR6 $CLEAN ($out)" \
	'[ $rc = 0 ] && [ "$out" = "dr6 $CLEAN" ]'

destroy_all
finish
