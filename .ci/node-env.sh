# Sourced by .ci/run (and usable by hand: `source .ci/node-env.sh`).
# Hookbell needs Node 22.16+ or 24+ for node:sqlite with FTS5. Where the system Node cannot run it, put a
# suitable one first on PATH: scripts/node-runtime.js (the same code `npm start`, `npm test` and `hookbell`
# use, and the one home of the version rule) takes Node 24 from the npm registry once into a cache folder.
# No other network source is reachable here.
HOOKBELL_NODE_RUNTIME="$(cd "$(dirname "${BASH_SOURCE[0]:-.ci/node-env.sh}")/../scripts" && pwd)/node-runtime.js"
hookbell_node_ok() {
  command -v node >/dev/null 2>&1 &&
    node --input-type=module -e "const { isSuitable } = await import('$HOOKBELL_NODE_RUNTIME'); process.exit(isSuitable() ? 0 : 1)"
}
if ! hookbell_node_ok; then
  if ! command -v node >/dev/null 2>&1; then
    echo "no node on PATH: install Debian's nodejs and npm (apt-get install -y nodejs npm), then source this again" >&2
    return 1 2>/dev/null || exit 1
  fi
  HOOKBELL_NODE_BIN_DIR="$(node "$HOOKBELL_NODE_RUNTIME" --bin-dir)" || {
    return 1 2>/dev/null || exit 1
  }
  export PATH="$HOOKBELL_NODE_BIN_DIR:$PATH"
  hookbell_node_ok || { echo "could not provision Node 22.16+ or 24+" >&2; return 1 2>/dev/null || exit 1; }
fi
