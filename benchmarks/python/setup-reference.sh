#!/usr/bin/env bash
# Creates the Python virtual environment of the benchmarks' PyTorch CPU reference
# (pathway_reference.py, atari_reference.py, a3c_reference.py) and of the ALE frame-rate
# comparison: torch, numpy and gymnasium, then ale-py. Idempotent: a venv that already
# imports torch is kept.
# Usage: setup-reference.sh [DIR]   (default: .reference-venv). Prints the venv's python last.
set -euo pipefail
dir="${1:-.reference-venv}"
pip_install() { "$dir/bin/python" -m pip install --quiet --disable-pip-version-check "$@" >&2; }
if ! "$dir/bin/python" -c "import torch" >/dev/null 2>&1; then
  python3 -m venv "$dir" >&2
  # A CPU build of torch is enough (and smallest): the reference runs on the CPU only.
  pip_install torch numpy
fi
# gymnasium serves a3c_reference.py (CartPole-v1).
pip_install gymnasium
# ale-py serves only the ALE comparison: without it that comparison is skipped, nothing else.
pip_install ale-py || echo "setup-reference: ale-py not installed; the ALE comparison will say so" >&2
"$dir/bin/python" -c "import torch; torch.zeros(1)" >&2
echo "$dir/bin/python"
