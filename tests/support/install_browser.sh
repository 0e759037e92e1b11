#!/usr/bin/env bash
# Debian's chromium and chromium-driver, for the headless-browser test of the HTML report. Needs root
# (or sudo); refreshes the package lists only when the first try cannot find the packages.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q chromium chromium-driver >/dev/null \
  || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q chromium chromium-driver >/dev/null; }
command -v chromedriver
