# SPDX-License-Identifier: GPL-2.0
# core
# An unprivileged user may look but not touch.
. /hv/selftests/lib.sh
T=permissions

as_user() {
	su hvuser -s /bin/sh -c "$*"
}

run hvctl create mine --memory 8M
check "root creates a domain" '[ $rc = 0 ]'
run as_user "hvctl create theirs --memory 8M"
check "unprivileged create: exit 4, clear message" \
	'[ $rc = 4 ] && echo "$err" | grep -q "not permitted" &&
	 echo "$err" | grep -q CAP_NET_ADMIN'
run as_user "hvctl destroy mine"
check "unprivileged destroy: exit 4" \
	'[ $rc = 4 ] && echo "$err" | grep -q "not permitted"'
run as_user "hvctl list"
check "unprivileged list works and sees the domain" \
	'[ $rc = 0 ] && echo "$out" | grep -q mine'
run as_user "hvctl -j show mine"
check "unprivileged show works" '[ $rc = 0 ]'
run as_user "hvctl console --no-follow mine"
check "unprivileged console read: exit 4" '[ $rc = 4 ]'
run as_user "timeout 10 hvctl console mine"
check "unprivileged console follow (joins the console group): exit 4" \
	'[ $rc = 4 ]'
run hvctl show theirs
check "the refused domain does not exist" '[ $rc = 3 ]'
run hvctl show mine
check "the domain survived the unprivileged destroy" '[ $rc = 0 ]'

destroy_all
finish
