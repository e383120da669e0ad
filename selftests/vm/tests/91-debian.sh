# SPDX-License-Identifier: GPL-2.0
# Debian from its disk image with Debian's own init (make guest-disk:
# sysvinit-core, a getty on hvc0, root's password "root"; the image is
# /dev/vda of this VM, vm-run --drive, as for 91-disk.sh).  The first
# boot runs /sbin/init to the login prompt; the test types root and the
# password into the console, and the shell runs the script on xvdb (a
# second disk, as in 91-disk.sh): PID 1 and the runlevel, dpkg -l,
# dpkg-query, dpkg -S and dpkg --verify against the image's own
# database, apt-cache, top and mount, and four processes writing a file each at once, then sync.
# Then "hvctl shutdown --wait": Linux runs /sbin/poweroff, sysvinit's
# runlevel 0, whose K scripts include our hv-marker (scripts/guest-marker):
# it leaves /var/lib/hv/stopped on the disk.  The second boot
# (init=/sbin/hv-init, no Debian init: it is faster, and leaves the
# marker where it is) reads the marker and the four files back.
# Skipped without the guest kernel or the drive.
. /hv/selftests/lib.sh
T=debian

need_disk 1 || exit 0

D=/tmp/debian
mkdir -p $D
CONS_DIR=$D

# The guest's side; each result line starts with "T ".
cat > $D/guest.sh <<'EOS'
sum() {
	sha256sum | cut -c1-64
}
case $1 in
login)
	echo "T init $(ps -o comm= -p 1) $(readlink /proc/1/exe) $(runlevel)"
	echo "T tty $(tty) $(id -un)"
	echo "T dpkg-l $(dpkg -l | grep -c '^ii') $(dpkg -l | grep -vc '^ii\|^[|+D]')"
	echo "T query $(dpkg-query -W -f '${Package} ${Status}' sysvinit-core)"
	echo "T owner $(dpkg -S /sbin/init | cut -d: -f1)"
	v=$(dpkg --verify 2>&1)
	echo "T verify $? $(echo -n "$v" | grep -c .)"
	echo "$v" | head -n 5 | sed 's/^/T verify-out /'
	echo "T audit $(dpkg --audit | grep -c .)"
	echo "T apt $(apt-cache policy dpkg | sed -n 's/^ *Installed: //p') $(dpkg-query -W -f '${Version}' dpkg)"
	echo "T top $(top -b -n 1 | grep -c '^ *1 root .* init$') $(top -b -n 1 | head -n 1 | cut -c1-5)"
	echo "T mount $(mount | grep ' on / ' | cut -d' ' -f1-5)"
	for i in 1 2 3 4; do
		dd if=/dev/urandom of=/w$i bs=4k count=512 2> /dev/null &
	done
	wait
	sync
	echo "T writers $(for i in 1 2 3 4; do sum < /w$i; done | tr '\n' ' ')"
	;;
verify)
	echo "T marker $(cat /var/lib/hv/stopped)"
	echo "T readers $(for i in 1 2 3 4; do sum < /w$i; done | tr '\n' ' ')"
	rm -f /w1 /w2 /w3 /w4 /var/lib/hv/stopped
	;;
esac
EOS
n=$(wc -c < $D/guest.sh)
{ cat $D/guest.sh; yes '' | head -c $(((n + 511) / 512 * 512 - n)); } \
	> $D/script.img

field() {
	echo "$con" | sed -n "s/^T $1 //p" | head -n 1
}
# type TEXT: a line on the console, as typed
type_line() {
	printf '%s\n' "$1" >&3
}

rm -f $D/in
mkfifo $D/in
exec 3<> $D/in
(sleep 900; hvctl destroy deb) > /dev/null 2>&1 &
watchdog=$!
t0=$(date +%s)
{
	hvctl create deb --memory 256M --kernel $K --disk $A,xvda \
		--disk $D/script.img,ro,xvdb --cmdline \
		"root=/dev/xvda console=hvc0" --console < $D/in 2>&1
	echo "hvctl-exit $?"
} | tr -d '\r' > $D/deb.out &
reader=$!

wait_for deb "^guest login: " 6000
t1=$(date +%s)
con=$(cat $D/deb.cons)
out=$(echo "$con" | grep -i 'init\|hv-marker\|login' | tail -n 8)
check "Debian's init boots it to a login prompt on hvc0 ($((t1 - t0)) s)" \
	'echo "$con" | grep -q "^INIT: version" &&
	 echo "$con" | grep -q "^hv-marker: " &&
	 echo "$con" | grep -q "^guest login: "'
type_line root
wait_for deb "^Password: " 600
type_line root
wait_for deb "root@guest:~# " 600
type_line "bash /dev/xvdb login"
wait_for deb "^T writers " 3000
# bash's prompt comes in its bracketed-paste switches (ESC [?2004h/l)
con=$(tr -d '\033' < $D/deb.cons | sed 's/\[?2004[hl]//g')
out=$(echo "$con" | grep -v '^T ' | tail -n 8)
check "root logs in with its password through the console" \
	'echo "$con" | grep -q "^root@guest:~# bash /dev/xvdb login$" &&
	 [ "$(field tty)" = "/dev/hvc0 root" ]'
out=$(echo "$con" | grep '^T ' | head -n 12)
check "PID 1 is sysvinit's init, at runlevel 2" \
	'[ "$(field init)" = "init /usr/sbin/init N 2" ]'
npk=$(field dpkg-l | cut -d" " -f1)
check "dpkg -l: $npk packages installed, none half-installed" \
	'[ "$npk" -ge 80 ] && [ "$(field dpkg-l | cut -d" " -f2)" = 0 ]'
check "dpkg-query and dpkg -S find sysvinit-core installed, owning init" \
	'[ "$(field query)" = "sysvinit-core install ok installed" ] &&
	 [ "$(field owner)" = sysvinit-core ] && [ "$(field audit)" = 0 ]'
check "dpkg --verify: every packaged file as its md5sums say" \
	'[ "$(field verify)" = "0 0" ]'
out="$(field apt) / $(field top) / $(field mount)"
check "apt-cache, top and mount: dpkg's version, init as PID 1, xvda on /" \
	'set -- $(field apt); [ -n "$1" ] && [ "$1" = "$2" ] &&
	 [ "$(field top)" = "1 top -" ] &&
	 [ "$(field mount)" = "/dev/xvda on / type ext4" ]'
wsums=$(field writers)
check "four processes wrote a file each at once, synced" \
	'[ $(echo $wsums | wc -w) = 4 ]'

t0=$(date +%s)
run hvctl shutdown --wait --timeout 300 deb
t1=$(date +%s)
src=$rc
wait $reader
con=$(cat $D/deb.out)
out="$out / $(echo "$con" | tail -n 12)"
check "hvctl shutdown --wait: Debian's runlevel 0 ran hv-marker's stop, powered off ($((t1 - t0)) s)" \
	'[ "$src" = 0 ] && echo "$con" | grep -q "^hvctl-exit 0" &&
	 echo "$con" | grep -q "hv-marker: stop marker written" &&
	 echo "$con" | grep -qi "power.*down\|will now halt\|reboot: Power down"'
exec 3>&-
kill $watchdog 2> /dev/null

(sleep 300; hvctl destroy deb2) > /dev/null 2>&1 &
watchdog=$!
hvctl create deb2 --memory 128M --kernel $K --disk $A,xvda \
	--disk $D/script.img,ro,xvdb --cmdline "root=/dev/xvda console=hvc0 \
init=/sbin/hv-init -- /bin/bash-static /dev/xvdb verify" --console \
	< /dev/null 2>&1 | tr -d '\r' > $D/deb2.out
kill $watchdog 2> /dev/null
con=$(cat $D/deb2.out)
out=$(echo "$con" | grep '^T ')
check "the next boot finds the stop marker of runlevel 0 on the disk" \
	'field marker | grep -q "^runlevel 0 uptime "'
check "and the four files whole (sha256)" \
	'[ $(echo $wsums | wc -w) = 4 ] && [ "$(field readers)" = "$wsums" ]'
destroy_all
rm -rf $D
finish
