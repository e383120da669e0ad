# SPDX-License-Identifier: GPL-2.0
# core
# The spec matches the code: hv-ynl (selftests/ynl) talks to hv only
# through the client that the kernel's YAML netlink generator made of
# Documentation/netlink/specs/hv.yaml, and creates, gets, dumps and deletes
# domains with it.
. /hv/selftests/lib.sh
T=ynl

command -v hv-ynl >/dev/null
check "hv-ynl is in the VM" '[ $? = 0 ]'

hv-ynl > /tmp/hv-ynl.out 2>&1
ynl_rc=$?
while IFS= read -r line; do
	case "$line" in
	"ok - "*) ok "${line#ok - }" ;;
	"not ok - "*) not_ok "${line#not ok - }" ;;
	*) diag "$line" ;;
	esac
done < /tmp/hv-ynl.out
rc=$ynl_rc out=$(cat /tmp/hv-ynl.out) err=
check "hv-ynl ran every check and exited 0" \
	'[ $rc = 0 ] && [ "$(grep -c "^ok - " /tmp/hv-ynl.out)" -ge 16 ]'

run hvctl list
check "no domain left behind" '! echo "$out" | grep -q "ynl-"'
destroy_all
finish
