# SPDX-License-Identifier: GPL-2.0
# core
# The guest's debug registers (selftests/guests/debugreg.c): write
# watchpoints set with set_debugreg and with MOV DR fire at ring 1 and at
# ring 3 as #DB bounces, DR6 reads back what fired, a #DB deferred by MOV
# SS into hv's entry stub is dropped (on hardware; TCG delivers it in the
# guest), and hostile values get Xen's errors.  Afterwards the
# CPU the guest ran on is the host's again: a host watchpoint there
# reports a clean DR6 (no B0-B3 or BS of the guest's).
. /hv/selftests/lib.sh
T=debugreg

CPU=1
CLEAN=0xffff0ff1

run hvctl create dbg --memory 16M --kernel /hv/guests/debugreg.elf --paused
check "debugreg: created paused" '[ $rc = 0 ]'
pid=$(vcpu_pid dbg)
run taskset -p $((1 << CPU)) "$pid"
check "debugreg: its vCPU thread ($pid) is pinned to CPU $CPU" '[ $rc = 0 ]'
hvctl resume dbg
run timeout 120 hvctl console dbg < /dev/null
check "debugreg: passes and powers off (exit 0)" \
	'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: debugreg: PASS"'
# The MOV SS case: dropped in hv on hardware, a fourth #DB under TCG.
line=$(echo "$out" | grep "^debugreg: MOV SS")
diag "$line"
dbs=3
case "$line" in *"in the guest") dbs=4 ;; esac
run hvctl show dbg
check "debugreg: $dbs #DB bounced to the guest (ring 1 twice, ring 3 once, MOV SS under TCG)" \
	'echo "$out" | grep -q "^  bounce 1 $dbs\$"'
check "debugreg: set_debugreg and get_debugreg counted by name" \
	'echo "$out" | grep -q "hypercall set_debugreg" &&
	 echo "$out" | grep -q "hypercall get_debugreg"'
hvctl destroy dbg

run dr6_watch $CPU
check "after the guest's watchpoints on CPU $CPU: a host watchpoint there reports DR6 $CLEAN ($out)" \
	'[ $rc = 0 ] && [ "$out" = "dr6 $CLEAN" ]'

destroy_all
finish
