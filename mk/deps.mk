# The pinned dependencies (deps/sources.lock, deps/packages.lock), built from
# Debian's source packages with the target's toolchain, unpatched: libseccomp
# and inih. jsmn is a header (libjsmn-dev), musl is musl-tools'.

lock_field = $(shell awk '$$1 == "$(1)" { print $$2; exit }' deps/sources.lock)
SECCOMP_VERSION := $(call lock_field,libseccomp)
INIH_VERSION := $(call lock_field,libinih)
pin_of = $(shell dpkg-query -W -f='$${Version}' $(1) 2>/dev/null)
# Asked of dpkg at first use, in a recipe: on a machine where deps/provision
# has not yet installed musl and jsmn (a fresh one, the build stage of
# images/multistage), asking while the Makefile is read finds neither.
DEPS_VERSIONS = $(eval DEPS_VERSIONS := libseccomp $(SECCOMP_VERSION), inih $(INIH_VERSION), \
	musl $(call pin_of,musl-dev:$(ARCH)), jsmn $(call pin_of,libjsmn-dev) (Debian))$(DEPS_VERSIONS)

DEPS := $(BUILD)/deps
# The release's source tarball carries the pinned files in deps/sources/
# (make dist), so that it builds without fetching anything.
DOWNLOADS := $(if $(wildcard deps/sources/*.dsc),deps/sources,build/download)

# Fetched once into build/download (deps/provision checks every file's
# sha256 there) and checked again before each unpack.
$(DEPS)/src/%/.unpacked: deps/sources.lock | $(BUILD)/.pkgs-build
	@deps/provision source $* $(DOWNLOADS)
	@deps/provision verify $* $(DOWNLOADS)
	@rm -rf $(dir $@) && mkdir -p $(DEPS)/src
	@dpkg-source -q -x $(DOWNLOADS)/$*_$(call lock_field,$*).dsc $(dir $@) >$(DEPS)/$*-unpack.log 2>&1 \
	|| { echo "make: cannot unpack $*: see $(DEPS)/$*-unpack.log" >&2; exit 1; }
	@touch $@

SECCOMP_SRC := $(DEPS)/src/libseccomp
INIH_SRC := $(DEPS)/src/libinih

# build_seccomp DIR CC CONFIGURE-ARGS CFLAGS: an out-of-tree build installed into DIR.
define build_seccomp
	rm -rf $(1) && mkdir -p $(1)/obj
	cd $(1)/obj && CC="$(2)" CFLAGS="$(4)" $(abspath $(SECCOMP_SRC))/configure -q $(3) --enable-static \
		--disable-shared --prefix=$(abspath $(1)) >/dev/null
	+$(MAKE) -s -C $(1)/obj/src >/dev/null 2>&1 || $(MAKE) -C $(1)/obj/src
	+$(MAKE) -s -C $(1)/obj/src install >/dev/null && $(MAKE) -s -C $(1)/obj/include install >/dev/null
endef

# scinit's: musl, small, no unwind tables.
SECCOMP := $(DEPS)/libseccomp
SECCOMP_LIB := $(SECCOMP)/lib/libseccomp.a
$(SECCOMP_LIB): $(SECCOMP_SRC)/.unpacked mk/target.mk
	@echo "  LIBSECCOMP $(SECCOMP_VERSION) (musl)"
	$(call build_seccomp,$(SECCOMP),$(CC),--host=$(TARGET_TRIPLE),$(SIZE_FLAGS) $(REPRO_FLAGS) $(SYS_INCLUDES))

# The build machine's, for shim/tools/bpfgen.
TOOLS_SECCOMP := $(BUILD)/tools/libseccomp
TOOLS_SECCOMP_LIB := $(TOOLS_SECCOMP)/lib/libseccomp.a
$(TOOLS_SECCOMP_LIB): $(SECCOMP_SRC)/.unpacked
	@echo "  LIBSECCOMP $(SECCOMP_VERSION) (build machine)"
	$(call build_seccomp,$(TOOLS_SECCOMP),gcc,,-O2)

# inih is one file. Its defaults are kept (a 200-byte line buffer, which
# shim/profile/profile_ini.h accounts for; no line number to the handler).
INIH_OBJ := $(DEPS)/ini.o
$(INIH_OBJ): $(INIH_SRC)/.unpacked mk/target.mk
	$(CC) $(SIZE_FLAGS) $(REPRO_FLAGS) -c $(INIH_SRC)/ini.c -o $@
$(BUILD)/tools/ini.o: $(INIH_SRC)/.unpacked
	@mkdir -p $(dir $@)
	gcc -O2 -c $(INIH_SRC)/ini.c -o $@
