#!/usr/bin/env bash
# Install the Debian packages the portal needs, only those missing.
#   run:  WeasyPrint's libraries, Cyrillic fonts, gettext (compiled translations), Node.js + npm,
#         libmagic (the type of an upload read from its content, python-magic)
#   test: the same plus Debian's Chromium for the browser tests
#   bench: the same plus wrk, the load generator of bench/load.py
set -euo pipefail
profile="${1:-run}"

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core
          fonts-dejavu-extra gettext libmagic1)
if [ "$profile" = "test" ]; then
  packages+=(chromium)
elif [ "$profile" = "bench" ]; then
  packages+=(wrk)
fi
# Node.js may come from elsewhere than Debian; only ask Debian for it when it is absent.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "Missing packages ${missing[*]} and no root or sudo to install them." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
