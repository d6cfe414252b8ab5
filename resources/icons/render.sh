#!/usr/bin/env bash
# Renders the committed PNG icons from hookscope.svg (needs rsvg-convert from
# librsvg2-bin). Run after editing the SVG and commit the PNGs: the build
# itself never needs rsvg.
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 22 24 32 48 64 128 256; do
    rsvg-convert -w "$size" -h "$size" hookscope.svg -o "hookscope-$size.png"
done
