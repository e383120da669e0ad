# SPDX-License-Identifier: GPL-2.0
# core
# hvctl create --on-reboot (issue 12, "What a user does"): a guest that
# asks to reboot is left shut down (preserve, the default), destroyed, or
# destroyed and built again from the same files (restart), as xl's
# on_reboot does.  The reboot guest ends as its console tells it: "r"
# reboots, "p" powers off.
. /hv/selftests/lib.sh
T=reboot
K=/hv/guests/reboot.elf

# preserve: hvctl exits 10 and the domain stays, shut down for a reboot.
run sh -c "echo r | hvctl create rb --memory 16M --kernel $K --console"
check "preserve: exit 10 (reboot)" '[ $rc = 10 ]'
run hvctl -j show rb
check "preserve: the domain is still there, shut down with reboot" \
	'echo "$out" | grep -q "\"state\": *\"shutdown\"" &&
	 echo "$out" | grep -q "reboot"'
hvctl destroy rb

# destroy: exit 10 and no domain left.
run sh -c "echo r | hvctl create rb --memory 16M --kernel $K --console \
	--on-reboot destroy"
check "destroy: exit 10 (reboot)" '[ $rc = 10 ]'
run hvctl show rb
check "destroy: the domain is gone (exit 3)" '[ $rc = 3 ]'

# restart: three reboots, then a poweroff.  A letter is typed only after
# the boot that reads it said "ready": input sent earlier would go to the
# domain that is about to be destroyed.
rm -f /tmp/rb.in /tmp/rb.out /tmp/rb.err
mkfifo /tmp/rb.in
hvctl create rb --memory 16M --kernel $K --console --on-reboot restart \
	< /tmp/rb.in > /tmp/rb.out 2> /tmp/rb.err &
pid=$!
exec 3> /tmp/rb.in
ids=
for n in 1 2 3 4; do
	for t in $(seq 300); do
		[ "$(grep -c 'reboot: ready' /tmp/rb.out)" -ge $n ] && break
		sleep 0.2
	done
	ids="$ids $(hvctl -j show rb | sed -n 's/.*"id": *\([0-9]*\).*/\1/p')"
	if [ $n -lt 4 ]; then
		echo r >&3
	else
		echo p >&3
	fi
done
wait $pid
rc=$?
exec 3>&-
check "restart: four boots, three reboots, then exit 0" \
	'[ $rc = 0 ] && [ "$(grep -c "reboot: ready" /tmp/rb.out)" = 4 ] &&
	 [ "$(grep -c "rb rebooted: restarting it" /tmp/rb.err)" = 3 ] &&
	 grep -q "^hvtest: reboot: PASS" /tmp/rb.out'
[ $rc = 0 ] || diag "rc $rc; $(cat /tmp/rb.err)"
check "restart: each boot is a new domain (ids$ids)" \
	'[ "$(echo $ids | tr " " "\n" | sort -u | wc -l)" = 4 ]'
run hvctl -j show rb
check "restart: the last one is shut down with poweroff" \
	'echo "$out" | grep -q "\"state\": *\"shutdown\"" &&
	 echo "$out" | grep -q "poweroff"'
hvctl destroy rb
run hvctl list
check "restart: no domain left behind" '! echo "$out" | grep -q " rb "'

# Usage errors: an unknown action, and --on-reboot without a kernel or disk.
run hvctl create rb --memory 16M --kernel $K --on-reboot coredump
check "an unknown action is a usage error (exit 2)" \
	'[ $rc = 2 ] && echo "$err" | grep -q "preserve, destroy or restart"'
run hvctl create rb --memory 16M --on-reboot restart
check "--on-reboot needs --kernel or --disk (exit 2)" \
	'[ $rc = 2 ] && echo "$err" | grep -q "need --kernel or --disk"'

destroy_all
finish
