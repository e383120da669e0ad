# SPDX-License-Identifier: GPL-2.0
# core
# Event channels and the virtual timer (the events guest): VIRQ_TIMER
# ticks wake a blocked vCPU on time, loopback sends are held while masked
# and delivered once on unmask, a per-port mask holds a port until
# EVTCHNOP_unmask, a storm of sends with the timer firing delivers each
# send or coalesces it, and bad ports, VIRQs and timer values are refused
# or handled.  The guest ends with one result line, "hvtest: events: PASS".
. /hv/selftests/lib.sh
T=events

# A broken timer or block would leave the guest asleep: bound the wait.
run timeout 300 hvctl create events --memory 16M \
	--kernel /hv/guests/events.elf --console
check "events: passes and powers off (exit 0)" \
	'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: events: PASS"'
# The guest's figures, for the log.
diag "$(echo "$out" | grep "^events: ")"
for what in timer loopback "port mask" storm hostile; do
	check "events: $what: reported" \
		'echo "$out" | grep -q "^events: $what: "'
done
ticks=$(echo "$out" | sed -n 's/^events: timer: [0-9]* ticks of 10 ms in \([0-9]*\) ms.*/\1/p')
check "events: 50 ticks of 10 ms took 400..3000 ms (${ticks:-?} ms)" \
	'[ -n "$ticks" ] && [ "$ticks" -ge 400 ] && [ "$ticks" -le 3000 ]'
run hvctl -j show events
check "events: domain shut down with poweroff" \
	'echo "$out" | grep -q "\"state\": *\"shutdown\""'
hvctl destroy events

destroy_all
finish
