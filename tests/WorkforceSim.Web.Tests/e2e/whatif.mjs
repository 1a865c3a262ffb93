// Drives the what-if page in Debian's headless Chromium (playwright-core, no browser download): loads the page,
// chooses a scenario, changes a lever, runs the comparison with the keyboard, waits for the results, downloads the
// edited scenario and the report, and takes screenshots. Prints one JSON object with what the page showed.
//
// Usage: node whatif.mjs URL OUT_DIR SCENARIO LEVER_LABEL VALUE REPLICATIONS
import { chromium } from 'playwright-core';
import path from 'node:path';
import fs from 'node:fs';

const [url, out, scenario, leverLabel, value, replications] = process.argv.slice(2);
if (!replications) {
  console.error('usage: node whatif.mjs URL OUT_DIR SCENARIO LEVER_LABEL VALUE REPLICATIONS');
  process.exit(64);
}
fs.mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'], // playwright gives the browser a new empty profile itself
});
const problems = [];
const step = (what) => console.error(`${new Date().toISOString()} ${what}`); // progress, shown when the test fails
try {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
  const external = [];
  page.on('request', (r) => { if (!r.url().startsWith(url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) external.push(r.url()); });

  page.setDefaultTimeout(120000); // generous: CI machines may be busy
  step('loading the page');
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector(`#scenario option[value="${scenario}"]`, { state: 'attached' });
  await page.selectOption('#scenario', scenario);
  const lever = page.getByLabel(leverLabel, { exact: true });
  await lever.waitFor();

  // Every form control has a label; the keyboard reaches the scenario list right after the skip link.
  const unlabelled = await page.$$eval('input, select', (els) => els.filter((e) => e.labels.length === 0 && !e.getAttribute('aria-label')).map((e) => e.id));
  const firstFocusable = await page.evaluate(() => document.querySelector('a[href], button, input, select').className);
  await page.focus('a.skip');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement.id);
  const focusOutline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);

  step('changing the lever');
  await lever.fill(value);
  const reps = page.getByLabel('Replications', { exact: true });
  await reps.fill(replications);
  await reps.press('Enter'); // submit with the keyboard

  step('waiting for the results');
  await page.locator('#results-body:not([hidden])').waitFor({ timeout: 150000 });
  await page.waitForFunction(() => [...document.querySelectorAll('#charts img')].every((i) => i.complete && i.naturalWidth > 0), null, { timeout: 60000 });

  const rows = await page.$$eval('#indicators tbody tr', (trs) => trs.map((tr) => ({
    id: tr.dataset.indicator,
    label: tr.querySelector('th').textContent,
    base: tr.cells[1].textContent,
    alternative: tr.cells[2].textContent,
    difference: tr.querySelector('td.diff').firstChild.textContent,
    value: Number(tr.querySelector('td.diff').dataset.value),
    ci: tr.cells[4].textContent,
  })));
  const headers = await page.$$eval('#indicators thead th', (ths) => ths.map((th) => `${th.getAttribute('scope')}:${th.textContent}`));
  const changes = await page.$$eval('#changes li', (lis) => lis.map((li) => li.textContent));
  const status = await page.textContent('#status');

  step('taking screenshots');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(out, 'whatif-page.png') });
  await page.screenshot({ path: path.join(out, 'whatif-full.png'), fullPage: true });

  step('downloading');
  const yamlDownload = page.waitForEvent('download');
  await page.click('#download-scenario');
  const yaml = await yamlDownload;
  const yamlPath = path.join(out, yaml.suggestedFilename());
  await yaml.saveAs(yamlPath);

  const formYamlDownload = page.waitForEvent('download');
  await page.click('#download-yaml');
  const formYaml = await formYamlDownload;
  const formYamlPath = path.join(out, 'form-' + formYaml.suggestedFilename());
  await formYaml.saveAs(formYamlPath);

  const reportDownload = page.waitForEvent('download');
  await page.click('#download-report');
  const report = await reportDownload;
  const reportPath = path.join(out, report.suggestedFilename());
  await report.saveAs(reportPath);

  console.log(JSON.stringify({ rows, headers, changes, status, unlabelled, firstFocusable, focused, focusOutline, external, problems, yaml: yamlPath, formYaml: formYamlPath, report: reportPath }));
} finally {
  await browser.close();
}
