#!/bin/bash
# tests/host/trace/run.sh - the guide's annotated trace is real (check.py).
cd "$(dirname "$0")" && exec python3 check.py
