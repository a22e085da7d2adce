# Sourced by .ci/run (and usable by hand: `source .ci/node-env.sh`).
# Hookbell needs Node >= 22.13 for node:sqlite. Debian's system Node is older on our build machines, so
# when it is, take Node 24 from the npm registry (the `node` package ships the official binary) into a
# cache folder and put it first on PATH. No other network source is reachable here.
hookbell_node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=13)?0:1)'
}
if ! hookbell_node_ok; then
  HOOKBELL_NODE_HOME="${HOOKBELL_NODE_HOME:-${HOME:-/tmp}/.cache/hookbell/node-24}"
  if [ ! -x "$HOOKBELL_NODE_HOME/node_modules/node/bin/node" ]; then
    echo "provisioning Node 24 from the npm registry into $HOOKBELL_NODE_HOME"
    mkdir -p "$HOOKBELL_NODE_HOME"
    npm install --no-save --no-audit --no-fund --prefix "$HOOKBELL_NODE_HOME" node@24 >/dev/null
  fi
  export PATH="$HOOKBELL_NODE_HOME/node_modules/node/bin:$PATH"
  hookbell_node_ok || { echo "could not provision Node >= 22.13" >&2; return 1 2>/dev/null || exit 1; }
fi
