#!/usr/bin/env node
/**
 * Writes resources/icon.svg (the RunBrain mark: a brain drawn as a graph of nodes) and renders it
 * to resources/icon.png (512×512, transparent corners) with a headless Chromium through
 * playwright-core. Run: `node resources/generate-icon.mjs` (RUNBRAIN_CHROMIUM overrides the
 * browser path, default /usr/bin/chromium). Both outputs are committed; electron-builder derives
 * .icns/.ico from the PNG.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const SIZE = 512;

// One hemisphere; the other is its mirror image across x = 256.
const left = {
  top: [234, 134],
  crown: [176, 150],
  front: [126, 206],
  temple: [116, 280],
  jaw: [158, 342],
  base: [228, 372],
  inner: [184, 234],
  deep: [200, 302],
};
const edges = [
  ['top', 'crown'],
  ['crown', 'front'],
  ['front', 'temple'],
  ['temple', 'jaw'],
  ['jaw', 'base'],
  ['crown', 'inner'],
  ['front', 'inner'],
  ['top', 'inner'],
  ['inner', 'deep'],
  ['temple', 'deep'],
  ['jaw', 'deep'],
  ['deep', 'base'],
  ['inner', 'temple'],
];
const mirror = ([x, y]) => [SIZE - x, y];
const right = Object.fromEntries(Object.entries(left).map(([k, p]) => [k, mirror(p)]));

const line = ([x1, y1], [x2, y2], cls = 'edge') => `<line class="${cls}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}"/>`;
const dot = ([x, y], r, cls = 'node') => `<circle class="${cls}" cx="${x}" cy="${y}" r="${r}"/>`;
const interior = new Set(['inner', 'deep']);

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
  <title>RunBrain</title>
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#6366f1"/>
      <stop offset="0.55" stop-color="#4f46e5"/>
      <stop offset="1" stop-color="#312e81"/>
    </linearGradient>
    <radialGradient id="glow" cx="0.3" cy="0.2" r="0.9">
      <stop offset="0" stop-color="#ffffff" stop-opacity="0.22"/>
      <stop offset="1" stop-color="#ffffff" stop-opacity="0"/>
    </radialGradient>
    <style>
      .edge { stroke: #ffffff; stroke-opacity: 0.55; stroke-width: 9; stroke-linecap: round; }
      .bridge { stroke: #ffffff; stroke-opacity: 0.35; stroke-width: 7; stroke-linecap: round; stroke-dasharray: 2 14; }
      .node { fill: #ffffff; }
      .core { fill: #e0e7ff; }
      .spark { fill: #fbbf24; }
      .halo { fill: #fbbf24; fill-opacity: 0.28; }
    </style>
  </defs>
  <rect x="16" y="16" width="480" height="480" rx="112" fill="url(#bg)"/>
  <rect x="16" y="16" width="480" height="480" rx="112" fill="url(#glow)"/>
  ${edges.map(([a, b]) => line(left[a], left[b]) + line(right[a], right[b])).join('\n  ')}
  ${line(left.top, right.top, 'bridge')}
  ${line(left.inner, right.inner, 'bridge')}
  ${line(left.base, right.base, 'bridge')}
  ${Object.entries(left)
    .map(([k, p]) => dot(p, interior.has(k) ? 13 : 17, interior.has(k) ? 'core' : 'node'))
    .join('\n  ')}
  ${Object.entries(right)
    .filter(([k]) => k !== 'inner')
    .map(([k, p]) => dot(p, interior.has(k) ? 13 : 17, interior.has(k) ? 'core' : 'node'))
    .join('\n  ')}
  ${dot(right.inner, 30, 'halo')}
  ${dot(right.inner, 18, 'spark')}
</svg>
`;

writeFileSync(join(here, 'icon.svg'), svg);

const browser = await chromium.launch({
  executablePath: process.env.RUNBRAIN_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: join(here, 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
console.log('wrote resources/icon.svg and resources/icon.png');
