#!/bin/sh
# Renders gsef's SVG chart and HTML summary in headless Chromium, so a person can look at them.
#
# Run it by hand to look at the pictures after changing src/output/svg.rs, src/output/html.rs or
# src/output/summary.rs, then open the PNGs it names; CI's automatic checks of the same pages in
# four languages are tests/browser/check-pages.sh.
#
#   apt-get install -y chromium poppler-utils   # once (Debian); poppler-utils is optional
#   docs/check-svg.sh [RECORDS_DIR] [OUT_DIR]    # defaults: ./records and a new temporary folder
#
# It writes, from the shipped records (or RECORDS_DIR):
#   chart.svg / chart.png           report attendance --by sector,region --depth 1 --format svg
#   region.svg / region.png         report attendance --by region --format svg (accented labels)
#   summary.html / summary.png      report summary 2019-11-mexico --format html, as on screen
#   summary.pdf / summary-1.png     the same page printed to A4 (PNG pages need pdftoppm)
#   series.html / series.pdf        report summary --series gsef-2019 --format html, printed
# Chromium runs as root here, which needs --no-sandbox; the other flags keep it offline and quiet.
set -eu

records=${1:-records}
out=${2:-$(mktemp -d)}
gsef=${GSEF:-gsef}
command -v "$gsef" >/dev/null 2>&1 || gsef="cargo run --quiet --"
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
    echo "error: no chromium found; install it with: apt-get install -y chromium" >&2
    exit 1
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)

$gsef --records "$records" report attendance --by sector,region --depth 1 --format svg --output "$out/chart.svg"
$gsef --records "$records" report attendance --by region --format svg --output "$out/region.svg"
$gsef --records "$records" report summary 2019-11-mexico --format html --output "$out/summary.html"
$gsef --records "$records" report summary --series gsef-2019 --format html --output "$out/series.html"

shoot() { # shoot OUTPUT_FLAG INPUT [WIDTH,HEIGHT]
    profile=$(mktemp -d)
    "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --hide-scrollbars --no-pdf-header-footer \
        --user-data-dir="$profile" --window-size="${3:-1000,700}" "$1" "file://$2" \
        >/dev/null 2>&1
    rm -rf "$profile"
}
shoot --screenshot="$out/chart.png" "$out/chart.svg" 1000,1400
shoot --screenshot="$out/region.png" "$out/region.svg" 1000,900
shoot --screenshot="$out/summary.png" "$out/summary.html" 1000,2400
shoot --print-to-pdf="$out/summary.pdf" "$out/summary.html"
shoot --print-to-pdf="$out/series.pdf" "$out/series.html"
if command -v pdftoppm >/dev/null 2>&1; then
    pdftoppm -png -r 60 "$out/summary.pdf" "$out/summary"
    pdftoppm -png -r 60 "$out/series.pdf" "$out/series"
fi
echo "look at the pictures in $out:"
ls "$out"
