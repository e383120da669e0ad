# SPDX-License-Identifier: GPL-2.0
# core
# The test guests of selftests/guests, each proving one behaviour of the
# world switch, the bounce and the hypercalls, and ending with one result
# line: "hvtest: NAME: PASS".  A guest that must be killed says
# "EXPECT-KILL" first; then the domain must be crashed with a reason, the
# host intact (vm-run checks the host log).
. /hv/selftests/lib.sh
T=guests

# run_guest NAME [hvctl create options]: boot it, wait for its end.
run_guest() {
	g=$1
	shift
	run hvctl create "$g" --memory 16M --kernel "/hv/guests/$g.elf" \
		--console "$@"
}

for g in hello privop emulate strio exceptions syscall farjump hole xenver \
	cpuid symtab; do
	run_guest $g
	check "$g: passes and powers off (exit 0)" \
		'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: $g: PASS"'
	run hvctl -j show $g
	check "$g: domain shut down with poweroff" \
		'echo "$out" | grep -q "\"state\": *\"shutdown\""'
	hvctl destroy $g
done

# A bounce onto an unmapped stack kills the domain, with a reason.
run_guest badstack
check "badstack: killed by hv (exit 15) after saying EXPECT-KILL" \
	'[ $rc = 15 ] && echo "$out" | grep -q "EXPECT-KILL"'
run hvctl -j show badstack
check "badstack: crashed, the reason names the bounce frame" \
	'echo "$out" | grep -q "\"state\": *\"crashed\"" &&
	 echo "$out" | grep -qi "frame"'
hvctl destroy badstack

# Two FPU guests at once: their x87/SSE state survives preemption and
# never leaks into the other.
hvctl create fpu1 --memory 16M --kernel /hv/guests/fpu.elf \
	--cmdline "seed=1 secs=3" > /dev/null
hvctl create fpu2 --memory 16M --kernel /hv/guests/fpu.elf \
	--cmdline "seed=2 secs=3" > /dev/null
run hvctl wait fpu1
rc1=$rc
run hvctl wait fpu2
check "fpu: two guests at once both power off" '[ $rc1 = 0 ] && [ $rc = 0 ]'
run hvctl console --no-follow fpu1
check "fpu1: PASS" 'echo "$out" | grep -q "^hvtest: fpu: PASS"'
run hvctl console --no-follow fpu2
check "fpu2: PASS" 'echo "$out" | grep -q "^hvtest: fpu: PASS"'
hvctl destroy fpu1
hvctl destroy fpu2

destroy_all
finish
