#!/usr/bin/env bash
# The browser tests drive Debian's Chromium. Install it if it is missing and we may (root with apt-get);
# otherwise stop with a message that says what to do. Never a silent skip.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests (apt-get install chromium)..."
  if apt-get update -qq >/tmp/kit-apt.log 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >>/tmp/kit-apt.log 2>&1; then
    exit 0
  fi
  tail -20 /tmp/kit-apt.log
  echo "Chromium could not be installed, so the browser tests cannot run (see the apt-get output above)." >&2
  exit 1
fi
echo "Chromium is needed for the browser tests: install it with 'sudo apt-get install chromium'" >&2
echo "(or run 'make test-fast' to run every test except the browser suite)." >&2
exit 1
