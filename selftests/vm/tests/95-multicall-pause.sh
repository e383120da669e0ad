# SPDX-License-Identifier: GPL-2.0
# Pausing a domain must not cut its multicalls short: the mcpause guest
# runs multicalls of 64 to 200 entries back to back, each entry adding 1
# to a counter of its own (one entry in every other multicall a long
# mmu_update that adds 512), while hv_race pauses and resumes it 100 times
# (1,000 with HV_LONG=1) at random moments.  A pause once ended the
# multicall after the entry that was running, telling the guest it had
# completed.  Every entry must run exactly once (the guest checks every
# counter after every multicall), pauses must land inside multicalls, and
# some inside the long entry (continued there, as Xen does).  A console
# write longer than a round, as a multicall entry, is written whole.
. /hv/selftests/lib.sh
T=multicall-pause

if [ "${HV_LONG:-0}" = 1 ]; then
	n=1000
else
	n=100
fi

run hvctl create mcpause --memory 8M --kernel /hv/guests/mcpause.elf
check "mcpause: started" '[ $rc = 0 ]'
run hv_race pause $n mcpause "mcpause: running"
check "$n pauses and resumes during multicalls" \
	'[ $rc = 0 ] && echo "$out" | grep -q "^pause: $n pauses"'
[ $rc = 0 ] || diag "$err"
run timeout 120 hvctl wait mcpause
run hvctl console --no-follow mcpause
diag "$(echo "$out" | grep "^mcpause: [0-9]")"
check "every multicall entry ran exactly once (hvtest: mcpause: PASS)" \
	'echo "$out" | grep -q "^hvtest: mcpause: PASS"'
# Its first multicall wrote a 10000-byte line (with the newline): more
# than the 4 KiB console_io does per round, continued inside it.
len=$(echo "$out" | awk '/^mcpause: long line: x*$/ { print length($0) }')
check "a 10000-byte console_io write in a multicall is written whole (${len:-?} bytes)" \
	'[ "$len" = 9999 ]'
paused=$(echo "$out" | sed -n 's/.* \([0-9]*\) paused in a multicall.*/\1/p')
inner=$(echo "$out" | sed -n 's/.* \([0-9]*\) continued inside.*/\1/p')
check "pauses landed inside multicalls (${paused:-?} of $n)" \
	'[ "${paused:-0}" -ge $((n / 10)) ]'
check "and inside the long entry, continued there (${inner:-?})" \
	'[ "${inner:-0}" -ge 1 ]'
hvctl destroy mcpause
destroy_all
finish
