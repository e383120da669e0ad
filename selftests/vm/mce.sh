# SPDX-License-Identifier: GPL-2.0
# Machine checks are the host's (Documentation/hostile.rst), run by
# selftests/mce-check, which injects each machine check this script asks
# for with a line "@@MONITOR mce ..." through QEMU's monitor.  Not in
# tests/: it needs that host side.
#
# The error: MCi_STATUS VAL, UC, EN and S set, AR, PCC, ADDRV and MISCV
# clear, MCACOD 0x00c0 (memory scrubbing), in bank 2; MCG_STATUS MCIP and
# RIPV.  On an Intel CPU with MCG_CAP.SER_P (QEMU gives it), Linux grades
# it "Action optional: memory scrubbing error" (SRAO): it logs it and goes
# on, and with no address it offlines no page.  It is broadcast ("mce
# -b"), as Intel CPUs without LMCE deliver a machine check: every other
# CPU takes one too (bank 1 VAL|UC without EN: nothing to log; bank 2 is
# ours so that this leftover never marks our error OVER), and Linux's
# handler waits up to a second for all CPUs to enter it, so a CPU that
# swallows its #MC panics the host ("Timeout: Not all CPUs entered
# broadcast exception handler").  Every such machine check must be logged
# with exactly these lines, whether it hit the CPU that runs a guest or
# one that does not:
#
#   mce: [Hardware Error]: CPU <n>: Machine Check Exception: 5 Bank 2: b1000000000000c0
#   mce: [Hardware Error]: RIP !INEXACT! <cs>:<address> ...
#   mce: [Hardware Error]: TSC <tsc>
#   mce: [Hardware Error]: PROCESSOR <vendor:cpuid> TIME <t> SOCKET 0 APIC <n> microcode <m>
#
# and no other line about machine checks (any line with "mce", "machine
# check" or "Hardware Error" in any case counts) but one that does not
# depend on where it hit: Linux says "mce: [Hardware Error]: Machine check
# events logged" at most twice a minute.  Lines about anything else (the
# first machine check taints the kernel, a slow TCG upsets the clocksource
# watchdog) are left to vm-run's scan of the host log, which fails the
# run on a panic ("Kernel panic - not syncing: Fatal machine check") but
# on none of the lines above.  Each machine check in the guest world
# counts as a world exit "machine-check" (hvctl show); the guest's CPU
# gets them until two were taken there (the others hit host code: also
# logged, not counted; the broadcast half of the one for the other CPU
# may count too).  The second proves MCG_STATUS.MCIP was cleared by the
# first's handler: QEMU resets the machine when a machine check finds
# MCIP set.
. /hv/selftests/lib.sh
T=mce

GUEST_CPU=1
IDLE_CPU=0
BANK=2
STATUS=0xb1000000000000c0
MCG=0x5

# This shell and all it runs stay off the guest's CPU.
taskset -p $((1 << IDLE_CPU)) $$ > /dev/null

cpu_time() {
	hvctl -j show spin | grep -o '"cpu_time[a-z_]*": *[0-9]*' |
		grep -o '[0-9]*$'
}

# World exits for machine checks so far.
mce_exits() {
	n=$(hvctl show spin | sed -n 's/^ *exit machine-check \([0-9]*\)$/\1/p')
	echo "${n:-0}"
}

# inject CPU: have the host side inject the error into CPU and wait until
# the host kernel logged it; $mce_lines: what it logged about machine
# checks, without times and the line that does not depend on where it hit.
inject() {
	n0=$(dmesg | wc -l)
	c0=$(dmesg | grep -c "CPU $1: Machine Check Exception")
	echo "@@MONITOR mce -b $1 $BANK $STATUS $MCG 0 0"
	i=0
	while [ $i -lt 120 ] &&
	      [ "$(dmesg | grep -c "CPU $1: Machine Check Exception")" = "$c0" ]; do
		sleep 0.5
		i=$((i + 1))
	done
	# The lines of one record are printed together; give them time.
	sleep 2
	mce_lines=$(dmesg | tail -n +$((n0 + 1)) | sed 's/^\[[ 0-9.]*\] //' |
		grep -i -e mce -e "machine check" -e "hardware error" |
		grep -v "^mce: \[Hardware Error\]: Machine check events logged$")
}

# The shape of a record: each line up to its first value (the words in
# capitals before it: a TSC in hex may start with a letter), the first
# line whole but for the CPU number.
shape() {
	echo "$1" | sed -E -e 's/CPU [0-9]*:/CPU n:/' \
		-e '/Machine Check Exception/!s/^(mce: \[Hardware Error\]: ([A-Z!]+ )+).*/\1/'
}

expected() {
	printf '%s\n' \
		"mce: [Hardware Error]: CPU $1: Machine Check Exception: 5 Bank $BANK: ${STATUS#0x}" \
		"mce: [Hardware Error]: RIP !INEXACT! " \
		"mce: [Hardware Error]: TSC " \
		"mce: [Hardware Error]: PROCESSOR "
}

# logged_as_expected CPU: $mce_lines is one record of CPU, nothing more.
logged_as_expected() {
	[ "$(shape "$mce_lines")" = "$(shape "$(expected "$1")")" ] &&
		echo "$mce_lines" | grep -q "PROCESSOR .* APIC $1 "
}

run hvctl create spin --memory 16M --kernel /hv/guests/spin.elf --paused
check "spin: created paused" '[ $rc = 0 ]'
pid=$(vcpu_pid spin)
run taskset -p $((1 << GUEST_CPU)) "$pid"
check "spin: its vCPU thread ($pid) is pinned to CPU $GUEST_CPU" '[ $rc = 0 ]'
hvctl resume spin
i=0
while [ $i -lt 100 ] && ! hvctl console --no-follow spin | grep -q SPINNING; do
	sleep 0.1
	i=$((i + 1))
done
run hvctl console --no-follow spin
check "spin: the guest is spinning on CPU $GUEST_CPU" \
	'echo "$out" | grep -q SPINNING'
sleep 1

tries=0
taken=0
while [ $taken -lt 2 ] && [ $tries -lt 8 ]; do
	tries=$((tries + 1))
	inject $GUEST_CPU
	check "machine check $tries on the guest's CPU $GUEST_CPU: the host logs it" \
		'logged_as_expected $GUEST_CPU'
	diag "$mce_lines"
	before=$taken
	taken=$(mce_exits)
	[ "$taken" -gt "$before" ] || continue
	guest_shape=$(shape "$mce_lines")
	# Where the host's handler saw it: after hv's exit from the guest.
	check "machine check $tries: taken in the guest world, the handler run from hv.ko" \
		'echo "$mce_lines" | grep -q "RIP .*\[hv\]"'
	t0=$(cpu_time)
	sleep 1
	t1=$(cpu_time)
	run hvctl -j show spin
	check "machine check $tries: the guest runs on ($t0 -> $t1 ns of CPU time)" \
		'echo "$out" | grep -q "\"state\": *\"running\"" && [ "$t1" -gt "$t0" ]'
done
check "two machine checks taken in the guest world ($taken in $tries tries)" \
	'[ "$taken" = 2 ]'

inject $IDLE_CPU
check "machine check on CPU $IDLE_CPU, no guest there: the host logs it" \
	'logged_as_expected $IDLE_CPU'
diag "$mce_lines"
check "it is logged the same way as in the guest world" \
	'[ -n "${guest_shape:-}" ] && [ "$(shape "$mce_lines")" = "$guest_shape" ]'
# The broadcast reached the guest's CPU as well (with nothing to log).
t0=$(cpu_time)
sleep 1
t1=$(cpu_time)
run hvctl -j show spin
check "the guest runs on ($t0 -> $t1 ns; machine-check exits: $(mce_exits))" \
	'echo "$out" | grep -q "\"state\": *\"running\"" && [ "$t1" -gt "$t0" ]'

run hvctl destroy spin
check "spin: destroyed" '[ $rc = 0 ]'
destroy_all
finish
