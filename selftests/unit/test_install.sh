#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 'make install' into a DESTDIR, on the host: every file in its place with
# its mode, the installed hvctl runs, a program built only against the
# installed header and pkg-config file links with the installed libhv.so
# and runs, the completion script registers; then 'make uninstall' leaves
# nothing behind.  Prints TAP.

top=$(cd "$(dirname "$0")/../.." && pwd)
dest=$(mktemp -d /tmp/hv-install.XXXXXX)
trap 'rm -rf "$dest"' EXIT
p=/usr/local
n=0
failed=0

tap() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - install: $2"
	else
		echo "not ok $n - install: $2"
		failed=$((failed + 1))
	fi
}

make -s --no-print-directory -C "$top" install DESTDIR="$dest" \
	> "$dest.log" 2>&1
rc=$?
[ $rc = 0 ] || sed 's/^/# /' "$dest.log"
rm -f "$dest.log"
tap $rc "make install DESTDIR=... succeeds"

# mode path
while read -r mode path; do
	got=$(stat -c %a "$dest$path" 2>/dev/null)
	[ "$got" = "$mode" ]
	tap $? "$path installed, mode $mode"
done <<EOT
755 $p/bin/hvctl
644 $p/lib/libhv.a
755 $p/lib/libhv.so.0
644 $p/include/libhv.h
644 $p/include/linux/hv.h
644 $p/include/linux/hv_pv32.h
644 $p/share/man/man8/hvctl.8
644 $p/share/bash-completion/completions/hvctl
644 $p/lib/pkgconfig/libhv.pc
EOT
[ "$(readlink "$dest$p/lib/libhv.so")" = libhv.so.0 ]
tap $? "libhv.so links to libhv.so.0"

"$dest$p/bin/hvctl" --version 2>&1 | grep -q '^hvctl '
tap $? "the installed hvctl runs"

# Only what was installed: its pkg-config file (through the DESTDIR as a
# sysroot), its header, its shared library.
cat > "$dest/prog.c" <<'EOC'
#include <libhv.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	return !(hv_domain_name_valid("web") && !hv_domain_name_valid("1") &&
		 !strcmp(hv_state_name(HV_DOMAIN_STATE_PAUSED), "paused"));
}
EOC
flags=$(PKG_CONFIG_PATH=$dest$p/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$dest \
	pkg-config --cflags --libs libhv)
# shellcheck disable=SC2086 # the flags are words
cc -o "$dest/prog" "$dest/prog.c" $flags > "$dest/cc.log" 2>&1 ||
	sed 's/^/# /' "$dest/cc.log"
[ -n "$flags" ] && [ -x "$dest/prog" ] &&
	LD_LIBRARY_PATH=$dest$p/lib "$dest/prog" &&
	LD_LIBRARY_PATH=$dest$p/lib ldd "$dest/prog" | grep -q "$dest$p/lib/libhv.so.0"
tap $? "a program built with pkg-config libhv links the installed libhv.so.0"

bash -c ". '$dest$p/share/bash-completion/completions/hvctl' && complete -p hvctl" \
	2>/dev/null | grep -q _hvctl
tap $? "the installed completion registers for hvctl"

man -l "$dest$p/share/man/man8/hvctl.8" 2>/dev/null | grep -q 'hvctl list'
tap $? "the installed man page renders"

make -s --no-print-directory -C "$top" uninstall DESTDIR="$dest" >/dev/null 2>&1
left=$(find "$dest$p" -type f -o -type l 2>/dev/null)
[ -z "$left" ]
tap $? "make uninstall removes every file${left:+ (left: $left)}"

[ "$failed" = 0 ]
