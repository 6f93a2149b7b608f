# scinit: `make` builds build/scinit; demo, check, bench, images, fuzz are the
# other entry points. What is missing is installed by deps/provision (Debian's
# packages, as root) the first time; later runs find it in place.

SHELL := /bin/bash
PROFILE ?= config/default.ini
VERSION := 0.1.0

include mk/target.mk

# Build: musl-tools (static libc), libjsmn-dev (JSON tokenizer), dpkg-dev
# (dpkg-source for the pinned sources), binutils, file, gperf (libseccomp's
# build generates its syscall lookup with it), gcc (the build machine's
# tools). Tests: python3, busybox-static, tini, python3-yaml (the Kubernetes
# manifests' check), strace (the order of the app's side's calls in
# tests/t_init.sh), skopeo (tests/t_dist.sh loads the release's images into
# Docker with it), dumb-init and catatonit (tests/t_init.sh's oracles for
# ^Z, signal rewriting and pause mode), debootstrap (tests/t_multistage.sh
# builds images/multistage FROM a Debian 12 made here: no registry), systemd
# (tests/t_independent.sh expands @groups from systemd-analyze's own list).
# libc6-dev: gcc only recommends it, and images/multistage's stage installs
# no recommended package.
BUILD_PKGS := $(TARGET_PKGS) libjsmn-dev dpkg-dev binutils file gperf gcc libc6-dev make
TEST_PKGS := python3 busybox-static tini python3-yaml strace skopeo dumb-init catatonit linux-libc-dev git perl openssl nginx-light redis-server postgresql debootstrap systemd

# Messages are bounded on purpose: a truncated message beats an unbounded one.
# -fno-pie: the link is static and not PIE, so absolute addresses are shorter.
CFLAGS := -std=c11 -D_GNU_SOURCE $(SIZE_FLAGS) -Wall -Wextra -Werror=implicit-function-declaration -Wno-format-truncation \
	-fno-pie $(REPRO_FLAGS) \
	$(SYS_INCLUDES)
# Smaller file, same code: no page padding between the read-only segments
# (noseparate-code puts .rodata in the text segment) nor before the data
# (norelro: musl's static start never applies PT_GNU_RELRO, only its dynamic
# linker does, so the segment stayed writable anyway), no build-id note, and
# no unwind tables (mk/no-eh-frame.ld).
# A common page size of 16 bytes keeps ld from page-aligning the data in the
# file to spare one page of address space at the end of the bss.
LDFLAGS := -static -Wl,--gc-sections -s -Wl,-z,noseparate-code -Wl,-z,norelro -Wl,--build-id=none \
	-Wl,-z,common-page-size=16 -Wl,-T,mk/no-eh-frame.ld

.PHONY: all check demo bench images fuzz unit clean test-deps FORCE
all: $(BUILD)/scinit

# The Debian packages each target needs; deps/provision installs what is
# missing (a stamp per list, so make asks dpkg only when the list changed).
$(BUILD)/.pkgs-build: deps/packages.lock Makefile
	@mkdir -p $(BUILD)
	@deps/provision packages $(BUILD_PKGS)
	@deps/provision pins $(ARCH)
	@touch $@
$(BUILD)/.pkgs-test: Makefile | $(BUILD)/.pkgs-build
	@deps/provision packages $(TEST_PKGS)
	@touch $@

include mk/deps.mk

# --- scinit -----------------------------------------------------------------
# shim/ by stage: cli (main), profile (reading: pure), setup, filter (the
# only code that installs a program), init (PID 1), cmd (subcommands), common;
# shim/tools/ runs on the build machine only.

# shim/common/heap.c replaces libc's malloc in the musl binaries only: host
# builds keep glibc's, which the sanitizers and valgrind watch.
SHIM_HEAP := shim/common/heap.c
SHIM_SRC := $(filter-out $(SHIM_HEAP),$(wildcard shim/cli/*.c shim/profile/*.c shim/setup/*.c shim/filter/*.c \
	shim/init/*.c shim/cmd/*.c shim/common/*.c))
SHIM_HDR := $(wildcard shim/*/*.h)
SHIM_CODE := $(patsubst shim/%.c,$(BUILD)/obj/%.o,$(SHIM_SRC) $(SHIM_HEAP))
SHIM_OBJ := $(SHIM_CODE) $(BUILD)/obj/embedded.o
SHIM_LIBS := $(SECCOMP_LIB) $(INIH_OBJ)
VERSION_DEFS = -DSCINIT_VERSION='"$(VERSION)"' -DSCINIT_DEPS='"$(DEPS_VERSIONS)"'

$(BUILD)/obj/%.o: shim/%.c $(SHIM_HDR) $(SECCOMP_LIB) $(INIH_OBJ) mk/target.mk | $(BUILD)/.pkgs-build
	@mkdir -p $(dir $@)
	@echo "  CC $<"; $(CC) $(CFLAGS) -Ishim -I$(SECCOMP)/include -I$(INIH_SRC) $(VERSION_DEFS) -c $< -o $@

# Rebuild the embedded profile when PROFILE names another file.
$(BUILD)/profile.path: FORCE
	@mkdir -p $(BUILD); echo '$(PROFILE)' | cmp -s - $@ || echo '$(PROFILE)' >$@

# An INI profile is embedded without its comment lines: blank lines keep the
# line numbers of messages, inih reads a blank line as it reads a comment,
# and the binary is smaller. JSON is embedded as it is.
$(BUILD)/embedded.profile: $(PROFILE) $(BUILD)/profile.path
	@if [ "$$(tr -d ' \t\r\n' <$< | head -c1)" = "{" ]; then cp $< $@; else sed 's/^[[:space:]]*[;#].*//' $< >$@; fi

# The build machine's tools (shim/tools/): bpfgen, the same profile reader
# and filter builder as scinit built for this machine, writes the embedded
# profile's program and the supervisor's; bpf_ranges shrinks the first
# without changing any answer. Nothing here runs the target binary.
TOOLS := $(BUILD)/tools
TOOL_SRC := $(filter-out $(SHIM_HEAP),$(wildcard shim/profile/*.c shim/setup/setup.c shim/setup/ids.c shim/setup/caps.c \
	shim/common/*.c)) \
	shim/filter/filter.c shim/filter/arg32.c shim/filter/arg32_table.c shim/filter/bpf_export.c shim/filter/install.c shim/filter/precompiled.c \
	shim/filter/supervisor_filter.c
TOOL_OBJ := $(patsubst shim/%.c,$(TOOLS)/obj/%.o,$(TOOL_SRC)) $(TOOLS)/obj/embedded-empty.o

# They run here but emit the target's programs, so they are told the
# target's CPU family (TARGET_DEF, mk/target.mk; shim/common/arch.h).
$(TOOLS)/obj/%.o: shim/%.c $(SHIM_HDR) $(TOOLS_SECCOMP_LIB) | $(BUILD)/.pkgs-build
	@mkdir -p $(dir $@)
	@echo "  HOSTCC $<"; gcc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Wno-format-truncation -Ishim $(TARGET_DEF) \
		-I$(TOOLS_SECCOMP)/include -I$(INIH_SRC) -c $< -o $@

$(TOOLS)/obj/embedded-empty.o: shim/embedded.S | $(BUILD)/.pkgs-build
	@mkdir -p $(dir $@)
	gcc -c $< -o $@

$(TOOLS)/bpfgen: $(TOOL_OBJ) $(TOOLS)/obj/tools/bpfgen.o $(TOOLS_SECCOMP_LIB) $(TOOLS)/ini.o
	gcc $^ -o $@

$(TOOLS)/bpf_ranges: shim/tools/bpf_ranges.c | $(BUILD)/.pkgs-build
	@mkdir -p $(dir $@)
	gcc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra $< -o $@

# The embedded profile's enforce-mode program (audit mode's is derived from
# it at run time) and the supervisor's: attaching them ready saves building
# them at every start, which the app waits for.
$(BUILD)/embedded-enforce.bpf: $(BUILD)/embedded.profile $(TOOLS)/bpfgen $(TOOLS)/bpf_ranges
	set -o pipefail; $(TOOLS)/bpfgen enforce $< >$@.raw && \
		if [ -s $@.raw ]; then $(TOOLS)/bpf_ranges <$@.raw >$@.tmp; else : >$@.tmp; fi && mv $@.tmp $@

$(BUILD)/supervisor.bpf: $(TOOLS)/bpfgen
	$< supervisor >$@.tmp && mv $@.tmp $@

EMBED := -DEMBED_PROFILE='"$(abspath $(BUILD)/embedded.profile)"'
$(BUILD)/obj/embedded.o: shim/embedded.S $(BUILD)/embedded.profile $(BUILD)/embedded-enforce.bpf \
		$(BUILD)/supervisor.bpf | $(BUILD)/.pkgs-build
	@mkdir -p $(dir $@)
	$(CC) $(EMBED) -DEMBED_BPF_ENFORCE='"$(abspath $(BUILD)/embedded-enforce.bpf)"' \
		-DEMBED_BPF_SUPERVISOR='"$(abspath $(BUILD)/supervisor.bpf)"' -c $< -o $@

# For tests that link their own variants from this build's objects: the list,
# so that an object left behind by a moved source is never linked in.
.PHONY: print-shim-objects
print-shim-objects:
	@echo $(SHIM_CODE)

# The link map shows which libc members went in (tests/t_heap.sh).
$(BUILD)/scinit: $(SHIM_OBJ) $(SHIM_LIBS)
	$(CC) $(LDFLAGS) -Wl,-Map=$@.map $(SHIM_OBJ) $(SHIM_LIBS) -o $@
	@echo "$@: $$(stat -c %s $@) bytes, $$(file -b $@ | cut -d, -f1-5)"

# --- tests ------------------------------------------------------------------

test-deps: $(BUILD)/.pkgs-test

$(BUILD)/probe: tests/probe.c $(SECCOMP_LIB) | $(BUILD)/.pkgs-build
	$(CC) $(CFLAGS) -I$(SECCOMP)/include $(LDFLAGS) $< $(SECCOMP_LIB) -o $@

# tests/t_libseccomp_upgrade.sh: libseccomp's program for a profile, from the
# pinned libseccomp scinit links and from Debian 12's (mk/host.mk).
$(BUILD)/libseccomp_bpf: tests/libseccomp_bpf.c $(SHIM_OBJ) $(SHIM_LIBS)
	$(CC) $(CFLAGS) -Ishim -I$(SECCOMP)/include $(LDFLAGS) $< $(filter-out $(BUILD)/obj/cli/main.o,$(SHIM_OBJ)) \
		$(SHIM_LIBS) -o $@

# tests/t_heap.sh: shim/common/heap.c under a random workload.
$(BUILD)/heap_stress: tests/heap_stress.c $(BUILD)/obj/common/heap.o | $(BUILD)/.pkgs-build
	$(CC) $(CFLAGS) $(LDFLAGS) $^ -o $@

# tests/t_init.sh: ptrace and /proc/PID/mem probes against the supervisor.
$(BUILD)/init_probe: tests/init_helpers/init_probe.c | $(BUILD)/.pkgs-build
	$(CC) $(CFLAGS) $(LDFLAGS) $< -o $@

# tests/t_hostile.sh: runs scinit on a kernel that seems to lack seccomp.
$(BUILD)/no_seccomp: tests/hostile/no_seccomp.c | $(BUILD)/.pkgs-build
	$(CC) $(CFLAGS) $(LDFLAGS) $< -o $@

include mk/host.mk
include mk/vm.mk

# --- example images (images/, docs/docker.md) --------------------------------

# The small static app the example images run.
$(BUILD)/app: images/app/app.c | $(BUILD)/.pkgs-build
	$(CC) $(CFLAGS) $(LDFLAGS) $< -o $@

# A second scinit with images/embedded/profile.ini compiled in, in a build
# directory of its own that starts from a copy of this one's dependencies.
EMBEDDED_BUILD := $(BUILD)-embedded
$(EMBEDDED_BUILD)/scinit: FORCE $(SECCOMP_LIB) $(INIH_OBJ) $(TOOLS)/bpfgen $(TOOLS)/bpf_ranges
	@mkdir -p $(EMBEDDED_BUILD) && cp -an $(BUILD)/.pkgs-build $(BUILD)/deps $(BUILD)/tools $(EMBEDDED_BUILD)/
	@$(MAKE) --no-print-directory BUILD=$(EMBEDDED_BUILD) PROFILE=images/embedded/profile.ini $@

# From local files only: nothing is pulled (images/build.sh).
images: $(BUILD)/scinit $(BUILD)/app $(EMBEDDED_BUILD)/scinit test-deps
	@images/build.sh $(BUILD)/scinit $(EMBEDDED_BUILD)/scinit $(BUILD)/app

check: $(BUILD)/scinit $(BUILD)/probe $(BUILD)/init_probe $(BUILD)/app $(EMBEDDED_BUILD)/scinit test-deps \
		$(BUILD)/no_seccomp $(BUILD)/heap_stress unit $(FUZZERS) $(HOST)/scinit-memcheck $(BUILD)/libseccomp_bpf \
		$(HOST)/libseccomp_bpf-debian
	@tests/run

demo: $(BUILD)/scinit $(BUILD)/probe
	@tests/demo.sh

include mk/bench.mk
include mk/dist.mk

clean:
	rm -rf build build-embedded dist
