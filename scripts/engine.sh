#!/usr/bin/env bash
# scripts/engine.sh - make the Pulumi engine (CLI + Node.js language host) available.
#
# Usage:   PULUMI="$(scripts/engine.sh | tail -n1)"
# Output:  the LAST line of stdout is the absolute path of a usable `pulumi`
#          binary; all progress goes to stderr.
#
# Resolution order:
#   1. `pulumi` already on PATH, with `pulumi-language-nodejs` on PATH or next
#      to it -> that one (skip this step with PULUMI_ENGINE_IGNORE_PATH=1).
#   2. A cached build outside the clone:
#        ${PULUMI_ENGINE_CACHE:-$HOME/.cache/pulumi-hw-engine}/<key>/bin/
#      where <key> = <CLI version>-<hash of the files in scripts/engine/>, so a
#      change to the wrapper module or the language host rebuilds.
#   3. Otherwise `go build` both binaries from the Go module proxy into a temp
#      dir next to the cache and move it into place atomically (an interrupted
#      build never leaves a half cache). The build time is printed to stderr and
#      written to <key>/build-seconds.txt. On 2 cores: ~22 min with empty Go
#      caches (~1.4 GB of modules downloaded, ~1.7 GB of build cache), ~13 min
#      with the modules already downloaded, ~15-25 s with a warm Go build cache.
#      The result is ~133 MB.
#
# What gets built (Go wrapper module in scripts/engine/, go.mod + go.sum pinned):
#   bin/pulumi                  github.com/pulumi/pulumi/pkg/v3/cmd/pulumi (v3.274.1),
#                               version ldflag set, so `pulumi version` prints v3.274.1.
#   bin/pulumi-language-nodejs  scripts/engine/langhost: a minimal Node.js language
#                               host of our own. The official one is the module
#                               github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3,
#                               which the module proxy here refuses (403), so it cannot be
#                               built. Ours supports preview/up/refresh/destroy of a local
#                               nodejs/TypeScript program (not `pulumi new`, not plugins
#                               run from source, not policy packs).
#   bin/pulumi-resource-pulumi-nodejs
#                               copy of scripts/engine/pulumi-resource-pulumi-nodejs: launcher
#                               of the dynamic-provider plugin (runs the program's
#                               node_modules/@pulumi/pulumi/cmd/dynamic-provider with node).
#   The CLI looks for these "bundled" plugins on PATH first, then next to itself.
#
# The script itself exports nothing. Callers that run the CLI should set, so that
# it never tries the network:
#   PULUMI_SKIP_UPDATE_CHECK=true                    no "new version available" check
#   PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true    Automation API: don't probe CLI version
#   PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true never download missing plugins
#   PULUMI_BACKEND_URL=file://<dir>                  local (DIY) state backend, no login
#   PULUMI_CONFIG_PASSPHRASE=<anything>              secrets provider for the local backend
#   PULUMI_HOME=<dir>   (optional)                   keep ~/.pulumi (plugins, creds) isolated
# PATH: `node` must be on it (the language host and the dynamic-provider launcher
# run it). Putting <dir of the printed pulumi> on PATH is recommended, not needed.
# The dynamic-provider plugin `pulumi-resource-pulumi-nodejs` also exists as a
# script in <repo>/node_modules/@pulumi/pulumi/; with a CLI from this script that
# folder need NOT be on PATH (the launcher next to pulumi is used). If it is on
# PATH ahead of <dir of the printed pulumi> (or that dir is not on PATH), the
# engine uses the SDK's copy instead, which works too but prints the warning
# "using pulumi-resource-pulumi-nodejs from $PATH at ... expected ...". With a `pulumi` found on PATH
# (step 1) that lacks the launcher, put <repo>/node_modules/@pulumi/pulumi on PATH.
# The program dir needs node_modules (npm ci, or a symlink to the repo's) with
# @pulumi/pulumi, and for index.ts also typescript + ts-node.
#
# Build needs: go >= 1.26.6 and the Go module proxy (`go env GOPROXY`, not changed here).
set -euo pipefail

# --no-build: only report an engine that is already available (PATH or cache); exit 3
# otherwise. Used by `npm test` to decide whether the end-to-end suite can run.
NO_BUILD=0
for arg in "$@"; do
  case "$arg" in
    --no-build) NO_BUILD=1 ;;
    *) printf 'engine.sh: unknown argument %s (usage: engine.sh [--no-build])\n' "$arg" >&2; exit 2 ;;
  esac
done

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MOD_DIR="$SCRIPT_DIR/engine"
CLI_PKG="github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
VERSION_VAR="github.com/pulumi/pulumi/sdk/v3/go/common/version.Version"

log() { printf 'engine.sh: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# 1. pulumi already on PATH (and its language host findable).
if [[ "${PULUMI_ENGINE_IGNORE_PATH:-}" != "1" ]] && path_pulumi="$(command -v pulumi 2>/dev/null)"; then
  path_pulumi="$(readlink -f "$path_pulumi")"
  if [[ -x "$(dirname "$path_pulumi")/pulumi-language-nodejs" ]] || command -v pulumi-language-nodejs >/dev/null 2>&1; then
    log "using pulumi from PATH"
    printf '%s\n' "$path_pulumi"
    exit 0
  fi
  log "pulumi on PATH ($path_pulumi) but no pulumi-language-nodejs: ignoring it"
fi

# Cache key: CLI version from the wrapper go.mod + hash of the wrapper sources.
[[ -f "$MOD_DIR/go.mod" ]] || die "missing $MOD_DIR/go.mod"
VERSION="$(awk '$1 == "github.com/pulumi/pulumi/pkg/v3" { print $2; exit }' "$MOD_DIR/go.mod")"
[[ -n "$VERSION" ]] || die "could not read the github.com/pulumi/pulumi/pkg/v3 version from $MOD_DIR/go.mod"
# Bump RECIPE when the build commands below change (flags, extra files), so the
# cache key changes with them.
RECIPE=1
SRC_HASH="$( { echo "recipe=$RECIPE"; cd "$MOD_DIR" && find . -type f -print | LC_ALL=C sort | xargs sha256sum; } \
  | sha256sum | cut -c1-10)"
KEY="$VERSION-$SRC_HASH"
CACHE_ROOT="${PULUMI_ENGINE_CACHE:-$HOME/.cache/pulumi-hw-engine}"
DEST="$CACHE_ROOT/$KEY"
BIN="$DEST/bin"

cached() { [[ -x "$BIN/pulumi" && -x "$BIN/pulumi-language-nodejs" && -x "$BIN/pulumi-resource-pulumi-nodejs" ]]; }

# 2. Cached build.
if cached; then
  log "using cached engine $KEY"
  printf '%s\n' "$BIN/pulumi"
  exit 0
fi

if [[ "$NO_BUILD" == "1" ]]; then
  log "no Pulumi engine on PATH or in $CACHE_ROOT (--no-build: not building one)"
  exit 3
fi

# 3. Build. Serialise concurrent builders of the same key.
command -v go >/dev/null 2>&1 || die "go is not on PATH; it is needed to build the Pulumi engine"
mkdir -p "$CACHE_ROOT"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE_ROOT/.lock-$KEY"
  flock 9
  if cached; then
    log "using cached engine $KEY (built by a concurrent run)"
    printf '%s\n' "$BIN/pulumi"
    exit 0
  fi
fi

# Leftovers of killed builds (a SIGKILL skips the trap below). With flock held
# no other builder of this key is running; without flock, only clean old ones.
if command -v flock >/dev/null 2>&1; then
  rm -rf "$CACHE_ROOT/.tmp-$KEY."*
else
  find "$CACHE_ROOT" -maxdepth 1 -name ".tmp-$KEY.*" -mmin +120 -exec rm -rf {} + 2>/dev/null || true
fi
TMP="$(mktemp -d "$CACHE_ROOT/.tmp-$KEY.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
chmod 0755 "$TMP"
mkdir -p "$TMP/bin"

log "building Pulumi engine $VERSION into $DEST (GOPROXY=$(go env GOPROXY)); the first build takes minutes"
start="$(date +%s)"
LDFLAGS="-s -w -X $VERSION_VAR=$VERSION"
(
  cd "$MOD_DIR"
  # -mod=readonly: the committed go.mod/go.sum are complete; never rewrite them.
  go build -mod=readonly -buildvcs=false -trimpath -ldflags "$LDFLAGS" -o "$TMP/bin/pulumi" "$CLI_PKG"
  go build -mod=readonly -buildvcs=false -trimpath -ldflags "$LDFLAGS" -o "$TMP/bin/pulumi-language-nodejs" ./langhost
) >&2 || die "go build failed (see above)"
install -m 0755 "$MOD_DIR/pulumi-resource-pulumi-nodejs" "$TMP/bin/pulumi-resource-pulumi-nodejs"
secs="$(( $(date +%s) - start ))"

"$TMP/bin/pulumi" version >/dev/null 2>&1 || die "built pulumi does not run"
printf '%s\n' "$secs" >"$TMP/build-seconds.txt"
{
  echo "key=$KEY"
  echo "cli=$CLI_PKG@$VERSION"
  echo "langhost=scripts/engine/langhost"
  echo "go=$(go env GOVERSION)"
  echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >"$TMP/build-info.txt"

rm -rf "$DEST"  # only reachable when DEST is absent or incomplete
mv -T "$TMP" "$DEST"
trap - EXIT
log "built Pulumi engine $VERSION in ${secs}s -> $BIN"
printf '%s\n' "$BIN/pulumi"
