# SPDX-License-Identifier: GPL-2.0
# core
# hv refuses to unload while a domain exists, so a guest's memory can never
# be pulled from under it; once the domains are gone it unloads cleanly.
. /hv/selftests/lib.sh
T=rmmod

run hvctl create keep --memory 8M
check "create keep" '[ $rc = 0 ]'
run rmmod hv
check "rmmod with a live domain fails" '[ $rc != 0 ]'
check "hv is still loaded" 'grep -q "^hv " /proc/modules'
run hvctl show keep
check "the domain is intact" '[ $rc = 0 ] && echo "$out" | grep -q keep'
run hvctl destroy keep

# One live domain of each state pins the module on its own: created,
# running, paused, shut down by the guest, crashed (killed by hv).
mkdom() {
	case $1 in
	created) hvctl create st-created --memory 8M ;;
	running) hvctl create st-running --memory 16M \
			--kernel /hv/guests/spin.elf ;;
	paused) hvctl create st-paused --memory 16M \
			--kernel /hv/guests/spin.elf --paused ;;
	shutdown) hvctl create st-shutdown --memory 16M \
			--kernel /hv/guests/hello.elf --console ;;
	crashed) hvctl create st-crashed --memory 16M \
			--kernel /hv/guests/badstack.elf --console ;;
	esac > /dev/null 2>&1
}
refcnt() {
	cat /sys/module/hv/refcnt
}
states="created running paused shutdown crashed"
for s in $states; do
	mkdom $s
	check "a domain in state $s" \
		'domain_states | grep -q "^[0-9]* st-$s $s$"'
	check "it holds one module reference" '[ "$(refcnt)" = 1 ]'
	run rmmod hv
	# delete_module() says EWOULDBLOCK (EAGAIN) for a module in use.
	check "rmmod with a $s domain is refused, module in use" \
		'[ $rc != 0 ] && echo "$err" | grep -qi "temporarily unavailable\|busy\|in use"'
	check "hv still loaded, the $s domain intact" \
		'grep -q "^hv " /proc/modules &&
		 domain_states | grep -q "^[0-9]* st-$s $s$"'
	hvctl destroy st-$s
done
for s in $states; do
	mkdom $s
done
check "all five states at once: five module references" \
	'[ "$(refcnt)" = 5 ] && [ $(domain_states | wc -l) = 5 ]'
run rmmod hv
check "rmmod with all five is refused" '[ $rc != 0 ]'
destroy_all
check "every domain destroyed, no reference left" \
	'[ -z "$(domain_states)" ] && [ "$(refcnt)" = 0 ] &&
	 [ $(hv_threads) = 0 ]'

run rmmod hv
check "rmmod after the last destroy succeeds" '[ $rc = 0 ]'
check "hv is gone" '! grep -q "^hv " /proc/modules'
run hvctl list
check "hvctl without the module: exit 5, says so" \
	'[ $rc = 5 ] && echo "$err" | grep -qi "not loaded"'
run insmod /hv/hv.ko
check "insmod again" '[ $rc = 0 ]'
run hvctl -j list
check "fresh module has no domains" '[ "$(echo $out | tr -d " ")" = "[]" ]'

# Unload and load while a shell on each CPU schedules every millisecond:
# neither may patch code those CPUs run.  When insmod took the preempt
# notifiers' static key and rmmod dropped it, QEMU TCG's other CPU kept
# taking the int3 of a finished text_poke_bp() in __schedule, and the
# next load's TLB flush IPI waited for it (soft lockups, then a hang;
# Documentation/status.rst).
busy=
for c in 0 1; do
	taskset -c $c sh -c 'while :; do usleep 1000; done' &
	busy="$busy $!"
done
n=0
while [ $n -lt 50 ] && rmmod hv && insmod /hv/hv.ko; do
	n=$((n + 1))
done
# shellcheck disable=SC2086 # the pids are words
kill $busy
check "50 unloads and loads with both CPUs scheduling ($n done), no soft lockup or RCU stall" \
	'[ $n = 50 ] && ! dmesg | grep -q "soft lockup\|rcu.*stall"'
finish
