#!/usr/bin/env bash
# Installs the Debian packages the test suite drives (real peers, a real browser) when they are missing.
# Usage: ensure-system-packages.sh <check> ...   where each <check> is one of
#   <command>=<package>     the package is present when <command> is on PATH          e.g. chromium=chromium sipp=sip-tester
#   /<path>=<package>       the package is present when that file exists (a command outside PATH, e.g. in /usr/sbin
#                           for a non-root user, or a plugin file)                     e.g. /usr/sbin/kamailio=kamailio
#   dpkg:<package>          dpkg says the package is installed (a package that provides no command, such as a module)
#                                                                                      e.g. dpkg:kamailio-websocket-modules
# Fails loudly when a package is missing and cannot be installed: tests never skip a missing tool.
set -euo pipefail

# Succeeds when the package a check names is present.
present() {
  local check="$1"
  case "$check" in
    dpkg:*)
      dpkg-query -W -f='${Status}' "${check#dpkg:}" 2>/dev/null | grep -q "install ok installed"
      ;;
    /*=*)
      [ -e "${check%%=*}" ]
      ;;
    *=*)
      command -v "${check%%=*}" >/dev/null 2>&1
      ;;
    *)
      echo "Cannot read '$check': write <command>=<package>, /<path>=<package> or dpkg:<package>." >&2
      exit 2
      ;;
  esac
}

package_of() {
  case "$1" in
    dpkg:*) echo "${1#dpkg:}" ;;
    *) echo "${1#*=}" ;;
  esac
}

missing=()
for check in "$@"; do
  present "$check" || missing+=("$(package_of "$check")")
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
for check in "$@"; do
  present "$check" || { echo "Installed $(package_of "$check") but '$check' still does not hold" >&2; exit 1; }
done
