# SPDX-License-Identifier: GPL-2.0
# A hostile blkfront (the blkhostile guest) against hv's block back end:
# bad segment counts and sectors, sectors past the end and a start that
# would wrap, grants that are not to domain 0, not the guest's frames or
# read-only where hv must write, an unknown operation, and indirect
# requests (BLKIF_OP_INDIRECT) with bad counts, operations, segment pages
# and segments: each gets its error response, good indirect reads of 2
# and 256 segments read the right sectors, and the disk still serves a
# good read.  Its 4-page ring comes after three that hv refuses (order
# 5, a ring-ref missing, a read-only page), and 64 reads and a flush
# queued at once are each answered once; then a request
# index 1000 ahead stops the disk with a host log line.  The image is
# unchanged, and destroy leaves no worker thread behind.  All of it twice:
# on a file (served through its page cache) and on a block device, a brd
# RAM disk (direct I/O submitted by the worker and answered from its
# completion, which brd gives before the submission returns).
. /hv/selftests/lib.sh
T=blkhostile

# sectors: 2048 numbered sectors of 512 bytes.
sectors() {
	awk 'BEGIN { for (i = 0; i < 2048; i++) printf "sector %-504d\n", i }'
}

# hostile DISK WHAT: the guest against DISK, which holds sectors(); WHAT
# names it in the checks.
hostile() {
	disk=$1
	what=$2
	before=$(sectors | sha256sum)
	# Only the lines from here on: never "dmesg -c", which would hide
	# what earlier tests logged from vm-init's final check of the log.
	n0=$(dmesg | wc -l)
	run hvctl create bh --memory 16M --kernel /hv/guests/blkhostile.elf \
		--disk $disk --console
	check "$what: every bad request gets its error, good reads still work (exit 0)" \
		'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: blkhostile: PASS"'
	diag "$(echo "$out" | grep "^blkhostile: " | head -n 40)"
	log=$(dmesg | tail -n +$((n0 + 1)))
	out=$(echo "$log" | grep "hv:" | tail -n 5)
	check "$what: the runaway request index stopped the disk, with a host log line" \
		'echo "$log" | grep -q "vbd 51712: request index .* more than the ring: disk stopped"'
	check "$what: the image is unchanged" \
		'[ "$(head -c 1048576 $disk | sha256sum)" = "$before" ]'
	run hvctl -j show bh
	check "$what: hvctl show lists the disk: xvda, 2048 sectors, writable, a 4-page ring" \
		'echo "$out" | grep -q "\"disk\": *\"xvda\"" &&
		 echo "$out" | grep -q "\"sectors\": *2048" &&
		 echo "$out" | grep -q "\"readonly\": *false" &&
		 echo "$out" | grep -q "\"ring_pages\": *4"'
	# 4 good reads, 64 queued reads and a flush; 23 bad requests.
	check "$what: hvctl show counts 92 requests answered, 23 of them errors" \
		'echo "$out" | grep -q "\"requests\": *92" &&
		 echo "$out" | grep -q "\"errors\": *23"'
	run hvctl show bh
	diag "$(echo "$out" | grep disk)"
	run hvctl destroy bh
	check "$what: destroy: no disk worker thread is left" \
		'[ $rc = 0 ] && ! grep -q "^hv-blk" /proc/[0-9]*/comm 2> /dev/null'
}

img=/tmp/bh.img
sectors > $img
hostile $img "a file"
rm -f $img

# 1 MiB: 2048 sectors.
if [ ! -f /hv/kmod/brd.ko ]; then
	ok "a block device: no brd module for this kernel # SKIP"
elif ! insmod /hv/kmod/brd.ko rd_nr=1 rd_size=1024; then
	not_ok "a block device: insmod brd failed"
else
	sectors | dd of=/dev/ram0 bs=65536 conv=fsync 2> /dev/null
	hostile /dev/ram0 "a block device"
	rmmod brd || not_ok "a block device: rmmod brd failed"
fi
finish
