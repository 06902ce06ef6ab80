# Kinko — build, run and test. The two commands a newcomer needs:
#   make run    build the app and open it on the default data folder
#   make test   every test: Go, frontend unit, browser end-to-end, real window
# Both install what they need first (.ci/deps.sh) on Debian/Ubuntu.
#
# Nothing here asks about installed packages when make starts: on a fresh
# machine .ci/deps.sh installs them first, so the WebKit build tag is asked
# for inside the recipe that builds (.ci/webkit-tag.sh). The outputs are real
# files with their sources as prerequisites, so a second `make run` with no
# change rebuilds nothing; long tools write to build/logs/ and their log is
# printed only when they fail.

SHELL   := /bin/bash
VERSION := 0.1.0
COMMIT  := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)

# Go must be on PATH; say so in words instead of failing later as "/bin/wails: not found".
GOPATH_DIR := $(shell go env GOPATH 2>/dev/null)
ifeq ($(GOPATH_DIR),)
ifneq ($(MAKECMDGOALS),clean)
$(error Go が PATH にありません。Go 1.26 以降を https://go.dev/dl/ から入れ、PATH に加えてください (例: export PATH=$$PATH:/usr/local/go/bin) / Go is not on PATH: install Go 1.26+ from https://go.dev/dl/ and add it to PATH (e.g. export PATH=$$PATH:/usr/local/go/bin))
endif
endif
WAILS   ?= $(GOPATH_DIR)/bin/wails
# The dependency installer; .ci/check-first-run.sh swaps in a fake one.
DEPS    ?= bash .ci/deps.sh
LDFLAGS := -X github.com/kinko-jp/kinko/app.Version=$(VERSION) -X github.com/kinko-jp/kinko/app.Commit=$(COMMIT)
WAILSFLAGS := -m -nosyncgomod -ldflags "$(LDFLAGS)"

# What each output is made from (tests and test data are left out: changing a
# test rebuilds nothing).
GO_SRC       := $(shell find main.go app core -type f -not -name '*_test.go' -not -path '*/testdata/*' 2>/dev/null) go.mod go.sum wails.json
FRONTEND_SRC := $(shell find frontend/src frontend/public -type f -not -name '*.test.ts' -not -name '*.test.tsx' 2>/dev/null) \
                frontend/index.html frontend/package.json frontend/package-lock.json frontend/vite.config.ts frontend/tsconfig.json
WINDOWS_SRC  := $(shell find build/windows -type f -not -path 'build/windows/installer/tmp/*' 2>/dev/null) build/appicon.png
BINDINGS     := build/.stamps/bindings
DIST         := frontend/dist/index.html
BIN          := build/bin/kinko
INSTALLER    := build/bin/kinko-amd64-installer.exe

# quiet LOG,COMMAND: runs COMMAND with its output in build/logs/LOG.log and
# prints that log only when COMMAND fails.
LOGS   ?= build/logs
quiet = mkdir -p $(LOGS) && ( $(2) ) >$(LOGS)/$(1).log 2>&1 || { echo "--- $(LOGS)/$(1).log (last 80 lines)"; tail -n 80 $(LOGS)/$(1).log; exit 1; }

# The suites of `make test`, in order; each runs even when an earlier one failed.
SUITES := test-go test-frontend test-bindings test-e2e test-smoke

.PHONY: run build bindings frontend deps deps-test deps-installer test $(SUITES) installer bench bench-scroll bench-office clean opener opener-check

run: deps build
	@if [ -n "$$DBUS_SESSION_BUS_ADDRESS" ]; then ./$(BIN); else dbus-run-session -- ./$(BIN); fi

deps:
	@$(DEPS) run
deps-test:
	@$(DEPS) test
deps-installer:
	@$(DEPS) installer

bindings: $(BINDINGS)
frontend: $(DIST)
build: $(BIN)

# Bindings first (the frontend type-checks against them), then the frontend,
# then the binary. Wails rewrites every binding file each time it runs; KEEP
# gives the unchanged ones their old time back, so they rebuild nothing.
KEEP := bash .ci/keep-times.sh frontend/src/bridge/wailsjs
$(BINDINGS): $(GO_SRC)
	@mkdir -p frontend/dist && [ -n "$$(ls -A frontend/dist)" ] || touch frontend/dist/.gitkeep
	@echo "bindings: wails generate module (log: $(LOGS)/bindings.log)"
	@$(call quiet,bindings,$(KEEP) $(WAILS) generate module)
	@find frontend/src/bridge/wailsjs -type f -exec chmod 644 {} +  # wails may write 0755
	@mkdir -p $(@D) && touch $@

$(DIST): $(FRONTEND_SRC) | $(BINDINGS)
	@echo "frontend: tsc + vite build → frontend/dist (log: $(LOGS)/frontend.log)"
	@$(call quiet,frontend,cd frontend && npm run build)
	@touch $@

# The WebKit tag is asked for here, after `deps` has installed WebKitGTK.
$(BIN): $(GO_SRC) $(DIST) build/appicon.png
	@tags=$$(bash .ci/webkit-tag.sh) || exit 1; \
	  echo "build: wails build$${tags:+ -tags $$tags} → $(BIN) (log: $(LOGS)/build.log)"; \
	  $(call quiet,build,$(KEEP) $(WAILS) build -s -skipbindings $(WAILSFLAGS) $${tags:+-tags $$tags})

# Every suite runs, even after one fails; a table of all results ends the run.
test: deps-test
	@MAKE="$(MAKE)" bash .ci/test-all.sh $(SUITES)

# go vet needs frontend/dist to exist for the embed; tests need no WebKit.
test-go:
	@mkdir -p frontend/dist && [ -n "$$(ls -A frontend/dist)" ] || touch frontend/dist/.gitkeep
	CGO_ENABLED=0 go vet ./...
	CGO_ENABLED=0 go test ./...
	@bad=$$(go list -deps ./core/... | grep -E 'wailsapp|kinko/app' || true); \
	  if [ -n "$$bad" ]; then echo "core/ depends on the UI layer: $$bad"; exit 1; fi

test-frontend:
	cd frontend && npm run typecheck && npm test
	@$(MAKE) --no-print-directory opener-check

# The client's offline pages (core/share/opener/*.html, committed): built
# from frontend/opener/; opener-check rebuilds them into a temporary folder
# and fails when the committed ones differ (docs/share-opener.md).
opener:
	cd frontend && npm run build:opener
opener-check:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  (cd frontend && npx tsc --noEmit -p opener && node opener/build.mjs "$$tmp" >/dev/null) && \
	  for p in opener.html envelope.html; do \
	    cmp -s "$$tmp/$$p" core/share/opener/$$p || { echo "core/share/opener/$$p is stale: run 'make opener' and commit"; exit 1; }; \
	  done

# The committed bindings must match what Wails generates from the Go code.
test-bindings: $(BINDINGS)
	@git diff --exit-code --stat -- frontend/src/bridge/wailsjs || { echo "generated bindings are stale: run 'make bindings' and commit"; exit 1; }

test-e2e: $(BIN)
	bash .ci/e2e.sh $(BIN)

test-smoke: $(BIN)
	bash .ci/smoke-window.sh $(BIN)

# Windows .exe and NSIS installer, cross-built from Linux (no cgo needed).
# wails rewrites build/windows/installer/wails_tools.nsh each time: its time is kept too.
installer: deps-installer $(INSTALLER)
	@ls -l build/bin/kinko.exe $(INSTALLER)

$(INSTALLER): $(GO_SRC) $(DIST) $(WINDOWS_SRC)
	@echo "installer: wails build -platform windows/amd64 -nsis (log: $(LOGS)/installer.log)"
	@$(call quiet,installer,$(KEEP) bash .ci/keep-times.sh build/windows $(WAILS) build -s -skipbindings $(WAILSFLAGS) -platform windows/amd64 -nsis)

bench:
	go test -run '^$$' -bench . -benchmem ./core/...

# The client list in a real browser at 10,000 clients (bench/README.md); not part of make test.
bench-scroll:
	bash bench/scroll.sh

# Issue 15's table at office scale (10,000 clients, 100,000 people) beside a
# plain floor program, through the app's services (bench/README.md); several
# minutes. A quick run: bash bench/office.sh 1000 10000.
bench-office:
	bash bench/office.sh

clean:
	rm -rf build/bin build/shots build/logs build/.stamps frontend/dist build/windows/installer/tmp
