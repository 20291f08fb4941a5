# Hëllef — every install step lives here, so a fresh clone needs only `make chat` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP_FLAGS := --disable-pip-version-check --no-input -q

.PHONY: chat test run lint bench check install eval clean lock mutation mutation-crisis mutation-intents

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install $(PIP_FLAGS) -e '.[test]'
	$(BIN)/inter-actions-bot train  # the first `make chat` or `make run` then starts in a moment
	@touch $(STAMP)

install: $(STAMP)

chat: $(STAMP)  ## the local console chat: no token, no network
	@$(BIN)/inter-actions-bot chat

test: $(STAMP)  ## the whole suite (unit, handlers, end-to-end on 127.0.0.1)
	$(BIN)/python -m pytest -q

run: $(STAMP)  ## the real Telegram bot (reads .env)
	$(BIN)/inter-actions-bot run

lint: $(STAMP)
	$(BIN)/ruff check bot handlers knowledge tests benchmarks
	$(BIN)/ruff format --check bot handlers knowledge tests benchmarks

check: $(STAMP)  ## validate knowledge/
	$(BIN)/inter-actions-bot knowledge check

eval: $(STAMP)  ## understanding: dev sets, our dev sets, the frozen test sets, crisis per kind, the baseline
	$(BIN)/python ../shared/eval/score.py ../shared/eval/dev.tsv --cmd "$(BIN)/python -m bot ask --json" --show-misses
	$(BIN)/python ../shared/eval/score.py ../shared/eval/dev_conversations.tsv --cmd "$(BIN)/python -m bot ask --json" --show-misses
	for set in benchmarks/eval/independent*.tsv benchmarks/eval/dev[0-9]*_*.tsv benchmarks/eval/test*.tsv; do echo "== $$set"; \
		$(BIN)/python ../shared/eval/score.py $$set --cmd "$(BIN)/python -m bot ask --json" | grep -v '^MISS'; done
	for set in benchmarks/eval/test*crisis*.tsv; do echo "== $$set by kind"; \
		$(BIN)/python benchmarks/eval/by_type.py $$set --cmd "$(BIN)/python -m bot ask --json"; done
	$(BIN)/python benchmarks/eval/baseline.py benchmarks/eval/test*.tsv

bench: $(STAMP)  ## speed and memory benchmarks (not tests)
	$(BIN)/python -m benchmarks.core_bench
	$(BIN)/python -m benchmarks.load_bench --users 200 --messages 10
	$(BIN)/python -m benchmarks.load_bench --users 200 --messages 10 --replicas 2 --state postgresql
	$(BIN)/python -m benchmarks.load_bench --users 200 --messages 10 --slow-chat 30

# mutants tested at once (this machine has 2 cores): make mutation-intents MUTATION_CHILDREN=4
MUTATION_CHILDREN ?= 2

# mutmut on one core module, in a copy of the committed tree (.mutation-NAME) whose pyproject takes
# benchmarks/mutation/NAME.toml; the learned models are trained once per run (slow; not part of make test).
mutation-crisis mutation-intents: mutation-%: $(STAMP)
	$(BIN)/pip install $(PIP_FLAGS) mutmut==3.8.1
	rm -rf .mutation-$* && mkdir .mutation-$* && git archive HEAD | tar -x -C .mutation-$*
	$(BIN)/python -c "p='.mutation-$*/pyproject.toml'; s=open(p).read(); \
		open(p,'w').write(s[:s.index('[tool.mutmut]')]+open('benchmarks/mutation/$*.toml').read())"
	cd .mutation-$* && HELLEF_MODEL_CACHE=$(CURDIR)/.mutation-$*/.models \
		$(CURDIR)/$(BIN)/mutmut run --max-children $(MUTATION_CHILDREN) || true
	cd .mutation-$* && $(CURDIR)/$(BIN)/mutmut results

mutation: $(STAMP)  ## mutmut on bot/logsafe.py, handlers/render.py, handlers/runtime.py (slow; not part of make test)
	$(BIN)/pip install $(PIP_FLAGS) mutmut==3.8.1
	$(BIN)/mutmut run --max-children 2 || true
	$(BIN)/mutmut results

lock: $(STAMP)  ## requirements.lock: every runtime dependency pinned with its hashes (for deploy/Dockerfile)
	$(BIN)/pip install $(PIP_FLAGS) pip-tools==7.6.2
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
		--no-emit-find-links --output-file requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .hypothesis
