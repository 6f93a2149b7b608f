# The target: `make` builds for this machine's architecture into build/,
# `make ARCH=arm64` for arm64 into build/arm64/ with Debian's cross
# toolchain and musl-dev:arm64. The build machine's tools (shim/tools/) are
# always built for this machine, and emit programs for the target.

HOST_ARCH := $(shell dpkg --print-architecture)
ARCH ?= $(HOST_ARCH)
ifeq ($(ARCH),$(HOST_ARCH))
BUILD ?= build
else
BUILD ?= build/$(ARCH)
endif

ifeq ($(ARCH),amd64)
TARGET_TRIPLE := x86_64-linux-gnu
TARGET_DEF := -DSC_TARGET_X86_64
TARGET_PKGS := musl-tools musl-dev linux-libc-dev
else ifeq ($(ARCH),arm64)
TARGET_TRIPLE := aarch64-linux-gnu
TARGET_DEF := -DSC_TARGET_AARCH64
TARGET_PKGS := gcc-aarch64-linux-gnu musl-dev:arm64 linux-libc-dev:arm64
# A 64-bit arm kernel runs 32-bit arm binaries: the tests' compat probe.
COMPAT_TRIPLE := arm-linux-gnueabihf
COMPAT_CC := arm-linux-musleabihf-gcc
COMPAT_PKGS := gcc-arm-linux-gnueabihf musl-dev:armhf linux-libc-dev:armhf
# The whole image (bss included) is far below 1 MB, so every address is one
# adr away instead of an adrp+add pair; ld refuses the link if that ever
# stops being true.
MODEL_FLAGS := -mcmodel=tiny
else
$(error ARCH=$(ARCH): scinit builds for amd64 and arm64)
endif

ifeq ($(ARCH),$(HOST_ARCH))
CC := musl-gcc
else
CC := $(patsubst %-linux-gnu,%,$(TARGET_TRIPLE))-linux-musl-gcc
endif
# Debian's musl-gcc has no linux/*.h; glibc's kernel headers work after it
# (linux-libc-dev; for another arch, that arch's one holds its asm/).
SYS_INCLUDES := -idirafter /usr/include -idirafter /usr/include/$(TARGET_TRIPLE)
# The checkout's own path must not reach the binaries (libseccomp's asserts
# name their source files), so that two checkouts build the same bytes
# (make dist).
REPRO_FLAGS := -ffile-prefix-map=$(CURDIR)/=
# The target's code, scinit's and the pinned dependencies' alike: small
# (-Oz: scinit's work is system calls, not loops), in sections the link can
# drop, without unwind tables.
SIZE_FLAGS := -Oz -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables $(MODEL_FLAGS)
