#!/bin/bash
# tests/host/runprog/run.sh - tools/run-prog's contract (check.py).
cd "$(dirname "$0")" && exec python3 check.py
