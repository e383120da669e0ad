# SPDX-License-Identifier: GPL-2.0
# core
# More test guests of selftests/guests: lazy FPU switching (fpuswitch),
# console input (echo), TLS segments of the guest's own GDT (tls), a
# local descriptor table of its own (ldt) and 16-bit segments (seg16).
# Each ends with one result line, "hvtest: NAME: PASS".
. /hv/selftests/lib.sh
T=guests-more

for g in fpuswitch tls ldt seg16; do
	run hvctl create $g --memory 16M --kernel /hv/guests/$g.elf --console
	check "$g: passes and powers off (exit 0)" \
		'[ $rc = 0 ] && echo "$out" | grep -q "^hvtest: $g: PASS"'
	hvctl destroy $g
done

# Console input: start it without a console, wait until it asks for
# input, then type a line into "hvctl console", which follows the output
# until the guest ends.
run hvctl create echo --memory 16M --kernel /hv/guests/echo.elf
check "echo: started (exit 0)" '[ $rc = 0 ]'
i=0
while [ $i -lt 200 ] &&
      ! hvctl console --no-follow echo | grep -q "^echo: ready for input"; do
	sleep 0.1
	i=$((i + 1))
done
run hvctl console --no-follow echo
check "echo: waits for input" 'echo "$out" | grep -q "^echo: ready for input"'
run sh -c "printf 'hello hv\n' | hvctl console echo"
check "echo: gets the line typed into hvctl console, exit 0" \
	'[ $rc = 0 ] && echo "$out" | grep -q "^echo: got hello hv\$" &&
	 echo "$out" | grep -q "^hvtest: echo: PASS"'
run hvctl -j show echo
check "echo: domain shut down with poweroff" \
	'echo "$out" | grep -q "\"state\": *\"shutdown\""'
hvctl destroy echo

destroy_all
finish
