#!/usr/bin/env bash
# Debian packages govcx needs beyond Python: Chromium for the browser tests, and the text
# layout libraries and a font that WeasyPrint draws the annual report's PDF with.
set -euo pipefail
needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
# WeasyPrint loads Pango (and HarfBuzz's subsetter, to embed only the glyphs a PDF uses)
# through cffi at run time; without a font the PDF would carry no readable text.
for package in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
        needed+=("$package")
    fi
done
if [ ${#needed[@]} -eq 0 ]; then exit 0; fi
echo "Installing Debian packages: ${needed[*]}"
if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
