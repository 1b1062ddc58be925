# ParkPulse: `make demo` runs the demo on SQLite; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The extras as a variable: a comma written inside $(call ...) would split its arguments.
DEV_EXTRAS := .[dev,bench]

.PHONY: demo test install install-dev lint clean

# uv installs the dependencies several times faster than pip and shows its progress; when it
# cannot be had (offline mirror without it), pip does the work and prints each package.
INSTALL = if [ -x $(BIN)/uv ]; then $(BIN)/uv pip install --python $(BIN)/python $(1); \
          else $(BIN)/pip install --progress-bar on $(1); fi

$(BIN)/python:
	@echo "==> 创建虚拟环境 $(VENV) (creating the virtual environment)"
	$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install -q uv 2>/dev/null || echo "    (uv 不可用，改用 pip / uv unavailable, using pip)"

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "==> 安装依赖 (installing dependencies)"
	@$(call INSTALL,-e .)
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	@echo "==> 安装依赖与开发工具 (installing dependencies and dev tools)"
	@$(call INSTALL,-e '$(DEV_EXTRAS)')
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	@echo "==> 生成演示数据并启动 (building the demo, then serving it)"
	$(BIN)/parkpulse demo --port $(PORT)

test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .

# Benchmarks run one by one on an idle machine: see bench/README.md.

clean:
	rm -rf $(VENV) var/test.sqlite3
