import { api, ApiError } from '../api.ts';
import { fmt, h, replace, type Child } from '../dom.ts';
import { canSeePeople, type PageContext } from '../context.ts';

/** A problem in an input file, as the import report carries it (src/ingest/problems.ts). */
interface Problem {
  severity: 'error' | 'warning';
  file: string;
  line: number;
  column: string | null;
  value: string | null;
  rule: string;
  message: string;
}

interface FileReport {
  file: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  rowsWarned: number;
  problemCounts: Record<string, number>;
  problems: Problem[];
}

/** An import's report (src/app/recorded-import.ts, with the HMIS section of src/app/import-hmis.ts). */
interface ImportReport {
  importId: number;
  community: string;
  status: 'succeeded' | 'failed';
  summary: string;
  format: string | null;
  files: FileReport[];
  merged: { personsAdded: number; personsChanged: number; changesAdded: number; changesChanged: number; personsRemoved: number } | null;
  derivation: { people: number; transitions: number; months: number } | null;
  rejectsFile: string | null;
  hmis?: {
    version: string;
    csvVersion: string;
    exportId: string;
    exportStart: string | null;
    exportEnd: string | null;
    merged: { file: string; added: number; changed: number; deleted: number; unchanged: number }[];
    rederived: 'everyone' | number;
    statuses: { people: number; onList: number; changes: number; warnings: Record<string, number> };
  } | null;
}

interface ImportRun {
  importId: number;
  kind: string;
  source: string;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  summary: string | null;
  report?: ImportReport | Record<string, never>;
}

/** The examples a report carries for one rule (src/ingest/problems.ts MAX_EXAMPLES_PER_RULE). */
const EXAMPLES_PER_RULE = 20;

const plural = (n: number, one: string, many = `${one}s`) => `${fmt(n)} ${n === 1 ? one : many}`;
const when = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC') : '—');
/** A file name that may wrap between its words (EmploymentEducation.csv → Employment·Education·.csv), never inside one. */
function fileName(name: string): Child[] {
  const parts = name.replace(/([a-z])([A-Z])/g, '$1\n$2').replace(/(.)\.csv$/i, '$1\n.csv').split('\n');
  return parts.flatMap((part, i): Child[] => (i === 0 ? [part] : [h('wbr'), part]));
}
const megabytes = (bytes: number) => `${(bytes / 1024 ** 2).toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 })} MB`;
/** An upload is kept in a private temporary file while it is read: its path means nothing to a reader. */

/**
 * Data: upload an HMIS export (with a real progress bar while it is sent), read its
 * import report (rows per file, problems grouped by file and rule with the examples
 * the report keeps), and the history of imports, each with its report at
 * `#/{community}/data/{importId}`. Reports quote rows of the export: data stewards
 * and admins only, and the server records every report opened in the audit log.
 */
export async function dataPage(ctx: PageContext): Promise<void> {
  const base = `/api/communities/${encodeURIComponent(ctx.community.slug)}`;
  if (!canSeePeople(ctx.community.role)) {
    replace(ctx.main, h('h1', {}, 'Data'), refusal(ctx));
    return;
  }
  const id = ctx.args[0];
  if (id !== undefined) {
    if (!/^[1-9]\d{0,15}$/.test(id)) throw new Error(`"${id}" is not an import number.`);
    const run = await api.get<ImportRun>(`${base}/imports/${id}`);
    replace(
      ctx.main,
      h('p', { class: 'crumbs' }, h('a', { href: `#/${ctx.community.slug}/data` }, '← All imports')),
      h('h1', {}, `Import ${run.importId}`),
      personLevelNote(),
      h(
        'dl',
        { class: 'facts compact' },
        fact('Kind', run.kind === 'hmis' ? 'HMIS export' : run.kind === 'bnl' ? 'By-Name List files' : run.kind),
        fact('Source', run.source),
        fact('Started', when(run.startedAt)),
        fact('Finished', run.finishedAt ? when(run.finishedAt) : 'still running'),
        fact('Status', statusWord(run.status)),
      ),
      run.report && 'importId' in run.report ? reportView(run.report as ImportReport, 2) : h('p', {}, run.summary ?? 'This import has no report yet.'),
    );
    return;
  }

  const history = h('section', { 'aria-labelledby': 'h-history' }, h('h2', { id: 'h-history' }, 'Imports'), h('p', { class: 'loading' }, 'Loading the imports…'));
  const result = h('div', { class: 'import-result', 'aria-live': 'polite' });
  replace(
    ctx.main,
    h('h1', {}, 'Data'),
    personLevelNote(),
    uploadForm(ctx, base, result, () => void loadHistory(ctx, base, history)),
    bnlUploadForm(ctx, base, result, () => void loadHistory(ctx, base, history)),
    result,
    history,
  );
  await loadHistory(ctx, base, history);
}

function personLevelNote(): HTMLElement {
  return h(
    'p',
    { class: 'person-level-note' },
    h('strong', {}, 'Person-level data. '),
    'Import reports quote rows of the export, so they are visible only to data stewards and admins, and every report opened is recorded in the audit log.',
  );
}

function refusal(ctx: PageContext): HTMLElement {
  return h(
    'p',
    { class: 'error', role: 'alert' },
    `This page holds person-level data: only data stewards and admins of ${ctx.community.name} can see it. Your role here is ${ctx.community.role ?? 'a public view'}.`,
  );
}

/** The progress bar of an upload: bytes sent, then an indeterminate bar while the server imports. */
function uploadStatus(id: string) {
  const text = h('span', { class: 'progress-text' });
  const bar = h('progress', { id, max: 1, value: 0 });
  const label = h('label', { for: id }, 'Upload');
  const element = h('div', { class: 'upload-status', role: 'status', hidden: true }, label, bar, text);
  return {
    element,
    start(total: number): void {
      bar.max = total || 1;
      bar.value = 0;
      label.textContent = 'Upload';
      text.textContent = `0.0 MB of ${megabytes(total)} sent`;
      element.hidden = false;
    },
    sent(done: number, total: number): void {
      bar.max = total || 1;
      bar.value = done;
      text.textContent = done >= total ? `${megabytes(total)} sent; importing…` : `${megabytes(done)} of ${megabytes(total)} sent`;
      if (done >= total) {
        // Sent: the server is reading the files now. An indeterminate bar says so.
        bar.removeAttribute('value');
        label.textContent = 'Importing';
      }
    },
    hide(): void {
      element.hidden = true;
    },
  };
}

/** Sends a form's upload, shows its progress, then its report; `done` refreshes the history. */
function submitUpload(
  form: HTMLFormElement,
  controls: HTMLInputElement[],
  button: HTMLButtonElement,
  status: ReturnType<typeof uploadStatus>,
  result: HTMLElement,
  send: (onProgress: (sent: number, total: number) => void) => Promise<{ report: ImportReport | null; error: string | null }>,
  total: number,
  done: () => void,
): void {
  button.disabled = true;
  for (const c of controls) c.disabled = true;
  status.start(total);
  replace(result);
  void send((sent, all) => status.sent(sent, all))
    .then(({ report, error }) => {
      status.hide();
      replace(result, error ? h('p', { class: 'error', role: 'alert' }, error) : null, report ? reportView(report, 2, true) : null);
      result.querySelector<HTMLElement>('h2')?.focus();
      done();
    })
    .finally(() => {
      button.disabled = false;
      for (const c of controls) c.disabled = false;
      form.reset();
    });
}

function uploadForm(ctx: PageContext, base: string, result: HTMLElement, done: () => void): HTMLElement {
  const input = h('input', { type: 'file', id: 'hmis-zip', name: 'export', accept: '.zip,application/zip', required: true, 'aria-describedby': 'hmis-zip-help' });
  const button = h('button', { type: 'submit' }, 'Upload and import');
  const status = uploadStatus('upload-progress');
  const form = h(
    'form',
    { class: 'upload', 'aria-labelledby': 'h-upload' },
    h('h2', { id: 'h-upload' }, 'Import an HMIS export'),
    h('label', { for: 'hmis-zip' }, 'HMIS CSV export (a .zip of its CSV files)'),
    h(
      'p',
      { id: 'hmis-zip-help', class: 'note' },
      `HUD FY2024 or FY2026 CSV export. It is merged into ${ctx.community.name}'s records by HMIS ids and the By-Name List is derived again; nothing changes if the export has rows with errors.`,
    ),
    h('div', { class: 'upload-row' }, input, button),
    status.element,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const file = input.files?.[0];
    if (!file) return;
    submitUpload(form, [input], button, status, result, (onProgress) => upload(`${base}/imports/hmis`, file, file.size, onProgress), file.size, done);
  });
  return form;
}

function bnlUploadForm(ctx: PageContext, base: string, result: HTMLElement, done: () => void): HTMLElement {
  const persons = h('input', { type: 'file', id: 'bnl-persons', name: 'persons', accept: '.csv,text/csv', required: true });
  const history = h('input', { type: 'file', id: 'bnl-history', name: 'status_history', accept: '.csv,text/csv', required: true });
  const whole = h('input', { type: 'checkbox', id: 'bnl-replace', name: 'replace' });
  const button = h('button', { type: 'submit' }, 'Upload the files and import');
  const status = uploadStatus('bnl-upload-progress');
  const form = h(
    'form',
    { class: 'upload', 'aria-labelledby': 'h-bnl-upload', 'aria-describedby': 'bnl-help' },
    h('h2', { id: 'h-bnl-upload' }, 'Import By-Name List files'),
    h(
      'p',
      { id: 'bnl-help', class: 'note' },
      `For a community that keeps its own list: persons.csv and status-history.csv as docs/formats/bnl-csv.md describes. They are merged into ${ctx.community.name}'s list and the figures are derived again; nothing changes if a file has rows with errors.`,
    ),
    h('div', { class: 'field' }, h('label', { for: 'bnl-persons' }, 'persons.csv'), persons),
    h('div', { class: 'field' }, h('label', { for: 'bnl-history' }, 'status-history.csv'), history),
    h('div', { class: 'field check' }, whole, h('label', { for: 'bnl-replace' }, 'These files are the whole list: remove people they do not hold')),
    h('div', { class: 'upload-row' }, button),
    status.element,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const p = persons.files?.[0];
    const s = history.files?.[0];
    if (!p || !s) return;
    const body = new FormData();
    body.append('persons', p, p.name);
    body.append('status_history', s, s.name);
    const total = p.size + s.size;
    const url = `${base}/imports/bnl${whole.checked ? '?replace=true' : ''}`;
    submitUpload(form, [persons, history, whole], button, status, result, (onProgress) => upload(url, body, total, onProgress), total, done);
  });
  return form;
}

/**
 * Sends an upload with XMLHttpRequest rather than fetch: only XHR reports the bytes
 * sent, so the progress bar is real. A zip goes as the body itself, streamed by the
 * browser with Content-Type application/zip; By-Name List files go as a form, whose
 * multipart Content-Type (with its boundary) the browser sets.
 */
async function upload(url: string, body: File | FormData, size: number, onProgress: (sent: number, total: number) => void): Promise<{ report: ImportReport | null; error: string | null }> {
  let csrf: string;
  try {
    csrf = (await api.get<{ csrf_token: string }>('/api/me')).csrf_token;
  } catch (e) {
    return { report: null, error: (e as Error).message };
  }
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    if (body instanceof File) xhr.setRequestHeader('content-type', 'application/zip');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.responseType = 'json';
    onProgress(0, size);
    xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : size));
    xhr.upload.addEventListener('load', () => onProgress(size, size));
    xhr.addEventListener('load', () => {
      const answer = xhr.response as (ImportReport & { error?: string; report?: ImportReport }) | null;
      if (xhr.status === 401) location.href = `/login?next=${encodeURIComponent(location.pathname + location.hash)}`;
      if (xhr.status >= 200 && xhr.status < 300 && answer) resolve({ report: answer, error: null });
      else resolve({ report: answer?.report ?? null, error: answer?.error ?? `The server answered ${xhr.status}.` });
    });
    xhr.addEventListener('error', () => resolve({ report: null, error: 'The upload did not reach the server: check the connection and try again.' }));
    xhr.addEventListener('abort', () => resolve({ report: null, error: 'The upload was stopped.' }));
    xhr.send(body);
  });
}

async function loadHistory(ctx: PageContext, base: string, section: HTMLElement): Promise<void> {
  let runs: ImportRun[];
  try {
    runs = await api.get<ImportRun[]>(`${base}/imports`);
  } catch (e) {
    replace(section, h('h2', { id: 'h-history' }, 'Imports'), h('p', { class: 'error' }, e instanceof ApiError ? e.message : 'The imports could not be loaded.'));
    return;
  }
  replace(
    section,
    h('h2', { id: 'h-history' }, 'Imports'),
    runs.length === 0
      ? h('p', {}, `Nothing has been imported into ${ctx.community.name} yet.`)
      : h(
          'div',
          { class: 'table-wrap cards-wrap' },
          h(
            'table',
            { class: 'imports cards' },
            h('caption', {}, `Imports into ${ctx.community.name}, newest first`),
            h('thead', {}, h('tr', {}, ['Import', 'Kind', 'From', 'Started', 'Status', 'What happened'].map((c) => h('th', { scope: 'col' }, c)))),
            h(
              'tbody',
              {},
              runs.map((r) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row', 'data-label': 'Import', class: 'nowrap' }, h('a', { href: `#/${ctx.community.slug}/data/${r.importId}` }, `Report ${r.importId}`)),
                  h('td', { 'data-label': 'Kind' }, r.kind === 'hmis' ? 'HMIS export' : r.kind === 'bnl' ? 'By-Name List files' : r.kind),
                  h('td', { 'data-label': 'From', class: 'source' }, r.source),
                  h('td', { 'data-label': 'Started' }, when(r.startedAt)),
                  h('td', { 'data-label': 'Status' }, statusWord(r.status)),
                  h('td', { 'data-label': 'What happened', class: 'summary' }, r.summary ?? '—'),
                ),
              ),
            ),
          ),
        ),
  );
}

function statusWord(status: string): HTMLElement {
  const word = status === 'succeeded' ? '✓ Succeeded' : status === 'failed' ? '✗ Failed' : '… Running';
  return h('span', { class: `run-${status}` }, word);
}

/**
 * A report a person can read: one sentence, rows per file, then the problems of each
 * file grouped by rule, each rule with how often it was found and the examples the
 * report keeps (line, column, value, what is wrong). Thousands of problems stay a few
 * lines each: counts always, examples folded away when there are many rules.
 */
function reportView(report: ImportReport, level: 2 | 3, fresh = false): HTMLElement {
  const heading = level === 2 ? 'h2' : 'h3';
  const sub = level === 2 ? 'h3' : 'h4';
  const groups = report.files.flatMap((f) => Object.keys(f.problemCounts).map((key) => ({ file: f, key })));
  const openAll = groups.length <= 4;
  const totalProblems = groups.reduce((n, g) => n + g.file.problemCounts[g.key], 0);
  const hmis = report.hmis ?? null;
  return h(
    'section',
    { class: 'report', 'aria-labelledby': `h-report-${report.importId}` },
    h(heading, { id: `h-report-${report.importId}`, tabindex: -1 }, fresh ? `Import ${report.importId}: ${report.status}` : `Report: ${report.status}`),
    h('p', { class: report.status === 'succeeded' ? 'summary-line' : 'summary-line error' }, report.status === 'succeeded' ? '✓ ' : '✗ ', report.summary),
    fresh ? h('p', {}, h('a', { href: `#/${encodeURIComponent(report.community)}/data/${report.importId}` }, `Open this report on its own page`)) : null,
    hmis
      ? h(
          'dl',
          { class: 'facts compact' },
          fact('Export', `${hmis.exportId} (HMIS CSV ${hmis.csvVersion})`),
          fact('Period', `${hmis.exportStart ?? '?'} to ${hmis.exportEnd ?? '?'}`),
          fact('People in the export', fmt(hmis.statuses.people)),
          fact('On the By-Name List', fmt(hmis.statuses.onList)),
          fact('Re-derived', hmis.rederived === 'everyone' ? 'everyone' : plural(hmis.rederived, 'person', 'people')),
          report.derivation ? fact('Derived', `${plural(report.derivation.people, 'person', 'people')}, ${plural(report.derivation.transitions, 'transition')}, ${plural(report.derivation.months, 'month')}`) : null,
        )
      : report.merged
        ? h(
            'dl',
            { class: 'facts compact' },
            fact('People', `${fmt(report.merged.personsAdded)} added, ${fmt(report.merged.personsChanged)} changed, ${fmt(report.merged.personsRemoved)} removed`),
            fact('Status changes', `${fmt(report.merged.changesAdded)} added, ${fmt(report.merged.changesChanged)} changed`),
            report.derivation ? fact('Derived', `${plural(report.derivation.people, 'person', 'people')}, ${plural(report.derivation.transitions, 'transition')}`) : null,
          )
        : null,
    report.files.length
      ? h(
          'div',
          scrollable(`Rows per file`),
          h(
            'table',
            { class: 'files' },
            h('caption', {}, `Rows per file (${plural(report.files.length, 'file')})`),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, 'File'),
                ['Rows read', 'Loaded', 'Rejected', 'With warnings'].map((c) => h('th', { scope: 'col', class: 'num' }, c)),
              ),
            ),
            h(
              'tbody',
              {},
              report.files.map((f) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row', class: 'file-name' }, fileName(f.file)),
                  h('td', { class: 'num' }, fmt(f.rowsRead)),
                  h('td', { class: 'num' }, fmt(f.rowsLoaded)),
                  h('td', { class: f.rowsRejected ? 'num bad' : 'num' }, f.rowsRejected ? `✗ ${fmt(f.rowsRejected)}` : '0'),
                  h('td', { class: f.rowsWarned ? 'num warn' : 'num' }, f.rowsWarned ? `! ${fmt(f.rowsWarned)}` : '0'),
                ),
              ),
            ),
          ),
        )
      : null,
    h(sub, {}, 'Problems'),
    totalProblems === 0
      ? h('p', {}, 'No problems were found in the files.')
      : h(
          'p',
          {},
          `${plural(totalProblems, 'problem')} of ${plural(groups.length, 'kind')} in ${plural(new Set(groups.map((g) => g.file.file)).size, 'file')}. `,
          `For each kind the report keeps the first ${EXAMPLES_PER_RULE} examples, with the line of the file they are on (the header is line 1).`,
        ),
    report.files
      .filter((f) => Object.keys(f.problemCounts).length > 0)
      .map((f) =>
        h(
          'div',
          { class: 'file-problems' },
          h(level === 2 ? 'h4' : 'h5', {}, fileName(f.file)),
          Object.entries(f.problemCounts)
            .sort((a, b) => (a[0].startsWith('error') === b[0].startsWith('error') ? b[1] - a[1] : a[0].startsWith('error') ? -1 : 1))
            .map(([key, count]) => ruleGroup(f, key, count, openAll || key.startsWith('error:'))),
        ),
      ),
    hmis ? mergedTable(hmis.merged) : null,
    hmis && Object.keys(hmis.statuses.warnings).length ? derivationNotes(hmis.statuses.warnings) : null,
    report.rejectsFile ? h('p', { class: 'note' }, 'The rejected rows were written to a rejects file on the server.') : null,
  );
}

function ruleGroup(f: FileReport, key: string, count: number, open: boolean): HTMLElement {
  const [severity, rule] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  const examples = f.problems.filter((p) => p.severity === severity && p.rule === rule);
  const label = severity === 'error' ? '✗ Error' : '! Warning';
  const columns = [...new Set(examples.map((p) => p.column).filter((c): c is string => c !== null))];
  // Said once above the examples when every example says the same; else in a column of its own.
  const sameMessage = examples.every((p) => p.message === examples[0].message);
  return h(
    'details',
    { class: `rule rule-${severity}`, open },
    h(
      'summary',
      {},
      h('span', { class: `severity ${severity}` }, label),
      ' ',
      h('code', {}, rule),
      columns.length ? ` in ${columns.join(', ')}` : '',
      ` — found ${count === 1 ? 'once' : `${fmt(count)} times`}`,
      examples.length < count ? ` (the first ${fmt(examples.length)} shown)` : '',
    ),
    examples[0] && sameMessage ? h('p', { class: 'rule-message' }, examples[0].message) : null,
    // A problem of the whole file (an empty file) has no line, column or value to show.
    examples.some((p) => p.line > 0 || p.column !== null || p.value !== null)
      ? h(
          'div',
          sameMessage ? scrollable(`${f.file}: ${rule}, examples`) : { class: 'table-wrap cards-wrap' },
          h(
            'table',
            { class: sameMessage ? 'examples' : 'examples cards' },
            h('caption', {}, `${f.file}: ${rule}, ${examples.length < count ? `the first ${plural(examples.length, 'example')} of ${fmt(count)}` : plural(examples.length, 'example')}`),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col', class: 'num' }, 'Line'),
                h('th', { scope: 'col' }, 'Column'),
                h('th', { scope: 'col' }, 'Value'),
                sameMessage ? null : h('th', { scope: 'col' }, 'What is wrong'),
              ),
            ),
            h(
              'tbody',
              {},
              examples.map((p) =>
                h(
                  'tr',
                  {},
                  h('td', { class: 'num', 'data-label': 'Line' }, p.line > 0 ? fmt(p.line) : '—'),
                  h('td', { 'data-label': 'Column' }, p.column ?? '—'),
                  h('td', { 'data-label': 'Value' }, p.value === null ? '—' : p.value === '' ? h('em', {}, '(empty)') : h('code', { class: p.value.length <= 24 ? 'short' : null }, p.value)),
                  sameMessage ? null : h('td', { 'data-label': 'What is wrong' }, p.message),
                ),
              ),
            ),
          ),
        )
      : null,
  );
}

function mergedTable(merged: NonNullable<ImportReport['hmis']>['merged']): HTMLElement {
  return h(
    'details',
    { class: 'merged' },
    h('summary', {}, `Records merged, per file (${fmt(merged.reduce((n, m) => n + m.added, 0))} added, ${fmt(merged.reduce((n, m) => n + m.changed, 0))} changed, ${fmt(merged.reduce((n, m) => n + m.deleted, 0))} deleted)`),
    h(
      'div',
      scrollable('Records merged'),
      h(
        'table',
        {},
        h('caption', {}, 'Records merged into the community’s HMIS tables'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'File'), ['Added', 'Changed', 'Deleted', 'Unchanged'].map((c) => h('th', { scope: 'col', class: 'num' }, c)))),
        h(
          'tbody',
          {},
          merged.map((m) =>
            h('tr', {}, h('th', { scope: 'row' }, `${m.file}.csv`), [m.added, m.changed, m.deleted, m.unchanged].map((n) => h('td', { class: 'num' }, fmt(n)))),
          ),
        ),
      ),
    ),
  );
}

function derivationNotes(warnings: Record<string, number>): HTMLElement {
  const entries = Object.entries(warnings).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const total = entries.reduce((n, [, c]) => n + c, 0);
  return h(
    'details',
    { class: 'derivation-notes' },
    h('summary', {}, `Notes from deriving the list: ${plural(total, 'note')} about ${plural(entries.length, 'record')}`),
    h('p', { class: 'note' }, 'Records whose dates or households did not fit together; the list was derived from them as bnl-from-hmis.md describes.'),
    h('ul', { class: 'columns' }, entries.map(([what, n]): Child => h('li', {}, `${what}: ${fmt(n)}`))),
  );
}

/** A box a wide table scrolls in on a narrow screen, reachable by keyboard (arrow keys scroll it once focused). */
function scrollable(label: string): Record<string, string | number> {
  return { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': `${label} (scrolls sideways on a narrow screen)` };
}

function fact(term: string, value: string | HTMLElement): HTMLElement[] {
  return [h('dt', {}, term), h('dd', {}, value)] as unknown as HTMLElement[];
}
