# SPDX-License-Identifier: GPL-2.0
# core
# Hostile and mistaken input: refused with a clear message and the right
# exit code, from hvctl's own checks and from the kernel's.
. /hv/selftests/lib.sh
T=bad-input

run hvctl create dup --memory 8M
check "create dup" '[ $rc = 0 ]'
run hvctl create dup --memory 8M
check "duplicate name: exit 1, kernel says it exists" \
	'[ $rc = 1 ] && echo "$err" | grep -q "exists"'

for size in 12Q -5 0 "" 99999999999999999999 1.5G M; do
	run hvctl create bad --memory "$size"
	check "size '$size' is a usage error (exit 2)" \
		'[ $rc = 2 ] && [ -n "$err" ]'
done
# Out of range or unaligned: hvctl refuses before sending (the kernel's
# own checks of the same values are in nl_hostile below).
for size in 1M 17G 5000000; do
	run hvctl create bad --memory "$size"
	check "size $size: usage error naming the valid range" \
		'[ $rc = 2 ] && echo "$err" | grep -q "from 4M to 16G"'
done

for name in "a b" "a/b" "123" "-x" ".x" \
	    "abcdefghijabcdefghijabcdefghijab"; do
	run hvctl create "$name" --memory 8M
	check "name '$name' is a usage error (exit 2)" '[ $rc = 2 ]'
done
run hvctl create abcdefghijabcdefghijabcdefghija --memory 8M
check "a 31-character name is fine" '[ $rc = 0 ]'

# Below hvctl: malformed requests straight to the kernel.
run nl_hostile
check "raw hostile netlink requests all refused with errno and message" \
	'[ $rc = 0 ]'
echo "$out" | sed 's/^/#   /'
run hvctl -j list
check "no domain appeared from the hostile requests" \
	'[ $(echo "$out" | grep -o "\"name\"" | wc -l) = 2 ]'

destroy_all
finish
