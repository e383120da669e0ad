# SPDX-License-Identifier: GPL-2.0
# Memory reservation: refused cleanly when the host or the caller's memory
# cgroup cannot give it, charged to the caller, and all of it returned.
. /hv/selftests/lib.sh
T=memory

total_kb=$(meminfo MemTotal)
avail_kb=$(meminfo MemAvailable)

# More than the host has: ENOMEM from the up-front check, no OOM kill.
run hvctl create huge --memory "$(( (total_kb / 1024 + 64) / 4 * 4 ))M"
check "more than the host's RAM: exit 1, ENOMEM message" \
	'[ $rc = 1 ] && echo "$err" | grep -q "not enough free host memory"'
run hvctl create nearly --memory "$(( avail_kb / 1024 / 4 * 4 ))M"
check "all of MemAvailable: refused, the host keeps a reserve" \
	'[ $rc = 1 ] && echo "$err" | grep -q "not enough free host memory"'
check "no OOM kill happened" '! dmesg | grep -qi "out of memory"'

# 200 create/destroy cycles give every frame back.  Warm up first, so
# caches that fill once (slabs, per-CPU page lists) are in the baseline.
cycle() {
	hvctl create cycle --memory 8M > /dev/null || fails=$((fails + 1))
	hvctl destroy cycle || fails=$((fails + 1))
}
fails=0
echo +memory > /sys/fs/cgroup/cgroup.subtree_control
mkdir -p /sys/fs/cgroup/cycles
echo $$ > /sys/fs/cgroup/cycles/cgroup.procs
i=0
while [ $i -lt 20 ]; do
	cycle
	i=$((i + 1))
done
free0=$(settled_free)
charged0=$(cat /sys/fs/cgroup/cycles/memory.current)
i=0
while [ $i -lt 200 ]; do
	cycle
	i=$((i + 1))
done
free1=$(settled_free)
charged1=$(cat /sys/fs/cgroup/cycles/memory.current)
echo $$ > /sys/fs/cgroup/cgroup.procs
rmdir /sys/fs/cgroup/cycles
check "memory charged for 200 domains all given back ($charged0 -> $charged1 bytes)" \
	'[ $((charged1 - charged0)) -lt $((1 << 20)) ]'
check "220 create/destroy cycles all succeeded" '[ $fails = 0 ]'
check "free memory back within 1% ($free0 kB -> $free1 kB)" \
	'[ $((free0 - free1)) -le $((free0 / 100)) ] &&
	 [ $((free1 - free0)) -le $((free0 / 100)) ]'

# Charged to the caller's memory cgroup.
cg=/sys/fs/cgroup/hvtest
echo +memory > /sys/fs/cgroup/cgroup.subtree_control
mkdir -p $cg
echo 48M > $cg/memory.max
before=$(cat $cg/memory.current)
run sh -c "echo \$\$ > $cg/cgroup.procs && exec hvctl create charged --memory 32M"
after=$(cat $cg/memory.current)
check "create inside a 48M cgroup succeeds" '[ $rc = 0 ]'
check "the cgroup was charged at least 32 MiB ($before -> $after)" \
	'[ $((after - before)) -ge $((32 << 20)) ]'
run sh -c "echo \$\$ > $cg/cgroup.procs && exec hvctl create over --memory 64M"
check "64M in a 48M cgroup: exit 1, out of memory message" \
	'[ $rc = 1 ] && echo "$err" | grep -q "memory cgroup limit"'
run hvctl destroy charged
after=$(cat $cg/memory.current)
check "destroy uncharges the cgroup (now $after bytes)" \
	'[ "$after" -lt $((8 << 20)) ]'

# What the hypervisor allocates per domain besides its frames is charged
# there too: the console buffer and the vCPU's GDT (64 and 60 KiB, vmalloc)
# show in memory.stat's exact vmalloc count, 124 KiB per booted domain.
# Its figures are flushed every 2 s.
vmalloc_kb() {
	sleep 3
	awk '$1 == "vmalloc" { print int($2 / 1024) }' $cg/memory.stat
}
vm0=$(vmalloc_kb)
booted=0
for n in 1 2 3 4; do
	run sh -c "echo \$\$ > $cg/cgroup.procs && exec hvctl create vm$n \
		--memory 4M --kernel /hv/guests/hello.elf --console"
	[ $rc = 0 ] && booted=$((booted + 1))
done
vm1=$(vmalloc_kb)
check "4 booted domains in the cgroup" '[ $booted = 4 ]'
check "their console buffers and GDTs are charged to it ($vm0 -> $vm1 kB of vmalloc)" \
	'[ $((vm1 - vm0)) -ge $((4 * 124)) ]'
for n in 1 2 3 4; do
	hvctl destroy vm$n
done
vm2=$(vmalloc_kb)
check "and uncharged when destroyed ($vm2 kB)" '[ $((vm2 - vm0)) -lt 64 ]'
rmdir $cg

# Pressure: domains until the host runs short, 64M ones then 4M ones to
# the last of what hv will give, every third booted (hello powers off and
# keeps its memory).  Each refusal is ENOMEM with a message, the host
# stays responsive, and all of it comes back.
free0=$(settled_free)
fills=0
made=0
refusal=
for size in 64M 4M; do
	while :; do
		if [ $((made % 3)) = 2 ]; then
			run hvctl create "fill$fills" --memory $size \
				--kernel /hv/guests/hello.elf --console
		else
			run hvctl create "fill$fills" --memory $size
		fi
		fills=$((fills + 1))
		[ $rc = 0 ] || break
		made=$((made + 1))
	done
	refusal="$refusal$rc:$err;"
done
diag "$made domains before the host ran short; refusals: $refusal"
check "the host ran short after $made domains: exit 1, ENOMEM message" \
	'[ $made -gt 4 ] && [ "$(echo "$refusal" | grep -o "1:[^;]*not enough free host memory" | wc -l)" = 2 ]'
check "no OOM kill under pressure" '! dmesg | grep -qi "out of memory"'
run hvctl list
check "the host still answers: list shows all $made" \
	'[ $rc = 0 ] && [ $(echo "$out" | grep -c fill) = $made ]'
run sh -c 'echo responsive'
check "a new process still runs" '[ "$out" = responsive ]'
run hvctl -j show fill2
check "a booted one among them shut down normally" \
	'echo "$out" | grep -q "\"state\": *\"shutdown\""'
destroy_all
free1=$(settled_free)
check "all destroyed, free memory back within 1% ($free0 kB -> $free1 kB)" \
	'[ -z "$(domain_states)" ] && within_pct $free0 $free1 1'

destroy_all
finish
