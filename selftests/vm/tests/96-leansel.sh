# SPDX-License-Identifier: GPL-2.0
# core
# The lean paths' selectors (Documentation/hostile.rst, "Lean
# selectors"): the leansel guest makes Linux-like GDT selectors lean, then
# changes their descriptors under them (update_descriptor, set_gdt); each
# next bounce and iret must be what hv's checks make of the new
# descriptor.  Parts 1-3 survive it; part 4 (the trap table's CS made
# DPL 3) must be killed by hv's entry check, not by a fault in hv.
. /hv/selftests/lib.sh
T=leansel

run timeout 300 hvctl create leansel --memory 16M \
	--kernel /hv/guests/leansel.elf --console
check "leansel: passes and powers off (exit 0)" \
	'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: leansel: PASS"'
check "leansel: 3 descriptor changes seen" \
	'[ "$(echo "$out" | grep -c "^leansel: \(update_descriptor\|set_gdt\): ")" = 3 ]'
diag "$(echo "$out" | grep -v "^hvtest: leansel: PASS")"
hvctl destroy leansel

run timeout 120 hvctl create leansel4 --memory 16M \
	--kernel /hv/guests/leansel.elf --cmdline "part=4" --console \
	< /dev/null
check "leansel part 4: killed by hv (exit 15) after EXPECT-KILL" \
	'[ $rc = 15 ] && echo "$out" | grep -q "^hvtest: leansel: EXPECT-KILL"'
run hvctl -j show leansel4
check "leansel part 4: crashed by the entry check, not a fault in hv" \
	'echo "$out" | grep -q "\"state\": *\"crashed\"" &&
	 echo "$out" | grep -q "bad code or stack segment"'
diag "$(echo "$out" | grep -o '"end_reason": *"[^"]*"')"
hvctl destroy leansel4

destroy_all
finish
