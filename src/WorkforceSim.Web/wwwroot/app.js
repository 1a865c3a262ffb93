// WorkforceSim what-if page: plain JavaScript, no build step, talks to the JSON API described in docs/web.md.
'use strict';

const $ = (id) => document.getElementById(id);
const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

const state = {
  scenario: null,     // detail of the chosen scenario (GET /api/scenarios/{id})
  fields: new Map(),  // request field ("levers.<id>", "years", ...) -> { input, error, field, initial }
  job: null,          // the run in progress: { url } once the server answered 202
  controller: null,   // aborts the initial POST
  validateTimer: 0,
};

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

function setStatus(text) { $('status').textContent = text; }

function showErrors(container, title, items) {
  container.replaceChildren();
  if (!title && items.length === 0) return;
  if (title) container.append(el('p', { text: title }));
  if (items.length) container.append(el('ul', {}, ...items.map((t) => el('li', {}, el('code', { text: t })))));
}

async function api(method, url, body, signal) {
  const init = { method, signal, headers: {} };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(url, init);
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json() : await res.text();
  return { res, data };
}

// ---- scenario and form --------------------------------------------------------------------------------------------

async function loadScenarios() {
  const { res, data } = await api('GET', '/api/scenarios');
  if (!res.ok) { showErrors($('form-errors'), data.error ? data.error.message : 'The scenario list could not be loaded.', []); return; }
  const select = $('scenario');
  select.replaceChildren();
  for (const s of data.scenarios) {
    const label = s.valid ? `${s.title} (${s.id})` : `${s.id} — has ${s.error_count} error(s)`;
    select.append(el('option', { value: s.id, text: label }));
  }
  const wanted = new URLSearchParams(location.search).get('scenario');
  if (wanted && data.scenarios.some((s) => s.id === wanted)) select.value = wanted;
  await chooseScenario(select.value);
}

async function chooseScenario(id) {
  clearResults();
  showErrors($('scenario-errors'), '', []);
  showErrors($('form-errors'), '', []);
  const { res, data } = await api('GET', `/api/scenarios/${encodeURIComponent(id)}`);
  if (!res.ok) { showErrors($('scenario-errors'), data.error.message, []); return; }
  state.scenario = data;
  $('scenario-description').textContent = data.description || '';
  if (!data.valid) {
    showErrors($('scenario-errors'), `The file ${data.file} has errors; fix it and reload the page:`, data.diagnostics.map((d) => d.text));
  }
  buildLevers(data);
  buildSettings(data);
  $('run').disabled = !data.valid;
  $('download-yaml').disabled = !data.valid;
}

function rangeText(min, max, unit) {
  if (min !== null && max !== null) return `${fmt.format(min)} to ${fmt.format(max)}`;
  if (min !== null) return `at least ${fmt.format(min)}`;
  if (max !== null) return `at most ${fmt.format(max)}`;
  return 'any number';
}

function numberField(key, index, spec) {
  const id = `field-${index}`;
  const input = el('input', {
    type: 'number', id, name: key, value: spec.value, step: spec.step,
    min: spec.min, max: spec.max, inputmode: 'decimal', 'aria-describedby': `${id}-hint ${id}-error`,
  });
  const error = el('p', { class: 'error', id: `${id}-error` });
  const reset = el('button', { type: 'button', class: 'link', hidden: true, text: 'Reset', 'aria-label': `Reset ${spec.label} to ${fmt.format(spec.initial)}` });
  const hintParts = [spec.help, `Range: ${rangeText(spec.min, spec.max)}${spec.whole ? ', whole numbers' : ''}.`, `Scenario: ${fmt.format(spec.initial)}.`, spec.note];
  const field = el('div', { class: 'field' },
    el('label', { for: id, text: spec.label }),
    el('div', { class: 'row' }, input, el('span', { class: 'unit', text: spec.unit }), reset),
    el('p', { class: 'hint', id: `${id}-hint`, text: hintParts.filter(Boolean).join(' ') }),
    error);
  const entry = { input, error, field, initial: spec.initial };
  const changed = () => {
    const same = input.value !== '' && Number(input.value) === spec.initial;
    field.classList.toggle('changed', !same);
    reset.hidden = same;
    scheduleValidate();
  };
  input.addEventListener('input', changed);
  reset.addEventListener('click', () => { input.value = spec.initial; changed(); input.focus(); });
  entry.reset = () => { input.value = spec.initial; field.classList.remove('changed'); reset.hidden = true; };
  state.fields.set(key, entry);
  return field;
}

function buildLevers(data) {
  state.fields.clear();
  const box = $('levers');
  box.replaceChildren();
  const levers = data.levers || [];
  if (levers.length === 0) { box.append(el('p', { class: 'hint', text: 'This scenario has no levers.' })); return; }
  const groups = new Map();
  for (const l of levers) { if (!groups.has(l.group)) groups.set(l.group, []); groups.get(l.group).push(l); }
  let i = 0;
  for (const [group, items] of groups) {
    const fs = el('fieldset', {}, el('legend', { text: group }));
    for (const l of items) {
      fs.append(numberField(`levers.${l.id}`, i++, {
        label: l.label, unit: l.unit, help: l.help, note: l.note, value: l.value, initial: l.value,
        min: l.min, max: l.max, step: l.step, whole: l.whole_number,
      }));
    }
    box.append(fs);
  }
}

function buildSettings(data) {
  const box = $('settings');
  box.replaceChildren();
  if (!data.settings) return;
  const s = data.settings;
  let i = 1000;
  for (const key of ['years', 'replications']) {
    const v = s[key];
    box.append(numberField(key, i++, {
      label: v.label, unit: v.unit, value: v.value, initial: v.value, min: v.min, max: v.max, step: v.step, whole: true,
      help: key === 'replications' ? `More replications give tighter intervals and take longer (the scenario asks for ${fmt.format(v.scenario_value)}).` : `The scenario simulates ${v.scenario_value} years from ${data.start_year}.`,
    }));
  }
  const id = 'field-seed';
  const input = el('input', { type: 'text', id, name: 'seed', value: s.seed.value, inputmode: 'numeric', pattern: '[0-9]+', 'aria-describedby': `${id}-hint ${id}-error` });
  const error = el('p', { class: 'error', id: `${id}-error` });
  const field = el('div', { class: 'field' }, el('label', { for: id, text: s.seed.label }), el('div', { class: 'row' }, input),
    el('p', { class: 'hint', id: `${id}-hint`, text: s.seed.help }), error);
  input.addEventListener('input', () => { field.classList.toggle('changed', input.value !== s.seed.value); scheduleValidate(); });
  state.fields.set('seed', { input, error, field, initial: s.seed.value, reset: () => { input.value = s.seed.value; field.classList.remove('changed'); } });
  box.append(field);
}

function requestBody() {
  const body = { scenario: state.scenario.id, levers: {} };
  for (const [key, f] of state.fields) {
    const raw = f.input.value.trim();
    if (key === 'seed') { body.seed = raw; continue; }
    const value = raw === '' ? NaN : Number(raw);
    if (key.startsWith('levers.')) { if (value !== f.initial) body.levers[key.slice(7)] = value; } else body[key] = value;
  }
  return body;
}

/** Problems the browser can see before asking the server: empty or non-numeric inputs. */
function localProblems() {
  const problems = [];
  for (const [key, f] of state.fields) {
    const raw = f.input.value.trim();
    const ok = key === 'seed' ? /^[0-9]+$/.test(raw) : raw !== '' && Number.isFinite(Number(raw));
    if (!ok) problems.push({ field: key, message: key === 'seed' ? 'the seed must be a whole number of digits' : 'enter a number' });
  }
  return problems;
}

function clearFieldErrors() {
  for (const f of state.fields.values()) { f.error.textContent = ''; f.input.removeAttribute('aria-invalid'); }
  showErrors($('form-errors'), '', []);
}

/** Shows diagnostics next to their fields; the rest (problems in the scenario file) in the form's error box. */
function showDiagnostics(diagnostics, title) {
  clearFieldErrors();
  const loose = [];
  for (const d of diagnostics) {
    const f = d.field && state.fields.get(d.field);
    if (f) {
      f.error.textContent = (f.error.textContent ? f.error.textContent + ' ' : '') + `${d.message} (${d.code})`;
      f.input.setAttribute('aria-invalid', 'true');
    } else loose.push(d.text || d.message);
  }
  if (loose.length || title) showErrors($('form-errors'), title || 'The scenario has problems:', loose);
}

function scheduleValidate() {
  clearTimeout(state.validateTimer);
  state.validateTimer = setTimeout(validate, 350);
}

async function validate() {
  if (!state.scenario || !state.scenario.valid) return true;
  const local = localProblems();
  if (local.length) { showDiagnostics(local.map((p) => ({ field: p.field, message: p.message, code: 'form' })), ''); return false; }
  const { res, data } = await api('POST', '/api/validate', requestBody());
  if (!res.ok) { showDiagnostics(data.error.diagnostics || [], data.error.message); return false; }
  const errors = data.diagnostics.filter((d) => d.severity === 'error');
  showDiagnostics(data.diagnostics, errors.length ? `${errors.length} value(s) need fixing before the run.` : (data.limit ? data.limit : ''));
  if (!errors.length && !data.limit) showErrors($('form-errors'), '', []);
  return errors.length === 0 && !data.limit;
}

// ---- running ------------------------------------------------------------------------------------------------------

function setBusy(busy) {
  $('run').disabled = busy;
  $('cancel').disabled = !busy;
  $('scenario').disabled = busy;
  $('progress').hidden = !busy;
  if (busy) { $('progress').removeAttribute('value'); }
}

function showProgress(job) {
  const p = job.progress;
  if (p && p.total > 0) {
    $('progress').max = p.total;
    $('progress').value = p.done;
    setStatus(`Running… ${p.done} of ${p.total} replications (${Math.round(job.elapsed_seconds)} s)`);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function run(event) {
  if (event) event.preventDefault();
  if (!state.scenario || !state.scenario.valid) return;
  clearTimeout(state.validateTimer);
  const local = localProblems();
  if (local.length) { showDiagnostics(local.map((p) => ({ field: p.field, message: p.message, code: 'form' })), 'Some values need fixing.'); setStatus('Not run: fix the marked values.'); return; }
  clearFieldErrors();
  setBusy(true);
  setStatus('Running…');
  state.controller = new AbortController();
  state.job = null;
  try {
    let { res, data } = await api('POST', '/api/compare', requestBody(), state.controller.signal);
    if (res.status === 202) {
      state.job = data;
      showProgress(data);
      while (data.status === 'running') {
        await sleep(250);
        ({ res, data } = await api('GET', state.job.url));
        if (!res.ok) break;
        showProgress(data);
      }
    }
    if (data.error && !data.status) {
      showDiagnostics(data.error.diagnostics || [], data.error.message);
      setStatus('Not run: ' + data.error.message);
    } else if (data.status === 'done') {
      render(data.result);
      setStatus(`Done in ${data.result.timing.seconds.toFixed(2)} s.`);
    } else if (data.status === 'cancelled') {
      setStatus('Cancelled: ' + (data.message || 'the run was stopped.'));
    } else {
      setStatus('The run failed: ' + (data.error ? data.error.message : res.status));
    }
  } catch (e) {
    setStatus(e.name === 'AbortError' ? 'Cancelled.' : 'The server could not be reached: ' + e.message);
  } finally {
    state.job = null;
    state.controller = null;
    setBusy(false);
  }
}

async function cancel() {
  setStatus('Cancelling…');
  if (state.job) await api('DELETE', state.job.url);
  else if (state.controller) state.controller.abort();
}

// ---- results ------------------------------------------------------------------------------------------------------

function clearResults() {
  $('results-body').hidden = true;
  $('results-empty').hidden = false;
}

function render(r) {
  $('results-empty').hidden = true;
  $('results-body').hidden = false;
  const last = r.start_year + r.years - 1;
  $('results-summary').textContent =
    `Your version (${r.alternative_label}) against ${r.scenario.title} as filed (${r.base_label}): ${r.start_year}–${last}, ` +
    `${fmt.format(r.replications)} replications each, seed ${r.seed}, the same random numbers on both sides.`;

  const changes = $('changes');
  changes.replaceChildren(el('h3', { text: 'What you changed' }));
  if (r.changes.length === 0) changes.append(el('p', { class: 'hint', text: 'Nothing: your version is the scenario as filed, so every difference is exactly zero.' }));
  else changes.append(el('ul', {}, ...r.changes.map((c) => el('li', {}, el('code', { text: c.path }), `: ${c.base_value} → ${c.alternative_value}`))));

  const body = $('indicators').tBodies[0];
  body.replaceChildren();
  for (const k of r.indicators) {
    const d = k.difference;
    const direction = !d.significant ? 'flat' : d.mean > 0 ? 'up' : 'down';
    const diffCell = el('td', { class: `diff ${direction}`, 'data-indicator': k.id, 'data-value': d.mean, text: d.text });
    if (!d.significant) diffCell.append(el('span', { class: 'visually-hidden', text: ' (not distinguishable from zero)' }));
    body.append(el('tr', { 'data-indicator': k.id },
      el('th', { scope: 'row', text: k.label }),
      el('td', { text: k.base ? k.base.text : 'n/a' }),
      el('td', { text: k.alternative ? k.alternative.text : 'n/a' }),
      diffCell,
      el('td', { text: d.ci_text })));
  }
  $('explanation').textContent = r.explanation ? 'Why the interval is tight — ' + r.explanation : '';

  const charts = $('charts');
  charts.replaceChildren();
  for (const c of r.charts) {
    charts.append(el('figure', {},
      el('img', { src: c.url, alt: `${c.title}. ${c.caption}`, width: 1000, height: 600, loading: 'lazy' }),
      el('figcaption', { text: c.caption })));
  }
  $('download-report').href = r.downloads.report;
  $('download-scenario').href = r.downloads.scenario;
  const t = r.timing;
  $('timing').textContent = `Simulated ${fmt.format(t.simulated_teacher_years)} teacher-years in ${t.simulation_seconds.toFixed(2)} s` +
    (t.teacher_years_per_second ? ` (${(t.teacher_years_per_second / 1e6).toFixed(1)} M/s)` : '') +
    (t.base_reused ? '; the scenario as filed was reused from an earlier run with the same settings' : '') +
    `; answered in ${t.seconds.toFixed(2)} s.`;
}

async function downloadYaml() {
  if (!state.scenario || !state.scenario.valid) return;
  const res = await fetch('/api/export', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(requestBody()) });
  if (!res.ok) {
    const data = await res.json();
    showDiagnostics(data.error.diagnostics || [], data.error.message);
    setStatus('Not exported: fix the marked values.');
    return;
  }
  const name = (res.headers.get('Content-Disposition') || '').match(/filename="([^"]+)"/);
  const url = URL.createObjectURL(await res.blob());
  const a = el('a', { href: url, download: name ? name[1] : 'scenario.yaml' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  setStatus('The edited scenario was downloaded; check it with: wsim validate ' + (name ? name[1] : 'FILE'));
}

function resetAll() {
  for (const [key, f] of state.fields) if (key.startsWith('levers.')) f.reset();
  scheduleValidate();
}

document.addEventListener('DOMContentLoaded', () => {
  $('whatif').addEventListener('submit', run);
  $('cancel').addEventListener('click', cancel);
  $('download-yaml').addEventListener('click', downloadYaml);
  $('reset-all').addEventListener('click', resetAll);
  $('scenario').addEventListener('change', (e) => chooseScenario(e.target.value));
  loadScenarios().catch((e) => setStatus('The page could not load the scenarios: ' + e.message));
});
