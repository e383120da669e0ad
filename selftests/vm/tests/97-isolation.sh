# SPDX-License-Identifier: GPL-2.0
# Two guests, one host (Documentation/hostile.rst).  A victim guest prints
# the machine frames of a page of its own, of its shared_info and of its
# L3; an attacker guest gets them on its command line and tries every
# path to map, write, pin or adopt them, all refused, while the victim
# checks that its page and L3 never change.  Then the events and time
# guests keep their figures within their normal bounds while a spinning
# guest, a console flood and a guest being killed run next to them; the
# host log and free memory stay bounded through the flood.
. /hv/selftests/lib.sh
T=isolation

FOREIGN_ATTACKS=33

# --- frames -------------------------------------------------------------
run hvctl create victim --memory 16M --kernel /hv/guests/foreign.elf \
	--cmdline "secs=30"
check "victim: started" '[ $rc = 0 ]'
i=0
while [ $i -lt 300 ] &&
      ! hvctl console --no-follow victim | grep -q "^foreign: victim mfn"; do
	sleep 0.1
	i=$((i + 1))
done
line=$(hvctl console --no-follow victim | grep "^foreign: victim mfn")
mfn=$(echo "$line" | sed -n 's/.* mfn \(0x[0-9a-f]*\).*/\1/p')
shinfo=$(echo "$line" | sed -n 's/.* shinfo \(0x[0-9a-f]*\).*/\1/p')
l3=$(echo "$line" | sed -n 's/.* l3 \(0x[0-9a-f]*\).*/\1/p')
dom=$(echo "$line" | sed -n 's/.* domid \([0-9]*\).*/\1/p')
check "victim: told its frames (mfn $mfn shinfo $shinfo l3 $l3 domid $dom)" \
	'[ -n "$mfn" ] && [ -n "$shinfo" ] && [ -n "$l3" ] && [ -n "$dom" ]'

run timeout 120 hvctl create attacker --memory 16M \
	--kernel /hv/guests/foreign.elf \
	--cmdline "mfn=$mfn shinfo=$shinfo l3=$l3 dom=$dom" --console
check "attacker: passes (exit 0)" \
	'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: foreign: PASS"'
n=$(echo "$out" | grep -c "^foreign: attack .*: refused (")
check "attacker: $FOREIGN_ATTACKS attacks on the victim's frames refused ($n)" \
	'[ "$n" = $FOREIGN_ATTACKS ] && ! echo "$out" | grep -q WRONG'
[ "$n" = $FOREIGN_ATTACKS ] || diag "$out"
hvctl destroy attacker

run timeout 120 hvctl wait victim
check "victim: its page and L3 stayed intact (exit 0)" '[ $rc = 0 ]'
run hvctl console --no-follow victim
check "victim: PASS" 'echo "$out" | grep -q "^hvtest: foreign: PASS"'
diag "$(echo "$out" | grep "^foreign: victim:")"
hvctl destroy victim

# --- progress and timer accuracy next to hostile neighbours ---------------
# Free memory: MemFree plus the per-CPU free lists (where a destroyed
# guest's frames may sit for a while), caches dropped, best of three.
memfree() {
	best=0
	for k in 1 2 3; do
		sync
		echo 3 > /proc/sys/vm/drop_caches
		sleep 1
		f=$(awk '$1 == "MemFree:" { m = $2 }
			 $1 == "count:" { n += $2 }
			 END { print m + n * 4 }' /proc/meminfo /proc/zoneinfo)
		[ "$f" -gt "$best" ] && best=$f
	done
	echo $best
}

log0=$(dmesg | wc -c)
hvctl create spin --memory 16M --kernel /hv/guests/spin.elf > /dev/null
hvctl create flood --memory 16M --kernel /hv/guests/flood.elf \
	--cmdline "secs=20" > /dev/null
hvctl create fpu1 --memory 16M --kernel /hv/guests/fpu.elf \
	--cmdline "seed=1 secs=10" > /dev/null
hvctl create kill --memory 16M --kernel /hv/guests/kill.elf \
	--cmdline "attack=11" > /dev/null

run timeout 300 hvctl create events --memory 16M \
	--kernel /hv/guests/events.elf --console
check "events next to spin, flood, fpu and kill: PASS" \
	'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: events: PASS"'
ticks=$(echo "$out" | sed -n 's/^events: timer: [0-9]* ticks of 10 ms in \([0-9]*\) ms.*/\1/p')
check "events: 50 ticks of 10 ms took 400..3000 ms (${ticks:-?} ms)" \
	'[ -n "$ticks" ] && [ "$ticks" -ge 400 ] && [ "$ticks" -le 3000 ]'
hvctl destroy events

run timeout 300 hvctl create time --memory 16M --kernel /hv/guests/time.elf \
	--cmdline "now=$(date +%s)" --console
check "time next to spin, flood, fpu: PASS (system time within 1% of the TSC)" \
	'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: time: PASS"'
diag "$(echo "$out" | grep "^time: ")"
hvctl destroy time

run hvctl -j show kill
check "the killed neighbour is crashed with its reason" \
	'echo "$out" | grep -q "\"state\": *\"crashed\"" &&
	 echo "$out" | grep -q "cannot write the frame"'
run timeout 120 hvctl wait fpu1
check "fpu next to the others: its x87/SSE state never changed (exit 0)" \
	'[ $rc = 0 ]'
run timeout 120 hvctl wait flood
check "flood: ran its 20 s and passed (exit 0)" '[ $rc = 0 ]'
run hvctl console --no-follow flood
bytes=$(echo "$out" | sed -n 's/^flood: \([0-9]*\) bytes written$/\1/p')
check "flood: wrote ${bytes:-?} bytes" '[ -n "$bytes" ] && [ "$bytes" -gt 1048576 ]'
run hvctl -j show spin
check "spin: still running after all that" \
	'echo "$out" | grep -q "\"state\": *\"running\""'
log1=$(dmesg | wc -c)
check "host log grew by $((log1 - log0)) bytes for ${bytes:-?} bytes of guest console (< 4096)" \
	'[ $((log1 - log0)) -lt 4096 ]'
destroy_all

# --- the flood alone: host memory stays bounded and comes back ----------
mem0=$(memfree)
hvctl create flood --memory 16M --kernel /hv/guests/flood.elf \
	--cmdline "secs=10" > /dev/null
mem1=$(memfree)
run timeout 120 hvctl wait flood
check "flood alone: passed (exit 0)" '[ $rc = 0 ]'
mem2=$(memfree)
hvctl destroy flood
mem3=$(memfree)
check "host MemFree: $mem0 kB, $mem1 kB with the flood guest, $mem2 kB after its flood (< 1 MiB more)" \
	'[ $((mem1 - mem2)) -lt 1024 ]'
check "host MemFree back within 1 MiB once it is gone ($mem3 kB)" \
	'[ $((mem0 - mem3)) -lt 1024 ]'

finish
