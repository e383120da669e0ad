# SPDX-License-Identifier: GPL-2.0
# hvctl shutdown and sysrq against the Linux guest (make guest-linux
# guest-rootfs), as xl's: the request goes into the domain's xenstore
# node control/shutdown or control/sysrq, Linux's watch
# (drivers/xen/manage.c) acknowledges it and runs /sbin/poweroff or
# /sbin/reboot, whose signal makes /init stop every process (the test's
# command traps SIGTERM and says so), sync and power off or reboot.
# Three guests boot in turn: one handles SysRq keys and powers off in
# order, one reboots, one runs a command that ignores SIGTERM past the
# timeout (destroyed: exit 16); the spin test guest, which has no
# xenstore at all, never acknowledges (destroyed: exit 17).  Skipped
# without the kernel and the root file system in /extra, as 84-linux.sh.
. /hv/selftests/lib.sh
T=linux-control

need_linux || exit 0

# The command each guest runs: "polite" stops in a second on SIGTERM,
# "stubborn" ignores it.  Result lines start with "T ".
mkdir -p /tmp/lc
CONS_DIR=/tmp/lc
cat > /tmp/lc/ctl.sh <<'EOF'
if [ "$1" = stubborn ]; then
	trap 'echo "T ignoring TERM"' TERM
else
	trap 'echo "T stopping on TERM"; sleep 1; echo "T stopped"; exit 0' TERM
fi
echo "T ready $(cat /proc/uptime)"
while :; do
	sleep 1
done
EOF
(cd /tmp/lc && echo ctl.sh | cpio -o -H newc 2>/dev/null | gzip) > /tmp/lc/ctl.cpio.gz
cat $R /tmp/lc/ctl.cpio.gz > /tmp/lc/rd.cpio.gz

(sleep 1200; destroy_all) > /dev/null 2>&1 &
watchdog=$!

# boot NAME MODE: one guest at a time, until its command runs (three
# at once, in a VM under load, starved the host's CPUs for minutes).
boot() {
	hvctl create "$1" --memory 128M --kernel $K \
		--ramdisk /tmp/lc/rd.cpio.gz \
		--cmdline "console=hvc0 -- /bin/bash-static /ctl.sh $2" \
		> /dev/null
	wait_for "$1" "^T ready"
}
cons() {
	hvctl console --no-follow "$1" 2>/dev/null | tr -d '\r'
}
field() {
	echo "$2" | sed -n "s/.*\"$1\": *\"*\([^,\"}]*\).*/\1/p" | head -n 1
}

boot lxa polite
diag "lxa's control/feature-poweroff: $(hvctl store read /local/domain/$(hvctl -j show lxa |
	grep -o '"id": *[0-9]*' | grep -o '[0-9]*$')/control/feature-poweroff)"

# SysRq: 'h' is no command key, so Linux prints its help line.
run hvctl sysrq lxa h
wait_for lxa "sysrq: HELP : " 300
check "sysrq h: exit 0, the guest prints the SysRq help" \
	'[ $rc = 0 ] && grep -q "sysrq: HELP : .*show-memory-usage(m)" /tmp/lc/lxa.cons'
run hvctl sysrq lxa m
wait_for lxa "^Mem-Info:" 300
check "sysrq m: the guest shows its memory" \
	'[ $rc = 0 ] && grep -q "sysrq: Show Memory" /tmp/lc/lxa.cons'
run hvctl sysrq lxa mm
check "sysrq: a key of two characters is a usage error (exit 2)" \
	'[ $rc = 2 ] && echo "$err" | grep -q "invalid SysRq key"'
run as_user "hvctl sysrq lxa h"
check "sysrq: refused to an unprivileged user (exit 4)" '[ $rc = 4 ]'
run as_user "hvctl shutdown lxa"
check "shutdown: refused to an unprivileged user (exit 4)" '[ $rc = 4 ]'

# Power off in order.  Linux's reboot(POWER_OFF) without a power-off
# handler halts ("System halted"), and a Xen PV guest halts with
# SCHEDOP_shutdown poweroff.
run hvctl -j shutdown --timeout 300 lxa
sd=$out
c=$(cons lxa)
out="$sd / $(echo "$c" | tail -n 8)"
check "shutdown --timeout: exit 0, ended with poweroff, acked, not forced" \
	'[ $rc = 0 ] && [ "$(field state "$sd")" = shutdown ] &&
	 [ "$(field end "$sd")" = poweroff ] &&
	 [ "$(field acked "$sd")" = true ] && [ "$(field forced "$sd")" = false ]'
w=$(field wait_ns "$sd")
check "the guest's init stopped the command, synced and powered off ($((${w:-0} / 1000000)) ms)" \
	'echo "$c" | grep -q "^init: poweroff requested: stopping all processes" &&
	 echo "$c" | grep -q "^T stopping on TERM" &&
	 echo "$c" | grep -q "^T stopped" &&
	 echo "$c" | grep -q "^init: poweroff$" &&
	 echo "$c" | grep -q "reboot: System halted"'
run hvctl store read /local/domain/$(field id "$sd")/control/shutdown
check "the guest acknowledged: control/shutdown is empty" \
	'[ $rc = 0 ] && [ -z "$out" ]'
run hvctl shutdown lxa
check "shutdown: a guest that has ended is refused (exit 1)" \
	'[ $rc = 1 ] && echo "$err" | grep -q "shutdown, not running"'

# Reboot, without waiting; hvctl wait then says reboot (10).
boot lxb polite
run timeout 10 hvctl shutdown --reboot lxb
check "shutdown --reboot: returns at once with 0" '[ $rc = 0 ] && [ -z "$out" ]'
run timeout 300 hvctl wait lxb
c=$(cons lxb)
out=$(echo "$c" | tail -n 6)
check "reboot: the guest's init stopped the command and restarted (wait exits 10)" \
	'[ $rc = 10 ] && echo "$c" | grep -q "^T stopped" &&
	 echo "$c" | grep -q "^init: reboot$" &&
	 echo "$c" | grep -q "reboot: Restarting system"'
run hvctl -j show lxb
check "the domain is shut down with reason reboot" \
	'[ "$(field state "$out")" = shutdown ] && [ "$(field end "$out")" = reboot ]'

# A command that ignores SIGTERM outlives a short timeout: forced.
boot lxc stubborn
run hvctl shutdown --timeout 3 lxc
check "shutdown --timeout 3 of a guest that acked but did not end: destroyed, exit 16" \
	'[ $rc = 16 ] && echo "$err" | grep -q "did not shut down in time: destroying"'
run hvctl show lxc
check "... and the domain is gone" '[ $rc = 3 ]'

# A guest with no xenstore watch never takes the request.
run hvctl create spin --memory 16M --kernel /hv/guests/spin.elf
wait_for spin "SPINNING" 300
run hvctl -j shutdown --timeout 2 spin
sd=$out
check "shutdown --timeout 2 of a guest that never acked: destroyed, exit 17" \
	'[ $rc = 17 ] && [ "$(field acked "$sd")" = false ] &&
	 [ "$(field forced "$sd")" = true ] &&
	 echo "$err" | grep -q "never took the request"'
run hvctl show spin
check "... and the domain is gone" '[ $rc = 3 ]'
run hvctl shutdown spin
check "shutdown: no such domain (exit 3)" '[ $rc = 3 ]'
run hvctl create idle --memory 16M
run hvctl shutdown idle
check "shutdown: a domain never started is refused (exit 1)" \
	'[ $rc = 1 ] && echo "$err" | grep -q "created, not running"'
run hvctl shutdown --timeout x idle
check "shutdown: a bad timeout is a usage error (exit 2)" \
	'[ $rc = 2 ] && echo "$err" | grep -q "invalid --timeout"'

kill $watchdog 2> /dev/null
destroy_all
finish
