# SPDX-License-Identifier: GPL-2.0
# Many domains at once: unique ids, and a dump that spans several netlink
# messages returns every domain exactly once.
. /hv/selftests/lib.sh
T=many

n=120
i=0
fails=0
while [ $i -lt $n ]; do
	hvctl create "d$i" --memory 4M > /dev/null || fails=$((fails + 1))
	i=$((i + 1))
done
check "$n domains created" '[ $fails = 0 ]'
run hvctl -j list
check "list -j returns all $n" \
	'[ $(echo "$out" | grep -o "\"name\": *\"d[0-9]*\"" | sort -u | wc -l) = $n ]'
check "ids are unique" \
	'[ $(echo "$out" | grep -o "\"id\": *[0-9]*" | sort -u | wc -l) = $n ]'
run hvctl list
check "text list has $n rows and a header" \
	'[ $(echo "$out" | wc -l) = $((n + 1)) ]'
destroy_all
run hvctl -j list
check "all destroyed" '[ "$(echo $out | tr -d " ")" = "[]" ]'
finish
