#!/bin/sh
# Compiles the C programs for the Maven build (exec-maven-plugin, generate-resources):
# the in-container agent (SOURCE_DIR/*.c) and the default catalog's echo tool
# (SOURCE_DIR/tools/echo.c), both static.
# Usage: build.sh SOURCE_DIR AGENT_OUTPUT ECHO_OUTPUT
set -eu
src=$1
agent_out=$2
echo_out=$3
fail() {
    echo "sandstage C build: $1" >&2
    echo "sandstage C build: ./sandstage prepare installs gcc and libc6-dev (static glibc)." >&2
    exit 1
}
command -v gcc >/dev/null 2>&1 || fail "gcc is not installed; the in-container agent is C compiled with -static."
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf 'int main(void){return 0;}\n' >"$probe/p.c"
gcc -static -o "$probe/p" "$probe/p.c" >"$probe/log" 2>&1 \
    || fail "gcc cannot link statically (no static libc, libc.a): $(tail -n 3 "$probe/log")"
mkdir -p "$(dirname "$agent_out")" "$(dirname "$echo_out")"
# -static: the agent runs in tool images that may have no libc at all.
gcc -static -O2 -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -o "$agent_out" "$src"/*.c
# The echo tool: without libc on x86-64 (see echo.c), an ordinary static program elsewhere.
case "$(uname -m)" in
    x86_64) nolibc="-nostdlib -fno-stack-protector -fno-asynchronous-unwind-tables" ;;
    *) nolibc="" ;;
esac
# shellcheck disable=SC2086 # $nolibc is a list of flags
gcc -static -O2 -std=gnu11 -Wall -Wextra -Werror $nolibc -o "$echo_out" "$src/tools/echo.c"
for f in "$agent_out" "$echo_out"; do strip "$f" 2>/dev/null || true; done
