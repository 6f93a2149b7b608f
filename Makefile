# scinit: `make` builds build/scinit; demo, check, bench, images, fuzz are the
# other entry points. Everything needed comes from Debian's packages: the
# first run installs it (as root), later runs find it in place.

SHELL := /bin/bash
PROFILE ?= config/default.ini
VERSION := 0.1.0
BUILD := build

# Packages: musl-tools (static libc), libinih-dev (INI parser), libjsmn-dev
# (JSON tokenizer), dpkg-dev (apt-get source), binutils (nm for the inih
# check), file, gperf (libseccomp's configure requires it, although with
# our patches its build no longer runs it); python3, busybox-static, tini,
# python3-yaml (the Kubernetes manifests' check) and strace (the order of
# the app's side's calls in tests/t_init.sh) only for the tests.
BUILD_PKGS := musl-tools libinih-dev libjsmn-dev dpkg-dev binutils file gperf
TEST_PKGS := python3 busybox-static tini python3-yaml strace

MUSL_LIBC := /usr/lib/x86_64-linux-musl/libc.a
INIH_LIB := /usr/lib/x86_64-linux-gnu/libinih.a
SECCOMP := $(BUILD)/libseccomp
SECCOMP_LIB := $(SECCOMP)/lib/libseccomp.a

CC := musl-gcc
# Debian's musl-gcc has no linux/*.h; glibc's kernel headers work after it.
SYS_INCLUDES := -idirafter /usr/include -idirafter /usr/include/x86_64-linux-gnu
# Messages are bounded on purpose: a truncated message beats an unbounded one.
# -fno-pie: the link is static and not PIE, so absolute addresses are shorter.
CFLAGS := -std=c11 -D_GNU_SOURCE -Os -Wall -Wextra -Werror=implicit-function-declaration -Wno-format-truncation \
	-ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-pie $(SYS_INCLUDES)
# Smaller file, same code: no page padding between the read-only segments
# (noseparate-code puts .rodata in the text segment) nor before the data
# (norelro: musl's static start never applies PT_GNU_RELRO, only its dynamic
# linker does, so the segment stayed writable anyway), and no build-id note.
# A common page size of 16 bytes keeps ld from page-aligning the data in the
# file to spare one page of address space at the end of the bss: whenever
# the text's end and the bss's size fell that way, that cost up to 4 kB of
# file (1.4 kB once already).
LDFLAGS := -static -Wl,--gc-sections -s -Wl,-z,noseparate-code -Wl,-z,norelro -Wl,--build-id=none \
	-Wl,-z,common-page-size=16

SHIM_SRC := $(wildcard shim/*.c)
SHIM_CODE := $(patsubst shim/%.c,$(BUILD)/obj/%.o,$(SHIM_SRC))
SHIM_OBJ := $(SHIM_CODE) $(BUILD)/obj/embedded.o

.PHONY: all deps test-deps demo check bench images fuzz unit clean FORCE
all: $(BUILD)/scinit

# --- dependencies -----------------------------------------------------------

define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing from Debian: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null \
		|| { echo "make: cannot install $$missing (run as root on Debian 12)" >&2; exit 1; }; \
	fi
endef

$(BUILD)/.deps:
	$(call apt_install,$(BUILD_PKGS))
	@mkdir -p $(BUILD) && touch $@

test-deps: $(BUILD)/.deps
	$(call apt_install,$(TEST_PKGS))

# libseccomp from Debian's source package, built against musl. apt-get source
# needs a deb-src entry; add Debian's own if none is configured.
# Changes of ours to libseccomp's source (shim/patches/libseccomp/, each says
# why in its header), applied in order to both builds of it: scinit's and the
# sanitized one that the unit tests and fuzzers run. patch is dpkg-dev's.
SECCOMP_PATCHES := $(sort $(wildcard shim/patches/libseccomp/*.patch))
define seccomp_patch
	for p in $(SECCOMP_PATCHES); do patch -d $(1) -p1 -s -N --fuzz=0 --no-backup-if-mismatch <$$p || exit 1; done
endef
# libseccomp's allocations go through shim/seccomp_heap.c, which serves them
# from populated 64 kB mappings while the app's filter is built (the header
# says why): its calls to malloc, realloc and free are renamed in the archive
# (objcopy is binutils'). Not strdup: its one use makes the name that
# seccomp_syscall_resolve_num_arch hands its caller to free(). Every link of
# the archive needs seccomp_heap.o.
SECCOMP_HEAP_SYMS := malloc realloc free
define seccomp_redirect
	objcopy $(foreach f,$(SECCOMP_HEAP_SYMS),--redefine-sym $(f)=seccomp_heap_$(f)) $(1)
endef

$(SECCOMP_LIB): $(BUILD)/.deps $(SECCOMP_PATCHES)
	@if ! grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then \
		printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
			>/etc/apt/sources.list.d/scinit-deb-src.sources; \
		apt-get update -qq; \
	fi
	rm -rf $(BUILD)/src && mkdir -p $(BUILD)/src
	cd $(BUILD)/src && apt-get source -qq libseccomp >/dev/null 2>&1 \
		|| { apt-get update -qq && apt-get source -qq libseccomp >/dev/null; }
	# The syscall table (20-x86-syscall-table.patch) stores numbers as shorts:
	# one that ever does not fit fails the build (-Werror=overflow). No unwind
	# tables.
	$(call seccomp_patch,$(BUILD)/src/libseccomp-*/)
	cd $(BUILD)/src/libseccomp-*/ && \
		CC=musl-gcc CFLAGS="-Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -Werror=overflow $(SYS_INCLUDES)" \
		./configure -q --enable-static --disable-shared --prefix=$(abspath $(SECCOMP)) >/dev/null && \
		$(MAKE) -s -C src >/dev/null && $(MAKE) -s -C src install >/dev/null && $(MAKE) -s -C include install >/dev/null
	$(call seccomp_redirect,$@)

# Debian ships no inih source package here, only a glibc-built libinih.a; it
# links with musl as long as every symbol it needs is one musl defines.
$(BUILD)/.inih-ok: $(BUILD)/.deps $(INIH_LIB)
	@missing=$$(nm -u $(INIH_LIB) | awk '$$1 == "U" && $$2 != "_GLOBAL_OFFSET_TABLE_" {print $$2}' | sort -u | \
		grep -vxFf <(nm -g --defined-only $(MUSL_LIBC) 2>/dev/null | awk 'NF == 3 {print $$3}')); \
	if [ -n "$$missing" ]; then echo "make: $(INIH_LIB) needs symbols musl lacks: $$missing" >&2; exit 1; fi
	@touch $@

# --- scinit -----------------------------------------------------------------

$(BUILD)/obj/%.o: shim/%.c $(wildcard shim/*.h) $(SECCOMP_LIB) | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	@echo "  CC $<"; $(CC) $(CFLAGS) -I$(SECCOMP)/include -DSCINIT_VERSION='"$(VERSION)"' -c $< -o $@

# Rebuild the embedded profile when PROFILE names another file.
$(BUILD)/profile.path: FORCE
	@mkdir -p $(BUILD); echo '$(PROFILE)' | cmp -s - $@ || echo '$(PROFILE)' >$@

# The embedded profile's filter is precompiled for enforce mode (audit mode's
# is derived from it at run time) by a first-stage scinit, built the same way
# but without the program (shim/precompiled.h); tests/t_precompiled.sh checks
# that the two cannot drift apart.
# An INI profile is embedded without its comment lines: blank lines keep the
# line numbers of messages, inih reads a blank line as it reads a comment,
# and the binary is 7 kB smaller. JSON is embedded as it is.
$(BUILD)/embedded.profile: $(PROFILE) $(BUILD)/profile.path
	@if [ "$$(tr -d ' \t\r\n' <$< | head -c1)" = "{" ]; then cp $< $@; else sed 's/^[[:space:]]*[;#].*//' $< >$@; fi

EMBED := -DEMBED_PROFILE='"$(abspath $(BUILD)/embedded.profile)"'
$(BUILD)/obj/embedded-stage1.o: shim/embedded.S $(BUILD)/embedded.profile | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(EMBED) -c $< -o $@

$(BUILD)/scinit-stage1: $(SHIM_CODE) $(BUILD)/obj/embedded-stage1.o $(SECCOMP_LIB) $(BUILD)/.inih-ok
	$(CC) $(LDFLAGS) $(SHIM_CODE) $(BUILD)/obj/embedded-stage1.o $(SECCOMP_LIB) $(INIH_LIB) -o $@

# shim/tools/bpf_ranges.c shrinks libseccomp's program (1522 instructions to 388
# for config/default.ini) without changing any answer: the kernel's cost of
# attaching a filter grows with its length.
$(BUILD)/bpf_ranges: shim/tools/bpf_ranges.c | $(BUILD)/.deps
	$(CC) $(CFLAGS) $(LDFLAGS) $< -o $@

$(BUILD)/embedded-%.bpf: $(BUILD)/scinit-stage1 $(BUILD)/bpf_ranges
	set -o pipefail; $< bpf --build $* | $(BUILD)/bpf_ranges >$@.tmp && mv $@.tmp $@

# The supervisor's own filter, the same for every profile: attaching it ready
# saves building it at every start (~200 µs before our libseccomp patches),
# which the app waits for.
$(BUILD)/supervisor.bpf: $(BUILD)/scinit-stage1
	$< bpf --build supervisor >$@.tmp && mv $@.tmp $@

$(BUILD)/obj/embedded.o: shim/embedded.S $(BUILD)/embedded.profile $(BUILD)/embedded-enforce.bpf \
		$(BUILD)/supervisor.bpf | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(EMBED) -DEMBED_BPF_ENFORCE='"$(abspath $(BUILD)/embedded-enforce.bpf)"' \
		-DEMBED_BPF_SUPERVISOR='"$(abspath $(BUILD)/supervisor.bpf)"' -c $< -o $@

$(BUILD)/scinit: $(SHIM_OBJ) $(SECCOMP_LIB) $(BUILD)/.inih-ok
	$(CC) $(LDFLAGS) $(SHIM_OBJ) $(SECCOMP_LIB) $(INIH_LIB) -o $@
	@echo "build/scinit: $$(stat -c %s $@) bytes, $$(file -b $@ | cut -d, -f1-5)"

# --- tests ------------------------------------------------------------------

$(BUILD)/probe: tests/probe.c $(BUILD)/obj/seccomp_heap.o $(SECCOMP_LIB)
	$(CC) $(CFLAGS) -I$(SECCOMP)/include $(LDFLAGS) $< $(BUILD)/obj/seccomp_heap.o $(SECCOMP_LIB) -o $@

# tests/t_libseccomp_patches.sh: libseccomp's program for a profile, from
# the libseccomp scinit links (patched) and from Debian's (below).
$(BUILD)/libseccomp_bpf: tests/libseccomp_bpf.c $(SHIM_OBJ) $(SECCOMP_LIB) $(BUILD)/.inih-ok
	$(CC) $(CFLAGS) -I$(SECCOMP)/include $(LDFLAGS) $< $(filter-out $(BUILD)/obj/main.o,$(SHIM_OBJ)) \
		$(SECCOMP_LIB) $(INIH_LIB) -o $@

# tests/t_init.sh: ptrace and /proc/PID/mem probes against the supervisor.
$(BUILD)/init_probe: tests/init_helpers/init_probe.c | $(BUILD)/.deps
	$(CC) $(CFLAGS) $(LDFLAGS) $< -o $@

# tests/t_hostile.sh: runs scinit on a kernel that seems to lack seccomp.
$(BUILD)/no_seccomp: tests/hostile/no_seccomp.c | $(BUILD)/.deps
	$(CC) $(CFLAGS) $(LDFLAGS) $< -o $@

# --- host builds: sanitizers, fuzzing, memcheck ------------------------------
# The same sources built against glibc for tools that cannot work on the
# static musl binary: clang's AddressSanitizer, UndefinedBehaviorSanitizer and
# libFuzzer (libclang-rt-14-dev ships libclang_rt.fuzzer), and valgrind, which
# sees no heap in a static binary (musl's malloc cannot be replaced) and does
# not know seccomp(2). For the sanitized builds libseccomp is built again from
# the Debian source above, instrumented too; for memcheck, libseccomp-dev is
# Debian's glibc build of the same 2.5.4-1+deb12u1. inih is libinih-dev's.
HOST := $(BUILD)/host
HOST_PKGS := clang libclang-rt-14-dev libseccomp-dev valgrind
HOST_CFLAGS := -std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer -Wall -Wextra -Wno-unknown-warning-option \
	-Wno-format-truncation -DSCINIT_VERSION='"$(VERSION)"'
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all
HOST_LIBS := -lseccomp -linih
HOST_SECCOMP := $(HOST)/libseccomp
SAN_LIBS := $(HOST_SECCOMP)/lib/libseccomp.a -linih
UNIT_TESTS := $(patsubst tests/unit/%.c,$(HOST)/unit/%,$(wildcard tests/unit/test_*.c))
FUZZERS := $(patsubst tests/fuzz/%.c,$(HOST)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 60

$(HOST)/.deps: | $(BUILD)/.deps
	$(call apt_install,$(HOST_PKGS))
	@mkdir -p $(HOST) && touch $@

# libseccomp from the same source package, built like scinit's objects below:
# fuzzed along with them, checked by the sanitizers, and with whole stacks
# for tests/fuzz/lsan.supp (which names its one known leak).
$(HOST_SECCOMP)/lib/libseccomp.a: $(SECCOMP_LIB) | $(HOST)/.deps
	rm -rf $(HOST)/libseccomp-src $(HOST_SECCOMP)
	dpkg-source -x $(BUILD)/src/libseccomp_*.dsc $(HOST)/libseccomp-src >/dev/null 2>&1
	$(call seccomp_patch,$(HOST)/libseccomp-src)
	cd $(HOST)/libseccomp-src && \
		CC=clang CFLAGS="-g -O1 -fno-omit-frame-pointer $(SANITIZE) -fsanitize=fuzzer-no-link" \
		./configure -q --enable-static --disable-shared --prefix=$(abspath $(HOST_SECCOMP)) >/dev/null && \
		$(MAKE) -s -C src >/dev/null 2>&1 && $(MAKE) -s -C src install >/dev/null && $(MAKE) -s -C include install >/dev/null
	$(call seccomp_redirect,$@)

# Sanitized objects, with libFuzzer's coverage hooks, shared by the unit
# tests and the fuzzers; each links only the objects it needs.
$(HOST)/san/%.o: shim/%.c $(wildcard shim/*.h) $(HOST_SECCOMP)/lib/libseccomp.a | $(HOST)/.deps
	@mkdir -p $(dir $@)
	@echo "  CC(asan) $<"; clang $(HOST_CFLAGS) $(SANITIZE) -fsanitize=fuzzer-no-link -I$(HOST_SECCOMP)/include -c $< -o $@

# The embedded profile without precompiled programs, as in the first stage.
$(HOST)/san/embedded.o: shim/embedded.S $(PROFILE) $(BUILD)/profile.path | $(HOST)/.deps
	@mkdir -p $(dir $@)
	clang -DEMBED_PROFILE='"$(abspath $(PROFILE))"' -c $< -o $@

# A group: libseccomp needs the shim's seccomp_heap.o, which only the
# objects that build filters pull in otherwise.
SAN_LINK := -Wl,--start-group $(HOST)/libshim-san.a $(SAN_LIBS) -Wl,--end-group
$(HOST)/libshim-san.a: $(patsubst shim/%.c,$(HOST)/san/%.o,$(filter-out shim/main.c,$(SHIM_SRC))) $(HOST)/san/embedded.o
	@rm -f $@; ar rcs $@ $^

$(HOST)/unit/%: tests/unit/%.c tests/unit/unit.h tests/unit/unit_filter.h $(HOST)/libshim-san.a
	@mkdir -p $(dir $@)
	clang $(HOST_CFLAGS) $(SANITIZE) -Ishim -I$(HOST_SECCOMP)/include $< $(SAN_LINK) -o $@

$(HOST)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_common.h $(HOST)/libshim-san.a
	@mkdir -p $(dir $@)
	clang $(HOST_CFLAGS) $(SANITIZE) -fsanitize=fuzzer -Ishim -I$(HOST_SECCOMP)/include $< $(SAN_LINK) -o $@

# The parsers' unit tests (tests/t_sanitizers.sh runs them).
unit: $(UNIT_TESTS)

# `make fuzz FUZZ_SECONDS=N`: each harness for N seconds, seeded from tests/fixtures.
fuzz: $(FUZZERS)
	@tests/fuzz/run $(HOST) $(FUZZ_SECONDS) $(FUZZERS)

# For valgrind's memcheck of the supervisor loop (tests/t_sanitizers.sh):
# scinit built plainly with gcc and linked dynamically, so that valgrind sees
# malloc. It loads no seccomp filter (tests/unit/memcheck_stub.c says why):
# a test tool, never to be shipped.
$(HOST)/memcheck/%.o: shim/%.c $(wildcard shim/*.h) | $(HOST)/.deps
	@mkdir -p $(dir $@)
	@echo "  CC(memcheck) $<"; gcc $(HOST_CFLAGS) -c $< -o $@

$(HOST)/scinit-memcheck: $(patsubst shim/%.c,$(HOST)/memcheck/%.o,$(SHIM_SRC)) tests/unit/memcheck_stub.c \
		shim/embedded.S $(PROFILE) $(BUILD)/profile.path
	gcc $(HOST_CFLAGS) -DEMBED_PROFILE='"$(abspath $(PROFILE))"' -Wl,--wrap=seccomp_load -Wl,--wrap=precompiled_load \
		$(filter %.o %.c %.S,$^) $(HOST_LIBS) -o $@

# The same tool linked against Debian's unpatched libseccomp-dev, from the
# objects above: what a patch of ours must not change.
$(HOST)/libseccomp_bpf-debian: tests/libseccomp_bpf.c $(patsubst shim/%.c,$(HOST)/memcheck/%.o,$(filter-out shim/main.c,$(SHIM_SRC))) \
		shim/embedded.S $(PROFILE) $(BUILD)/profile.path
	gcc $(HOST_CFLAGS) -DEMBED_PROFILE='"$(abspath $(PROFILE))"' $(filter %.o %.c %.S,$^) $(HOST_LIBS) -o $@

# --- example images (images/, docs/docker.md) --------------------------------

# The small static app the example images run.
$(BUILD)/app: images/app/app.c | $(BUILD)/.deps
	$(CC) $(CFLAGS) $(LDFLAGS) $< -o $@

# A second scinit with images/embedded/profile.ini compiled in, in a build
# directory of its own that starts from a copy of this one's libseccomp.
EMBEDDED_BUILD := $(BUILD)-embedded
$(EMBEDDED_BUILD)/scinit: FORCE $(SECCOMP_LIB) $(BUILD)/.inih-ok
	@mkdir -p $(EMBEDDED_BUILD) && cp -an $(BUILD)/.deps $(BUILD)/.inih-ok $(SECCOMP) $(EMBEDDED_BUILD)/
	@$(MAKE) --no-print-directory BUILD=$(EMBEDDED_BUILD) PROFILE=images/embedded/profile.ini $@

# From local files only: nothing is pulled (images/build.sh).
images: $(BUILD)/scinit $(BUILD)/app $(EMBEDDED_BUILD)/scinit test-deps
	@images/build.sh $(BUILD)/scinit $(EMBEDDED_BUILD)/scinit $(BUILD)/app

check: $(BUILD)/scinit $(BUILD)/probe $(BUILD)/init_probe $(BUILD)/app $(EMBEDDED_BUILD)/scinit test-deps \
		$(BUILD)/no_seccomp unit $(FUZZERS) $(HOST)/scinit-memcheck $(BUILD)/libseccomp_bpf $(HOST)/libseccomp_bpf-debian
	@tests/run

demo: $(BUILD)/scinit $(BUILD)/probe
	@tests/demo.sh

# --- benchmarks (tests/bench/run.sh writes docs/benchmarks.md) ----------------
# What scinit is compared with, from Debian: tini (tini-static), dumb-init,
# catatonit; strace for learn mode; valgrind for instruction counts; python3
# for the action-cache check. Docker's default profile comes from
# tests/debian_data.sh, the engine from the machine (skipped without one).
BENCH_PKGS := tini dumb-init catatonit strace valgrind python3
BENCH_APPS := $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(filter-out tests/bench/startcost.c,$(wildcard tests/bench/*.c)))

$(BUILD)/bench/%: tests/bench/%.c | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) $< -o $@

# scinit's own objects, unstripped so that callgrind can count each phase.
$(BUILD)/bench/startcost: tests/bench/startcost.c $(SHIM_OBJ) $(SECCOMP_LIB) $(BUILD)/.inih-ok
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -I$(SECCOMP)/include -static -Wl,--gc-sections $< $(filter-out $(BUILD)/obj/main.o,$(SHIM_OBJ)) \
		$(SECCOMP_LIB) $(INIH_LIB) -o $@

bench: $(BUILD)/scinit $(BUILD)/probe $(BENCH_APPS) $(BUILD)/bench/startcost
	$(call apt_install,$(BENCH_PKGS))
	@tests/bench/run.sh $(BUILD) docs/benchmarks.md

clean:
	rm -rf $(BUILD)
