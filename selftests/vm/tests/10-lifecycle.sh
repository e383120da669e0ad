# SPDX-License-Identifier: GPL-2.0
# core
# Create, list, show and destroy domains, by name and by id, in text and
# JSON; every step checked against what hvctl and the kernel report.
. /hv/selftests/lib.sh
T=lifecycle

run hvctl create web --memory 16M
check "create web exits 0" '[ $rc = 0 ]'
run hvctl -j show web
check "show -j web: name, memory in bytes, state created" \
	'echo "$out" | grep -q "\"name\": *\"web\"" &&
	 echo "$out" | grep -q "\"memory\": *16777216" &&
	 echo "$out" | grep -q "\"state\": *\"created\""'
id=$(echo "$out" | grep -o '"id": *[0-9]*' | grep -o '[0-9]*$')
check "web has a domain id >= 1" '[ "${id:-0}" -ge 1 ]'

run hvctl -j create db --memory 32M
check "create -j db replies with the new domain" \
	'[ $rc = 0 ] && echo "$out" | grep -q "\"name\": *\"db\"" &&
	 echo "$out" | grep -q "\"memory\": *33554432"'
dbid=$(echo "$out" | grep -o '"id": *[0-9]*' | grep -o '[0-9]*$')
check "ids are distinct" '[ -n "$dbid" ] && [ "$dbid" != "$id" ]'

run hvctl list
check "list shows both domains with name, state and memory" \
	'echo "$out" | grep -E "^ *$id +web +created +16M" >/dev/null &&
	 echo "$out" | grep -E "^ *$dbid +db +created +32M" >/dev/null'
run hvctl -j list
check "list -j is an array of both" \
	'echo "$out" | grep -q "^\[" && echo "$out" | grep -q "\]$" &&
	 [ $(echo "$out" | grep -o "\"name\"" | wc -l) = 2 ]'

run hvctl show "$id"
check "show by id finds web" '[ $rc = 0 ] && echo "$out" | grep -q web'

run hvctl destroy "$id"
check "destroy by id" '[ $rc = 0 ]'
run hvctl show web
check "destroyed domain is gone (exit 3, message)" \
	'[ $rc = 3 ] && echo "$err" | grep -qi "no such domain"'
run hvctl destroy db
check "destroy by name" '[ $rc = 0 ]'
run hvctl -j list
check "list is empty again" '[ "$(echo $out | tr -d " ")" = "[]" ]'
run hvctl destroy db
check "destroy of a missing domain: exit 3" '[ $rc = 3 ]'

run hvctl create web --memory 16M
check "a destroyed name can be used again" '[ $rc = 0 ]'
destroy_all
finish
