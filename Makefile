# SPDX-License-Identifier: GPL-2.0
#
# xvm: build and test entry points.  `make help` lists the targets;
# Documentation/testing.rst describes the test harness.

ifneq ($(KERNELRELEASE),)
# Kbuild reads the top-level Kbuild file, never this one.
$(error the top-level Kbuild file is missing)
endif

SHELL := /bin/bash

# Kernel build tree for `make` / `make module`: the running kernel's, else
# the newest installed Debian headers.
ifeq ($(origin KDIR),undefined)
KDIR := /lib/modules/$(shell uname -r)/build
ifeq ($(wildcard $(KDIR)/Makefile),)
KDIR := $(lastword $(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V))
$(info note: no build tree for the running kernel, using KDIR=$(KDIR))
endif
export KDIR
endif

# W=1 (extra warnings) and C=1/C=2 (sparse) go to Kbuild.
KBUILD_FLAGS := $(if $(W),W=$(W)) $(if $(C),C=$(C))

SCRIPTS := tests/scripts
VM := tests/vm
XVM_KO := module/xvm.ko
# Seconds of wall time an emulated machine may run (empty: run.sh default).
VM_TIMEOUT ?=
DEMO_GUEST ?= linux

.PHONY: all module userspace guests api clean deps help \
	check check-build check-host check-style check-svm check-vmx \
	check-kunit check-kunit-svm check-kunit-vmx kunit-module demo \
	bench check-bench

all: module userspace guests api fuzzers

help:
	@echo "make [all]        module (KDIR=$(KDIR)), userspace, guests, api tests"
	@echo "make module|userspace|guests|api|clean"
	@echo "make deps         install missing Debian packages"
	@echo "make check        everything below, then one summary line"
	@echo "make check-host   userspace unit tests on this machine"
	@echo "make check-style  W=1 + sparse (C=2) build without warnings, checkpatch"
	@echo "make check-svm    stock Debian kernel in QEMU (AMD SVM)"
	@echo "make check-vmx    stock Debian kernel in Bochs (Intel VMX)"
	@echo "make check-kunit  debug kernel (KUnit/KASAN/lockdep/kmemleak), QEMU and Bochs"
	@echo "make demo         boot QEMU and run a guest with xvm-run, live"
	@echo "make bench        xvm against stock KVM, QEMU and Bochs (BENCH_QUICK=1: short)"

deps:
	@$(SCRIPTS)/deps.sh

module:
	@[ -f Kbuild ] || { echo "module: no top-level Kbuild file yet"; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(KBUILD_FLAGS) modules

# Parts owned elsewhere: built only once they have a Makefile.
define submake
	@if [ -f $(1)/Makefile ]; then \
		$(MAKE) -C $(1) $(2); \
	else \
		echo "$(1): no Makefile yet, skipped"; \
	fi
endef

userspace:
	$(call submake,userspace)
guests:
	$(call submake,tests/guests)
api:
	$(call submake,tests/api)
# Fuzzers and isolation tests (Documentation/security.rst).
fuzzers:
	$(call submake,tests/fuzz)
	$(call submake,tests/isolation)

clean:
	@if [ -f Kbuild ] && [ -d "$(KDIR)" ]; then \
		$(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	$(call submake,userspace,clean)
	$(call submake,tests/guests,clean)
	$(call submake,tests/api,clean)
	$(call submake,tests/fuzz,clean)
	$(call submake,tests/isolation,clean)
	$(call submake,tests/host,clean)
	rm -rf build

# ---------------------------------------------------------------- checks

# `make check`: the checks on this machine, one build of everything, then
# two lanes side by side, each emulator on a core of its own: QEMU
# (check-svm, check-kunit-svm, check-bench) and Bochs (check-vmx,
# check-kunit-vmx). A lane's output is shown when it ends; meanwhile a
# line every 5 minutes says where each lane is. Every check runs even when
# another fails; one summary line at the end.
HOST_CHECKS := check-style check-host
QEMU_LANE := check-svm check-kunit-svm check-bench
BOCHS_LANE := check-vmx check-kunit-vmx

lane = for t in $(2); do echo "\#\#\#\#\#\#\#\# $$t ($$(date +%T))"; \
	$(MAKE) --no-print-directory $$t BUILT=1 KUNIT_BUILT=1 || \
	echo $$t >> build/lanes/failed; done > build/lanes/$(1).log 2>&1

check: deps
	@rm -rf build/results build/lanes; mkdir -p build/results build/lanes; \
	failed=; \
	for t in $(HOST_CHECKS); do \
		echo "######## $$t"; \
		$(MAKE) --no-print-directory $$t || failed="$$failed $$t"; \
	done; \
	echo "######## check-build ($$(date +%T))"; \
	if ! $(MAKE) --no-print-directory check-build; then \
		$(SCRIPTS)/summary.sh $$failed check-build; exit 1; \
	fi; \
	( $(call lane,qemu,$(QEMU_LANE)) ) & qemu=$$!; \
	( $(call lane,bochs,$(BOCHS_LANE)) ) & bochs=$$!; \
	while kill -0 $$qemu 2>/dev/null || kill -0 $$bochs 2>/dev/null; do \
		for i in $$(seq 60); do \
			sleep 5; kill -0 $$qemu 2>/dev/null || \
			kill -0 $$bochs 2>/dev/null || break; \
		done; \
		echo "check $$(date +%T): qemu: $$(grep -a '^########' \
			build/lanes/qemu.log | tail -n 1); bochs: $$(grep -a \
			'^########' build/lanes/bochs.log | tail -n 1)"; \
	done; \
	wait; \
	cat build/lanes/qemu.log build/lanes/bochs.log; \
	$(SCRIPTS)/summary.sh $$failed $$(cat build/lanes/failed 2>/dev/null)

# Everything the lanes use, built once: xvm.ko for the stock kernel, the
# programs, the debug kernel and xvm.ko with KUnit for it.
check-build:
	@set -e; kern=($$($(SCRIPTS)/debian-kernel.sh)); \
	$(MAKE) --no-print-directory module KDIR=$${kern[1]}; \
	$(MAKE) --no-print-directory userspace guests api fuzzers; \
	$(MAKE) --no-print-directory kunit-module

check-host:
	@if [ -f tests/host/Makefile ]; then \
		if $(MAKE) -C tests/host check; then \
			$(SCRIPTS)/record.sh check-host pass; \
		else \
			$(SCRIPTS)/record.sh check-host fail; \
		fi; \
	else \
		echo "tests/host: no Makefile yet"; \
		$(SCRIPTS)/record.sh check-host skip; \
	fi

check-style:
	@$(SCRIPTS)/check-style.sh

# The stock Debian kernel: newest /boot/vmlinuz-<ver>-amd64 that has
# /usr/src/linux-headers-<ver>-amd64.  $(1): target, $(2): qemu|bochs,
# $(3): svm|vmx.
define stock-run
	@set -e; \
	kern=($$($(SCRIPTS)/debian-kernel.sh)); \
	ver=$${kern[0]#/boot/vmlinuz-}; \
	if [ -z "$(BUILT)" ]; then \
		$(MAKE) --no-print-directory module KDIR=$${kern[1]}; \
		$(MAKE) --no-print-directory userspace guests api fuzzers; \
	fi; \
	$(VM)/run.sh --target $(1) --machine $(2) --backend $(3) --kernel stock \
		--bzimage $${kern[0]} --ko $(XVM_KO) \
		--kmods /lib/modules/$$ver/kernel \
		$(if $(VM_TIMEOUT),--timeout $(VM_TIMEOUT)) $(4)
endef

check-svm:
	$(call stock-run,check-svm,qemu,svm)

# Bochs runs some 20 times slower than real time here: shorter fuzzing,
# and guest-fuzz shorter still (4 s of it took ten minutes on a loaded
# build machine).
check-vmx: export XVM_FUZZ_SECONDS ?= 4
check-vmx: export XVM_GUEST_FUZZ_SECONDS ?= 2
check-vmx:
	$(call stock-run,check-vmx,bochs,vmx)

# The debug kernel (cached outside the tree, see build-kernel.sh) and
# xvm.ko with its KUnit suites built against it.
kunit-module:
	@out=$$($(SCRIPTS)/build-kernel.sh) && \
	$(SCRIPTS)/build-kunit-module.sh "$$out"
	@$(MAKE) --no-print-directory userspace guests api fuzzers

define debug-run
	@out=$$($(SCRIPTS)/build-kernel.sh --print-dir); \
	$(VM)/run.sh --target $(1) --machine $(2) --backend $(3) --kernel debug \
		--bzimage $$out/arch/x86/boot/bzImage \
		--ko build/kunit/src/$(XVM_KO) --kmods $$out \
		$$(cat build/kunit/expect-ktap) \
		$(if $(VM_TIMEOUT),--timeout $(VM_TIMEOUT))
endef

check-kunit-svm: $(if $(KUNIT_BUILT),,kunit-module)
	$(call debug-run,check-kunit-svm,qemu,svm)

# In Bochs the debug kernel runs what loads the KUnit suites, the first
# guests and a short ioctl-fuzz pass; QEMU runs every test on it.
check-kunit-vmx: export XVM_TESTS ?= t-0,t-1,t-2,t-70
check-kunit-vmx: export XVM_FUZZ_SECONDS ?= 4
check-kunit-vmx: $(if $(KUNIT_BUILT),,kunit-module)
	$(call debug-run,check-kunit-vmx,bochs,vmx)

# Both runs, even when the first one fails.
check-kunit: kunit-module
	@st=0; \
	$(MAKE) --no-print-directory check-kunit-svm KUNIT_BUILT=1 || st=1; \
	$(MAKE) --no-print-directory check-kunit-vmx KUNIT_BUILT=1 || st=1; \
	exit $$st

# Benchmarks (Documentation/performance.rst); check-bench only checks that
# a short run (QEMU only) produces its files.
bench: deps
	@tests/bench/run.sh

check-bench:
	@tests/bench/run.sh --quick && $(SCRIPTS)/record.sh check-bench pass || \
		$(SCRIPTS)/record.sh check-bench fail

# ---------------------------------------------------------------- fuzz

# The fuzzers for FUZZ_SECONDS each (t-70, t-79; `make check` runs them
# for 20 s) with the rest of the in-VM tests, in QEMU (SVM), and in Bochs
# (VMX) too with FUZZ_VMX=1.
FUZZ_SECONDS ?= 300
fuzz:
	@st=0; t=$$(( $(FUZZ_SECONDS) * 3 + 120 )); \
	XVM_FUZZ_SECONDS=$(FUZZ_SECONDS) XVM_TEST_TIMEOUT=$$t \
	$(MAKE) --no-print-directory check-svm \
		VM_TIMEOUT=$$(( $$t * 2 + 900 )) || st=1; \
	if [ -n "$(FUZZ_VMX)" ]; then \
		XVM_FUZZ_SECONDS=$(FUZZ_SECONDS) XVM_TEST_TIMEOUT=$$t \
		XVM_GUEST_FUZZ_SECONDS=$(FUZZ_SECONDS) \
		$(MAKE) --no-print-directory check-vmx \
			VM_TIMEOUT=$$(( $$t * 4 + 1800 )) || st=1; \
	fi; exit $$st

# ---------------------------------------------------------------- demo

demo: deps
	@set -e; kern=($$($(SCRIPTS)/debian-kernel.sh)); \
	$(MAKE) --no-print-directory module KDIR=$${kern[1]}; \
	$(MAKE) --no-print-directory userspace guests
	@if [ ! -x userspace/xvm-run ]; then \
		echo "demo: userspace/xvm-run is not built yet (userspace/ has no Makefile or it failed)"; exit 1; fi
	@if [ "$(DEMO_GUEST)" != linux ] && [ ! -f tests/guests/$(DEMO_GUEST) ]; then \
		echo "demo: guest tests/guests/$(DEMO_GUEST) is not there yet (DEMO_GUEST=<file> picks another)"; exit 1; fi
	@kern=($$($(SCRIPTS)/debian-kernel.sh)); \
	XVM_DEMO_GUEST=$(DEMO_GUEST) XVM_DEMO_SHELL=$(if $(DEMO_SHELL),1,0) \
	$(VM)/run.sh --target demo --machine qemu --backend svm --kernel stock \
		--bzimage $${kern[0]} --ko $(XVM_KO) --demo --timeout 900
