# SPDX-License-Identifier: GPL-2.0
#
# hv: build, test and style targets.  The module builds with kbuild (see
# Kbuild); userspace (libhv, hvctl, test programs) with plain make.
#
#   make            module, libhv, hvctl and the test programs
#   make deps       install what is missing (Debian packages, as root)
#   make check      unit tests, then the selftests in QEMU; TAP + summary
#   make check-long the same with the long fuzz, soak and concurrency runs,
#                   then the core tests on the debug kernel (check-debug)
#   make check-debug the VM suite on a debug host kernel (KASAN, lockdep,
#                   kmemleak, UBSAN...) built from linux-source-6.1, cached
#                   under build/ (the first build takes about an hour)
#   make run        demo in a throwaway VM; RUN_SHELL=1 gives a shell there
#   make bench      benchmarks in two throwaway VMs (TCG wall time, -icount)
#   make style      checkpatch on every source file
#   make sparse     sparse (C=2, W=1) over the module; fails on a warning
#   make install / uninstall   libhv, hvctl, headers, man page, completion
#                   (PREFIX=/usr/local, DESTDIR honoured)
#   make dkms-install / dkms-uninstall   hv.ko through DKMS, every kernel
#   make check-dkms DKMS install into private trees, load the result in a VM
#   make guest-rootfs  build/guest/rootfs.cpio.gz from Debian i386 packages
#                   (GUEST_PKGS, GUEST_EXTRA_PKGS adds to them)
#   make guest-disk    build/guest/debian-i386.img: Debian in ext4 (root)
#   make guest-linux   build/guest/linux.elf: linux-source-6.1 + guest-patches
#   make guest-series-check  each patch of guest-patches applied, checkpatched
#                   and built alone (30 to 60 minutes; not part of check)

# KVER=6.12 picks a series, KVER=6.12.107+deb12-amd64 one kernel; the default
# is pinned to Debian 12's 6.1 (scripts/kver).
override KVER := $(shell scripts/kver $(KVER))
KDIR ?= /lib/modules/$(KVER)/build
CHECKPATCH_SRC ?= /usr/src/linux-source-6.1.tar.xz

export KVER

# hv's version lives in dkms.conf.  DKMS_KERNELS: the kernels to build
# for (default: every one with headers); DKMS_FLAGS: extra dkms options
# (the check passes private --dkmstree/--sourcetree/--installtree there).
HV_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
DKMS_SRCTREE ?= /usr/src
DKMS_SRCDIR = $(DESTDIR)$(DKMS_SRCTREE)/hv-$(HV_VERSION)
DKMS_KERNELS ?= $(notdir $(patsubst %/build,%,$(wildcard /lib/modules/*/build)))
DKMS_FLAGS ?=
DKMS_FILES = Kbuild dkms.conf \
	$(filter-out %.mod.c module/hv-asm-offsets.h,$(wildcard module/*.[chS])) \
	module/Kbuild \
	$(wildcard include/uapi/linux/*.h)

all: module libhv hvctl selftests

deps:
	scripts/deps

# Called by check and run: installs only when something is missing.
deps-check:
	@scripts/deps --check 2>/dev/null || scripts/deps

deps-debug:
	@scripts/deps --check --debug 2>/dev/null || scripts/deps --debug

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
	$(MAKE) -C selftests/ynl

unit: libhv
	$(MAKE) -C selftests/unit

# The Linux guest (84-linux.sh, Documentation/guest-linux.rst) is built
# first: 7 to 8 minutes on 2 cores from a fresh clone, 2 s when its
# source, series and config are unchanged.  The disk image holds its
# kernel package, so it comes after, in a make of its own.
check: deps-check
	@$(MAKE) -s --no-print-directory all unit guest-linux guest-rootfs
	@$(MAKE) -s --no-print-directory build/guest/debian-i386.img
	selftests/check

# These two build the debug kernel (selftests/check --debug).
check-long: deps-debug
	@$(MAKE) -s --no-print-directory all unit
	selftests/check --long

check-debug: deps-debug
	@$(MAKE) -s --no-print-directory all unit guest-linux guest-rootfs
	selftests/check --debug

# The demo boots Linux too when given it (RUN_LINUX=1 builds and adds the
# guest kernel and root file system: 7 to 8 minutes the first time), and
# Debian from its disk image with the kernel the image holds
# (RUN_DEBIAN=1: the image as the VM's virtio disk; 3 minutes more).
ifeq ($(RUN_LINUX),1)
RUN_ADDS = --add build/guest/linux.elf --add build/guest/rootfs.cpio.gz
RUN_GUEST = guest-linux guest-rootfs
endif
ifeq ($(RUN_DEBIAN),1)
RUN_ADDS += --drive build/guest/debian-i386.img
RUN_GUEST += guest-linux
RUN_DISK = build/guest/debian-i386.img
endif
run: deps-check
	@$(MAKE) -s --no-print-directory all $(RUN_GUEST)
ifneq ($(RUN_DISK),)
	@$(MAKE) -s --no-print-directory $(RUN_DISK)
endif
ifeq ($(RUN_SHELL),1)
	selftests/vm-run --no-build $(RUN_ADDS) --shell
else
	selftests/vm-run --no-build $(RUN_ADDS) -- /hv/selftests/demo
endif

# make install: userspace (the module goes through DKMS, see below).
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

# The module's sources, as DKMS wants them under /usr/src/hv-VERSION.
dkms-source:
	rm -rf $(DKMS_SRCDIR)
	for f in $(DKMS_FILES); do \
		install -D -m 0644 $$f $(DKMS_SRCDIR)/$$f || exit 1; \
	done

# Again on top of an earlier install of the same version: that one goes.
dkms-install:
	@[ -n "$(DKMS_KERNELS)" ] || { echo "no kernel headers (make deps)"; exit 1; }
	if dkms status $(DKMS_FLAGS) hv/$(HV_VERSION) | grep -q .; then \
		dkms remove $(DKMS_FLAGS) hv/$(HV_VERSION) --all; \
	fi
	$(MAKE) --no-print-directory dkms-source
	dkms add $(DKMS_FLAGS) hv/$(HV_VERSION)
	for k in $(DKMS_KERNELS); do \
		dkms build $(DKMS_FLAGS) hv/$(HV_VERSION) -k $$k && \
		dkms install $(DKMS_FLAGS) hv/$(HV_VERSION) -k $$k || exit 1; \
	done

# Every kernel, and the sources; a no-op when hv is not in DKMS.
dkms-uninstall:
	if dkms status $(DKMS_FLAGS) hv/$(HV_VERSION) | grep -q .; then \
		dkms remove $(DKMS_FLAGS) hv/$(HV_VERSION) --all; \
	fi
	rm -rf $(DKMS_SRCDIR)

# DKMS into private trees (nothing of this machine's /lib/modules or
# /var/lib/dkms changes), then the DKMS-built hv.ko in the test VM.
check-dkms: deps-check
	@$(MAKE) -s --no-print-directory hvctl selftests
	selftests/check-dkms

# The guest's root file system and kernel (Documentation/guest-linux.rst).
GUEST_PKGS = busybox-static bash-static coreutils grep sed gawk procps libc6
GUEST_EXTRA_PKGS ?=
# The disk image is a Debian system: its init, console login, dpkg and apt.
GUEST_DISK_KERNEL = $(if $(wildcard build/guest/linux-image.deb),\
	--kernel-deb build/guest/linux-image.deb)
GUEST_DISK_PKGS = sysvinit-core login passwd util-linux dpkg base-files \
	base-passwd bash dash debianutils diffutils findutils gzip hostname \
	ncurses-base ncurses-bin tar mawk libc-bin bsdutils apt

guest-rootfs: deps-check
	scripts/guest-rootfs build/guest/rootfs.cpio.gz $(GUEST_PKGS) \
		$(GUEST_EXTRA_PKGS)

# A Debian system (the same packages, its init, login and dpkg) in an ext4
# image the kernel boots with root=/dev/xvda; dpkg runs in a chroot: root.
# With make guest-linux's kernel package in it, when there is one.
guest-disk: deps-check
	scripts/guest-disk $(GUEST_DISK_KERNEL) build/guest/debian-i386.img $(GUEST_PKGS) \
		$(GUEST_DISK_PKGS) $(GUEST_EXTRA_PKGS)

# make check's (91-disk.sh): built again only when what makes it changed
# (50 s to 3 min, most of it apt), not for each run as guest-disk.
build/guest/debian-i386.img: scripts/guest-disk scripts/guest-packages \
		scripts/guest-marker \
		scripts/guest-init Makefile $(wildcard build/guest/linux-image.deb)
	scripts/guest-disk $(GUEST_DISK_KERNEL) $@ $(GUEST_PKGS) $(GUEST_DISK_PKGS) \
		$(GUEST_EXTRA_PKGS)

# linux-source-6.1 + guest-patches/linux-6.1 -> build/guest/linux.elf;
# nothing is rebuilt when the source, the series and the config are the same.
guest-linux: deps-check
	scripts/guest-linux build/guest

# The series bisects: each prefix built with the guest config, each patch's
# Xen PV files compiled where it lands, checkpatch on each patch
# (Documentation/guest-linux.rst).  Too long for check-long.
guest-series-check: deps-check
	scripts/guest-series-check build/guest-series

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

# Fails on any warning (scripts/no-warnings).
sparse:
	scripts/no-warnings $(MAKE) -C $(KDIR) M=$(CURDIR) C=2 W=1 modules

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C libhv clean
	$(MAKE) -C hvctl clean
	$(MAKE) -C selftests/unit clean
	$(MAKE) -C selftests/vm clean
	$(MAKE) -C selftests/guests clean
	$(MAKE) -C selftests/bench clean
	$(MAKE) -C selftests/ynl clean

.PHONY: all deps deps-check deps-debug module libhv hvctl selftests unit check check-long \
	check-debug \
	run bench style sparse clean install uninstall dkms-source dkms-install \
	dkms-uninstall check-dkms guest-rootfs guest-linux guest-disk \
	guest-series-check
