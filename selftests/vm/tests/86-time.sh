# SPDX-License-Identifier: GPL-2.0
# core
# Real and virtual time (the time guest): system time in shared_info is
# consistent, monotonic and runs at the TSC's rate, the wallclock is the
# host's Unix time, and system time goes on across a pause and resume.
# The guest ends with one result line, "hvtest: time: PASS".
. /hv/selftests/lib.sh
T=time

run hvctl create time --memory 16M --kernel /hv/guests/time.elf --console \
	--cmdline "now=$(date +%s) up=$(cut -d. -f1 /proc/uptime)"
check "time: passes and powers off (exit 0)" \
	'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: time: PASS"'
run hvctl -j show time
check "time: domain shut down with poweroff" \
	'echo "$out" | grep -q "\"state\": *\"shutdown\""'
hvctl destroy time

# Pause it for a second while it watches the time: system time stays
# monotonic and counts the paused second too (it is the host's time).
run hvctl create time2 --memory 16M --kernel /hv/guests/time.elf \
	--cmdline "now=$(date +%s) up=$(cut -d. -f1 /proc/uptime) secs=120"
check "pause: started (exit 0)" '[ $rc = 0 ]'
i=0
while [ $i -lt 300 ] &&
      ! hvctl console --no-follow time2 | grep -q "^time: watching"; do
	sleep 0.1
	i=$((i + 1))
done
run hvctl console --no-follow time2
check "pause: the guest is watching the time" \
	'echo "$out" | grep -q "^time: watching"'
run hvctl pause time2
check "pause: exit 0" '[ $rc = 0 ]'
sleep 1
run hvctl resume time2
check "resume: exit 0" '[ $rc = 0 ]'
run hvctl wait time2
check "pause: the guest passes after the resume (exit 0)" '[ $rc = 0 ]'
run hvctl console --no-follow time2
check "pause: PASS, time monotonic across pause/resume" \
	'echo "$out" | grep -q "^hvtest: time: PASS"'
gap=$(echo "$out" | sed -n 's/^time: watched .*longest gap \([0-9]*\) ms$/\1/p')
check "pause: system time counted the paused second (gap ${gap:-?} ms)" \
	'[ -n "$gap" ] && [ "$gap" -ge 900 ]'
hvctl destroy time2

destroy_all
finish
