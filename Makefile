# scinit: `make` builds build/scinit; demo, check, bench, images, fuzz are the
# other entry points. Everything needed comes from Debian's packages: the
# first run installs it (as root), later runs find it in place.

SHELL := /bin/bash
PROFILE ?= config/default.ini
VERSION := 0.1.0
BUILD := build

# Packages: musl-tools (static libc), libinih-dev (INI parser), libjsmn-dev
# (JSON tokenizer), dpkg-dev (apt-get source), binutils (nm for the inih
# check), file; python3 and busybox-static only for the tests.
BUILD_PKGS := musl-tools libinih-dev libjsmn-dev dpkg-dev binutils file
TEST_PKGS := python3 busybox-static tini

MUSL_LIBC := /usr/lib/x86_64-linux-musl/libc.a
INIH_LIB := /usr/lib/x86_64-linux-gnu/libinih.a
SECCOMP := $(BUILD)/libseccomp
SECCOMP_LIB := $(SECCOMP)/lib/libseccomp.a

CC := musl-gcc
# Debian's musl-gcc has no linux/*.h; glibc's kernel headers work after it.
SYS_INCLUDES := -idirafter /usr/include -idirafter /usr/include/x86_64-linux-gnu
# Messages are bounded on purpose: a truncated message beats an unbounded one.
CFLAGS := -std=c11 -D_GNU_SOURCE -Os -Wall -Wextra -Werror=implicit-function-declaration -Wno-format-truncation \
	-ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables $(SYS_INCLUDES)
LDFLAGS := -static -Wl,--gc-sections -s

SHIM_SRC := $(wildcard shim/*.c)
SHIM_OBJ := $(patsubst shim/%.c,$(BUILD)/obj/%.o,$(SHIM_SRC)) $(BUILD)/obj/embedded.o

.PHONY: all deps test-deps demo check bench images fuzz clean FORCE
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
$(SECCOMP_LIB): $(BUILD)/.deps
	@if ! grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then \
		printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
			>/etc/apt/sources.list.d/scinit-deb-src.sources; \
		apt-get update -qq; \
	fi
	rm -rf $(BUILD)/src && mkdir -p $(BUILD)/src
	cd $(BUILD)/src && apt-get source -qq libseccomp >/dev/null 2>&1 \
		|| { apt-get update -qq && apt-get source -qq libseccomp >/dev/null; }
	cd $(BUILD)/src/libseccomp-*/ && \
		CC=musl-gcc CFLAGS="-Os -ffunction-sections -fdata-sections $(SYS_INCLUDES)" \
		./configure -q --enable-static --disable-shared --prefix=$(abspath $(SECCOMP)) >/dev/null && \
		$(MAKE) -s -C src >/dev/null && $(MAKE) -s -C src install >/dev/null && $(MAKE) -s -C include install >/dev/null
	@test -f $@

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

$(BUILD)/obj/embedded.o: shim/embedded.S $(PROFILE) $(BUILD)/profile.path | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) -DEMBED_PROFILE='"$(abspath $(PROFILE))"' -c $< -o $@

$(BUILD)/scinit: $(SHIM_OBJ) $(SECCOMP_LIB) $(BUILD)/.inih-ok
	$(CC) $(LDFLAGS) $(SHIM_OBJ) $(SECCOMP_LIB) $(INIH_LIB) -o $@
	@echo "build/scinit: $$(stat -c %s $@) bytes, $$(file -b $@ | cut -d, -f1-5)"

# --- tests ------------------------------------------------------------------

$(BUILD)/probe: tests/probe.c $(SECCOMP_LIB)
	$(CC) $(CFLAGS) -I$(SECCOMP)/include $(LDFLAGS) $< $(SECCOMP_LIB) -o $@

check: $(BUILD)/scinit $(BUILD)/probe test-deps
	@tests/run

demo: $(BUILD)/scinit $(BUILD)/probe
	@tests/demo.sh

clean:
	rm -rf $(BUILD)
