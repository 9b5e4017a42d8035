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
# relocations packed (DT_RELR, glibc 2.36: 1.8 MB of them read at each start), and libstdc++
# (which only the Swift runtime uses) from its archive: the toolchain asks for `-lstdc++`, and
# STATIC_CXX is a folder whose `libstdc++.so` is a one-line linker script naming `libstdc++.a`,
# which saves the loader about 3,300 symbol look-ups at each start. OpenSSL, libunbound and
# ncurses stay shared, so that Debian's security updates reach them, and the binary stays
# position-independent.
STATIC_CXX := .build/static-libstdc++
RELEASE_FLAGS := -c release --static-swift-stdlib -Xswiftc -use-ld=lld \
	-Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors \
	-Xlinker -z -Xlinker pack-relative-relocs -Xlinker -L$(CURDIR)/$(STATIC_CXX)

.PHONY: deps test-deps build release lab test bench clean

deps:
	@scripts/deps.sh build

test-deps:
	@scripts/deps.sh test

build: deps
	$(SWIFT) build $(SWIFT_FLAGS)

$(STATIC_CXX)/libstdc++.so:
	mkdir -p $(STATIC_CXX)
	echo 'INPUT(-l:libstdc++.a)' > $@

release: deps $(STATIC_CXX)/libstdc++.so
	$(SWIFT) build $(RELEASE_FLAGS) $(SWIFT_FLAGS) --product danescope

lab: release
	.build/release/danescope --lab

test: test-deps
	$(SWIFT) build --build-tests $(SWIFT_FLAGS)
	$(SWIFT) test --skip-build --disable-swift-testing $(SWIFT_FLAGS)

bench: test-deps $(STATIC_CXX)/libstdc++.so
	$(SWIFT) build $(RELEASE_FLAGS) $(SWIFT_FLAGS) --product danescope
	$(SWIFT) build $(RELEASE_FLAGS) $(SWIFT_FLAGS) --product danescope-bench
	clang -O2 -Wall -Wextra -o .build/release/check-floor Benchmarks/Floor/check-floor.c \
		-lunbound -lssl -lcrypto -lpthread
	.build/release/danescope-bench $(AREAS)

clean:
	rm -rf .build
