# `make dist`: the release in dist/, built from HEAD (mk/dist.sh): the source
# tarball with the pinned dependency sources, the amd64 and arm64 binaries
# built from exactly that tree, LICENSE, NOTICE, an OCI image layout with
# both platforms (umoci, Debian's), and SHA256SUMS. Reproducible: every time
# comes from the last commit, so two checkouts of one commit give the same
# bytes (tests/t_dist.sh).

DIST_NAME := scinit-$(VERSION)
DIST_STAGE := build/dist
DIST_TREE := $(DIST_STAGE)/$(DIST_NAME)
DIST_PKGS := umoci git

$(BUILD)/.pkgs-dist: mk/dist.mk | $(BUILD)/.pkgs-build
	@deps/provision packages $(DIST_PKGS)
	@touch $@

.PHONY: dist dist-stage dist-amd64 dist-arm64
dist: export SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null)
dist: dist-amd64 dist-arm64
	@mk/dist.sh pack $(DIST_NAME) $(DIST_STAGE) dist

dist-stage: | $(BUILD)/.pkgs-dist
	@[ -n "$$SOURCE_DATE_EPOCH" ] || { echo "make dist: needs a git checkout (the release is HEAD)" >&2; exit 1; }
	@mk/dist.sh stage $(DIST_NAME) $(DIST_STAGE)

# The binaries are built inside the released tree, as a user would build it.
dist-amd64: dist-stage
	+@$(MAKE) --no-print-directory -C $(DIST_TREE) ARCH=amd64 build/scinit
dist-arm64: dist-stage
	+@$(MAKE) --no-print-directory -C $(DIST_TREE) ARCH=arm64 build/arm64/scinit
