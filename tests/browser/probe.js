// Injected into a copy of a page or chart gsef wrote, and run by headless Chromium once the page
// has laid out: lists what a reader would see wrong, as JSON in <pre id="gsef-check">, which
// check-pages.sh reads from the dumped DOM.
window.addEventListener("load", () => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth + 1) {
    problems.push(`the page is ${root.scrollWidth}px wide in a ${window.innerWidth}px window`);
  }
  // Text that runs out of its box: a heading, a cell, a caption.
  for (const element of document.querySelectorAll("h1, h2, h3, p, dt, dd, li, th, td, figcaption")) {
    if (element.scrollWidth > element.clientWidth + 1) {
      problems.push(`overflows its box: <${element.localName}> ${element.textContent.slice(0, 60)}`);
    }
  }
  // A box of fixed size that holds more than fits, such as a certificate's page, which clips
  // what would run past its sheet.
  for (const element of document.querySelectorAll(".certificate, .frame")) {
    if (element.scrollHeight > element.clientHeight + 1) {
      problems.push(`runs past its page: <${element.localName} class="${element.className}"> ${element.textContent.trim().slice(0, 60)}`);
    }
  }
  // Text of a chart outside the chart's own area, where the image cuts it off.
  for (const svg of document.querySelectorAll("svg")) {
    const width = svg.viewBox.baseVal.width || svg.width.baseVal.value;
    const height = svg.viewBox.baseVal.height || svg.height.baseVal.value;
    for (const text of svg.querySelectorAll("text")) {
      const box = text.getBBox();
      if (box.x < -0.5 || box.y < -0.5 || box.x + box.width > width + 0.5 || box.y + box.height > height + 0.5) {
        const span = `${box.x.toFixed(1)}..${(box.x + box.width).toFixed(1)} of ${width}`;
        problems.push(`chart text outside the chart: ${text.textContent.slice(0, 60)} (${span})`);
      }
    }
  }
  // Every character shown has a glyph: drawn in the page's fonts, it differs from a character
  // that no font has (a private-use code point), which would be drawn as the same empty box.
  const chart = document.querySelector("svg[font-family]");
  const family = chart ? chart.getAttribute("font-family") : getComputedStyle(document.body).fontFamily;
  const canvas = document.createElement("canvas");
  canvas.width = 48;
  canvas.height = 48;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const drawn = (character) => {
    context.clearRect(0, 0, 48, 48);
    context.font = `28px ${family}`;
    context.fillText(character, 6, 36);
    return context.getImageData(0, 0, 48, 48).data.join(",");
  };
  const nothing = drawn("\u{10FFFD}");
  const seen = new Set();
  for (const character of document.body.textContent) {
    if (/\s/u.test(character) || seen.has(character)) continue;
    seen.add(character);
    if (drawn(character) === nothing) {
      const code = character.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
      problems.push(`no glyph for ${character} (U+${code})`);
    }
  }
  const report = document.createElement("pre");
  report.id = "gsef-check";
  report.textContent = JSON.stringify({ characters: seen.size, problems });
  document.body.appendChild(report);
});
