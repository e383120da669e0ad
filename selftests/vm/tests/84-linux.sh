# SPDX-License-Identifier: GPL-2.0
# Linux 6.1 with guest-patches/linux-6.1 (make guest-linux) boots on hv
# with the Debian i386 root file system (make guest-rootfs) and runs
# Debian's own binaries: uname, /proc/cpuinfo as the CPUID policy shows
# it, 1,000 fork+exec+wait, a pipeline whose result the test VM computes
# too, files on tmpfs, 16 MiB through dd, date against the host's clock,
# sleep 1, and a clean poweroff.  The kernel and the root file system come
# from /extra (vm-run --add build/guest/linux.elf --add
# build/guest/rootfs.cpio.gz; selftests/check adds them when they are
# built); without them the test is skipped.  The checks run from a
# /test.sh of this file's, in a second cpio appended to the root file
# system: /init runs what follows "--" on the command line.
. /hv/selftests/lib.sh
T=linux

K=/extra/linux.elf
R=/extra/rootfs.cpio.gz
if [ ! -f $K ] || [ ! -f $R ]; then
	ok "no $K or $R (make guest-linux guest-rootfs) # SKIP not built"
	finish
	exit
fi

# The checks inside the guest; each result line starts with "T ".
mkdir -p /tmp/lx
cat > /tmp/lx/test.sh <<'EOF'
echo "T uname $(uname -a)"
grep -m1 '^flags' /proc/cpuinfo | sed 's/^flags[^:]*: /T flags  /;s/$/ /'
echo "T cpus $(grep -c '^processor' /proc/cpuinfo)"
echo "T memtotal $(awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)"
t0=$(date +%s%N)
n=0
while [ $n -lt 1000 ] && /bin/true; do
	n=$((n + 1))
done
echo "T forkexec $n $((($(date +%s%N) - t0) / 1000000))"
echo "T pipeline $(seq 1 200000 | sort -R | sort -n | sha256sum | cut -d' ' -f1)"
mkdir /tmp/f && cd /tmp/f || exit 1
for i in $(seq 1 100); do echo "file $i" > f$i; done
echo "T tmpfs $(df -T /tmp | awk 'NR == 2 { print $2 }') $(ls | wc -l) $(cat f1 f100 | tr '\n' ' ')"
rm f*
echo "T tmpfs-removed $(ls | wc -l)"
dd if=/dev/urandom of=/tmp/big bs=1M count=16 2>/dev/null
dd if=/tmp/big of=/tmp/big2 bs=64k 2>/dev/null
echo "T dd $(stat -c %s /tmp/big2) $(sha256sum < /tmp/big | cut -c1-64) $(sha256sum < /tmp/big2 | cut -c1-64)"
echo "T date $(date +%s)"
t0=$(date +%s%N)
sleep 1
echo "T sleep $((($(date +%s%N) - t0) / 1000000))"
EOF
(cd /tmp/lx && echo test.sh | cpio -o -H newc 2>/dev/null | gzip) > /tmp/lx/test.cpio.gz
cat $R /tmp/lx/test.cpio.gz > /tmp/lx/rd.cpio.gz

# Each console line with the host's time of arrival, for the date check.
(sleep 900; hvctl destroy lx) > /dev/null 2>&1 &
watchdog=$!
t0=$(date +%s)
{
	hvctl create lx --memory 256M --kernel $K --ramdisk /tmp/lx/rd.cpio.gz \
		--cmdline "console=hvc0 -- /bin/bash-static /test.sh" \
		--console < /dev/null 2>&1
	echo "hvctl-exit $?"
} | tr -d '\r' | while IFS= read -r line; do
	echo "$(date +%s) $line"
done > /tmp/lx/console
t1=$(date +%s)
kill $watchdog 2> /dev/null
con=$(cut -d' ' -f2- /tmp/lx/console)
field() {
	echo "$con" | sed -n "s/^T $1 //p" | head -n 1
}

rc=$(echo "$con" | sed -n 's/^hvctl-exit //p')
out=$(echo "$con" | tail -n 20)
err=
check "boots to /init and runs the checks ($((t1 - t0)) s from create to poweroff)" \
	'echo "$con" | grep -q "^init: Linux 6.1" && [ -n "$(field sleep)" ]'
diag "$(echo "$con" | grep -m1 '^Linux version')"
ti=$(grep -m1 ' init: Linux' /tmp/lx/console | cut -d' ' -f1)
diag "$(echo "$con" | grep -m1 '^init: ') (wall: $((${ti:-t0} - t0)) s after create)"
check "powers off: hvctl create --console exits 0, /init's command exits 0" \
	'[ "$rc" = 0 ] && echo "$con" | grep -q "^init: exit status 0"'
run hvctl -j show lx
check "the domain is shut down with reason poweroff" \
	'echo "$out" | grep -q "\"state\": *\"shutdown\"" &&
	 echo "$out" | grep -q "\"end\": *\"poweroff\""'
hvctl destroy lx

u=$(field uname)
out=$u
check "uname -a: Linux 6.1 -hv, i686, GNU/Linux ($u)" \
	'echo "$u" | grep -q "^Linux guest 6\.1\.[0-9]*-hv.* i686 GNU/Linux$"'
# The policy's flags: some that must show, some it hides (guest-abi.rst).
flags_ok() {
	for x in pae nx hypervisor; do
		echo " $1" | grep -q " $x " || return 1
	done
	for x in pse pge pse36 vme de smep smap umip pku xsave osxsave avx; do
		echo " $1" | grep -q " $x " && return 1
	done
	return 0
}
f=$(field flags)
out=$f
check "/proc/cpuinfo: one CPU; pae, nx and hypervisor shown, the hidden ones not" \
	'[ "$(field cpus)" = 1 ] && flags_ok "$f"'
m=$(field memtotal)
check "/proc/meminfo: MemTotal ${m} kB of the domain's 256 MiB (200000..262144)" \
	'[ -n "$m" ] && [ "$m" -ge 200000 ] && [ "$m" -le 262144 ]'
fe=$(field forkexec)
out=$fe
check "1000 fork+exec+wait of /bin/true (${fe#* } ms)" '[ "${fe%% *}" = 1000 ]'
want=$(seq 1 200000 | sha256sum | cut -d' ' -f1)
out="$(field pipeline), want $want"
check "seq 1 200000 | sort -R | sort -n | sha256sum is the test VM's own" \
	'[ "$(field pipeline)" = "$want" ]'
out="$(field tmpfs) / $(field tmpfs-removed)"
check "tmpfs: 100 files written, read back and removed" \
	'[ "$(field tmpfs)" = "tmpfs 100 file 1 file 100 " ] &&
	 [ "$(field tmpfs-removed)" = 0 ]'
dd=$(field dd)
out=$dd
dd_size=${dd%% *}
dd_sums=${dd#* }
check "dd: 16 MiB copied on tmpfs, the same bytes" \
	'[ "$dd_size" = 16777216 ] && [ ${#dd_sums} = 129 ] &&
	 [ "${dd_sums% *}" = "${dd_sums#* }" ]'
gdate=$(field date)
hdate=$(echo "$(grep ' T date ' /tmp/lx/console)" | cut -d' ' -f1)
check "date: the guest's $gdate is the host's $hdate within 1 s" \
	'[ -n "$gdate" ] && [ -n "$hdate" ] &&
	 [ $((gdate - hdate)) -le 1 ] && [ $((hdate - gdate)) -le 1 ]'
s=$(field sleep)
check "sleep 1 takes 1 s by the guest's clock ($s ms, 1000..3000)" \
	'[ -n "$s" ] && [ "$s" -ge 1000 ] && [ "$s" -le 3000 ]'

destroy_all
finish
