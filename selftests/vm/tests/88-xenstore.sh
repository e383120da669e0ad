# SPDX-License-Identifier: GPL-2.0
# core
# The xenstore (the xenstore guest, hvctl store): every xs_wire request on
# the store ring, watches that fire for the guest's writes and the host's,
# a transaction that a host write makes fail with EAGAIN, quotas, floods;
# one domain's home closed to another, what it shares readable; a
# corrupt ring and an oversized message break only their own connection;
# hvctl store ls, read, write, rm and watch; a destroyed domain's home
# is gone.
. /hv/selftests/lib.sh
T=xenstore

# wait_for NAME PATTERN: until NAME's console shows PATTERN (120 s at most).
wait_for() {
	i=0
	while [ $i -lt 1200 ]; do
		hvctl console --no-follow "$1" > /tmp/xs.cons 2>/dev/null
		grep -q -- "$2" /tmp/xs.cons && return 0
		# A guest that ended will not get there.
		grep -q "^hvtest: " /tmp/xs.cons && break
		sleep 0.1
		i=$((i + 1))
	done
	echo "no \"$2\" on $1" >&2
	return 1
}

domid() {
	hvctl -j show "$1" | grep -o '"id": *[0-9]*' | grep -o '[0-9]*$'
}

elf=/hv/guests/xenstore.elf
hvctl store watch /local/domain > /tmp/xs.watch 2>&1 &
watcher=$!

# The broken rings first, the others must not notice them.
for m in badlen badidx; do
	run hvctl create "xs$m" --memory 16M --kernel $elf --cmdline "mode=$m" \
		--console
	check "$m: the ring breaks with its error code, no more service (exit 0)" \
		'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: xenstore: PASS"'
	diag "$(echo "$out" | grep "^xenstore: broken")"
done

# Paused while the host's own checks run: on a slow host (the debug
# kernel under load) they took longer than the guest waits for the host.
run hvctl create xsa --memory 16M --kernel $elf --cmdline "mode=main" --paused
check "main: started" '[ $rc = 0 ]'
a=$(domid xsa)
home=/local/domain/$a

run hvctl store ls $home
check "store ls: the domain's home as the toolstack makes it" \
	'[ $rc = 0 ] && for k in name domid memory cpu control store console device data; do echo "$out" | grep -qx $k || exit 1; done'
run hvctl store read $home/name
check "store read: name is xsa" '[ $rc = 0 ] && [ "$out" = xsa ]'
run hvctl -j store read $home/memory/target
check "store read -j: memory/target is 16384 KiB" \
	'[ $rc = 0 ] && echo "$out" | grep -q "\"value\": *\"16384\""'
run hvctl store read $home/nonexistent
check "store read: a missing node is exit 3" '[ $rc = 3 ]'
run hvctl store read relative/path
check "store read: a relative path is a usage error" '[ $rc = 2 ]'
run hvctl store write "$home/bad path" x
check "store write: a bad path is refused (exit 1)" '[ $rc = 1 ]'
run as_user "hvctl store read $home/name"
check "store read: refused to an unprivileged user (exit 4)" '[ $rc = 4 ]'
hvctl resume xsa

wait_for xsa "^xenstore: watch: waiting for the host" &&
	hvctl store write $home/data/w/host from-host
wait_for xsa "^xenstore: tx: waiting for the host" &&
	hvctl store write $home/data/c host
wait_for xsa "^xenstore: perms: waiting for the peer"
run hvctl create xsb --memory 16M --kernel $elf --cmdline "mode=peer peer=$a" \
	--paused
b=$(domid xsb)
hvctl store write $home/data/peer "$b"
wait_for xsa "^xenstore: perms: shared with"
hvctl resume xsb
run timeout 120 hvctl wait xsb
out=$(hvctl console --no-follow xsb)
check "peer: another home refused, the shared node read-only (exit 0)" \
	'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: xenstore: PASS"'
diag "$(echo "$out" | grep "^xenstore: peer")"
hvctl store write $home/data/peer-done 1
run timeout 300 hvctl wait xsa
out=$(hvctl console --no-follow xsa)
check "main: every request, watch, transaction, quota and flood (exit 0)" \
	'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: xenstore: PASS"'
diag "$(echo "$out" | grep "^xenstore: \|^hvtest")"
check "main: a request written without a signal is served once the guest waits" \
	'echo "$out" | grep -q "^xenstore: unsignalled: served after"'

sleep 0.5
kill $watcher 2>/dev/null
wait $watcher 2>/dev/null
check "store watch: saw the guest's writes and the host's" \
	'grep -qx "$home/data/a" /tmp/xs.watch &&
	 grep -qx "$home/data/w/host" /tmp/xs.watch &&
	 grep -qx "$home/data/shared" /tmp/xs.watch'
diag "store watch: $(wc -l < /tmp/xs.watch) lines: $(tail -3 /tmp/xs.watch | tr '\n' ' ')"

run hvctl store rm $home/data
check "store rm: removes a subtree" '[ $rc = 0 ]'
run hvctl store read $home/data/shared
check "store rm: its nodes are gone" '[ $rc = 3 ]'
run hvctl store write /tool/hv-test "a value"
run hvctl store read /tool/hv-test
check "store write then read: the host's own node" \
	'[ $rc = 0 ] && [ "$out" = "a value" ]'
hvctl store rm /tool/hv-test

destroy_all
run hvctl store ls /local/domain
check "destroy: no domain's home is left" '[ $rc = 0 ] && [ -z "$out" ]'
finish
