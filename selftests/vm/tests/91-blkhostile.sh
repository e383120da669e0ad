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
# unchanged, and destroy leaves no worker thread behind.
. /hv/selftests/lib.sh
T=blkhostile

img=/tmp/bh.img
awk 'BEGIN { for (i = 0; i < 2048; i++) printf "sector %-504d\n", i }' > $img
before=$(sha256sum < $img)
# Only the lines from here on: never "dmesg -c", which would hide what
# earlier tests logged from vm-init's final check of the host log.
n0=$(dmesg | wc -l)
run hvctl create bh --memory 16M --kernel /hv/guests/blkhostile.elf \
	--disk $img --console
check "every bad request gets its error, good reads still work (exit 0)" \
	'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: blkhostile: PASS"'
diag "$(echo "$out" | grep "^blkhostile: " | head -n 40)"
log=$(dmesg | tail -n +$((n0 + 1)))
out=$(echo "$log" | grep "hv:" | tail -n 5)
check "the runaway request index stopped the disk, with a host log line" \
	'echo "$log" | grep -q "vbd 51712: request index .* more than the ring: disk stopped"'
check "the image is unchanged" '[ "$(sha256sum < $img)" = "$before" ]'
run hvctl -j show bh
check "hvctl show lists the disk: xvda, 2048 sectors, writable, a 4-page ring" \
	'echo "$out" | grep -q "\"disk\": *\"xvda\"" &&
	 echo "$out" | grep -q "\"sectors\": *2048" &&
	 echo "$out" | grep -q "\"readonly\": *false" &&
	 echo "$out" | grep -q "\"ring_pages\": *4"'
# 4 good reads, 64 queued reads and a flush; 23 bad requests.
check "hvctl show counts 92 requests answered, 23 of them errors" \
	'echo "$out" | grep -q "\"requests\": *92" &&
	 echo "$out" | grep -q "\"errors\": *23"'
run hvctl show bh
diag "$(echo "$out" | grep disk)"
run hvctl destroy bh
check "destroy: no disk worker thread is left" \
	'[ $rc = 0 ] && ! grep -q "^hv-blk" /proc/[0-9]*/comm 2> /dev/null'
rm -f $img
finish
