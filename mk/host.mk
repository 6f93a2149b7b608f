# Host builds: the same sources built against glibc for tools that cannot
# work on the static musl binary: clang's AddressSanitizer,
# UndefinedBehaviorSanitizer and libFuzzer (libclang-rt-14-dev ships
# libclang_rt.fuzzer), and valgrind, which cannot intercept the malloc linked
# into a static binary and does not know seccomp(2). These builds keep glibc's
# malloc: shim/common/heap.c is for the musl binaries (Makefile, SHIM_HEAP). For the
# sanitized builds libseccomp and inih are built again from the pinned
# sources, instrumented too; memcheck links the build machine's build of
# them (mk/deps.mk), and the libseccomp comparison Debian 12's own
# libseccomp-dev (2.5.4).

HOST := $(BUILD)/host
HOST_PKGS := clang libclang-rt-14-dev libseccomp-dev valgrind
HOST_CFLAGS = -std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer -Wall -Wextra -Wno-unknown-warning-option \
	-Wno-format-truncation -Ishim -I$(INIH_SRC) $(VERSION_DEFS)
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all
HOST_SECCOMP := $(HOST)/libseccomp
UNIT_TESTS := $(patsubst tests/unit/%.c,$(HOST)/unit/%,$(wildcard tests/unit/test_*.c))
FUZZERS := $(patsubst tests/fuzz/%.c,$(HOST)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 60

$(BUILD)/.pkgs-host: mk/host.mk | $(BUILD)/.pkgs-build
	@deps/provision packages $(HOST_PKGS)
	@touch $@

# Fuzzed along with scinit's objects, checked by the sanitizers, and with
# whole stacks for tests/fuzz/lsan.supp.
$(HOST_SECCOMP)/lib/libseccomp.a: $(SECCOMP_SRC)/.unpacked | $(BUILD)/.pkgs-host
	$(call build_seccomp,$(HOST_SECCOMP),clang,,-g -O1 -fno-omit-frame-pointer $(SANITIZE) -fsanitize=fuzzer-no-link)

$(HOST)/san/ini.o: $(INIH_SRC)/.unpacked | $(BUILD)/.pkgs-host
	@mkdir -p $(dir $@)
	clang -g -O1 $(SANITIZE) -fsanitize=fuzzer-no-link -c $(INIH_SRC)/ini.c -o $@

# Sanitized objects, with libFuzzer's coverage hooks, shared by the unit
# tests and the fuzzers; each links only the objects it needs.
$(HOST)/san/%.o: shim/%.c $(SHIM_HDR) $(HOST_SECCOMP)/lib/libseccomp.a | $(BUILD)/.pkgs-host
	@mkdir -p $(dir $@)
	@echo "  CC(asan) $<"; clang $(HOST_CFLAGS) $(SANITIZE) -fsanitize=fuzzer-no-link -I$(HOST_SECCOMP)/include -c $< -o $@

# The embedded profile without precompiled programs.
$(HOST)/san/embedded.o: shim/embedded.S $(PROFILE) $(BUILD)/profile.path | $(BUILD)/.pkgs-host
	@mkdir -p $(dir $@)
	clang -DEMBED_PROFILE='"$(abspath $(PROFILE))"' -c $< -o $@

SAN_LINK := -Wl,--start-group $(HOST)/libshim-san.a $(HOST_SECCOMP)/lib/libseccomp.a -Wl,--end-group
$(HOST)/libshim-san.a: $(patsubst shim/%.c,$(HOST)/san/%.o,$(filter-out shim/cli/main.c,$(SHIM_SRC))) \
		$(HOST)/san/embedded.o $(HOST)/san/ini.o
	@rm -f $@; ar rcs $@ $^

$(HOST)/unit/%: tests/unit/%.c tests/unit/unit.h tests/unit/unit_filter.h $(HOST)/libshim-san.a
	@mkdir -p $(dir $@)
	clang $(HOST_CFLAGS) $(SANITIZE) -I$(HOST_SECCOMP)/include $< $(SAN_LINK) -o $@

$(HOST)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_common.h $(HOST)/libshim-san.a
	@mkdir -p $(dir $@)
	clang $(HOST_CFLAGS) $(SANITIZE) -fsanitize=fuzzer -I$(HOST_SECCOMP)/include $< $(SAN_LINK) -o $@

# The parsers' unit tests (tests/t_sanitizers.sh runs them).
unit: $(UNIT_TESTS)

# `make fuzz FUZZ_SECONDS=N`: each harness for N seconds, seeded from tests/fixtures.
fuzz: $(FUZZERS)
	@tests/fuzz/run $(HOST) $(FUZZ_SECONDS) $(FUZZERS)

# For valgrind's memcheck of the supervisor loop (tests/t_sanitizers.sh):
# scinit built plainly with gcc and linked dynamically, so that valgrind sees
# malloc. It loads no seccomp filter (tests/unit/memcheck_stub.c says why):
# a test tool, never to be shipped.
$(HOST)/memcheck/%.o: shim/%.c $(SHIM_HDR) $(TOOLS_SECCOMP_LIB) | $(BUILD)/.pkgs-host $(INIH_SRC)/.unpacked
	@mkdir -p $(dir $@)
	@echo "  CC(memcheck) $<"; gcc $(HOST_CFLAGS) -I$(TOOLS_SECCOMP)/include -c $< -o $@

$(HOST)/scinit-memcheck: $(patsubst shim/%.c,$(HOST)/memcheck/%.o,$(SHIM_SRC)) tests/unit/memcheck_stub.c \
		shim/embedded.S $(PROFILE) $(BUILD)/profile.path $(BUILD)/tools/ini.o $(TOOLS_SECCOMP_LIB)
	gcc $(HOST_CFLAGS) -I$(TOOLS_SECCOMP)/include -DEMBED_PROFILE='"$(abspath $(PROFILE))"' -Wl,--wrap=filter_install \
		$(filter %.o %.c %.S %.a,$^) -o $@

# The same tool linked against Debian 12's libseccomp-dev (2.5.4), from the
# objects above: tests/t_libseccomp_upgrade.sh compares its programs' answers
# with those of the pinned libseccomp scinit links.
$(HOST)/libseccomp_bpf-debian: tests/libseccomp_bpf.c \
		$(patsubst shim/%.c,$(HOST)/memcheck/%.o,$(filter-out shim/cli/main.c,$(SHIM_SRC))) \
		tests/libseccomp254_export.c shim/embedded.S $(PROFILE) $(BUILD)/profile.path $(BUILD)/tools/ini.o
	gcc $(HOST_CFLAGS) -I$(TOOLS_SECCOMP)/include -DEMBED_PROFILE='"$(abspath $(PROFILE))"' $(filter %.o %.c %.S,$^) \
		-lseccomp -o $@
