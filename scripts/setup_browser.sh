#!/usr/bin/env bash
# The browser the front doors' tests drive: Debian's Chromium, with CJK fonts so the pages render
# Chinese (screenshots), and poppler-utils' pdftotext (the kiosk's print test reads the printed PDF).
# Installed only when missing; apt-get needs root (CI runs as root).
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "[setup-browser] missing ${need[*]}: run as root, or: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "[setup-browser] installing ${need[*]} (Debian packages, once)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
