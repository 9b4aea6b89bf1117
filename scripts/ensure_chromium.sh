#!/usr/bin/env bash
# The browser tests drive Debian's Chromium. Install it if it is missing and we may (root with apt-get);
# otherwise stop with a message that says what to do. Never a silent skip.
# The emoji and CJK fonts make the screenshots show ✅/❌ and the Chinese quotations as students see them.
set -euo pipefail
PACKAGES="chromium fonts-noto-color-emoji fonts-wqy-zenhei"
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "emoji"; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium and fonts for the browser tests (apt-get install $PACKAGES)..."
  if apt-get update -qq >/tmp/kit-apt.log 2>&1 &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PACKAGES >>/tmp/kit-apt.log 2>&1; then
    exit 0
  fi
  tail -20 /tmp/kit-apt.log
  if [ -x /usr/bin/chromium ]; then
    echo "Chromium is there but the fonts could not be installed; screenshots may show boxes for emoji." >&2
    exit 0
  fi
  echo "Chromium could not be installed, so the browser tests cannot run (see the apt-get output above)." >&2
  exit 1
fi
if [ -x /usr/bin/chromium ]; then
  echo "Note: no emoji font found; screenshots may show boxes for ✅/❌ (sudo apt-get install fonts-noto-color-emoji)." >&2
  exit 0
fi
echo "Chromium is needed for the browser tests: install it with 'sudo apt-get install chromium'" >&2
echo "(or run 'make test-fast' to run every test except the browser suite)." >&2
exit 1
