# SPDX-License-Identifier: GPL-2.0
# Boot/shutdown cycles of Debian from its disk image (make guest-disk,
# the image /dev/vda of this VM as for 91-debian.sh): each boots with
# Debian's own init to the login prompt on hvc0 and ends with "hvctl
# shutdown --wait" (runlevel 0, poweroff).  Afterwards nothing of the
# cycles is left on the host: free memory and slab within 1% of the
# start, no vCPU thread, no hv timer, no module reference, and no file:
# every domain also had a second disk, a probe file on a tmpfs of its
# own, whose space comes back when it is deleted only if no reference to
# it outlived its domain (the root disk's file is held the same way).
# 50 cycles in make check-long (about 60 to 80 s each under TCG);
# skipped in make check (91-debian.sh boots it there).
# HV_DEBIAN_CYCLES=N runs N cycles whatever the mode.
. /hv/selftests/lib.sh
T=debian-cycles

n=${HV_DEBIAN_CYCLES:-}
if [ -z "$n" ]; then
	if [ "${HV_LONG:-0}" != 1 ]; then
		ok "50 boot/shutdown cycles # SKIP make check-long"
		exit 0
	fi
	n=50
fi
need_disk 1 || exit 0

D=/tmp/debian-cycles
mkdir -p $D
CONS_DIR=$D
mount -t tmpfs -o size=16m tmpfs $D
dd if=/dev/zero of=$D/probe.img bs=1M count=8 2> /dev/null

tmpfs_kb() {
	df -k $D | awk 'NR == 2 { print $3 }'
}

fails=0
fail() {
	fails=$((fails + 1))
	[ $fails -le 3 ] && diag "cycle $i: $*" "$(tail -n 15 $D/deb.cons)"
}

# One cycle: boot to the login prompt, shut down in order, destroy.
cycle() {
	(sleep 600; hvctl destroy deb) > /dev/null 2>&1 &
	watchdog=$!
	if ! hvctl create deb --memory 256M --kernel $K --disk $A,xvda \
		--disk $D/probe.img,ro,xvdb \
		--cmdline "root=/dev/xvda console=hvc0" > /dev/null; then
		fail "create failed"
	elif ! wait_for deb "^guest login: " 4000; then
		fail "no login prompt"
	elif ! hvctl shutdown --wait --timeout 300 deb > /dev/null; then
		fail "shutdown --wait failed"
	elif ! hvctl -j show deb | grep -q '"end": *"poweroff"'; then
		fail "did not end with poweroff: $(hvctl -j show deb)"
	fi
	hvctl destroy deb 2> /dev/null
	kill $watchdog 2> /dev/null
	wait $watchdog 2> /dev/null
	[ "$(hv_threads)" = 0 ] || fail "a vCPU thread outlived its domain"
}

# One cycle first: caches that fill once go into the baseline.
i=0
cycle
read free0 slab0 <<EOT
$(settled_mem)
EOT
slab_snapshot $D/slab0
files0=$(cut -f1 /proc/sys/fs/file-nr)
t0=$(date +%s)
i=1
while [ $i -le "$n" ]; do
	cycle
	i=$((i + 1))
done
t1=$(date +%s)
read free1 slab1 <<EOT
$(settled_mem)
EOT
slab_snapshot $D/slab1
files1=$(cut -f1 /proc/sys/fs/file-nr)
used0=$(tmpfs_kb)
rm $D/probe.img
used1=$(tmpfs_kb)

diag "$n cycles in $((t1 - t0)) s, $(((t1 - t0) / n)) s each"
diag "free $free0 kB -> $free1 kB, slab $slab0 kB -> $slab1 kB," \
	"files allocated $files0 -> $files1 (a per-CPU count: +-64)"
diag "slab caches that grew (bytes):" "$(slab_growth $D/slab0 $D/slab1 6)"
check "$n cycles: each booted to the login prompt and powered off in order" \
	'[ $fails = 0 ]'
check "no vCPU thread, hv timer, domain or module reference left" \
	'[ "$(hv_threads)" = 0 ] && ! grep -q "\<hv_" /proc/timer_list &&
	 [ -z "$(domain_states)" ] && [ "$(cat /sys/module/hv/refcnt)" = 0 ]'
check "the probe disk's 8 MiB came back when it was deleted ($used0 -> $used1 kB used): no reference to a disk file outlived its domain" \
	'[ $((used0 - used1)) -ge 8000 ]'
check "free memory back within 1% ($free0 kB -> $free1 kB)" \
	'within_pct $free0 $free1 1'
check "slab grew by 1% at most ($slab0 kB -> $slab1 kB)" \
	'grew_at_most $slab0 $slab1 1'
umount $D
destroy_all
finish
