# SPDX-License-Identifier: GPL-2.0
# core
# Linux 6.1 with guest-patches/linux-6.1 (make guest-linux) boots on hv
# with the Debian i386 root file system (make guest-rootfs) and runs
# Debian's own binaries: uname, /proc/cpuinfo as the CPUID policy shows
# it, 1,000 fork+exec+wait, a pipeline whose result the test VM computes
# too, 1,000 files on tmpfs, 16 MiB through dd and 100 MB through dd and
# sha256sum, job control and signals in bash, programs dying of their
# faults, date against the host's clock, sleep 1, and a clean poweroff.
# Then hostile32 (selftests/vm/hostile32.c) as nobody in the guest and
# natively in the test VM: the same lines from both (PROT_NONE, 16-bit
# segments, privileged instructions at ring 3, bad system calls, iopl),
# and the guest kernel still alive.  The kernel and the root file system
# come from /extra (vm-run --add build/guest/linux.elf --add
# build/guest/rootfs.cpio.gz; selftests/check adds them when they are
# built, in the -cpu max pass and the core pass of -cpu qemu64); without
# them the test is skipped.  The checks run from a /test.sh of this
# file's, in a second cpio appended to the root file system with
# hostile32: /init runs what follows "--" on the command line.
. /hv/selftests/lib.sh
T=linux

need_linux || exit 0

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
t0=$(date +%s%N)
for i in $(seq 1 1000); do echo "file $i" > f$i; done
echo "T tmpfs $(df -T /tmp | awk 'NR == 2 { print $2 }') $(ls | wc -l) $(cat f1 f1000 | tr '\n' ' ')"
echo "T tmpfs-sum $(cat $(seq -f f%g 1 1000) | sha256sum | cut -c1-64)"
rm f*
echo "T tmpfs-removed $(ls | wc -l) $((($(date +%s%N) - t0) / 1000000))"
cd / || exit 1
dd if=/dev/urandom of=/tmp/big bs=1M count=16 2>/dev/null
dd if=/tmp/big of=/tmp/big2 bs=64k 2>/dev/null
echo "T dd $(stat -c %s /tmp/big2) $(sha256sum < /tmp/big | cut -c1-64) $(sha256sum < /tmp/big2 | cut -c1-64)"
rm -f /tmp/big /tmp/big2
t0=$(date +%s%N)
yes hv-0123456789abcdef | head -c 100000000 |
	dd of=/tmp/big bs=1M iflag=fullblock 2>/dev/null
echo "T dd100 $(stat -c %s /tmp/big) $(sha256sum < /tmp/big | cut -c1-64) $((($(date +%s%N) - t0) / 1000000))"
rm -f /tmp/big
# Signals and job control: a stopped and continued job, a job's status
# when a signal killed it, trap handlers, SIGCHLD, programs dying of
# their faults.
t0=$(date +%s%N)
set -m
pstate() {
	for _ in $(seq 1 50); do
		[ "$(cut -d' ' -f3 /proc/$1/stat)" = "$2" ] && break
		sleep 0.1
	done
	cut -d' ' -f3 /proc/$1/stat
}
sleep 100 &
p=$!
kill -STOP %1
s1=$(pstate $p T)
sleep 0.2
n1=$(jobs -s | wc -l)
bg %1 > /dev/null
s2=$(pstate $p S)
n2=$(jobs -r | wc -l)
kill %1
wait $p
echo "T jobs $s1 $n1 $s2 $n2 $?"
sleep 100 &
kill -KILL $!
wait $!
w9=$?
sleep 100 &
kill -STOP $!
kill -CONT $!
kill -INT $!
wait $!
echo "T wait $w9 $?"
trap 'echo "T trap usr1"' USR1
kill -USR1 $$
trap 'echo "T trap term"' TERM
kill -TERM $$
trap - USR1 TERM
echo "T $(/hostile32 chld)"
set +m
fault=
for f in segv fpe ill; do
	/hostile32 $f 2> /dev/null
	fault="$fault $?"
done
echo "T faults$fault $((($(date +%s%N) - t0) / 1000000))"
# The hostile program: one line per attempt, "H " before each.
t0=$(date +%s%N)
/hostile32 @HFLAG@ | sed 's/^/H /'
echo "T hostile $((($(date +%s%N) - t0) / 1000000))"
echo "T alive $(cat /proc/uptime | cut -d' ' -f1)"
echo "T date-ask"
read -r h
echo "T date $h $(date +%s)"
t0=$(date +%s%N)
sleep 1
echo "T sleep $((($(date +%s%N) - t0) / 1000000))"
EOF
# The far transfers of hostile32 only where QEMU gets them right (no
# SMAP: hostile32.c, attempt_far()).
hflag=
grep -qw smap /proc/cpuinfo || hflag=-f
sed -i "s/@HFLAG@/$hflag/" /tmp/lx/test.sh
cp /hv/selftests/bin/hostile32 /tmp/lx/hostile32
(cd /tmp/lx && printf 'test.sh\nhostile32\n' | cpio -o -H newc 2>/dev/null |
	gzip) > /tmp/lx/test.cpio.gz
cat $R /tmp/lx/test.cpio.gz > /tmp/lx/rd.cpio.gz

# The console's input: a FIFO this shell holds open (no EOF), for the
# host's time the date check types in.
rm -f /tmp/lx/in
mkfifo /tmp/lx/in
exec 3<> /tmp/lx/in
# Each console line with the host's time of arrival, for the date check.
(sleep 900; hvctl destroy lx) > /dev/null 2>&1 &
watchdog=$!
t0=$(date +%s)
{
	hvctl create lx --memory 256M --kernel $K --ramdisk /tmp/lx/rd.cpio.gz \
		--cmdline "console=hvc0 -- /bin/bash-static /test.sh" \
		--console < /tmp/lx/in 2>&1
	echo "hvctl-exit $?"
} | tr -d '\r' | while IFS= read -r line; do
	echo "$(date +%s) $line"
	# The host's time, typed into the guest's console when it asks.
	[ "$line" = "T date-ask" ] && date +%s >&3
done > /tmp/lx/console
exec 3>&-
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
want=$(i=1; while [ $i -le 1000 ]; do echo "file $i"; i=$((i + 1)); done |
	sha256sum | cut -c1-64)
tr=$(field tmpfs-removed)
out="$(field tmpfs) / $(field tmpfs-sum) / $tr, want $want"
check "tmpfs: 1000 files written, read back and removed (${tr#* } ms)" \
	'[ "$(field tmpfs)" = "tmpfs 1000 file 1 file 1000 " ] &&
	 [ "$(field tmpfs-sum)" = "$want" ] && [ "${tr%% *}" = 0 ]'
dd=$(field dd)
out=$dd
dd_size=${dd%% *}
dd_sums=${dd#* }
check "dd: 16 MiB copied on tmpfs, the same bytes" \
	'[ "$dd_size" = 16777216 ] && [ ${#dd_sums} = 129 ] &&
	 [ "${dd_sums% *}" = "${dd_sums#* }" ]'
dd=$(field dd100)
want=$(yes hv-0123456789abcdef | head -c 100000000 | sha256sum | cut -c1-64)
out="$dd, want $want"
check "dd: 100 MB to tmpfs and through sha256sum, the test VM's sum (${dd##* } ms)" \
	'[ "${dd% *}" = "100000000 $want" ]'

# Signals and job control (bash-static, set -m).
out=$(field jobs)
check "job control: kill -STOP stops a job (T), jobs -s lists it, bg runs it (S), kill %1: wait gives 143" \
	'[ "$out" = "T 1 S 1 143" ]'
out=$(field wait)
check "wait: a job killed by SIGKILL 137, a stopped, continued, SIGINT-ed job 130" \
	'[ "$out" = "137 130" ]'
out=$(echo "$con" | grep '^T trap ')
check "trap: the USR1 and TERM handlers run" \
	'[ "$out" = "$(printf "T trap usr1\nT trap term")" ]'
out=$(field chld:)
check "SIGCHLD: each of 3 children brings its own, siginfo with its pid and status" '[ "$out" = 3 ]'
f=$(field faults)
out=$f
check "faulting programs die of SIGSEGV, SIGFPE, SIGILL: 139 136 132 (${f##* } ms for the signal checks)" \
	'[ "${f% *}" = "139 136 132" ]'

# The hostile program as nobody, natively in the test VM and in the guest:
# the same lines (guest-linux.rst, "The hostile program").
/hv/selftests/bin/hostile32 $hflag > /tmp/lx/native 2>&1
echo "$con" | sed -n 's/^H //p' > /tmp/lx/guest
h=$(field hostile)
out=$(diff /tmp/lx/native /tmp/lx/guest)
err=
check "hostile32: $(grep -c . /tmp/lx/native) attempts print the same in the guest as natively (${h} ms)" \
	'[ -n "$h" ] && [ "$(tail -n 1 /tmp/lx/native)" = end ] &&
	 cmp -s /tmp/lx/native /tmp/lx/guest'
out=$(grep -E 'ss16|prot_none|iopl|int \$0x82' /tmp/lx/native)
check "hostile32 natively: ESP[31:16] kept across int \$0x80 on a 16-bit SS, PROT_NONE gives SEGV_ACCERR and keeps its data, iopl EPERM" \
	'echo "$out" | grep -qx "ss16 syscall: 0xdead0100" &&
	 echo "$out" | grep -q "^prot_none hidden: sig=11 code=2 " &&
	 echo "$out" | grep -qx "prot_none back: 0x600e0241" &&
	 echo "$out" | grep -qx "iopl(3): -1 errno=1"'
out=$(echo "$con" | grep -E 'Oops|BUG|Call Trace|Kernel panic|general protection fault' | head -n 5)
check "the guest kernel lives on after the hostile program: no Oops, the rest of the script ran" \
	'[ -z "$out" ] && [ -n "$(field alive)" ] && [ -n "$(field sleep)" ]'

# The host typed its time h in when the guest asked; the guest read it,
# then took its own g, which reached the host at a: h <= g <= a, give or
# take the 1 s of whole seconds, however slow the console is.
d=$(field date)
hdate=${d%% *}
gdate=${d#* }
adate=$(echo "$(grep ' T date [0-9]' /tmp/lx/console)" | cut -d' ' -f1)
check "date: the guest's $gdate is the host's, between $hdate typed in and $adate back" \
	'[ -n "$hdate" ] && [ -n "$gdate" ] && [ -n "$adate" ] &&
	 [ "$gdate" -ge $((hdate - 1)) ] && [ "$gdate" -le $((adate + 1)) ]'
s=$(field sleep)
check "sleep 1 takes 1 s by the guest's clock ($s ms, 1000..3000)" \
	'[ -n "$s" ] && [ "$s" -ge 1000 ] && [ "$s" -le 3000 ]'

destroy_all
finish
