# Kinko — build, run and test. The two commands a newcomer needs:
#   make run    build the app and open it on the default data folder
#   make test   every test: Go, frontend unit, browser end-to-end, real window
# Both install what they need first (.ci/deps.sh) on Debian/Ubuntu.

SHELL   := /bin/bash
VERSION := 0.1.0
COMMIT  := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
GOBIN   := $(shell go env GOPATH)/bin
WAILS   := $(GOBIN)/wails
LDFLAGS := -X github.com/kinko-jp/kinko/app.Version=$(VERSION) -X github.com/kinko-jp/kinko/app.Commit=$(COMMIT)
# Ubuntu 24.04+ has only WebKitGTK 4.1.
TAGS    := $(shell pkg-config --exists webkit2gtk-4.0 2>/dev/null || echo webkit2_41)
WAILSFLAGS := -m -nosyncgomod -ldflags "$(LDFLAGS)" $(if $(TAGS),-tags $(TAGS))

.PHONY: run build bindings frontend deps deps-test deps-installer test test-go test-bindings test-frontend test-e2e test-smoke installer bench bench-scroll clean

run: deps build
	@if [ -n "$$DBUS_SESSION_BUS_ADDRESS" ]; then ./build/bin/kinko; else dbus-run-session -- ./build/bin/kinko; fi

deps:
	@bash .ci/deps.sh run
deps-test:
	@bash .ci/deps.sh test
deps-installer:
	@bash .ci/deps.sh installer

# Bindings first (the frontend type-checks against them), then the frontend,
# then the binary; each step runs once per make invocation.
bindings:
	$(WAILS) generate module >/dev/null
	@find frontend/src/bridge/wailsjs -type f -exec chmod 644 {} +  # wails may write 0755

frontend: bindings
	cd frontend && npm run build

build: frontend
	$(WAILS) build -s -skipbindings $(WAILSFLAGS)

test: deps-test test-go test-frontend test-bindings test-e2e test-smoke
	@echo "make test: all suites passed"

# go vet needs frontend/dist to exist for the embed; tests need no WebKit.
test-go:
	@mkdir -p frontend/dist && [ -n "$$(ls -A frontend/dist)" ] || touch frontend/dist/.gitkeep
	CGO_ENABLED=0 go vet ./...
	CGO_ENABLED=0 go test ./...
	@bad=$$(go list -deps ./core/... | grep -E 'wailsapp|kinko/app' || true); \
	  if [ -n "$$bad" ]; then echo "core/ depends on the UI layer: $$bad"; exit 1; fi

test-frontend:
	cd frontend && npm run typecheck && npm test

# The committed bindings must match what Wails generates from the Go code.
test-bindings: bindings
	@git diff --exit-code --stat -- frontend/src/bridge/wailsjs || { echo "generated bindings are stale: run '$(WAILS) generate module' and commit"; exit 1; }

test-e2e: build
	cd frontend && node e2e/run.mjs && node e2e/ux.mjs

test-smoke: build
	bash .ci/smoke-window.sh build/bin/kinko

# Windows .exe and NSIS installer, cross-built from Linux (no cgo needed).
installer: deps-installer frontend
	$(WAILS) build -s -skipbindings -m -nosyncgomod -ldflags "$(LDFLAGS)" -platform windows/amd64 -nsis
	@ls -l build/bin/kinko.exe build/bin/kinko-amd64-installer.exe

bench:
	go test -run '^$$' -bench . -benchmem ./core/...

# The client list in a real browser at 10,000 clients (bench/README.md); not part of make test.
bench-scroll:
	bash bench/scroll.sh

clean:
	rm -rf build/bin build/shots frontend/dist build/windows/installer/tmp
