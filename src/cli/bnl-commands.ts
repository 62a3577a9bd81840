import { Command } from 'commander';
import { resolveCommunity } from '../app/community.ts';
import { functionalZero, monthlyMetrics } from '../app/metrics.ts';
import { personTimeline } from '../app/person.ts';
import { communityPopulations, removeCustomPopulation, saveCustomPopulation } from '../app/populations.ts';
import { updateSettings } from '../app/settings.ts';
import { deriveCommunity } from '../app/derive.ts';
import { UserError } from '../app/errors.ts';
import { parseIntOption, withCommonOptions, write, type CommonFlags } from './common.ts';
import { parseFormat, toCsv, toTable } from './output.ts';
import { withStore } from './session.ts';
import { auditCli } from './learning-common.ts';
import { personRef } from '../store/audit-log.ts';

const METRIC_COLUMNS = [
  'month', 'population', 'actively_homeless', 'newly_identified', 'returned_from_housing', 'returned_from_inactive',
  'housing_placements', 'moved_to_inactive', 'no_longer_meets_criteria', 'avg_days_to_housing', 'balanced',
];

/** Commands that read and shape the By-Name List: metrics, fz, person, populations, settings. */
export function registerBnlCommands(program: Command): void {
  withCommonOptions(program.command('metrics'))
    .description('monthly By-Name List figures per population (docs/definitions.md)')
    .option('--population <name>', 'one population (all, all-singles, veterans, chronic, youth, families, or a custom slug)')
    .option('--from <YYYY-MM>', 'first month')
    .option('--to <YYYY-MM>', 'last month')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (flags: CommonFlags & { population?: string; from?: string; to?: string; format: string }) => {
      const format = parseFormat(flags.format, ['table', 'csv', 'json']);
      const rows = await withStore(flags, 'zeroloop metrics', async (store) => {
        const community = await resolveCommunity(store.db, flags.community);
        return monthlyMetrics(store.db, community, { population: flags.population, from: flags.from, to: flags.to });
      });
      if (format === 'json') write(JSON.stringify(rows) + '\n');
      else write(format === 'csv' ? toCsv(rows as never, METRIC_COLUMNS) : toTable(rows as never, METRIC_COLUMNS));
    });

  withCommonOptions(program.command('fz'))
    .description('functional-zero status per population')
    .option('--format <format>', 'table or json', 'table')
    .action(async (flags: CommonFlags & { format: string }) => {
      const format = parseFormat(flags.format, ['table', 'json']);
      const statuses = await withStore(flags, 'zeroloop fz', async (store) => {
        const community = await resolveCommunity(store.db, flags.community);
        return functionalZero(store.db, community);
      });
      if (format === 'json') {
        write(JSON.stringify(statuses, null, 2) + '\n');
        return;
      }
      write(
        toTable(
          statuses.map((s) => ({
            population: s.population,
            month: s.month,
            active: s.actively_homeless,
            threshold: s.threshold,
            reached: s.reached,
            distance: s.distance,
            sustained_months: s.months_sustained,
            trend: s.trend,
            not_met: s.criteria.filter((c) => !c.met).map((c) => c.criterion).join(' ') || null,
          })),
        ),
      );
    });

  withCommonOptions(program.command('person <id>'))
    .description("one person's timeline per population, with where each event came from (person-level data)")
    .option('--format <format>', 'table or json', 'table')
    .action(async (id: string, flags: CommonFlags & { format: string }) => {
      const format = parseFormat(flags.format, ['table', 'json']);
      const view = await withStore(flags, 'zeroloop person', async (store) => {
        const community = await resolveCommunity(store.db, flags.community);
        const timeline = await personTimeline(store.db, community, id);
        await auditCli(store.db, community, 'person.view', await personRef(store.db, community.communityId, id));
        return timeline;
      });
      if (format === 'json') {
        write(JSON.stringify(view, null, 2) + '\n');
        return;
      }
      const a = view.attributes;
      write(`Person ${view.person_id} (as of ${view.as_of})\n`);
      write(
        `  born ${a.birth_date ?? 'unknown'}, veteran ${a.veteran === null ? 'unknown' : a.veteran ? 'yes' : 'no'}, chronic since ${a.chronic_since ?? 'never'}, ` +
          `household ${a.household_id ?? 'of one'}${a.head_of_household ? ' (head)' : ''}, race ${a.race.join('+') || 'unknown'}, locality ${a.locality ?? 'unknown'}\n\n`,
      );
      write('Recorded status changes:\n');
      write(toTable(view.status_changes.map((c) => ({ date: c.date, status: c.status, reason: c.reason, source: `${c.source.source}:${c.source.record}`, provider: c.source.provider }))));
      for (const p of view.populations) {
        write(`\n${p.population} (now ${p.current_status}):\n`);
        write(
          toTable(
            p.events.map((e) => ({ date: e.date, change: `${e.from} → ${e.to}`, counts_as: e.counts_as, days_to_housing: e.days_to_housing, source: e.source ? `${e.source.source}:${e.source.record}` : null })),
          ),
        );
      }
    });

  withCommonOptions(program.command('populations'))
    .description('list the populations: built-in and custom')
    .option('--format <format>', 'table or json', 'table')
    .action(async (flags: CommonFlags & { format: string }) => {
      const format = parseFormat(flags.format, ['table', 'json']);
      const pops = await withStore(flags, 'zeroloop populations', async (store) => {
        const community = await resolveCommunity(store.db, flags.community);
        return communityPopulations(store.db, community.communityId);
      });
      if (format === 'json') write(JSON.stringify(pops, null, 2) + '\n');
      else write(toTable(pops.map((p) => ({ slug: p.slug, name: p.name, built_in: p.builtIn, counts: p.countsHouseholds ? 'households' : 'people', rule: JSON.stringify(p.rule) }))));
    });

  const population = program.command('population').description('define custom populations');
  withCommonOptions(population.command('add <slug>'))
    .description('add or replace a custom population, then recompute the figures')
    .requiredOption('--name <name>', 'its display name')
    .requiredOption('--rule <json>', 'its rule, e.g. {"all":[{"population":"chronic"},{"population":"veterans"}]} (docs/definitions.md)')
    .option('--count-households', 'count households (heads of household) rather than people')
    .action(async (slug: string, flags: CommonFlags & { name: string; rule: string; countHouseholds?: boolean }) => {
      let rule: unknown;
      try {
        rule = JSON.parse(flags.rule);
      } catch {
        throw new UserError(`--rule is not valid JSON: ${flags.rule}`);
      }
      await withStore(flags, 'zeroloop population add', async (store) => {
        const community = await resolveCommunity(store.db, flags.community);
        // Saved and applied together: a population that cannot be derived is not kept.
        await store.db.transaction(async (tx) => {
          await saveCustomPopulation(tx, community.communityId, { slug, name: flags.name, rule, countsHouseholds: flags.countHouseholds });
          await deriveCommunity(tx, community);
        });
      });
      write(`Saved population "${slug}" and recomputed the figures.\n`);
    });
  withCommonOptions(population.command('remove <slug>'))
    .description('remove a custom population')
    .action(async (slug: string, flags: CommonFlags) => {
      await withStore(flags, 'zeroloop population remove', async (store) => {
        const community = await resolveCommunity(store.db, flags.community);
        await store.db.transaction(async (tx) => {
          await removeCustomPopulation(tx, community.communityId, slug);
          await deriveCommunity(tx, community);
        });
      });
      write(`Removed population "${slug}".\n`);
    });

  withCommonOptions(program.command('settings'))
    .description("show or change the community's By-Name List settings (changes recompute the figures)")
    .option('--inactivity-days <n>', 'days without evidence of homelessness before someone becomes inactive')
    .option('--lookback-days <n>', 'how far back an earlier episode makes a return "from inactive" rather than new')
    .option('--pit-count <n>', 'individuals counted in the most recent point-in-time count')
    .option('--report-from <YYYY-MM>', 'first month to report (when the list became comprehensive); "first" for the first recorded change')
    .option('--name <name>', "the community's display name")
    .option('--format <format>', 'table or json', 'table')
    .action(async (flags: CommonFlags & { inactivityDays?: string; lookbackDays?: string; pitCount?: string; reportFrom?: string; name?: string; format: string }) => {
      const format = parseFormat(flags.format, ['table', 'json']);
      const changes = {
        inactivityDays: parseIntOption('--inactivity-days', flags.inactivityDays, 1, 3650),
        lookbackDays: parseIntOption('--lookback-days', flags.lookbackDays, 1, 36500),
        pitCount: parseIntOption('--pit-count', flags.pitCount, 0, 10_000_000),
        reportFrom: flags.reportFrom === undefined ? undefined : flags.reportFrom === 'first' ? null : flags.reportFrom,
        name: flags.name,
      };
      const community = await withStore(flags, 'zeroloop settings', async (store) => {
        const c = await resolveCommunity(store.db, flags.community);
        const updated = await updateSettings(store.db, c, changes);
        if (updated !== c) await auditCli(store.db, c, 'settings.change', null, { changes });
        return updated;
      });
      if (format === 'json') write(JSON.stringify({ slug: community.slug, name: community.name, settings: community.settings }, null, 2) + '\n');
      else {
        const s = community.settings;
        write(
          toTable([
            { setting: 'name', value: community.name },
            { setting: 'inactivity days', value: s.inactivityDays },
            { setting: 'lookback days', value: s.lookbackDays },
            { setting: 'PIT count', value: s.pitCount },
            { setting: 'report from', value: s.reportFrom ?? 'the first recorded change' },
            { setting: 'housing rate months', value: s.functionalZero.housingRateMonths },
            { setting: 'threshold floor', value: s.functionalZero.thresholdFloor },
            { setting: 'chronic share of PIT', value: s.functionalZero.chronicPitShare },
            { setting: 'brief: max days to housing', value: s.functionalZero.briefMaxDays },
            { setting: 'non-recurring: max returns share', value: s.functionalZero.maxReturnShare },
          ].map((r) => ({ setting: r.setting, value: r.value === null ? '(not set)' : String(r.value) }))),
        );
      }
    });
}
