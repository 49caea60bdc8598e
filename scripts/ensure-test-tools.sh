#!/usr/bin/env bash
# What the tests need from Debian beside npm: socat (reader ptys), sqlite3, chromium and ffmpeg
# (the screens' tests with a fake camera), CJK fonts (screenshots in Simplified Chinese).
# libjpeg-turbo's headers (libjpeg62-turbo-dev) for the reader simulator's stand-in WLT library.
# Installs what is missing when it can (root with apt-get); otherwise names it and fails.
set -euo pipefail
need=()
for pkg in socat:socat sqlite3:sqlite3 chromium:chromium ffmpeg:ffmpeg; do
  command -v "${pkg%%:*}" >/dev/null 2>&1 || need+=("${pkg##*:}")
done
[ -e /usr/include/jpeglib.h ] || need+=(libjpeg62-turbo-dev)
fc-list 2>/dev/null | grep -qi "noto.*cjk" || need+=(fonts-noto-cjk)
[ ${#need[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "installing test tools: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "the tests need these Debian packages: ${need[*]} (sudo apt-get install ${need[*]})" >&2
  exit 1
fi
