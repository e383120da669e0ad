# SPDX-License-Identifier: GPL-2.0
# core
# update_va_mapping's flush flags (tlbflush: a write through an alias
# faults after UVMF_TLB_FLUSH, every time) and instruction decoding with
# the faulting code's rights (insnfetch: forced-emulation CPUID across a
# page boundary into a supervisor or NX page or past the CS limit is #UD;
# a #GP(selector) where the tables now show SYSENTER is not SYSENTER).
. /hv/selftests/lib.sh
T=flush-fetch

for g in tlbflush insnfetch; do
	run hvctl create $g --memory 16M --kernel /hv/guests/$g.elf --console
	diag "$(echo "$out" | grep "^$g: ")"
	check "$g: passes and powers off (exit 0)" \
		'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: $g: PASS"'
	hvctl destroy $g
done

destroy_all
finish
