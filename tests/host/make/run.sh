#!/bin/bash
# tests/host/make/run.sh - make help and make EXTRA_BINS= (check.py).
cd "$(dirname "$0")" && exec python3 check.py
