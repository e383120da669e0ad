# SPDX-License-Identifier: GPL-2.0
# core
# FIFO event channels (the fifo guest): init_control, expand_array and
# set_priority with every refusal Xen gives, events through the queues
# (local ports, VIRQ_TIMER, priorities, masks, ports past the first page
# of event words), the 2-level state dead once FIFO is on, and event
# words the guest scribbles on.  The guest ends with "hvtest: fifo: PASS";
# the harness checks the host log after the VM.
. /hv/selftests/lib.sh
T=fifo

run timeout 300 hvctl create fifo --memory 16M \
	--kernel /hv/guests/fifo.elf --console
check "fifo: passes and powers off (exit 0)" \
	'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: fifo: PASS"'
diag "$(echo "$out" | grep "^fifo: ")"
for what in 2-level init_control expand_array local priorities timer poll \
	pages "hostile words" frames; do
	check "fifo: $what: reported" \
		'echo "$out" | grep -q "^fifo: $what: "'
done
run hvctl -j show fifo
check "fifo: domain shut down with poweroff" \
	'echo "$out" | grep -q "\"state\": *\"shutdown\""'
hvctl destroy fifo

destroy_all
finish
