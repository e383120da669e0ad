# SPDX-License-Identifier: GPL-2.0
# core
# A guest that spins with events masked and makes no hypercall still
# yields to the host: it is paused, resumed and destroyed promptly.
. /hv/selftests/lib.sh
T=spin

cpu_time() {
	hvctl -j show spin | grep -o '"cpu_time[a-z_]*": *[0-9]*' |
		grep -o '[0-9]*$'
}

run hvctl create spin --memory 16M --kernel /hv/guests/spin.elf
check "spin: started" '[ $rc = 0 ]'
i=0
while [ $i -lt 100 ] && ! hvctl console --no-follow spin | grep -q SPINNING; do
	sleep 0.1
	i=$((i + 1))
done
run hvctl console --no-follow spin
check "spin: the guest is spinning" 'echo "$out" | grep -q "SPINNING"'

run hvctl pause spin
check "pause: exit 0" '[ $rc = 0 ]'
run hvctl -j show spin
check "pause: state paused" 'echo "$out" | grep -q "\"state\": *\"paused\""'
t0=$(cpu_time)
sleep 1
t1=$(cpu_time)
check "paused: no CPU time used ($t0 -> $t1 ns)" '[ "$t0" = "$t1" ]'

run hvctl resume spin
check "resume: exit 0, running again" '[ $rc = 0 ]'
sleep 1
t2=$(cpu_time)
check "resumed: CPU time grows again ($t1 -> $t2 ns)" '[ "$t2" -gt "$t1" ]'

run hvctl destroy spin
check "destroy a spinning guest" '[ $rc = 0 ]'
run hvctl show spin
check "it is gone" '[ $rc = 3 ]'
finish
