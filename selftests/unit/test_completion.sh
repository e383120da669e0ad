#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hvctl's bash completion (hvctl/hvctl.bash), on the host: source it with a
# fake hvctl first on PATH whose 'list' prints two domains, fill COMP_WORDS
# as bash would for a command line, call the completion function and check
# COMPREPLY.  Prints TAP.

top=$(cd "$(dirname "$0")/../.." && pwd)
fake=$(mktemp -d /tmp/hv-completion.XXXXXX)
trap 'rm -rf "$fake"' EXIT

cat > "$fake/hvctl" <<'EOT'
#!/bin/sh
if [ "$1 $2 $3" = "store ls /" ]; then
	printf 'local\ntool\n'
	exit 0
fi
if [ "$1 $2 $3" = "store ls /local" ]; then
	echo domain
	exit 0
fi
[ "$1" = list ] || exit 2
echo "ID    NAME                            STATE    MEMORY"
echo "1     web                             running  64M"
echo "2     db-1                            paused   128M"
EOT
chmod +x "$fake/hvctl"
touch "$fake/vmlinuz-guest" "$fake/initrd-guest"
PATH=$fake:$PATH
cd "$fake" || exit 1

# shellcheck source=/dev/null
. "$top/hvctl/hvctl.bash"

n=0
failed=0
echo "1..28"

# expect "WORDS BEFORE THE CURSOR|CURRENT WORD" "EXPECTED, SORTED"
expect() {
	local line=$1 want=$2 got
	read -r -a COMP_WORDS <<< "${line%|*}"
	COMP_WORDS+=("${line#*|}")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_hvctl
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | paste -sd ' ')
	n=$((n + 1))
	if [ "$got" = "$want" ]; then
		echo "ok $n - completion: '${line/|/ }' gives '$want'"
	else
		echo "not ok $n - completion: '${line/|/ }' gives '$got', want '$want'"
		failed=$((failed + 1))
	fi
}

n=$((n + 1))
if complete -p hvctl 2>/dev/null | grep -q -- '-F _hvctl hvctl$'; then
	echo "ok $n - completion: registered for hvctl"
else
	echo "not ok $n - completion: not registered for hvctl"
	failed=$((failed + 1))
fi

expect "hvctl|" "console create destroy help list ls monitor pause regs resume show shutdown store sysrq trace wait"
expect "hvctl|de" "destroy"
expect "hvctl store|" "ls read rm watch write"
expect "hvctl store read|/t" "/tool"
expect "hvctl store ls|/local/d" "/local/domain"
expect "hvctl store write /tool|" ""
expect "hvctl -j|s" "show shutdown store sysrq"
expect "hvctl|--v" "--version"
expect "hvctl show|" "db-1 web"
expect "hvctl destroy|w" "web"
expect "hvctl -j pause|" "db-1 web"
expect "hvctl wait|d" "db-1"
expect "hvctl console --no-follow|" "db-1 web"
expect "hvctl show web|" ""
expect "hvctl create web|--m" "--memory"
expect "hvctl create web --memory|1" "128M 16M 1G"
expect "hvctl create web --memory 64M --kernel|vm" "vmlinuz-guest"
expect "hvctl regs|" "db-1 web"
expect "hvctl trace|--s" "--symbols"
expect "hvctl trace --symbols|vm" "vmlinuz-guest"
expect "hvctl regs --symbols vmlinuz-guest|w" "web"
expect "hvctl regs web|" ""
expect "hvctl shutdown|" "db-1 web"
expect "hvctl shutdown --reboot|--t" "--timeout"
expect "hvctl shutdown --timeout|" ""
expect "hvctl shutdown --timeout 5|w" "web"
expect "hvctl sysrq web|h" "h"

[ "$failed" = 0 ]
