# SPDX-License-Identifier: GPL-2.0
# The PV block device (module/blkback.c): the Linux guest (make
# guest-linux guest-rootfs, from /extra as 84-linux.sh) boots with three
# disks, files in this VM's /tmp: xvda (8 MiB), xvdb (4 MiB) and a
# read-only xvdc holding a pattern.  Inside, it reads their sizes, writes
# a pattern to xvda with O_DIRECT and reads it back, writes xvdb, reads
# xvdc and fails to write it, discards a range of xvda, makes an ext2
# file system on xvdb; then it powers off and this side checks the
# files' bytes at the offsets the guest wrote.  A second boot mounts the
# file system again and reads the file it holds, its blkfront told to
# use 16-page rings (hvctl show lists them).  Also: hvctl refuses a
# disk it cannot open; guest dd against host dd figures (diag).
. /hv/selftests/lib.sh
T=blk

need_linux || exit 0

D=/tmp/blk
mkdir -p $D
dd if=/dev/zero of=$D/a.img bs=1M count=40 2> /dev/null
dd if=/dev/zero of=$D/b.img bs=1M count=4 2> /dev/null
yes hv-blk-0123456789abcdef | head -c 65536 > $D/pattern
yes hv-readonly-disk | head -c 2097152 > $D/c.img
sum() {
	sha256sum | cut -c1-64
}
pat=$(sum < $D/pattern)
csum=$(sum < $D/c.img)

# boot NAME SCRIPT DISKS...: the guest runs SCRIPT with $ARGS on its
# command line; console in $con, "hvctl show"'s disk lines while it ran
# in $D/NAME/show and its JSON at the end in $D/NAME/show.json.
boot() {
	local name=$1 script=$2
	shift 2
	mkdir -p $D/$name
	cp "$script" $D/$name/test.sh
	(cd $D/$name && echo test.sh | cpio -o -H newc 2> /dev/null | gzip) \
		> $D/$name/test.cpio.gz
	cat $R $D/$name/test.cpio.gz > $D/$name/rd.cpio.gz
	# A guest still running then has stopped making progress: what it
	# was doing goes to the log (dump_domain) before it is destroyed.
	(sleep 150; dump_domain $name; hvctl destroy $name > /dev/null 2>&1) &
	local watchdog=$!
	(while sleep 0.5; do
		hvctl show $name 2> /dev/null | grep disk
	done > $D/$name/show) &
	local shower=$!
	con=$({
		hvctl create $name --memory 128M --kernel $K \
			--ramdisk $D/$name/rd.cpio.gz "$@" \
			--cmdline "console=hvc0 $ARGS -- /bin/bash-static /test.sh" \
			--console < /dev/null 2>&1
		echo "hvctl-exit $?"
	} | tr -d '\r')
	kill $watchdog $shower 2> /dev/null
	hvctl -j show $name > $D/$name/show.json 2> /dev/null
	hvctl destroy $name 2> /dev/null
}
# The JSON object of disk $2 in $D/$1/show.json, on one line.
disk_json() {
	tr -d ' \n' < $D/$1/show.json | grep -o "{\"disk\":\"$2\"[^}]*}"
}
field() {
	echo "$con" | sed -n "s/^T $1 //p" | head -n 1
}

cat > $D/first.sh <<'EOF'
sum() {
	sha256sum | cut -c1-64
}
for x in a b c; do
	echo "T size-$x $(cat /sys/block/xvd$x/size) $(cat /sys/block/xvd$x/ro)"
done
yes hv-blk-0123456789abcdef | head -c 65536 > /tmp/p
dd if=/tmp/p of=/dev/xvda bs=64k seek=16 oflag=direct conv=fsync 2>/dev/null
echo "T write-a $?"
echo "T read-a $(dd if=/dev/xvda bs=64k skip=16 count=1 iflag=direct 2>/dev/null | sum)"
echo second-disk-data | dd of=/dev/xvdb bs=512 seek=8191 oflag=direct conv=sync,fsync 2>/dev/null
echo "T write-b $?"
echo "T read-c $(dd if=/dev/xvdc bs=512 skip=10 count=1 iflag=direct 2>/dev/null | head -c 16 | tr '\n' .)"
echo "T sum-c $(sum < /dev/xvdc)"
dd if=/dev/zero of=/dev/xvdc bs=512 count=1 oflag=direct 2>/tmp/e
echo "T write-c $? $(tr '\n' ' ' < /tmp/e)"
dd if=/tmp/p of=/dev/xvda bs=64k seek=32 oflag=direct conv=fsync 2>/dev/null
busybox blkdiscard -o 2097152 -l 65536 /dev/xvda
echo "T discard $?"
t0=$(date +%s%N)
dd if=/dev/zero of=/dev/xvda bs=1M seek=8 count=32 oflag=direct conv=fsync 2>/dev/null
echo "T wspeed $((($(date +%s%N) - t0) / 1000000))"
t0=$(date +%s%N)
dd if=/dev/xvda of=/dev/null bs=1M skip=8 count=32 iflag=direct 2>/dev/null
echo "T rspeed $((($(date +%s%N) - t0) / 1000000))"
# ext2 in the first 3 MiB: the last sector keeps what was written above.
busybox mke2fs -q /dev/xvdb 3072 2>&1 | tail -n 3 && mkdir /tmp/mb &&
	busybox mount /dev/xvdb /tmp/mb && echo persisted-file > /tmp/mb/f &&
	busybox umount /tmp/mb
echo "T ext2 $?"
EOF

boot blk1 $D/first.sh --disk $D/a.img --disk $D/b.img --disk $D/c.img,ro
out=$(echo "$con" | tail -n 15)
rc=
diag "$(dmesg | grep 'hv:' | tail -n 10)"
diag "$(echo "$con" | grep -i -m40 'vbd\|blkfront\|xenbus\|xvd\|error\|^T ')"
check "boots with three disks and powers off" \
	'echo "$con" | grep -q "^hvctl-exit 0" && [ -n "$(field ext2)" ]'
check "the guest sees xvda 81920, xvdb 8192 sectors writable, xvdc 4096 read-only" \
	'[ "$(field size-a)" = "81920 0" ] && [ "$(field size-b)" = "8192 0" ] &&
	 [ "$(field size-c)" = "4096 1" ]'
check "an O_DIRECT write of 64 KiB to xvda and a flush succeed, read back whole" \
	'[ "$(field write-a)" = 0 ] && [ "$(field read-a)" = "$pat" ]'
out="$(field read-c) / $(field sum-c) / $(field write-c)"
c10=$(dd if=$D/c.img bs=512 skip=10 count=1 2> /dev/null | head -c 16 | tr '\n' .)
check "xvdc reads the host's pattern; its write fails (I/O error or read-only)" \
	'[ "$(field read-c)" = "$c10" ] &&
	 [ "$(field sum-c)" = "$csum" ] &&
	 echo "$(field write-c)" | grep -q "^1 .*\(Input/output error\|Read-only\|Operation not permitted\)"'
out=$(dd if=$D/a.img bs=64k skip=16 count=1 2> /dev/null | sum)
check "the host reads the guest's pattern at 1 MiB of a.img" '[ "$out" = "$pat" ]'
out=$(dd if=$D/b.img bs=512 skip=8191 count=1 2> /dev/null | head -c 16)
check "the host reads xvdb's last sector in b.img" \
	'[ "$(field write-b)" = 0 ] && [ "$out" = second-disk-data ]'
check "the read-only image is unchanged" '[ "$(sum < $D/c.img)" = "$csum" ]'
out="$(field discard); $(dd if=$D/a.img bs=64k skip=32 count=1 2> /dev/null | sum)"
zero=$(head -c 65536 /dev/zero | sum)
check "a discard of xvda's 2 MiB..2 MiB+64 KiB leaves zeros in a.img" \
	'[ "$(field discard)" = 0 ] &&
	 [ "$(dd if=$D/a.img bs=64k skip=32 count=1 2> /dev/null | sum)" = "$zero" ]'
check "mke2fs, mount, write and umount an ext2 file system on xvdb" \
	'[ "$(field ext2)" = 0 ]'
out="$(sort -u $D/blk1/show) $(disk_json blk1 xvda)"
check "hvctl show: xvda's one-page ring, requests answered, no error" \
	'sort -u $D/blk1/show | grep -q "disk xvda .* ring 1 " &&
	 disk_json blk1 xvda | grep -q "\"requests\":[1-9][0-9]*,\"errors\":0}"'
ws=$(field wspeed)
rs=$(field rspeed)
ms() {
	awk '{ print int($1 * 1000) }' /proc/uptime
}
t0=$(ms)
dd if=/dev/zero of=$D/native bs=1M count=32 conv=fsync 2> /dev/null
nw=$(($(ms) - t0))
t0=$(ms)
dd if=$D/native of=/dev/null bs=1M 2> /dev/null
nr=$(($(ms) - t0))
rm -f $D/native
diag "32 MiB: guest write ${ws} ms, read ${rs} ms (O_DIRECT, 1 MiB); this VM's dd to tmpfs: write ${nw} ms, read ${nr} ms"
[ "${ws:-0}" -gt 0 ] && [ "${rs:-0}" -gt 0 ] &&
	diag "MB/s: guest write $((32000 / ws)) read $((32000 / rs)); host write $((32000 / (nw + 1))) read $((32000 / (nr + 1)))"

cat > $D/second.sh <<'EOF'
mkdir /tmp/mb && busybox mount -o ro /dev/xvdb /tmp/mb
echo "T file $(cat /tmp/mb/f)"
echo "T read-a $(dd if=/dev/xvda bs=64k skip=16 count=1 2>/dev/null | sha256sum | cut -c1-64)"
EOF
# Linux's blkfront uses a multi-page ring when told to and offered one.
ARGS=xen_blkfront.max_ring_page_order=4 \
	boot blk2 $D/second.sh --disk $D/b.img,xvdb --disk $D/a.img,ro
out=$(echo "$con" | tail -n 8)
check "a second boot mounts xvdb's ext2 and reads its file; xvda kept the pattern" \
	'[ "$(field file)" = persisted-file ] && [ "$(field read-a)" = "$pat" ]'
out=$(sort -u $D/blk2/show)
check "with max_ring_page_order=4 the guest's disks connected with 16-page rings" \
	'echo "$out" | grep -q "disk xvdb .* ring 16 " &&
	 echo "$out" | grep -q "disk xvda .* ring 16 "'

run hvctl create bad --memory 16M --kernel $K --disk $D/missing.img
check "hvctl refuses a disk it cannot open, before creating anything" \
	'[ $rc != 0 ] && echo "$err" | grep -q "cannot open disk" &&
	 ! hvctl show bad > /dev/null 2>&1'
destroy_all
rm -rf $D
finish
