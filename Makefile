# SPDX-License-Identifier: GPL-2.0
#
# hv: build, test and style targets.  The module builds with kbuild (see
# Kbuild); userspace (libhv, hvctl, test programs) with plain make.
#
#   make            module, libhv, hvctl and the test programs
#   make deps       install what is missing (Debian packages, as root)
#   make check      unit tests, then the selftests in QEMU; TAP + summary
#   make check-long the same with the long fuzz, soak and concurrency runs
#   make run        demo in a throwaway VM; RUN_SHELL=1 gives a shell there
#   make bench      benchmarks in two throwaway VMs (TCG wall time, -icount)
#   make style      checkpatch on every source file
#   make sparse     sparse (C=2) over the module

KVER ?= $(shell scripts/kver)
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

check-long: deps-check
	@$(MAKE) -s --no-print-directory all unit
	selftests/check --long

run: deps-check
	@$(MAKE) -s --no-print-directory all
ifeq ($(RUN_SHELL),1)
	selftests/vm-run --no-build --shell
else
	selftests/vm-run --no-build -- /hv/selftests/demo
endif

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

.PHONY: all deps deps-check module libhv hvctl selftests unit check check-long \
	run \
	bench style sparse clean
