# `make bench` (tests/bench/run.sh writes docs/benchmarks.md). What scinit is
# compared with, from Debian: tini (tini-static), dumb-init, catatonit;
# strace for learn mode; valgrind for instruction counts; python3 for the
# action-cache check. Docker's default profile comes from
# tests/debian_data.sh, the engine from the machine (skipped without one).
BENCH_PKGS := tini dumb-init catatonit strace valgrind python3
BENCH_APPS := $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(filter-out tests/bench/startcost.c,$(wildcard tests/bench/*.c)))

$(BUILD)/.pkgs-bench: mk/bench.mk | $(BUILD)/.pkgs-build
	@deps/provision packages $(BENCH_PKGS)
	@touch $@

$(BUILD)/bench/%: tests/bench/%.c | $(BUILD)/.pkgs-build
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) $< -o $@

# scinit's own objects, unstripped so that callgrind can count each phase.
$(BUILD)/bench/startcost: tests/bench/startcost.c $(SHIM_OBJ) $(SHIM_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ishim -I$(SECCOMP)/include -static -Wl,--gc-sections $< \
		$(filter-out $(BUILD)/obj/cli/main.o,$(SHIM_OBJ)) $(SHIM_LIBS) -o $@

bench: $(BUILD)/scinit $(BUILD)/probe $(BENCH_APPS) $(BUILD)/bench/startcost $(BUILD)/.pkgs-bench
	@tests/bench/run.sh $(BUILD) docs/benchmarks.md
