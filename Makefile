# danescope: the two commands a fresh Debian machine needs are `make lab` and `make test`.
SHELL := /bin/bash
export PATH := /opt/swift/usr/bin:$(PATH)
export LANG := C.UTF-8
export LC_ALL := C.UTF-8

SWIFT ?= swift
SWIFT_FLAGS ?=
# Release builds start fast (Docs/Decisions.md D-build-1, D-build-2): the Swift runtime and
# FoundationEssentials (never full Foundation and its ICU) linked in, lld (which links the
# toolchain's static FoundationEssentials without gold's mktemp warning), and generic type
# metadata made by direct calls rather than from mangled names (which makes the runtime search
# every protocol conformance in the binary at each type's first use), and the relative
# relocations packed (DT_RELR, glibc 2.36: 1.8 MB of them read at each start). OpenSSL and
# libunbound stay shared, so that Debian's security updates reach them, and the binary stays
# position-independent.
RELEASE_FLAGS := -c release --static-swift-stdlib -Xswiftc -use-ld=lld \
	-Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors \
	-Xlinker -z -Xlinker pack-relative-relocs

.PHONY: deps test-deps build release lab test bench clean

deps:
	@scripts/deps.sh build

test-deps:
	@scripts/deps.sh test

build: deps
	$(SWIFT) build $(SWIFT_FLAGS)

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) $(SWIFT_FLAGS) --product danescope

lab: release
	.build/release/danescope --lab

test: test-deps
	$(SWIFT) build --build-tests $(SWIFT_FLAGS)
	$(SWIFT) test --skip-build --disable-swift-testing $(SWIFT_FLAGS)

bench: test-deps
	$(SWIFT) build $(RELEASE_FLAGS) $(SWIFT_FLAGS) --product danescope
	$(SWIFT) build $(RELEASE_FLAGS) $(SWIFT_FLAGS) --product danescope-bench
	clang -O2 -Wall -Wextra -o .build/release/check-floor Benchmarks/Floor/check-floor.c \
		-lunbound -lssl -lcrypto -lpthread
	.build/release/danescope-bench $(AREAS)

clean:
	rm -rf .build
