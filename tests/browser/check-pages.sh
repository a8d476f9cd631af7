#!/bin/sh
# Renders what gsef writes for people — the HTML summary, the SVG charts, the sign-in sheet and
# certificates — in headless Chromium, in each of the four languages, and fails when a reader
# would see something wrong: a character without a glyph (a Korean font missing), text running
# out of its box or out of a chart, a page wider than the window, a one-event summary that does
# not print on one A4 sheet, with and without its section on the objectives' outcomes, a sheet
# whose pages lack their heading or number, or certificates that do not print on exactly one A4
# sheet per person. It keeps a screenshot of each, to look at.
#
#   tests/browser/check-pages.sh [OUT_DIR]      # the PNGs and PDFs go to OUT_DIR
#
# Needs chromium, a Korean font (fonts-noto-cjk) and poppler's pdfinfo and pdftotext
# (poppler-utils); .ci/run installs them. GSEF names the binary (default: target/debug/gsef,
# built by the tests).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${1:-$(mktemp -d)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
gsef=${GSEF:-$repo/target/debug/gsef}
records=$repo/records
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
    echo "error: no chromium found; install it with: apt-get install -y chromium fonts-noto-cjk" >&2
    exit 1
fi
if ! command -v pdfinfo >/dev/null; then
    echo "error: no pdfinfo; install it with: apt-get install -y poppler-utils" >&2
    exit 1
fi
if ! fc-list :lang=ko family | grep -q .; then
    echo "error: no Korean font; install one with: apt-get install -y fonts-noto-cjk" >&2
    exit 1
fi

# Chromium runs as root in CI, which needs --no-sandbox; the other flags keep it offline.
chrome() {
    profile=$(mktemp -d)
    "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
        --no-pdf-header-footer --allow-file-access-from-files --virtual-time-budget=5000 \
        --user-data-dir="$profile" "$@" 2>/dev/null
    rm -rf "$profile"
}

# A copy of a page with the probe in its head; a chart is put inline in a page of its own, so
# that its text can be measured.
probed() { # probed FILE KIND > copy
    case $2 in
        html) awk -v probe="$here/probe.js" '/<\/head>/ && !done {
                  print "<script>"; while ((getline line < probe) > 0) print line; print "</script>"
                  done = 1
              } { print }' "$1" ;;
        svg) printf '<!DOCTYPE html><html><head><meta charset="utf-8"><script>\n'
             cat "$here/probe.js"
             printf '</script></head><body style="margin:0">\n'
             cat "$1"
             printf '</body></html>\n' ;;
    esac
}

failures=0
check() { # check FILE KIND WIDTH,HEIGHT
    name=$(basename "$1")
    probed "$1" "$2" > "$out/probed-$name.html"
    result=$(chrome --window-size="$3" --dump-dom "file://$out/probed-$name.html" \
        | sed -n 's:.*<pre id="gsef-check">\(.*\)</pre>.*:\1:p' | sed 's/&quot;/"/g; s/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g')
    rm -f "$out/probed-$name.html"
    case $result in
        *'"problems":[]'*) echo "ok: $name ($(echo "$result" | sed 's/.*"characters":\([0-9]*\).*/\1/') characters, all drawn)" ;;
        '') echo "FAILED: $name: the probe did not run"; failures=$((failures + 1)) ;;
        *) echo "FAILED: $name: $result"; failures=$((failures + 1)) ;;
    esac
    chrome --window-size="$3" --screenshot="$out/$name.png" "file://$1" >/dev/null
}

pages() { # pages PDF: how many pages Chromium printed
    grep -a -c '/Type /Page$\|/Type /Page[^s]' "$1"
}

one_page() { # one_page HTML: prints it to PDF beside it and checks it fills one A4 sheet
    pdf="${1%.html}.pdf"
    chrome --print-to-pdf="$pdf" "file://$1" >/dev/null
    printed=$(pages "$pdf")
    if [ "$printed" = 1 ]; then
        echo "ok: $(basename "$1") prints on one A4 page"
    else
        echo "FAILED: $(basename "$1") prints on $printed pages, not one"
        failures=$((failures + 1))
    fi
}

for lang in en es fr ko; do
    $gsef --records "$records" --lang $lang report summary 2019-11-mexico --format html \
        --output "$out/summary-$lang.html" 2>/dev/null
    $gsef --records "$records" --lang $lang report attendance --by sector,region --depth 1 \
        --format svg --output "$out/chart-$lang.svg" 2>/dev/null
    $gsef --records "$records" --lang $lang report attendance --by country \
        --format svg --output "$out/country-$lang.svg" 2>/dev/null
    check "$out/summary-$lang.html" html 1000,2400
    check "$out/chart-$lang.svg" svg 1000,1600
    check "$out/country-$lang.svg" svg 1000,600
    one_page "$out/summary-$lang.html"
done

# The summary with its "Did it meet its objectives?" section: the small test store with the
# Mexico workshop's pre-test, post-test and feedback form imported (tests/fixtures/responses).
outcomes=$(mktemp -d)
cp -r "$repo/tests/fixtures/small/." "$outcomes/"
for form in pre-test.csv:pre post-test.csv:post evaluacion.csv:feedback; do
    $gsef --records "$outcomes" import responses "$repo/tests/fixtures/responses/${form%%:*}" \
        --event 2019-11-mexico --instrument "${form#*:}" 2>/dev/null
done
for lang in en es fr ko; do
    $gsef --records "$outcomes" --lang $lang report summary 2019-11-mexico --format html \
        --output "$out/outcomes-$lang.html" 2>/dev/null
    check "$out/outcomes-$lang.html" html 1000,2400
    one_page "$out/outcomes-$lang.html"
done
rm -rf "$outcomes"

# The indicators chart: the shipped definitions counted on the fixture worked out by hand in
# tests/indicator_report.rs, actuals against their targets.
indicators=$(mktemp -d)
cp -r "$repo/tests/fixtures/indicators/." "$indicators/"
rm -f "$indicators/README.md"
for definition in "$repo"/docs/indicators/*.json; do
    $gsef --records "$indicators" indicator add "$definition" >/dev/null 2>&1
done
for lang in en es fr ko; do
    $gsef --records "$indicators" --lang $lang report indicators --format svg \
        --output "$out/indicators-$lang.svg" 2>/dev/null
    check "$out/indicators-$lang.svg" svg 1000,800
done
rm -rf "$indicators"

# The sign-in sheet, printed: 111 rows and the empty ones run over several A4 pages, each
# with the event's heading and the columns again, and the page's number of the pages.
if ! command -v pdftotext >/dev/null; then
    echo "error: no pdftotext; install it with: apt-get install -y poppler-utils" >&2
    exit 1
fi
# Whether TEXT holds each word of WORDS: a printer's counters come out of the PDF as text runs
# of their own, not always in reading order.
says_each_word() { # says_each_word TEXT WORDS
    for word in $2; do
        printf '%s' "$1" | grep -qF -- "$word" || return 1
    done
}
for lang in en es fr ko; do
    $gsef --records "$records" --lang $lang sheet 2019-11-mexico --output "$out/sheet-$lang.html" 2>/dev/null
    check "$out/sheet-$lang.html" html 1000,1400
    pdf="$out/sheet-$lang.pdf"
    chrome --print-to-pdf="$pdf" "file://$out/sheet-$lang.html" >/dev/null
    printed=$(pages "$pdf")
    case $lang in
        en) last="Page $printed of $printed"; heading="Sign-in sheet" ;;
        es) last="Página $printed de $printed"; heading="Hoja de registro" ;;
        fr) last="Page $printed sur $printed"; heading="Feuille d’émargement" ;;
        ko) last="${printed}쪽 중 ${printed}쪽"; heading="출석부" ;;
    esac
    text=$(pdftotext -f "$printed" -l "$printed" "$pdf" - 2>/dev/null)
    # Each page starts with a form feed in pdftotext's text.
    headings=$(pdftotext "$pdf" - 2>/dev/null | tr -d '\f' | grep -ci "^$heading\$" || true)
    if [ "$printed" -lt 2 ]; then
        echo "FAILED: sheet-$lang prints on $printed page(s); 121 rows cannot fit one"
        failures=$((failures + 1))
    elif ! says_each_word "$text" "$last"; then
        echo "FAILED: sheet-$lang's last page does not say \"$last\""
        failures=$((failures + 1))
    elif [ "$headings" != "$printed" ]; then
        echo "FAILED: sheet-$lang has its heading on $headings of its $printed pages"
        failures=$((failures + 1))
    else
        echo "ok: sheet-$lang prints on $printed A4 pages, each headed, the last saying \"$last\""
    fi
done

# Certificates: one A4 sheet per person, in Spanish (the Mexico workshop's people, by their
# country) and in Korean (--lang ko), of attendance with the shipped store's long objectives and
# of completion by a rule of days with the small store's.
sheets() { # sheets HTML PEOPLE: prints it to PDF beside it and checks it has a page per person
    pdf="${1%.html}.pdf"
    chrome --print-to-pdf="$pdf" "file://$1" >/dev/null
    printed=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
    size=$(pdfinfo "$pdf" | sed -n 's/^Page size:.*(\(.*\))/\1/p')
    if [ "$printed" = "$2" ] && [ "$size" = A4 ]; then
        echo "ok: $(basename "$1") prints on $printed A4 pages, one per person"
    else
        echo "FAILED: $(basename "$1") prints on $printed pages of ${size:-unknown size}, not $2 of A4"
        failures=$((failures + 1))
    fi
}
certified=$(mktemp -d)
cp -r "$records/." "$certified/shipped"
cp -r "$repo/tests/fixtures/small/." "$certified/small"
$gsef --records "$certified/small" event edit 2019-11-mexico --completion-min-days 2 2>/dev/null
$gsef --records "$certified/shipped" certificate 2019-11-mexico mx-001 mx-045 mx-111 --objectives \
    --output "$out/certificates-es.html" >/dev/null 2>&1
$gsef --records "$certified/shipped" --lang ko certificate 2019-11-mexico mx-001 mx-045 mx-111 \
    --objectives --output "$out/certificates-ko.html" >/dev/null 2>&1
$gsef --records "$certified/small" certificate 2019-11-mexico ana gus --completed --objectives \
    --output "$out/completed-es.html" >/dev/null 2>&1
$gsef --records "$certified/small" --lang ko certificate 2019-11-mexico ana gus --completed \
    --objectives --output "$out/completed-ko.html" >/dev/null 2>&1
for name in certificates-es certificates-ko completed-es completed-ko; do
    check "$out/$name.html" html 900,1200
done
sheets "$out/certificates-es.html" 3
sheets "$out/certificates-ko.html" 3
sheets "$out/completed-es.html" 2
sheets "$out/completed-ko.html" 2
rm -rf "$certified"

echo "screenshots and PDFs in $out"
[ "$failures" = 0 ] || { echo "$failures check(s) failed" >&2; exit 1; }
