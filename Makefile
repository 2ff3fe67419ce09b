# Reasoner: the two set-up commands of the README, and the pieces they are made of.
#   make demo   — install what is missing, build, run the main job on the embedded default
#   make test   — install what is missing, build, run every test (Swift, Python, notebooks)
# Every target is idempotent: installs are skipped when already present.

PYTHON ?= python3
SWIFT_CONFIG ?= release
APT_PACKAGES := libopenblas-dev pkg-config python3-dev python3-numpy
PIP_TEST_PACKAGES := pytest numpy tokenizers gguf safetensors nbclient nbformat ipykernel matplotlib

# OpenBLAS must load its AVX-512 kernels where the CPU has them (see README, "Speed").
AVX512 := $(shell grep -qw avx512f /proc/cpuinfo 2>/dev/null && echo yes)
ifeq ($(AVX512),yes)
export OPENBLAS_CORETYPE ?= SKYLAKEX
endif

.PHONY: all deps system-deps python-deps python-install build model demo test test-swift test-python test-notebooks clean

all: build

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

python-deps:
	@$(PYTHON) -c "import pytest, numpy, tokenizers, gguf, safetensors, nbclient, nbformat, ipykernel, matplotlib" 2>/dev/null || \
	  $(PYTHON) -m pip install -q $(PIP_TEST_PACKAGES)

deps: system-deps python-deps

build: system-deps
	swift build -c $(SWIFT_CONFIG)

model:
	@scripts/fetch-model.sh

demo: build
	.build/$(SWIFT_CONFIG)/reasoner demo

test: deps build model test-swift test-python test-notebooks

test-swift:
	swift test

# The extension for $(PYTHON) (builds libReasoner.so through setup.py; a no-op Swift build after `build`).
python-install: python-deps build
	$(PYTHON) -m pip install -q ./python

# ABI drift check, then pytest from outside the repository so the installed package is what is tested.
test-python: python-install model
	scripts/check_abi.sh $(SWIFT_CONFIG)
	cd /tmp && $(PYTHON) -m pytest -q -p no:cacheprovider $(CURDIR)/python/tests

test-notebooks: python-install model
	@if ls notebooks-examples/*.ipynb >/dev/null 2>&1; then \
	  $(PYTHON) scripts/run_notebooks.py --timeout 600 notebooks-examples/*.ipynb; \
	else echo "no notebooks yet"; fi

clean:
	rm -rf .build python/build python/src/*.egg-info python/src/reasoner_swift/*.so
