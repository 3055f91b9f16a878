# The two commands: `make demo` and `make test`. Both set up everything on a fresh machine with
# Python 3.11: the Debian packages the project needs, a virtualenv in .venv, the project and its
# dependencies from pyproject.toml.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# fonts-wqy-zenhei, fonts-dejavu-core: CJK and Latin fonts for PDF reports; libharfbuzz-subset0: WeasyPrint's
# font subsetter (its fontTools fallback is slower and deprecated); poppler-utils: pdftotext/pdftoppm;
# antiword, catdoc: legacy .doc; libarchive-tools: RAR archives (bsdtar); tesseract: OCR of scanned PDFs.
DEB_PACKAGES := fonts-wqy-zenhei fonts-dejavu-core libharfbuzz-subset0 poppler-utils antiword catdoc libarchive-tools tesseract-ocr tesseract-ocr-chi-sim
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test bench setup debs clean

demo: setup
	$(BIN)/tenderwatch demo --db data/demo.duckdb

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python -m bench

setup: debs $(STAMP)

debs:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:" $$missing; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) data/demo.duckdb data/demo.duckdb.wal data/demo.duckdb.snapshot data/raw data/runs .pytest_cache
