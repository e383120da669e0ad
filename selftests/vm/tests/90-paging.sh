# SPDX-License-Identifier: GPL-2.0
# core
# The paging guests of selftests/guests: an address space built and
# switched to at run time (aspace), demand paging (demand), copy-on-write
# (cow), batched updates, multicalls and memory_op (batch), the
# refusals that keep page tables the hypervisor's (pthostile), the
# kernel stack cache of the lean bounce under a moving stack (kstack), and
# writable page tables, vm_assist 2 (ptwr).  Each ends
# with one result line, "hvtest: NAME: PASS", and powers off.  batch runs
# twice: alone, then next to three spinning guests, so that its long
# batches are likely to be preempted and continued.
. /hv/selftests/lib.sh
T=paging

# run_guest NAME: boot it with its console, wait for its end.
run_guest() {
	run hvctl create "$1" --memory 16M --kernel "/hv/guests/$1.elf" \
		--console
}

for g in aspace demand cow batch pthostile kstack; do
	run_guest $g
	check "$g: passes and powers off (exit 0)" \
		'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: $g: PASS"'
	hvctl destroy $g
done

# Writable page tables: every form emulated, every refusal the #PF.
run_guest ptwr
check "ptwr: passes and powers off (exit 0)" \
	'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: ptwr: PASS"'
check "ptwr: 16 writes refused, each a #PF with P|W" \
	'[ "$(echo "$out" | grep -c "^ptwr: refused: .*: #PF 0x3 at 0x")" = 16 ]'
diag "ptwr:" "$(echo "$out" | grep "cycles per entry write")"
hvctl destroy ptwr

# All three spinning: their vCPUs compete with batch's for two CPUs.
spinning() {
	for s in spin1 spin2 spin3; do
		hvctl console --no-follow $s | grep -q SPINNING || return 1
	done
}

for s in spin1 spin2 spin3; do
	hvctl create $s --memory 16M --kernel /hv/guests/spin.elf > /dev/null
done
i=0
while [ $i -lt 100 ] && ! spinning; do
	sleep 0.1
	i=$((i + 1))
done
check "three spinning guests started" spinning
run_guest batch
check "batch next to three spinning guests: passes (exit 0)" \
	'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: batch: PASS"'
run hvctl -j show batch
diag "batch: calls entered, continuations included:" \
	"$(echo "$out" | grep -o '"name":"m[a-z_]*","count":[0-9]*')"
hvctl destroy batch

# Destroyed while its batches run (slowed by the spinners): every frame,
# type and reference goes, whatever state the tables were left in; the
# host log stays clean (vm-run) and the memory comes back (30-memory).
for k in 1 2 3; do
	hvctl create batch --memory 16M --kernel /hv/guests/batch.elf > /dev/null
	sleep 0.$k
	run hvctl destroy batch
	check "destroy in the middle of batch run $k" \
		'[ $rc = 0 ] && ! hvctl show batch 2>/dev/null'
done

destroy_all
finish
