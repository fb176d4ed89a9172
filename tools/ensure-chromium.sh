#!/bin/sh
# Make sure Debian's Chromium is there for the browser tests; install it when we are root.
set -e
CHROMIUM="${INFOTOCKA_CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the browser tests..."
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
    echo "The browser tests need Chromium at $CHROMIUM. Install it with: sudo apt-get install chromium" >&2
    exit 1
fi
