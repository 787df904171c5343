# rollout planner: `make serve` builds and serves the app, `make test` runs
# every test. Both install what they need (Debian's chromium for browser
# tests) or stop with a message that says what is missing.

SHELL      := /bin/bash
GO         ?= go
GOROOT     := $(shell $(GO) env GOROOT)
WASMEXEC   := $(GOROOT)/lib/wasm
BASE       ?=
DIST       ?= dist
ADDR       ?= 127.0.0.1:8080
# A count, not a duration: Go 1.26's fuzz coordinator can fail a target
# with "context deadline exceeded" when a -fuzztime duration ends
# (go.dev/issue/75804, fixed in Go 1.27); a count has no deadline.
FUZZTIME   ?= 200000x
PKGS_CORE  := ./model/... ./planner/...

.PHONY: all test vet deadcode importcheck unit wasmtest fuzz e2e bench perf wasm site serve node chromium clean

all: test

## test: everything CI runs
test: vet deadcode importcheck unit wasmtest fuzz e2e

vet:
	$(GO) vet ./...
	@$(GO) mod tidy -diff || { echo "go.mod or go.sum is not tidy: run 'go mod tidy' and commit the result"; exit 1; }
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }

## deadcode: no function that nothing calls, in the native and the js/wasm
## builds (the browser tests and cmd/perf do not build for js/wasm)
TOOLBIN    := $(CURDIR)/.tools
DEADCODE   := $(TOOLBIN)/deadcode
$(DEADCODE):
	GOBIN=$(TOOLBIN) $(GO) install golang.org/x/tools/cmd/deadcode@v0.42.0
deadcode: $(DEADCODE)
	@out=$$($(DEADCODE) -test ./... 2>&1); \
	js=$$(GOOS=js GOARCH=wasm $(DEADCODE) -test $$($(GO) list ./... | grep -v -E '/wasm_test/(e2e|report)$$|/cmd/perf$$') 2>&1); \
	if [ -n "$$out$$js" ]; then echo "deadcode: unreachable functions:"; echo "$$out"; echo "$$js"; exit 1; fi; \
	echo "deadcode: nothing unreachable (native and js/wasm)"

## importcheck: model and planner must not depend on UI, browser or plotting packages
importcheck:
	@bad=$$($(GO) list -deps $(PKGS_CORE) | grep -E '^(github.com/maxence-charriere/go-app|syscall/js|gonum.org/v1/plot)' || true); \
	if [ -n "$$bad" ]; then echo "model/planner import UI or plotting packages:"; echo "$$bad"; exit 1; fi; \
	echo "importcheck: model and planner import no UI, browser or plotting package"

## unit: every native test but the browser ones (make e2e)
unit:
	$(GO) test -count=1 $$($(GO) list ./... | grep -v -E '/wasm_test/(e2e|report)$$')

## wasmtest: the engine's tests compiled to WebAssembly and run under Node
wasmtest: node
	PATH="$(WASMEXEC):$$PATH" GOOS=js GOARCH=wasm $(GO) test -count=1 $(PKGS_CORE) ./worker/... ./cmd/simworker/ ./cmd/analysisworker/ ./cmd/chartworker/ ./wasm_test/node/...

## fuzz: a short run of every fuzz test in the module. Each target runs
## the count in a "// fuzz: 20000x" line right above its func (sized so
## that the whole run stays within about 6 minutes on 2 cores), else
## FUZZTIME; FUZZTIME given on the command line (make fuzz FUZZTIME=500x)
## applies to every target.
FUZZALL := $(if $(filter command line,$(origin FUZZTIME)),$(FUZZTIME))
fuzz:
	@set -e; start=$$(date +%s); \
	for file in $$(grep -l '^func Fuzz' $$(git ls-files '*_test.go' 2>/dev/null || find . -name '*_test.go') | sort); do \
	  for t in $$(awk -v def='$(FUZZTIME)' -v all='$(FUZZALL)' ' \
	      /^\/\/ fuzz: [0-9]+x[[:space:]]*$$/ { n = $$3; next } \
	      /^func Fuzz/ { f = $$2; sub(/\(.*/, "", f); print f ":" (all != "" ? all : (n != "" ? n : def)) } \
	      { n = "" }' $$file); do \
	    f=$${t%%:*}; n=$${t#*:}; dir=$$(dirname $$file); \
	    echo "fuzz ./$$dir $$f $$n"; $(GO) test ./$$dir -run '^$$' -fuzz "^$$f$$" -fuzztime $$n; \
	  done; \
	done; echo "fuzz: every target passed in $$(( $$(date +%s) - start )) s"

## e2e: the app in headless Chromium
e2e: chromium
	CI_REQUIRE_BROWSER=1 $(GO) test -v -count=1 -timeout 15m $$(ls -d ./wasm_test/e2e ./wasm_test/report 2>/dev/null) | grep -v -E '^=== (RUN|PAUSE|CONT)'; exit $${PIPESTATUS[0]}

## bench: engine benchmarks (trials per second, allocations per trial)
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./planner/

## perf: the page's load and run figures of issue 9 in headless Chromium
## (medians of 3 tries, the site in $(DIST) behind a plain gzip static
## host), printed beside the goals; a benchmark, never a test that fails
perf: site chromium
	$(GO) run ./cmd/perf -dist $(DIST) -tries 3

## wasm: the page's wasm, the simulation-only worker wasm, the capacity-review worker wasm and the chart worker wasm
wasm:
	mkdir -p web
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o web/app.wasm ./cmd/web
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o web/sim.wasm ./cmd/simworker
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o web/analysis.wasm ./cmd/analysisworker
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o web/chart.wasm ./cmd/chartworker
	cp $(WASMEXEC)/wasm_exec.js web/wasm_exec.js

## site: the static site in $(DIST), with NAME.gz and NAME.br beside each
## compressible file; BASE=/sub/path for hosting under a sub-path
site: wasm
	$(GO) run ./cmd/web -out $(DIST) -base '$(BASE)'

## serve: build the site and serve it on http://$(ADDR) (loopback only),
## brotli or gzip with ETags, no directory listings
serve: site
	@echo "rollout planner on http://$(ADDR)/"
	$(GO) run ./cmd/web -serve $(ADDR) -out $(DIST) -base '$(BASE)'

node:
	@command -v node >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "node not found: installing Debian's nodejs"; apt-get update -qq && apt-get install -y -qq nodejs >/dev/null; \
	  else echo "WebAssembly tests need Node.js on PATH: install it (Debian: apt-get install nodejs)"; exit 1; fi; }

chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "chromium not found: installing Debian's chromium"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "browser tests need Debian's chromium: run 'sudo apt-get install chromium'"; exit 1; fi; }

clean:
	rm -rf $(DIST) web/*.wasm web/wasm_exec.js
