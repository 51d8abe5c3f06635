#!/usr/bin/env bash
# The GPU checks of issue 26, in one go, on a machine with an NVIDIA GPU:
#   1. `tamngu bench --device cuda` at beam 4 and greedy: the default engine (torch, hard
#      constraints, float16 on CUDA), plain torch search on CUDA, CTranslate2 on CUDA
#      (float16), beside the naive transformers loop;
#   2. the engine tests on CUDA (tests/test_engine.py -k cuda: pins kept, greedy equal to
#      generate(), float16 weights), which skip themselves on a machine without CUDA.
# Needs the project installed as the README says (pip install -e ".[dev]") with a CUDA
# build of torch and of ctranslate2. Everything it writes goes under OUT (default
# ./gpu-check): bench.json, the printed summary, the test log, nvidia-smi's view.
# Run from the repository root:  bash tamngu/tools/gpu_check.sh [OUT]
set -uo pipefail

out="${1:-${OUT:-gpu-check}}"
mkdir -p "$out"
log() { echo "== $*" | tee -a "$out/gpu_check.log"; }

if ! python3 -c "import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)"; then
    echo "error: torch sees no CUDA device here (torch $(python3 -c 'import torch; print(torch.__version__)' 2>/dev/null)); run this on a GPU machine with a CUDA build of torch" >&2
    exit 2
fi
{ nvidia-smi || true; uptime; lscpu | grep -i 'model name'; python3 -c "import torch, ctranslate2; print('torch', torch.__version__, 'cuda', torch.version.cuda, torch.cuda.get_device_name(0)); print('ctranslate2', ctranslate2.__version__, 'cuda devices', ctranslate2.get_cuda_device_count())"; } > "$out/machine.txt" 2>&1
cat "$out/machine.txt"

status=0
log "bench on CUDA: naive, torch (plain), torch-hard (default), ct2; beam 4 and greedy"
if ! tamngu bench --device cuda --engine torch --engine torch-hard --engine ct2 --beams 4,1 \
        --out "$out/bench-cuda" 2>&1 | tee "$out/bench-cuda.txt"; then
    log "bench failed (see $out/bench-cuda.txt)"; status=1
fi

log "engine tests on CUDA"
if ! python3 -m pytest -q -rs tests/test_engine.py -k cuda 2>&1 | tee "$out/tests-cuda.txt"; then
    log "engine tests failed (see $out/tests-cuda.txt)"; status=1
fi
grep -q "skipped" "$out/tests-cuda.txt" && log "some CUDA tests skipped: see $out/tests-cuda.txt"

log "done (exit $status); figures: $out/bench-cuda/bench.json"
exit $status
