#!/usr/bin/env bash
# Installs the Debian packages the test suite drives (real peers, a real browser) when they are missing.
# Usage: ensure-system-packages.sh <command>=<package> ...   e.g. chromium=chromium sipp=sip-tester
# Fails loudly when a package is missing and cannot be installed: tests never skip a missing tool.
set -euo pipefail

missing=()
for pair in "$@"; do
  command_name="${pair%%=*}"
  package="${pair#*=}"
  command -v "$command_name" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages the tests need: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  apt_get=(apt-get)
elif command -v sudo >/dev/null 2>&1; then
  apt_get=(sudo apt-get)
else
  echo "Cannot install ${missing[*]}: run as root or install them with apt-get first." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${apt_get[@]}" update -qq
"${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
for pair in "$@"; do
  command -v "${pair%%=*}" >/dev/null 2>&1 || { echo "Installed ${pair#*=} but ${pair%%=*} is still not on PATH" >&2; exit 1; }
done
