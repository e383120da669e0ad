# SPDX-License-Identifier: GPL-2.0
# Hostile guests (Documentation/hostile.rst): the hostile guest's table of
# attacks, each refused the way the ABI says, counted so that an attack
# that silently goes missing fails the test; then the kill guest's attacks,
# one domain each, each crashed with the reason that names it; a console
# flood leaves the host log and memory bounded.  vm-run adds: no host
# warning, and rmmod works after all of it.
. /hv/selftests/lib.sh
T=hostile

HOSTILE_ATTACKS=121
# A million re-arms of the one-shot timer take about a minute under TCG.
REARMS=${HV_REARMS:-200000}

run timeout 600 hvctl create hostile --memory 16M \
	--kernel /hv/guests/hostile.elf --cmdline "rearms=$REARMS" --console
check "hostile: passes and powers off (exit 0)" \
	'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: hostile: PASS"'
n=$(echo "$out" | grep -c "^hostile: attack [a-z0-9_]*: refused (")
check "hostile: $HOSTILE_ATTACKS attacks refused ($n)" \
	'[ "$n" = $HOSTILE_ATTACKS ]'
check "hostile: no wrong answer" '! echo "$out" | grep -q "WRONG"'
diag "$(echo "$out" | grep -v "^hostile: attack")"
hvctl destroy hostile

# attack number : what the end reason must say
KILLS="0:iret hypercall to ring 0
1:unreadable frame
2:bad code or stack segment
3:bad code or stack segment
4:cannot write the frame
5:cannot write the frame
6:bad code or stack segment
7:bad code or stack segment
8:cannot write the frame
9:no handler registered
10:no handler registered
11:cannot write the frame of vector 14
12:cannot write the frame"
killed=0
echo "$KILLS" > /tmp/hv-kills
while IFS=: read -r n reason; do
	run timeout 120 hvctl create kill$n --memory 16M \
		--kernel /hv/guests/kill.elf --cmdline "attack=$n" --console \
		< /dev/null
	check "kill $n: killed by hv (exit 15) after EXPECT-KILL" \
		'[ $rc = 15 ] && echo "$out" | grep -q "^hvtest: kill: EXPECT-KILL"'
	what=$(echo "$out" | sed -n 's/^hvtest: kill: EXPECT-KILL //p')
	run hvctl -j show kill$n
	cond='echo "$out" | grep -q "\"state\": *\"crashed\"" &&
	      echo "$out" | grep -q "$reason"'
	check "kill $n ($what): crashed, reason \"$reason\"" "$cond"
	eval "$cond" && killed=$((killed + 1))
	diag "$(echo "$out" | grep -o '"end_reason": *"[^"]*"')"
	hvctl destroy kill$n
done < /tmp/hv-kills
check "kill: 13 attacks killed their domain ($killed)" '[ $killed = 13 ]'

destroy_all
finish
