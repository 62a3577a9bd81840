import type { ImportReport } from '../app/import-bnl.ts';
import type { HmisImportReport } from '../app/import-hmis.ts';
import { toTable, type OutputFormat } from './output.ts';

/** Prints an import report: a summary, per-file counts, and the problems grouped by rule. */
export function printImportReport(report: ImportReport | HmisImportReport, format: OutputFormat): void {
  if (format === 'json') {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return;
  }
  const out: string[] = [];
  out.push(`Import ${report.importId} into ${report.community}: ${report.status}`);
  out.push(report.summary, '');
  const hmis = 'hmis' in report ? report.hmis : null;
  if (hmis) {
    out.push(`HMIS CSV ${hmis.csvVersion} (${hmis.version}), export ${hmis.exportId}, ${hmis.exportStart ?? '?'} to ${hmis.exportEnd ?? '?'}; re-derived: ${hmis.rederived === 'everyone' ? 'everyone' : `${hmis.rederived} people`}.`, '');
    out.push(toTable(hmis.merged.map((m) => ({ file: m.file, added: m.added, changed: m.changed, deleted: m.deleted, unchanged: m.unchanged }))));
  }
  if (report.files.length) {
    out.push(
      toTable(
        report.files.map((f) => ({ file: f.file, read: f.rowsRead, loaded: f.rowsLoaded, rejected: f.rowsRejected, warned: f.rowsWarned })),
      ),
    );
  }
  for (const f of report.files) {
    const rules = Object.entries(f.problemCounts);
    if (rules.length === 0) continue;
    out.push(`${f.file}:`);
    for (const [key, count] of rules.sort((a, b) => b[1] - a[1])) {
      const [severity, rule] = key.split(':');
      out.push(`  ${severity} ${rule}: ${count} row${count === 1 ? '' : 's'}`);
      const examples = f.problems.filter((p) => p.severity === severity && p.rule === rule).slice(0, 3);
      for (const p of examples) out.push(`    line ${p.line}${p.column ? `, ${p.column}` : ''}${p.value !== null ? ` = "${p.value}"` : ''}: ${p.message}`);
    }
  }
  process.stdout.write(out.join('\n') + '\n');
}
