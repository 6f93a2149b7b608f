# arm64 on a real arm64 kernel: `make check` builds scinit and the probes for
# arm64 (build/arm64/) and tests/t_arm64.sh boots Debian's arm64 cloud kernel
# under qemu (tests/vm/boot) to run them. The same VM for amd64 runs the x86
# compat rows this machine's own kernel may not (tests/t_vm_x86.sh).

ifdef COMPAT_CC
# The compat probe: tests/probe.c built for 32-bit arm, with a libseccomp of
# its own arch for the names.
COMPAT_SECCOMP := $(DEPS)/libseccomp-compat
$(BUILD)/.pkgs-compat: | $(BUILD)/.pkgs-build
	@deps/provision packages $(COMPAT_PKGS)
	@touch $@
$(COMPAT_SECCOMP)/lib/libseccomp.a: $(SECCOMP_SRC)/.unpacked | $(BUILD)/.pkgs-compat
	$(call build_seccomp,$(COMPAT_SECCOMP),$(COMPAT_CC),--host=$(COMPAT_TRIPLE),-Os -idirafter /usr/include \
		-idirafter /usr/include/$(COMPAT_TRIPLE))
$(BUILD)/probe32: tests/probe.c $(COMPAT_SECCOMP)/lib/libseccomp.a
	$(COMPAT_CC) -std=c11 -D_GNU_SOURCE -Os -Wall -Wextra -idirafter /usr/include -idirafter /usr/include/$(COMPAT_TRIPLE) \
		-I$(COMPAT_SECCOMP)/include -static -s $< $(COMPAT_SECCOMP)/lib/libseccomp.a -o $@
endif

ifeq ($(ARCH),$(HOST_ARCH))
.PHONY: arm64-bins
# What the arm64 VM runs, built by a make of its own for ARCH=arm64 (the
# build's programs and bpfgen too: tests/t_arm64.sh compares them with
# those libseccomp builds in the VM).
arm64-bins:
	+@$(MAKE) --no-print-directory ARCH=arm64 build/arm64/scinit build/arm64/probe build/arm64/probe32 \
		build/arm64/init_probe
check: arm64-bins
endif
