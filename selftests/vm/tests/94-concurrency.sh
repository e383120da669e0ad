# SPDX-License-Identifier: GPL-2.0
# Concurrency: 8 processes for a bounded time create (empty, or booting
# spin or hello), pause, resume, destroy, read the console, registers and
# trace of, show and list domains, half of the names shared by all of
# them, half their own.
# Afterwards: no process hung or died by a signal, what hvctl list shows
# is consistent with show, everything destroys, no vCPU thread is left and
# rmmod works.  The host log is judged by vm-run (hung tasks are reported
# after 20 s).  20 s; HV_LONG=1 (make check-long): 300 s.
. /hv/selftests/lib.sh
T=concurrency

if [ "${HV_LONG:-0}" = 1 ]; then
	secs=300
else
	secs=20
fi
workers=8

# worker K: random operations until the deadline; one line of counts at
# the end.  An hvctl that exits above 5 (killed, crashed) or takes longer
# than 60 s (timeout says 124) is a failure.
worker() {
	k=$1
	end=$(($(date +%s) + secs))
	ops=0
	bad=0
	while [ "$(date +%s)" -lt $end ]; do
		if [ $((RANDOM % 2)) = 0 ]; then
			name=shared$((RANDOM % 4))
		else
			name=own$k-$((RANDOM % 2))
		fi
		case $((RANDOM % 12)) in
		0) timeout 60 hvctl create $name --memory 8M ;;
		1) timeout 60 hvctl create $name --memory 8M \
			--kernel /hv/guests/spin.elf ;;
		2) timeout 60 hvctl create $name --memory 8M \
			--kernel /hv/guests/hello.elf ;;
		3) timeout 60 hvctl pause $name ;;
		4) timeout 60 hvctl resume $name ;;
		5) timeout 60 hvctl destroy $name ;;
		6) timeout 60 hvctl console --no-follow $name ;;
		7) timeout 60 hvctl show $name ;;
		8) timeout 60 hvctl regs $name ;;
		9) timeout 60 hvctl trace $name ;;
		*) timeout 60 hvctl list ;;
		esac > /dev/null 2>&1
		rc=$?
		ops=$((ops + 1))
		if [ $rc -gt 5 ]; then
			bad=$((bad + 1))
			echo "worker $k: op on $name exited $rc" >&2
		fi
	done
	echo "$k $ops $bad"
}

rm -f /tmp/conc.*
k=0
pids=
while [ $k -lt $workers ]; do
	worker $k > /tmp/conc.$k 2> /tmp/conc.err.$k &
	pids="$pids $!"
	k=$((k + 1))
done
# Every worker must end within a minute of the deadline.
waited=0
while [ $waited -lt $((secs + 60)) ]; do
	alive=0
	for p in $pids; do
		kill -0 $p 2> /dev/null && alive=$((alive + 1))
	done
	[ $alive = 0 ] && break
	sleep 1
	waited=$((waited + 1))
done
check "all $workers processes finished (still running: $alive)" \
	'[ $alive = 0 ]'
for p in $pids; do
	kill $p 2> /dev/null
done
wait
total=$(cat /tmp/conc.[0-9] | awk '{ n += $2 } END { print n }')
bad=$(cat /tmp/conc.[0-9] | awk '{ n += $3 } END { print n }')
diag "$total operations in $secs s by $workers processes"
diag "$(cat /tmp/conc.err.* | head -n 10)"
check "every one of the $total operations ended normally" \
	'[ $(cat /tmp/conc.[0-9] | wc -l) = $workers ] && [ "$bad" = 0 ]'

# What survived: names from the workers' sets only, once each, and show
# agrees with list for the states that cannot change on their own.
domain_states > /tmp/conc.list
diag "survivors:" "$(cat /tmp/conc.list)"
check "list shows only the workers' names, each once" \
	'! grep -qv " \(shared[0-3]\|own[0-7]-[01]\) " /tmp/conc.list &&
	 [ $(cut -d" " -f2 /tmp/conc.list | sort | uniq -d | wc -l) = 0 ]'
incons=0
while read id name state; do
	s=$(hvctl -j show "$id" | grep -o '"state": *"[a-z]*"' |
		grep -o '[a-z]*"$' | tr -d '"')
	case $state in
	created|paused|shutdown|crashed)
		[ "$s" = "$state" ] || incons=$((incons + 1)) ;;
	*)
		[ -n "$s" ] || incons=$((incons + 1)) ;;
	esac
done < /tmp/conc.list
check "show agrees with list for every survivor" '[ $incons = 0 ]'
run hvctl list
check "a command still runs" '[ $rc = 0 ]'

destroy_all
check "every survivor destroyed" '[ -z "$(domain_states)" ]'
check "no vCPU thread left" '[ "$(hv_threads)" = 0 ]'
run rmmod hv
check "rmmod succeeds" '[ $rc = 0 ]'
run insmod /hv/hv.ko
check "insmod again" '[ $rc = 0 ]'
finish
