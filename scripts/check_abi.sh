#!/usr/bin/env bash
# check_abi.sh — the C header and the Swift shims must not drift. Two checks:
#  1. clang compiles reasoner.h together with the Swift-generated Reasoner-Swift.h (conflicting
#     prototypes are errors);
#  2. the rs_ functions exported by libReasoner.so (nm -D) are exactly those the header declares.
# Run by `make test-python`. Usage: scripts/check_abi.sh [release|debug]  (builds the product first).
set -euo pipefail
cd "$(dirname "$0")/.."
config="${1:-release}"
swift build -c "$config" --product Reasoner >/dev/null
bin="$(swift build -c "$config" --show-bin-path)"
header=Sources/CReasoner/include/reasoner.h
generated="$bin/Reasoner.build/include/Reasoner-Swift.h"
lib="$bin/libReasoner.so"
for f in "$generated" "$lib"; do
  [ -f "$f" ] || { echo "check_abi: missing $f (did swift build change its layout?)" >&2; exit 2; }
done

# 1. Same prototypes. -Wno-nullability-completeness: the Swift header annotates, ours does not.
clang -fsyntax-only -x c -std=c11 -Werror -Wno-nullability-completeness \
  -I Sources/CReasoner/include -I "$(dirname "$generated")" scripts/abi_check.c

# 2. Same symbol set. Declared = identifiers followed by "(" at the start of a prototype line.
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
grep -v '^\s*typedef' "$header" | grep -oE '^[A-Za-z_][A-Za-z0-9_ *]*\b(rs_[a-z0-9_]+)\(' \
  | grep -oE 'rs_[a-z0-9_]+\($' | tr -d '(' | sort -u >"$tmp/declared"
nm -D --defined-only "$lib" | awk '$2 == "T" && $3 ~ /^rs_/ {print $3}' | sort -u >"$tmp/exported"
if ! diff -u "$tmp/declared" "$tmp/exported" >"$tmp/diff"; then
  echo "check_abi: header ($header, -) and library exports ($lib, +) differ:" >&2
  cat "$tmp/diff" >&2
  exit 1
fi
echo "check_abi: OK ($(wc -l <"$tmp/exported") rs_ functions; header and Swift shims agree)"
