# SPDX-License-Identifier: GPL-2.0
#
# hv: build, test and style targets.  The module builds with kbuild (see
# Kbuild); userspace (libhv, hvctl, test programs) with plain make.
#
#   make            module, libhv, hvctl and the test programs
#   make deps       install what is missing (Debian packages, as root)
#   make check      unit tests, then the selftests in QEMU; TAP + summary
#   make run        demo in a throwaway VM; RUN_SHELL=1 gives a shell there
#   make bench      benchmarks in two throwaway VMs (TCG wall time, -icount)
#   make style      checkpatch on every source file
#   make sparse     sparse (C=2) over the module
#   make install / uninstall   libhv, hvctl, headers, man page, completion
#                   (PREFIX=/usr/local, DESTDIR honoured)

# KVER=6.12 picks a series, KVER=6.12.107+deb12-amd64 one kernel; the default
# is pinned to Debian 12's 6.1 (scripts/kver).
override KVER := $(shell scripts/kver $(KVER))
KDIR ?= /lib/modules/$(KVER)/build
CHECKPATCH_SRC ?= /usr/src/linux-source-6.1.tar.xz

export KVER

all: module libhv hvctl selftests

deps:
	scripts/deps

# Called by check and run: installs only when something is missing.
deps-check:
	@scripts/deps --check 2>/dev/null || scripts/deps

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

libhv:
	$(MAKE) -C libhv

hvctl: libhv
	$(MAKE) -C hvctl

selftests: libhv
	$(MAKE) -C selftests/vm
	$(MAKE) -C selftests/guests
	$(MAKE) -C selftests/bench

unit: libhv
	$(MAKE) -C selftests/unit

check: deps-check
	@$(MAKE) -s --no-print-directory all unit
	selftests/check

run: deps-check
	@$(MAKE) -s --no-print-directory all
ifeq ($(RUN_SHELL),1)
	selftests/vm-run --no-build --shell
else
	selftests/vm-run --no-build -- /hv/selftests/demo
endif

# make install: userspace (the module goes through DKMS, see below).
HV_VERSION := 0.1
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
INSTALLED = $(BINDIR)/hvctl $(LIBDIR)/libhv.a $(LIBDIR)/libhv.so.0 \
	$(LIBDIR)/libhv.so $(INCLUDEDIR)/libhv.h $(INCLUDEDIR)/linux/hv.h \
	$(INCLUDEDIR)/linux/hv_pv32.h $(MANDIR)/man8/hvctl.8 \
	$(BASHCOMPDIR)/hvctl $(PKGCONFIGDIR)/libhv.pc

install: libhv hvctl
	install -D -m 0755 hvctl/hvctl $(DESTDIR)$(BINDIR)/hvctl
	install -D -m 0644 libhv/libhv.a $(DESTDIR)$(LIBDIR)/libhv.a
	install -D -m 0755 libhv/libhv.so.0 $(DESTDIR)$(LIBDIR)/libhv.so.0
	ln -sf libhv.so.0 $(DESTDIR)$(LIBDIR)/libhv.so
	install -D -m 0644 libhv/libhv.h $(DESTDIR)$(INCLUDEDIR)/libhv.h
	install -D -m 0644 include/uapi/linux/hv.h \
		$(DESTDIR)$(INCLUDEDIR)/linux/hv.h
	install -D -m 0644 include/uapi/linux/hv_pv32.h \
		$(DESTDIR)$(INCLUDEDIR)/linux/hv_pv32.h
	install -D -m 0644 hvctl/hvctl.8 $(DESTDIR)$(MANDIR)/man8/hvctl.8
	install -D -m 0644 hvctl/hvctl.bash $(DESTDIR)$(BASHCOMPDIR)/hvctl
	mkdir -p $(DESTDIR)$(PKGCONFIGDIR)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(HV_VERSION)|' \
	    libhv/libhv.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/libhv.pc
	if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then ldconfig; fi

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	-rmdir $(DESTDIR)$(INCLUDEDIR)/linux 2>/dev/null

bench: deps-check
	@$(MAKE) -s --no-print-directory all
	selftests/bench/run --no-build

KERNEL_FILES = $(shell git ls-files 'module/*.[ch]' 'include/*.h')
USER_FILES = $(shell git ls-files '*.[ch]' | \
	       grep -v -e '^module/' -e '^include/' -e '^selftests/guests/')
GUEST_FILES = $(shell git ls-files 'selftests/guests/*.[ch]')
USER_IGNORE = PREFER_KERNEL_TYPES,CAMELCASE,LONG_LINE_STRING

# Userspace is kernel style too, but with the C library's types (uint32_t)
# and cmocka's names (CMUnitTest); user-visible strings stay whole.  The
# test guests' asm-building macros stringify and paste their arguments,
# which checkpatch takes for argument reuse.
style:
	scripts/checkpatch $(KERNEL_FILES)
	scripts/checkpatch --ignore $(USER_IGNORE) $(USER_FILES)
	scripts/checkpatch --ignore $(USER_IGNORE),MACRO_ARG_REUSE $(GUEST_FILES)

sparse:
	$(MAKE) -C $(KDIR) M=$(CURDIR) C=2 W=1 modules

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C libhv clean
	$(MAKE) -C hvctl clean
	$(MAKE) -C selftests/unit clean
	$(MAKE) -C selftests/vm clean
	$(MAKE) -C selftests/guests clean
	$(MAKE) -C selftests/bench clean

.PHONY: all deps deps-check module libhv hvctl selftests unit check run \
	bench style sparse clean install uninstall
