# SPDX-License-Identifier: GPL-2.0
# Every change of a domain is announced on the events group.
. /hv/selftests/lib.sh
T=monitor

hvctl monitor > /tmp/mon.txt 2>&1 &
mon=$!
hvctl -j monitor > /tmp/mon.json 2>&1 &
monj=$!

# The monitors subscribe asynchronously: poke until both saw an event.
i=0
while [ $i -lt 50 ]; do
	hvctl create probe --memory 4M > /dev/null
	hvctl destroy probe
	grep -q probe /tmp/mon.txt && grep -q probe /tmp/mon.json && break
	i=$((i + 1))
done
check "both monitors are listening" 'grep -q probe /tmp/mon.json'

hvctl create evt --memory 8M > /dev/null
hvctl destroy evt
sleep 1
kill $mon $monj
wait $mon $monj 2>/dev/null
out=$(cat /tmp/mon.txt)
rc=0
err=
check "text monitor saw evt created" \
	'grep -E "created.* evt|evt.*created" /tmp/mon.txt | grep -q 8M'
check "text monitor saw evt destroyed" \
	'grep -E "destroyed.* evt|evt.*destroyed" /tmp/mon.txt >/dev/null'
out=$(cat /tmp/mon.json)
check "JSON monitor: one object per event, created then destroyed" \
	'[ "$(grep "\"evt\"" /tmp/mon.json | grep -o "\"event\": *\"[a-z-]*\"" |
	      tr -d " " | tr "\n" " ")" = "\"event\":\"created\" \"event\":\"destroyed\" " ]'

destroy_all
finish
