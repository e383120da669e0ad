# SPDX-License-Identifier: GPL-2.0
# core
# hvctl regs and hvctl trace.  The regs guest makes hypercalls with
# arguments nothing else uses, through the fast path, the host path and a
# multicall, has a ud2 bounced, prints what it saw, then loads known
# registers, pushes known words and executes ud2 at regs_crash with no
# trap table: hv kills it there.  regs must show that EIP (also as a
# symbol of the guest's System.map), the registers, the words and the
# bytes 0f 0b; trace the calls with their arguments and results, the
# bounce and the last exit, in that order (with hv.trace_lean=1; with
# the default 0 the lean xen_version(0) leaves no record).  Then the
# refusals: no such domain, a running one, one never started, an
# unprivileged user, and maps that are garbage.
. /hv/selftests/lib.sh
T=debug

MAP=/hv/guests/regs.map
LEAN=/sys/module/hv/parameters/trace_lean

# hv.trace_lean off (the default): the lean paths of switch.S write no
# record, the host path does.  The regs guest's xen_version(0) is lean.
run cat $LEAN
check "hv.trace_lean is off by default" '[ $rc = 0 ] && [ "$out" = N ]'
hvctl create regs0 --memory 16M --kernel /hv/guests/regs.elf --console \
	> /dev/null
run hvctl trace regs0
check "trace_lean off: the host path's call is recorded, the lean one not" \
	'echo "$out" | grep -q "hypercall vm_assist(0x11223344, 0x55667788" &&
	 ! echo "$out" | grep -q "hypercall xen_version(0x0, 0xfeedf00d"'
hvctl destroy regs0

echo 1 > $LEAN
run hvctl create regs --memory 16M --kernel /hv/guests/regs.elf --console
echo 0 > $LEAN
check "regs guest: killed by hv (exit 15) after EXPECT-KILL" \
	'[ $rc = 15 ] && echo "$out" | grep -q "^hvtest: regs: EXPECT-KILL"'
guest=$out
crash=$(echo "$guest" | sed -n 's/^regs: crash at \([0-9a-f]*\)$/\1/p')
bounce=$(echo "$guest" | sed -n 's/^regs: bounce at \([0-9a-f]*\)$/\1/p')
set -- $(echo "$guest" | sed -n 's/^regs: fast \([0-9a-f]*\) slow \(-*[0-9]*\) unknown \(-*[0-9]*\) multi \(-*[0-9]*\) (\(-*[0-9]*\) \(-*[0-9]*\))$/\1 \2 \3 \4 \5 \6/p')
fast=$1 slow=$2 unknown=$3 multi=$4 mc0=$5 mc1=$6
check "the guest said where it crashes and what its calls returned" \
	'[ -n "$crash" ] && [ -n "$bounce" ] && [ -n "$mc1" ]'
# hvctl prints errors in decimal, other results in hex
res() {
	case $1 in
	-*) echo "= $1" ;;
	*) printf '= 0x%x' "$1" ;;
	esac
}
eip=$(printf '0x%08x' "0x$crash")

# --- regs ---
run hvctl regs regs
check "regs: EIP is regs_crash" 'echo "$out" | grep -q "^eip $eip "'
check "regs: the general registers the guest loaded" \
	'echo "$out" | grep -q "^eax 0x11111111 ebx 0x22222222 ecx 0x33333333 edx 0x44444444 esi 0x55555555 edi 0x66666666 ebp 0x77777777$"'
check "regs: the three words it pushed, at ESP" \
	'echo "$out" | grep -A1 "^stack:" | grep -q ": 0xcafe0003 0xcafe0002 0xcafe0001 "'
check "regs: the last exit was #UD, flat ring-1 CS" \
	'echo "$out" | grep -q "vector 0x00000006" && echo "$out" | grep -q "^cs 0x0000e019 "'
check "regs: no CR2 after an exit that was not a #PF (the host's would show)" \
	'echo "$out" | grep -q "^cr2 0x00000000 "'
check "regs: the code at EIP is ud2 (0f 0b)" \
	'echo "$out" | grep -q "^code: 0f 0b"'
run hvctl show regs
check "show: killed at the same EIP" \
	'echo "$out" | grep -q "eip $eip" && echo "$out" | grep -q "no handler registered"'
run hvctl regs --symbols $MAP regs
check "regs --symbols: EIP is <regs_crash>" \
	'echo "$out" | grep -q "^eip $eip <regs_crash> "'
run hvctl -j regs --symbols $MAP regs
check "regs -j: EIP, its symbol, the pushed words and the code" \
	'echo "$out" | grep -q "\"eip\":$((0x$crash)),\"eip_symbol\":\"regs_crash\"" &&
	 echo "$out" | grep -q "\"value\":$((0xcafe0003))}" &&
	 echo "$out" | grep -q "\"code\":\"0f0b"'

# --- trace ---
run hvctl trace regs
trace=$out
# line CALL: the line number of the first trace line that has CALL
line() {
	echo "$trace" | grep -n -F -- "$1" | head -n 1 | cut -d: -f1
}
l1=$(line "hypercall xen_version(0x0, 0xfeedf00d, 0x0, 0x0, 0x0) $(res $((0x$fast)))")
l2=$(line "hypercall vm_assist(0x11223344, 0x55667788, 0x0, 0x0, 0x0) $(res $slow)")
l3=$(line "hypercall 60(0xa1, 0xa2, 0xa3, 0xa4, 0xa5) $(res $unknown)")
l4=$(line "multicall xen_version(0x0, 0xbeef0001, 0x0, 0x0, 0x0) $(res $mc0)")
l5=$(line "multicall 61(0xb1, 0xb2, 0xb3, 0xb4, 0xb5) $(res $mc1)")
l6=$(line "hypercall multicall(")
l7=$(echo "$trace" | grep -n "bounce 6 (UD) -> 0xe019:0x[0-9a-f]* error 0x0 eip $(printf '0x%08x' "0x$bounce") cs 0xe019" | head -n 1 | cut -d: -f1)
l8=$(echo "$trace" | grep -n "exit 6 (UD) error 0x0 eip $eip cs 0xe019" | cut -d: -f1)
lines=$(echo "$trace" | wc -l)
check "trace: fast-path call with its arguments and result" '[ -n "$l1" ]'
check "trace: host-path call with its arguments and result" '[ -n "$l2" ]'
check "trace: unknown call, five arguments, its error" '[ -n "$l3" ]'
check "trace: both multicall entries, then the multicall" \
	'[ -n "$l4" ] && [ -n "$l5" ] && [ -n "$l6" ] && echo "$trace" | sed -n "${l6}p" | grep -q "$(res $multi)"'
check "trace: the bounce of the first ud2 to its handler" '[ -n "$l7" ]'
check "trace: the last record is the fatal exit at regs_crash" \
	'[ "$l8" = "$lines" ]'
check "trace: all in the order the guest made them" \
	'[ "$l1" -lt "$l2" ] && [ "$l2" -lt "$l3" ] && [ "$l3" -lt "$l4" ] &&
	 [ "$l4" -lt "$l5" ] && [ "$l5" -lt "$l6" ] && [ "$l6" -lt "$l7" ] &&
	 [ "$l7" -lt "$l8" ]'
up=$(cut -d. -f1 /proc/uptime)
last=$(echo "$trace" | tail -n 1 | awk '{ print $2 }' | cut -d. -f1)
check "trace: times are the host's monotonic clock (${last}s, up ${up}s)" \
	'[ "$last" -le "$up" ] && [ "$last" -ge $((up - 300)) ]'
run hvctl trace --symbols $MAP regs
check "trace --symbols: the fatal exit at <regs_crash>" \
	'echo "$out" | tail -n 1 | grep -q "eip $eip <regs_crash> "'
run hvctl -j trace regs
check "trace -j: the unknown call's arguments and result" \
	'echo "$out" | grep -q "\"kind\":\"hypercall\",\"nr\":60,\"args\":\[161,162,163,164,165\],\"result\":$(($unknown & 0xffffffff))"'

# --- a running domain: trace yes, regs no; paused: both, and stable ---
hvctl create spin --memory 16M --kernel /hv/guests/spin.elf > /dev/null
sleep 3
run hvctl regs spin
check "regs of a running domain: refused, says pause it" \
	'[ $rc = 1 ] && echo "$err" | grep -q "running: pause it first"'
run hvctl trace spin
check "trace of a running domain works and ends" \
	'[ $rc = 0 ] && echo "$out" | grep -q " exit "'
hvctl pause spin
run hvctl regs spin
regs1=$out
run hvctl regs spin
check "regs of a paused domain: twice the same" \
	'[ $rc = 0 ] && [ "$out" = "$regs1" ] && echo "$out" | grep -q "^eip 0x"'
run hvctl trace spin
n=$(echo "$out" | wc -l)
first=$(echo "$out" | head -n 1 | awk '{ print $1 }')
gaps=$(echo "$out" | awk -v s="$first" '$1 != s + NR - 1' | wc -l)
check "trace over several messages: $n records, numbered without gap" \
	'[ $rc = 0 ] && [ "$n" -gt 128 ] && [ "$n" -le 4096 ] && [ "$gaps" = 0 ]'

# --- refusals ---
run hvctl regs nosuch
check "regs of no such domain: exit 3" '[ $rc = 3 ] && echo "$err" | grep -q "no such domain"'
run hvctl trace nosuch
check "trace of no such domain: exit 3" '[ $rc = 3 ]'
hvctl create empty --memory 4M > /dev/null
run hvctl regs empty
check "regs of a domain never started: refused" \
	'[ $rc = 1 ] && echo "$err" | grep -q "not been started"'
run hvctl trace empty
check "trace of a domain never started: refused" \
	'[ $rc = 1 ] && echo "$err" | grep -q "not been started"'
run as_user hvctl regs regs
check "regs as an unprivileged user: exit 4" '[ $rc = 4 ]'
run as_user hvctl trace spin
check "trace as an unprivileged user: exit 4" '[ $rc = 4 ]'
run hvctl regs --symbols /nonexistent regs
check "a missing map: exit 2, says why" \
	'[ $rc = 2 ] && echo "$err" | grep -q "No such file"'
head -c 65536 /dev/urandom > /tmp/garbage.map
run hvctl regs --symbols /tmp/garbage.map regs
check "a map of random bytes: exit 2, says which line" \
	'[ $rc = 2 ] && echo "$err" | grep -q "line 1:"'
dd if=/dev/zero of=/tmp/huge.map bs=1M seek=100 count=0 2> /dev/null
run hvctl trace --symbols /tmp/huge.map regs
check "a 100 MiB map: exit 2, too large" \
	'[ $rc = 2 ] && echo "$err" | grep -q "larger than"'
printf '00100000 T ok\nffffffff81000000 T _stext\n' > /tmp/wide.map
run hvctl regs --symbols /tmp/wide.map regs
check "a 64-bit kernel's map: exit 2, line 2" \
	'[ $rc = 2 ] && echo "$err" | grep -q "line 2: an address above 4 GiB"'
printf '00100000 T \033[2Jx\n' > /tmp/esc.map
run hvctl regs --symbols /tmp/esc.map regs
check "a map with an escape sequence: refused" \
	'[ $rc = 2 ] && echo "$err" | grep -q "line 1:"'
rm -f /tmp/garbage.map /tmp/huge.map /tmp/wide.map /tmp/esc.map

destroy_all
finish
