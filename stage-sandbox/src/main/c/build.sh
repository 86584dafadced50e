#!/bin/sh
# Compiles the agent for the Maven build (exec-maven-plugin, generate-resources).
# Usage: build.sh SOURCE_DIR OUTPUT_FILE
set -eu
src=$1
out=$2
fail() {
    echo "sandstage-agent build: $1" >&2
    echo "sandstage-agent build: ./sandstage prepare installs gcc and libc6-dev (static glibc)." >&2
    exit 1
}
command -v gcc >/dev/null 2>&1 || fail "gcc is not installed; the in-container agent is C compiled with -static."
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf 'int main(void){return 0;}\n' >"$probe/p.c"
gcc -static -o "$probe/p" "$probe/p.c" >"$probe/log" 2>&1 \
    || fail "gcc cannot link statically (no static libc, libc.a): $(tail -n 3 "$probe/log")"
mkdir -p "$(dirname "$out")"
# -static: the agent runs in tool images that may have no libc at all.
gcc -static -O2 -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -o "$out" "$src"/*.c
strip "$out" 2>/dev/null || true
