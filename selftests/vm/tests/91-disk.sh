# SPDX-License-Identifier: GPL-2.0
# Linux from the Debian disk image (make guest-disk): the kernel mounts
# xvda itself (root=/dev/xvda, no initramfs) and runs the image's
# /sbin/hv-init (scripts/guest-init; Debian's own init: 91-debian.sh).
# The image comes as two virtio disks of this VM (vm-run
# --drive build/guest/debian-i386.img, twice; selftests/check adds them in the
# -cpu max pass): /dev/vda, served read-write, and /dev/vdb, a pristine
# copy served read-only.  The guest's commands come on a third disk,
# xvdb, a script padded to whole sectors that /sbin/init runs (bash
# /dev/xvdb PHASE).  Three boots: the first finds its root on xvda,
# runs Debian's binaries from it (the same bytes as in the packages),
# writes a file and powers off, and mounts the read-only disk (xvdc),
# whose writes fail with EROFS while its bytes stay as they were; the
# second reads the file back, has 4 processes write a file each at once,
# syncs and is destroyed while running; the third, without --kernel, boots the kernel the image
# itself holds (its /vmlinuz, make guest-linux's package, as pygrub
# would), replays the journal and reads both back.  hvctl refuses to
# boot from a disk that is no ext4 image or is cut short.
# Skipped without the guest kernel or the drives.
. /hv/selftests/lib.sh
T=disk

need_disk 2 || exit 0

D=/tmp/disk
mkdir -p $D
CONS_DIR=$D
sum() {
	sha256sum | cut -c1-64
}

# The guest's side; each result line starts with "T ".
cat > $D/guest.sh <<'EOF'
sum() {
	sha256sum | cut -c1-64
}
# mountinfo: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [TAGS...] - TYPE ...
root=$(awk '$5 == "/" { i = 7; while ($i != "-") i++; print $3, $(i + 1) }' /proc/self/mountinfo)
echo "T root $root $(cat /sys/block/xvda/dev) $(awk '$2 == "/" { print substr($4, 1, 2) }' /proc/mounts)"
case $1 in
first)
	echo "T bins $(sha256sum /bin/bash-static /usr/bin/sha256sum /usr/bin/gawk /bin/ps /usr/bin/sort | cut -c1-64 | tr '\n' ' ')"
	echo "T run $(gawk 'BEGIN { printf "%d", 6 * 7 }') $(seq 1 1000 | sort -rn | head -n 1) $(ps -o comm= -p 1)"
	dd if=/dev/urandom of=/data-a bs=64k count=16 2> /dev/null
	echo "T write-a $? $(sum < /data-a)"
	mkdir /tmp/c
	busybox mount -t ext4 -o ro /dev/xvdc /tmp/c
	echo "T mount-c $? $(cat /sys/block/xvdc/ro) $(sum < /tmp/c/usr/bin/gawk)"
	(echo x > /tmp/c/new) 2>&1 | sed 's/^/T erofs-file /'
	busybox mount -o remount,rw /tmp/c 2>&1 | sed 's/^/T remount-c /'
	dd if=/dev/zero of=/dev/xvdc bs=512 count=1 2>&1 | sed -n '1s/^/T raw-c /p'
	busybox umount /tmp/c
	;;
second)
	echo "T read-a $(sum < /data-a)"
	for i in 1 2 3 4; do
		dd if=/dev/urandom of=/data-b$i bs=64k count=16 2> /dev/null &
	done
	wait
	echo "T write-b $(for i in 1 2 3 4; do sum < /data-b$i; done | tr '\n' ' ')"
	sync
	echo "T synced"
	sleep 1000
	;;
third)
	echo "T uname $(uname -r) $(readlink /vmlinuz)"
	echo "T read-a $(sum < /data-a)"
	echo "T read-b $(for i in 1 2 3 4; do sum < /data-b$i; done | tr '\n' ' ')"
	;;
esac
EOF
# A disk is whole sectors: newlines (empty lines to bash) fill the last.
n=$(wc -c < $D/guest.sh)
{ cat $D/guest.sh; yes '' | head -c $(((n + 511) / 512 * 512 - n)); } \
	> $D/script.img

# create NAME PHASE [OPTION...]: Linux from xvda, running PHASE of the
# script on xvdb: the kernel $K, or with $K empty the one xvda names.
create() {
	local name=$1 phase=$2

	shift 2
	hvctl create $name --memory 128M ${K:+--kernel $K} --disk $A,xvda \
		--disk $D/script.img,ro,xvdb "$@" --cmdline \
		"root=/dev/xvda console=hvc0 init=/sbin/hv-init -- /bin/bash-static /dev/xvdb $phase"
}

# boot NAME PHASE [OPTION...]: the guest runs PHASE to its end and powers
# off; its console in $con.
boot() {
	(sleep 300; hvctl destroy $1) > /dev/null 2>&1 &
	local watchdog=$!
	create "$@" --console < /dev/null > $D/$1.out 2>&1
	echo "hvctl-exit $?" >> $D/$1.out
	con=$(tr -d '\r' < $D/$1.out)
	kill $watchdog 2> /dev/null
	hvctl destroy $1 2> /dev/null
}
field() {
	echo "$con" | sed -n "s/^T $1 //p" | head -n 1
}

# Debian's binaries as the packages hold them (guest-rootfs unpacked the
# same ones).
bins="bin/bash-static usr/bin/sha256sum usr/bin/gawk bin/ps usr/bin/sort"
mkdir -p $D/pkg
(cd $D/pkg && zcat $R | cpio -i -d $bins 2> /dev/null)
pkgsums=$(cd $D/pkg && for b in $bins; do sum < $b; done | tr '\n' ' ')
csum=$(sum < $C)

t0=$(date +%s)
boot d1 first --disk $C,ro,xvdc
t1=$(date +%s)
out=$(echo "$con" | grep -v '^T bins' | tail -n 12)
rc=
check "boots from the disk, no initramfs, to a poweroff ($((t1 - t0)) s)" \
	'echo "$con" | grep -q "^hvctl-exit 0" &&
	 echo "$con" | grep -q "VFS: Mounted root (ext4 filesystem)" &&
	 echo "$con" | grep -q "^init: poweroff" &&
	 ! echo "$con" | grep -q "Unpacking initramfs"'
out=$(field root)
check "its root is xvda (202:0 in mountinfo and sysfs), ext4, read-write" \
	'[ "$out" = "202:0 ext4 202:0 rw" ]'
out="guest: $(field bins) packages: $pkgsums"
check "Debian's binaries on the disk are the packages' bytes" \
	'[ "$(field bins)" = "$pkgsums" ]'
out=$(field run)
check "they run from it: gawk, seq | sort, ps (PID 1 is hv-init)" \
	'[ "$out" = "42 1000 hv-init" ]'
out=$(field write-a)
wa=${out#0 }
check "a 1 MiB file written to the root" '[ ${#wa} = 64 ]'
ga=$(echo "$pkgsums" | cut -d" " -f3)
out="$(field mount-c) / $(field erofs-file) / $(field remount-c) / $(field raw-c)"
check "the read-only disk mounts read-only and reads; its writes fail" \
	'[ "$(field mount-c)" = "0 1 $ga" ] &&
	 field erofs-file | grep -q "Read-only file system" &&
	 [ -n "$(field remount-c)" ] &&
	 field raw-c | grep -q "Read-only file system\|Operation not permitted\|Permission denied"'
out=$(sum < $C)
check "the read-only disk's bytes are unchanged (sha256 here)" \
	'[ "$out" = "$csum" ]'

# Stopped hard: sync, then a destroy while it runs.
create d2 second > /dev/null 2>&1
wait_for d2 "^T synced" 3000
st=$(domain_states | awk '$2 == "d2" { print $3 }')
run hvctl destroy d2
con=$(cat $D/d2.cons)
out=$(echo "$con" | tail -n 6)
wb=$(field write-b)
check "the file survived the poweroff (no journal to replay); 4 processes wrote 4 more, synced" \
	'[ "$(field read-a)" = "$wa" ] && [ $(echo $wb | wc -w) = 4 ] &&
	 ! echo "$con" | grep -q "recovery complete"'

check "destroyed while running" '[ "$st" = running ] && [ $rc = 0 ]'

# Not a file system, and the image cut short: nothing is created.
head -c 4194304 $A > $D/short.img
for bad in $D/script.img $D/short.img; do
	run hvctl create bad --memory 64M --disk $bad
	check "no --kernel, a disk that holds no bootable ext4 ($(basename $bad)): refused" \
		'[ $rc = 1 ] && echo "$err" | grep -q "^hvctl: cannot boot from disk $bad: " &&
		 ! hvctl show bad > /dev/null 2>&1'
done
rm -f $D/short.img

kernel=$K
K=
t0=$(date +%s)
boot d3 third
t1=$(date +%s)
K=$kernel
out=$(echo "$con" | grep -E "EXT4|^Linux version|^T uname")
check "the third boot, no --kernel: the image's own kernel, from its /vmlinuz" \
	'echo "$con" | grep -q "^Linux version 6\.1\.[0-9]*-hv " &&
	 field uname | grep -q "^6\.1\.[0-9]*-hv boot/vmlinuz-6\.1\.[0-9]*-hv$"'
check "it replays the journal and powers off ($((t1 - t0)) s)" \
	'echo "$con" | grep -q "^EXT4-fs (xvda): recovery complete" &&
	 echo "$con" | grep -q "^hvctl-exit 0"'
check "all five files read back whole (sha256)" \
	'[ "$(field read-a)" = "$wa" ] && [ "$(field read-b)" = "$wb" ]'
destroy_all
rm -rf $D
finish
