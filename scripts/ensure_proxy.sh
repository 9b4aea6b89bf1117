#!/usr/bin/env bash
# The JupyterHub test runs a real hub, whose proxy is configurable-http-proxy (an npm package on Node).
# Install Node from Debian if it is missing and we may (root with apt-get), then the proxy into
# VENV/chp (default .venv/chp). Otherwise stop with a message that says what to do. Never a silent skip.
set -euo pipefail
VENV="${1:-.venv}"
PROXY="$VENV/chp/node_modules/.bin/configurable-http-proxy"
PROXY_VERSION="configurable-http-proxy@5"
if [ -x "$PROXY" ] && command -v node >/dev/null 2>&1; then
  exit 0
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Node.js and npm for the hub test's proxy (apt-get install nodejs npm)..."
    if ! { apt-get update -qq >/tmp/kit-apt-node.log 2>&1 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >>/tmp/kit-apt-node.log 2>&1; }; then
      tail -20 /tmp/kit-apt-node.log
      echo "Node.js could not be installed, so the hub test cannot run (see the apt-get output above)." >&2
      exit 1
    fi
  else
    echo "The hub test needs Node.js and npm: install them with 'sudo apt-get install nodejs npm'" >&2
    echo "(or run 'make test-fast', which skips the hub and browser suites)." >&2
    exit 1
  fi
fi
echo "Installing $PROXY_VERSION into $VENV/chp (npm)..."
mkdir -p "$VENV/chp"
if ! npm install --silent --no-audit --no-fund --prefix "$VENV/chp" "$PROXY_VERSION" >/tmp/kit-npm.log 2>&1; then
  tail -20 /tmp/kit-npm.log
  echo "configurable-http-proxy could not be installed from npm (see above)." >&2
  exit 1
fi
test -x "$PROXY"
