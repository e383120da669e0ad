# SPDX-License-Identifier: GPL-2.0
# core
# The PV console ring (the consring guest): VIRQ_CONSOLE wakes a guest
# blocked for console_io input; one text printed with console_io and
# twice through the ring (waiting for room with poll, then with yield)
# arrives byte for byte the same; typed lines come through in[] and are
# echoed through out[]; sched_op poll returns at once for a pending port
# or a past timeout, after its timeout otherwise, and is woken by timers;
# corrupt ring indices, a pin of the ring frame and a closed console port
# are refused.  A feeder types a line at each of the guest's prompts.
. /hv/selftests/lib.sh
T=console-ring

# CLOCK_MONOTONIC in ns: the guests' system time.
now_ns() {
	sed -n 's/^now at \([0-9]*\) nsecs$/\1/p;/^now at/q' /proc/timer_list
}

# wait_for PATTERN: until the guest's console shows PATTERN (60 s at most).
wait_for() {
	i=0
	while [ $i -lt 600 ]; do
		hvctl console --no-follow consring 2>/dev/null |
			grep -q -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "feeder: no \"$1\"" >&2
	return 1
}

long=$(printf '%0990d' 0 | tr 0 x)
feed() {
	wait_for "^consring: virq-console: .*type a line" || return
	echo "t=$(now_ns)"
	wait_for "^consring: echo: round 1: type a line" || return
	echo "round 1: hello ring"
	wait_for "^consring: echo: round 2: type a line" || return
	printf 'round 2: \tsecond line, %s\n' "with a tab"
	wait_for "^consring: echo: round 3: type a line" || return
	echo "round 3: $long"
	wait_for "^consring: hostile: in_cons 5 past in_prod; type a line" ||
		return
	echo "after reset"
}

run hvctl create consring --memory 16M --kernel /hv/guests/consring.elf
check "consring: started (exit 0)" '[ $rc = 0 ]'
feed | timeout 300 hvctl console consring > /tmp/consring.out 2>/tmp/consring.err
rc=$?
out=$(cat /tmp/consring.out)
err=$(cat /tmp/consring.err)
check "consring: passes and powers off (exit 0)" \
	'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: consring: PASS"'
diag "$(grep "^consring: " /tmp/consring.out | grep -v "^consring: text [123]" | cut -c1-300)"

# The three copies of the text, between their marker lines.
for i in 1 2 3; do
	awk -v b="^consring: text $i " -v e="^consring: text $i end\$" \
		'$0 ~ e { f = 0 } f { print } $0 ~ b && $0 !~ e { f = 1 }' \
		/tmp/consring.out > /tmp/consring.text$i
done
kept=$(sed -n 's/^consring: text: [0-9]* bytes, \([0-9]*\) kept.*/\1/p' /tmp/consring.out)
size1=$(wc -c < /tmp/consring.text1)
check "text: console_io copy has the ${kept:-?} bytes the console keeps ($size1)" \
	'[ -n "$kept" ] && [ "$kept" -gt 4096 ] && [ "$size1" = "$kept" ]'
check "text: ring copy (poll) equals the console_io copy byte for byte" \
	'cmp /tmp/consring.text1 /tmp/consring.text2'
check "text: ring copy (yield) equals the console_io copy byte for byte" \
	'cmp /tmp/consring.text1 /tmp/consring.text3'
check "text: a tab kept, the BEL dropped, a 3000-byte line whole" \
	'grep -q "	tab	and a bell:\.\$" /tmp/consring.text1 &&
	 ! grep -q "$(printf "\a")" /tmp/consring.out &&
	 awk "length(\$0) >= 3000 { n++ } END { exit n != 1 }" /tmp/consring.text2'
check "text: the ring wrapped while waiting for room" \
	'grep -q "^consring: text: ring poll phase: [0-9]* sends, [1-9][0-9]* waits for room, [1-9][0-9]* polls; yield phase: [1-9][0-9]* waits, [1-9][0-9]* yields" /tmp/consring.out'

lat=$(sed -n 's/^consring: virq-console: woken \([0-9]*\) us after.*/\1/p' /tmp/consring.out)
check "virq-console: woken by typed input within 2 s (${lat:-?} us)" \
	'[ -n "$lat" ] && [ "$lat" -lt 2000000 ]'

check "echo: round 1 echoed through the ring" \
	'grep -qx "consring: echo: round 1: hello ring" /tmp/consring.out'
check "echo: round 2 (with a tab) echoed" \
	'grep -qx "consring: echo: round 2: 	second line, with a tab" /tmp/consring.out'
check "echo: round 3 (990 bytes, in[] wraps) echoed" \
	'grep -qx "consring: echo: round 3: $long" /tmp/consring.out'
check "echo: blocked and woken by the console port" \
	'grep -q "^consring: echo: 3 rounds, in_cons [0-9]*, [1-9][0-9]* blocks, [1-9][0-9]* console port upcalls" /tmp/consring.out'

figs=$(sed -n 's/^consring: poll: pending port returned after \([0-9]*\) us (128 ports: \([0-9]*\) us); 50 ms timeout after \([0-9]*\) us; past timeouts after \([0-9]*\) us.*; periodic tick woke it after \([0-9]*\) us; 30 ms singleshot after \([0-9]*\) us$/\1 \2 \3 \4 \5 \6/p' /tmp/consring.out)
read -r pend many t50 past tick ss <<EOT
$figs
EOT
check "poll: pending port and past timeouts at once (${pend:-?}, ${many:-?}, ${past:-?} us)" \
	'[ -n "$ss" ] && [ $pend -lt 500000 ] && [ $many -lt 500000 ] && [ $past -lt 500000 ]'
check "poll: 50 ms timeout after 50..2000 ms (${t50:-?} us)" \
	'[ -n "$ss" ] && [ $t50 -ge 50000 ] && [ $t50 -lt 2000000 ]'
check "poll: periodic tick (${tick:-?} us) and 30 ms singleshot (${ss:-?} us) wake it" \
	'[ -n "$ss" ] && [ $tick -lt 2000000 ] && [ $ss -ge 30000 ] && [ $ss -lt 2000000 ]'
check "poll: refusals" \
	'grep -q "^consring: poll: refused: 129 ports" /tmp/consring.out'

check "hostile: corrupt out ring dropped, nothing of it printed" \
	'grep -qx "consring: hostile: corrupt out ring dropped 3 times, output works again" /tmp/consring.out &&
	 ! grep -q CORRUPT-RING-LEAK /tmp/consring.out'
check "hostile: in_cons past in_prod stops input, resetting it recovers" \
	'grep -qx "consring: hostile: after resetting in_cons got after reset" /tmp/consring.out'
check "hostile: the console frame cannot be pinned as an L1" \
	'grep -q "^consring: hostile: pinning the console frame as an L1: -[0-9]" /tmp/consring.out &&
	 grep -qx "consring: hostile: the ring still works after the pin attempt" /tmp/consring.out'
check "hostile: closed console port refuses sends" \
	'grep -q "^consring: hostile: console port closed; send gives -EINVAL" /tmp/consring.out'
run hvctl -j show consring
check "consring: domain shut down with poweroff" \
	'echo "$out" | grep -q "\"state\": *\"shutdown\""'
hvctl destroy consring

destroy_all
finish
