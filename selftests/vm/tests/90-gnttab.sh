# SPDX-License-Identifier: GPL-2.0
# core
# Grant tables, version 1 (the gnttab guest, Documentation/hostile.rst):
# get/set_version, query_size, setup_table with hostile sizes, lists and
# domains, the table's frames mapped like shared_info and never a table,
# GDT or M2P frame, and GNTTABOP_copy through grants to the guest itself:
# data moved, status bits clear afterwards, every refusal with its status
# (read-only, other domains, bad refs, frames not its own, page tables and
# GDT frames written, offsets past the page, revoked and reused grants,
# batches into unmapped memory and the hole).  One "gnttab: ok:" line per
# case; the guest ends with "hvtest: gnttab: PASS".
. /hv/selftests/lib.sh
T=gnttab

GNTTAB_CASES=151

run timeout 300 hvctl create gnttab --memory 16M \
	--kernel /hv/guests/gnttab.elf --console
check "gnttab: passes and powers off (exit 0)" \
	'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: gnttab: PASS"'
n=$(echo "$out" | grep -c "^gnttab: ok: ")
check "gnttab: $GNTTAB_CASES cases right ($n), none wrong" \
	'[ "$n" = $GNTTAB_CASES ] && ! echo "$out" | grep -q "WRONG"'
echo "$out" | grep -q WRONG && diag "$(echo "$out" | grep WRONG)"
diag "gnttab: $(echo "$out" | grep -c "^gnttab: ok: .*(-[0-9]*)\$") of them refusals"
id=$(hvctl -j show gnttab | grep -o '"id": *[0-9]*' | grep -o '[0-9]*$')
check "gnttab: found its own domain id ($id) through get_version" \
	'echo "$out" | grep -q "^gnttab: domid $id\$"'
run hvctl -j show gnttab
diag "gnttab: grant_table_op calls, continuations included:" \
	"$(echo "$out" | grep -o '"name":"grant_table_op","count":[0-9]*')"
hvctl destroy gnttab

destroy_all
finish
