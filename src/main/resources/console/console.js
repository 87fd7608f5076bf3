// The operator console: plain DOM over this server's REST API. Every call carries the signed-in token
// (kept in sessionStorage, so it lives only as long as the tab) and goes through the same authentication,
// scopes, rate limits, Host/Origin checks and audit log as any other client. Data is only ever put into
// the page as text, never as HTML.
'use strict';

const TOKEN_KEY = 'dbadmin.token';
const state = { tools: new Map(), tables: [], auditRequest: 0 };

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (name === 'onclick') node.addEventListener('click', value);
    else if (name === 'class') node.className = value;
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const $ = (selector) => document.querySelector(selector);

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

async function request(method, path, body) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (token()) headers.Authorization = 'Bearer ' + token();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  let json = null;
  try { json = await response.json(); } catch (ignored) { /* an empty or non-JSON body */ }
  if (response.status === 401 && !path.startsWith('/health')) {
    showSignIn(json && json.detail ? json.detail : 'Sign in to continue.');
  }
  return { ok: response.ok, status: response.status, body: json };
}

/** Calls a tool; a failure is returned as {ok: false, problem} (RFC 9457 body with our code). */
async function callTool(name, args) {
  const result = await request('POST', '/api/tools/' + encodeURIComponent(name), args || {});
  return result.ok ? { ok: true, body: result.body } : { ok: false, problem: result.body || { detail: 'HTTP ' + result.status } };
}

function problemText(problem) {
  return (problem.code ? problem.code + ': ' : '') + (problem.detail || problem.title || 'failed');
}

function has(tool) {
  return state.tools.has(tool);
}

// ---------------------------------------------------------------------------------------------------------
// Sign-in and tabs
// ---------------------------------------------------------------------------------------------------------

function showSignIn(message) {
  document.querySelectorAll('.tab').forEach((tab) => { tab.hidden = true; });
  $('#tabs').hidden = true;
  $('#signin').hidden = false;
  $('#signin-error').textContent = token() ? message : '';
  $('#who').replaceChildren();
}

async function start() {
  const catalogue = await request('GET', '/api/tools');
  if (!catalogue.ok) {
    if (catalogue.status !== 401) showSignIn('The tool catalogue could not be read (HTTP ' + catalogue.status + ').');
    return;
  }
  state.tools = new Map(catalogue.body.tools.map((tool) => [tool.name, tool]));
  $('#signin').hidden = true;
  $('#tabs').hidden = false;
  $('#who').replaceChildren(token() ? 'Signed in with a token' : 'Local access (no authentication configured)',
    token() ? el('button', { class: 'secondary', onclick: signOut }, 'Sign out') : '');
  fillToolOptions();
  renderToolList();
  showTab(location.hash.slice(1) || 'status');
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  location.hash = '';
  location.reload();
}

function showTab(name) {
  if (!document.getElementById(name) || !document.getElementById(name).classList.contains('tab')) name = 'status';
  document.querySelectorAll('.tab').forEach((tab) => { tab.hidden = tab.id !== name; });
  document.querySelectorAll('#tabs button').forEach((button) => button.classList.toggle('active', button.dataset.tab === name));
  if (location.hash.slice(1) !== name) history.replaceState(null, '', '#' + name);
  ({ status: loadStatus, backups: loadBackups, audit: loadAudit, tools: () => {} })[name]();
}

// ---------------------------------------------------------------------------------------------------------
// Status: /health and the newest backups
// ---------------------------------------------------------------------------------------------------------

/** Key/value pairs; nested objects one level deep as "parent child", anything deeper as JSON. */
function detailList(details) {
  const list = el('dl');
  const add = (key, value) => list.append(el('dt', {}, key.replace(/_/g, ' ')),
    el('dd', {}, value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value)));
  for (const [key, value] of Object.entries(details || {})) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value)) add(key + ' ' + inner, innerValue);
    } else {
      add(key, value);
    }
  }
  return list;
}

async function loadStatus() {
  const health = await request('GET', '/health');
  const cards = [];
  const body = health.body || {};
  cards.push(el('div', { class: 'card' },
    el('h4', {}, 'Overall', el('span', { class: 'badge ' + (body.status || 'UNKNOWN') }, body.status || 'HTTP ' + health.status)),
    detailList({ name: body.name })));
  for (const [name, component] of Object.entries(body.details || {})) {
    cards.push(el('div', { class: 'card', 'data-component': name },
      el('h4', {}, name, el('span', { class: 'badge ' + (component.status || '') }, component.status || '')),
      detailList(component.details)));
  }
  $('#health').replaceChildren(...cards);
  if (has('db_list_backups')) {
    const backups = await callTool('db_list_backups', { limit: 5 });
    $('#status-backups').replaceChildren(backups.ok
      ? (backups.body.backups.length ? backupTable(backups.body.backups, false) : el('p', {}, 'No backups yet.'))
      : el('p', { class: 'error' }, problemText(backups.problem)));
  } else {
    $('#status-backups').replaceChildren(el('p', {}, 'Listing backups needs the db:backup scope.'));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Backups: list, validate, back up, restore dry-run
// ---------------------------------------------------------------------------------------------------------

function size(bytes) {
  if (bytes === null || bytes === undefined) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes; let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
  return (unit ? value.toFixed(1) : value) + ' ' + units[unit];
}

function backupTable(backups, withActions) {
  const rows = backups.map((backup) => {
    const actions = el('td');
    if (withActions) {
      if (has('db_validate_backup')) actions.append(el('button', { onclick: () => validate(backup) }, 'Validate'));
      const restoreTool = backup.type === 'table' ? 'db_restore_table' : 'db_restore_full';
      if (backup.type !== 'export' && has(restoreTool)) {
        actions.append(' ', el('button', { onclick: () => restoreDryRun(backup, restoreTool) }, 'Restore dry-run'));
      }
    }
    return el('tr', { 'data-backup': backup.backup },
      el('td', {}, backup.backup), el('td', {}, backup.type), el('td', {}, backup.created || ''),
      el('td', {}, size(backup.size)), el('td', {}, backup.rows ?? ''), actions);
  });
  if (!withActions) {
    return el('table', {}, el('thead', {}, el('tr', {}, ['Backup', 'Type', 'Created', 'Size', 'Rows', ''].map((h) => el('th', {}, h)))),
      el('tbody', {}, rows));
  }
  return rows;
}

async function loadBackups() {
  const canBackUp = has('db_backup_full') || has('db_backup_table');
  $('#backup-full').hidden = !has('db_backup_full');
  $('#backup-table').hidden = !has('db_backup_table');
  $('#backup-table-name').parentElement.hidden = !has('db_backup_table');
  if (canBackUp && !state.tables.length && has('db_list_tables')) {
    const tables = await callTool('db_list_tables', { limit: 1000 });
    if (tables.ok) {
      state.tables = tables.body.tables.filter((table) => table.kind === 'table' || table.kind === 'partitioned_table')
        .map((table) => table.table);
      $('#backup-table-name').replaceChildren(...state.tables.map((name) => el('option', { value: name }, name)));
    }
  }
  if (!has('db_list_backups')) {
    $('#backup-message').textContent = 'Listing backups needs the db:backup scope.';
    return;
  }
  const list = await callTool('db_list_backups', { limit: 100 });
  if (!list.ok) {
    $('#backup-message').textContent = problemText(list.problem);
    return;
  }
  $('#backup-list tbody').replaceChildren(...backupTable(list.body.backups, true));
  if (!list.body.backups.length) {
    $('#backup-list tbody').replaceChildren(el('tr', {}, el('td', { colspan: 6 }, 'No backups yet.')));
  }
}

async function runBackup(tool, args, label) {
  const message = $('#backup-message');
  message.textContent = label + ' running…';
  document.querySelectorAll('#backups .toolbar button').forEach((button) => { button.disabled = true; });
  try {
    const result = await callTool(tool, args);
    message.textContent = result.ok ? label + ' written: ' + result.body.backup : problemText(result.problem);
    message.className = result.ok ? '' : 'error';
    await loadBackups();
  } finally {
    document.querySelectorAll('#backups .toolbar button').forEach((button) => { button.disabled = false; });
  }
}

function showReport(title, body) {
  $('#report-title').hidden = false;
  $('#report-title').textContent = title;
  $('#backup-report').hidden = false;
  $('#backup-report').textContent = JSON.stringify(body, null, 2);
}

async function validate(backup) {
  const result = await callTool('db_validate_backup', { backup_file: backup.backup });
  showReport('Validation of ' + backup.backup + (result.ok ? (result.body.valid ? ': valid' : ': NOT valid') : ': failed'),
    result.ok ? result.body : result.problem);
}

async function restoreDryRun(backup, tool) {
  // Rows that exist are reported as skipped: the dry run shows what a restore would add, then rolls back.
  const args = { backup_file: backup.backup, dry_run: true, on_conflict: 'skip' };
  if (tool === 'db_restore_table') args.table = backup.table;
  const result = await callTool(tool, args);
  showReport('Restore dry-run of ' + backup.backup + (result.ok ? ' (rolled back)' : ': failed'), result.ok ? result.body : result.problem);
}

// ---------------------------------------------------------------------------------------------------------
// Audit log: filters and before/after diffs
// ---------------------------------------------------------------------------------------------------------

function fillToolOptions() {
  const select = $('#audit-filters [name=operation]');
  select.replaceChildren(el('option', { value: '' }, 'any'),
    ...[...state.tools.keys()].sort().map((name) => el('option', { value: name }, name)));
}

async function loadAudit(event) {
  if (event) event.preventDefault();
  if (!has('db_query_audit_logs')) {
    $('#audit-summary').textContent = 'Reading the audit log needs the db:audit scope.';
    return;
  }
  const form = new FormData($('#audit-filters'));
  const args = { limit: 50 };
  for (const [name, value] of form.entries()) {
    if (value === '') continue;
    if (name === 'success') args.success = value === 'true';
    else if (name === 'start_date' || name === 'end_date') args[name] = new Date(value).toISOString();
    else args[name] = value;
  }
  // Only the newest request may fill the table: opening the tab and filtering right away start two.
  const request = ++state.auditRequest;
  const result = await callTool('db_query_audit_logs', args);
  if (request !== state.auditRequest) return;
  if (!result.ok) {
    $('#audit-summary').textContent = problemText(result.problem);
    return;
  }
  const { logs, total_count: total } = result.body;
  $('#audit-summary').textContent = logs.length + ' of ' + total + ' calls';
  $('#audit-list tbody').replaceChildren(...logs.map((log) => el('tr', { class: 'clickable', onclick: () => showAuditEntry(log) },
    el('td', {}, log.timestamp), el('td', {}, log.user_id), el('td', {}, log.operation), el('td', {}, log.table_name || ''),
    el('td', {}, el('span', { class: 'badge ' + (log.success ? 'ok' : 'bad') }, log.success ? 'ok' : (log.error_code || 'failed'))),
    el('td', {}, log.duration_ms))));
  $('#audit-detail').replaceChildren();
}

/** Before and after images side by side, row by row, changed values marked. */
function diffTable(before, after) {
  const olds = Array.isArray(before) ? before : before ? [before] : [];
  const news = Array.isArray(after) ? after : after ? [after] : [];
  const tables = [];
  for (let i = 0; i < Math.max(olds.length, news.length); i++) {
    const old = olds[i] || null; const now = news[i] || null;
    const columns = [...new Set([...Object.keys(old || {}), ...Object.keys(now || {})])];
    const rows = columns.map((column) => {
      const a = old ? JSON.stringify(old[column]) : undefined;
      const b = now ? JSON.stringify(now[column]) : undefined;
      const kind = !old ? 'added' : !now ? 'removed' : a !== b ? 'changed' : '';
      return el('tr', {}, el('td', {}, column), el('td', { class: kind }, a ?? ''), el('td', { class: kind }, b ?? ''));
    });
    tables.push(el('table', { class: 'diff' }, el('thead', {}, el('tr', {}, el('th', {}, 'column'), el('th', {}, 'before'), el('th', {}, 'after'))),
      el('tbody', {}, rows)));
  }
  return tables;
}

function showAuditEntry(log) {
  const detail = $('#audit-detail');
  const facts = { request_id: log.request_id, transport: log.transport, client: log.client_address, user_agent: log.user_agent,
    authenticated: log.authenticated, affected_ids: log.affected_ids, rows: log.row_count, error: log.error_message };
  detail.replaceChildren(el('h3', {}, log.operation + ' at ' + log.timestamp),
    el('div', { class: 'card' }, detailList(facts)));
  if (log.before_data || log.after_data) {
    detail.append(el('h3', {}, 'Changes'), ...diffTable(log.before_data, log.after_data));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Tools: the catalogue with a form per tool, built from its input schema
// ---------------------------------------------------------------------------------------------------------

function renderToolList() {
  $('#tool-list').replaceChildren(...[...state.tools.values()].map((tool) => el('li', { 'data-tool': tool.name, onclick: () => showToolForm(tool) },
    tool.name, el('small', {}, tool.group + ' · ' + tool.scope))));
}

function fieldFor(name, schema, required) {
  const label = name + (required ? ' *' : '');
  const help = schema.description ? el('small', {}, schema.description) : null;
  let input;
  if (Array.isArray(schema.enum)) {
    input = el('select', { name }, required ? null : el('option', { value: '' }, ''),
      ...schema.enum.map((value) => el('option', { value: JSON.stringify(value) }, String(value))));
    input.dataset.kind = 'json';
  } else if (schema.type === 'boolean') {
    input = el('select', { name }, el('option', { value: '' }, ''), el('option', { value: 'true' }, 'true'), el('option', { value: 'false' }, 'false'));
    input.dataset.kind = 'json';
  } else if (schema.type === 'integer' || schema.type === 'number') {
    input = el('input', { name, type: 'number', min: schema.minimum, max: schema.maximum });
    input.dataset.kind = 'number';
  } else if (schema.type === 'string') {
    input = el('input', { name, type: 'text', required });
    input.dataset.kind = 'string';
  } else {
    input = el('textarea', { name, placeholder: 'JSON' });
    input.dataset.kind = 'json';
  }
  return el('div', { class: 'form-field' }, el('label', {}, label, input, help));
}

function showToolForm(tool) {
  document.querySelectorAll('#tool-list li').forEach((item) => item.classList.toggle('active', item.dataset.tool === tool.name));
  const schema = tool.inputSchema || {};
  const required = new Set(schema.required || []);
  const output = el('pre', { id: 'tool-result' });
  const form = el('form', { id: 'tool-form', 'data-tool': tool.name },
    ...Object.entries(schema.properties || {}).map(([name, property]) => fieldFor(name, property, required.has(name))),
    el('button', { type: 'submit' }, 'Call ' + tool.name));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const args = {};
    try {
      for (const input of form.querySelectorAll('[name]')) {
        if (input.value === '') continue;
        args[input.name] = input.dataset.kind === 'number' ? Number(input.value)
          : input.dataset.kind === 'json' ? JSON.parse(input.value) : input.value;
      }
    } catch (error) {
      output.textContent = 'Not JSON: ' + error.message;
      return;
    }
    output.textContent = 'Calling…';
    const result = await callTool(tool.name, args);
    output.textContent = JSON.stringify(result.ok ? result.body : result.problem, null, 2);
  });
  const example = Array.isArray(schema.examples) && schema.examples.length
    ? el('p', {}, 'Example: ', el('code', {}, JSON.stringify(schema.examples[0]))) : null;
  $('#tool-form-area').replaceChildren(el('h3', {}, tool.title || tool.name), el('p', {}, tool.description), example, form, output);
}

// ---------------------------------------------------------------------------------------------------------

window.addEventListener('DOMContentLoaded', () => {
  $('#signin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('#token').value.trim());
    $('#token').value = '';
    start();
  });
  document.querySelectorAll('#tabs button').forEach((button) => button.addEventListener('click', () => showTab(button.dataset.tab)));
  $('#backup-full').addEventListener('click', () => runBackup('db_backup_full', {}, 'Full backup'));
  $('#backup-table').addEventListener('click', () => runBackup('db_backup_table', { table: $('#backup-table-name').value },
    'Backup of ' + $('#backup-table-name').value));
  $('#backups-refresh').addEventListener('click', loadBackups);
  $('#audit-filters').addEventListener('submit', loadAudit);
  start();
});
