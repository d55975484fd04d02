#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium for the browser tests.
set -euo pipefail
needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
if [ ${#needed[@]} -eq 0 ]; then exit 0; fi
echo "Installing Debian packages: ${needed[*]}"
if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
