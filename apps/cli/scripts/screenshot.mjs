#!/usr/bin/env node
// Screenshot of a demo report for the docs: node scripts/screenshot.mjs <run>/report.html [out.png]
// Headless Debian Chromium via playwright-core (no browser download): /usr/bin/chromium or $ALBERT_CHROMIUM.
import { resolve } from 'node:path';
import { launchChromium } from '@albert-ts/test-support/browser';

const [report, target = resolve(import.meta.dirname, '..', '..', '..', 'docs', 'report-screenshot.png')] =
  process.argv.slice(2);
if (!report) {
  console.error('usage: node scripts/screenshot.mjs <report.html> [out.png]');
  process.exit(2);
}
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1160, height: 900 }, deviceScaleFactor: 1 });
await page.goto('file://' + resolve(report));
// The top of the report: summary, tokenizer, pretraining curves, the first task.
await page.screenshot({ path: target, fullPage: true, clip: { x: 0, y: 0, width: 1160, height: 2000 } });
await browser.close();
console.log(`wrote ${target}`);
