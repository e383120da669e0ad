# SPDX-License-Identifier: GPL-2.0
# core
# hv refuses to unload while a domain exists, so a guest's memory can never
# be pulled from under it; once the domains are gone it unloads cleanly.
. /hv/selftests/lib.sh
T=rmmod

run hvctl create keep --memory 8M
check "create keep" '[ $rc = 0 ]'
run rmmod hv
check "rmmod with a live domain fails" '[ $rc != 0 ]'
check "hv is still loaded" 'grep -q "^hv " /proc/modules'
run hvctl show keep
check "the domain is intact" '[ $rc = 0 ] && echo "$out" | grep -q keep'
run hvctl destroy keep
run rmmod hv
check "rmmod after the last destroy succeeds" '[ $rc = 0 ]'
check "hv is gone" '! grep -q "^hv " /proc/modules'
run hvctl list
check "hvctl without the module: exit 5, says so" \
	'[ $rc = 5 ] && echo "$err" | grep -qi "not loaded"'
run insmod /hv/hv.ko
check "insmod again" '[ $rc = 0 ]'
run hvctl -j list
check "fresh module has no domains" '[ "$(echo $out | tr -d " ")" = "[]" ]'
finish
