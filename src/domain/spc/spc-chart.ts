import { anhoejRules } from './anhoej-rules.ts';
import { partLimits, type PartLimits } from './chart-limits.ts';
import { classify } from './classify.ts';
import { ihiRules } from './ihi-rules.ts';
import { nhsRules } from './nhs-rules.ts';
import { nhsSummary } from './nhs-summary.ts';
import { bounds, type PartPatterns, type PartView } from './pattern-rules.ts';
import { prepareSeries, type PreparedSeries } from './prepare-series.ts';
import {
  RULE_ORDER,
  type Classification,
  type NhsSummary,
  type RuleSet,
  type SignalRule,
  type SpcInput,
  type SpcPart,
  type SpcPoint,
  type SpcResult,
  type SpcSignal,
} from './types.ts';

/** Rules about a pattern of points rather than one point (the contract's `runs_signal`). */
const PATTERN_RULES: ReadonlySet<SignalRule> = new Set<SignalRule>([
  'anhoej.long_run',
  'anhoej.few_crossings',
  'ihi.shift',
  'ihi.trend',
  'ihi.too_few_runs',
  'ihi.too_many_runs',
  'nhs.trend',
  'nhs.two_of_three',
  'nhs.shift',
]);

const RULES: Record<RuleSet, (view: PartView) => PartPatterns> = { anhoej: anhoejRules, ihi: ihiRules, nhs: nhsRules };

interface Hit {
  rule: SignalRule;
  side: 1 | -1 | null;
  message: string;
  from: number;
  to: number;
}

/**
 * A run chart or control chart with its signals (spc.md): centre line and limits per
 * part, from the baseline (the freeze, without excluded points), and every rule of the
 * chosen set that fired, at every point it marks. Throws SpcInputError on bad input.
 */
export function spcChart(input: SpcInput): SpcResult {
  const s = prepareSeries(input);
  const c = chartValues(s);
  const hitsAt: Hit[][] = Array.from({ length: s.size }, () => []);
  const add = (rule: SignalRule, points: readonly number[], side: 1 | -1 | null, message: string) => {
    const [lo, hi] = bounds(points);
    const from = lo + 1;
    const to = hi + 1;
    // A turning point can belong to two trends: it is reported once per rule.
    for (const i of points) if (!hitsAt[i].some((h) => h.rule === rule)) hitsAt[i].push({ rule, side, message, from, to });
  };

  const limitsOf: PartLimits[] = [];
  const patternsOf: (PartPatterns | null)[] = [];
  const indexesOf: number[][] = [];
  s.parts.forEach(({ first, last }, k) => {
    const limits = partLimits({
      chart: s.chart,
      part: k + 1,
      first,
      last,
      values: c.values,
      counts: s.counts,
      denominators: s.denominators,
      baseline: c.baseline,
      screen: s.screen,
    });
    limitsOf.push(limits);
    const indexes: number[] = [];
    for (let i = first; i <= last; i++) if (c.usable[i]) indexes.push(i);
    indexesOf.push(indexes);

    const outside: SignalRule = s.rules === 'nhs' ? 'nhs.outside_limits' : 'shewhart.outside_limits';
    for (const i of indexes) {
      const v = c.values[i] as number;
      const lcl = limits.lcl[i];
      const ucl = limits.ucl[i];
      if (ucl !== null && v > ucl) add(outside, [i], 1, `point ${i + 1} (${fmt(v)}) is above the upper limit (${fmt(ucl)})`);
      else if (lcl !== null && v < lcl) add(outside, [i], -1, `point ${i + 1} (${fmt(v)}) is below the lower limit (${fmt(lcl)})`);
    }

    // The run-chart rules apply to control charts around the mean, but not to MR charts.
    let patterns: PartPatterns | null = null;
    const view: PartView = {
      part: k + 1,
      indexes,
      values: c.values,
      centre: limits.cl,
      centreName: s.chart === 'run' ? 'median' : 'mean',
      sigma: limits.sigma,
      astronomical: s.astronomical,
    };
    if (s.chart !== 'mr') {
      patterns = RULES[s.rules](view);
      for (const h of patterns.hits) add(h.rule, h.points, h.side, h.message);
    } else if (s.rules === 'ihi') {
      for (const h of ihiRules(view).hits) if (h.rule === 'ihi.astronomical') add(h.rule, h.points, h.side, h.message);
    }
    patternsOf.push(patterns);
  });

  const order = (r: SignalRule) => RULE_ORDER.indexOf(r);
  for (const hits of hitsAt) hits.sort((a, b) => order(a.rule) - order(b.rule));

  const points: SpcPoint[] = [];
  const signals: SpcSignal[] = [];
  for (let i = 0; i < s.size; i++) {
    const k = s.partOf[i];
    const limits = limitsOf[k];
    const hits = hitsAt[i];
    let classification: Classification | null = null;
    for (const h of hits) {
      const cl = classify(h.side, s.improvement);
      if (cl !== null) {
        classification = cl;
        break;
      }
    }
    points.push({
      point: i + 1,
      x: s.x[i],
      y: c.values[i],
      cl: limits.cl,
      lcl: limits.lcl[i],
      ucl: limits.ucl[i],
      sigma: limits.sigma[i],
      part: k + 1,
      sigma_signal: hits.some((h) => h.rule === 'shewhart.outside_limits' || h.rule === 'nhs.outside_limits'),
      runs_signal: hits.some((h) => PATTERN_RULES.has(h.rule)),
      excluded: c.excluded[i],
      baseline: c.baseline[i],
      // A C chart has no denominator: an n column given with it is ignored.
      numerator: s.chart === 'c' || s.denominators[i] === null ? null : s.counts[i],
      n: s.chart === 'c' ? null : s.denominators[i],
      astronomical: s.astronomical[i],
      signals: hits.map((h) => h.rule),
      classification,
    });
    for (const h of hits) {
      signals.push({ point: i + 1, part: k + 1, rule: h.rule, message: h.message, classification: classify(h.side, s.improvement), from: h.from, to: h.to });
    }
  }

  const parts: SpcPart[] = s.parts.map(({ first, last }, k) => {
    const limits = limitsOf[k];
    const patterns = patternsOf[k];
    const inPart = points.slice(first, last + 1);
    let nObs = 0;
    let nBaseline = 0;
    for (let i = first; i <= last; i++) {
      if (c.values[i] !== null) nObs += 1;
      if (c.baseline[i]) nBaseline += 1;
    }
    return {
      part: k + 1,
      first: first + 1,
      last: last + 1,
      cl: limits.cl,
      n_obs: nObs,
      n_useful: patterns?.n_useful ?? null,
      longest_run: patterns?.longest_run ?? null,
      longest_run_max: patterns?.longest_run_max ?? null,
      n_crossings: patterns?.n_crossings ?? null,
      n_crossings_min: patterns?.n_crossings_min ?? null,
      runs_signal: inPart.some((p) => p.runs_signal),
      sigma_signal: inPart.some((p) => p.sigma_signal),
      n_baseline: nBaseline,
      n_runs: patterns?.n_runs ?? null,
      runs_min: patterns?.runs_min ?? null,
      runs_max: patterns?.runs_max ?? null,
      mr_mean: limits.mrMean,
      mr_screened: limits.mrScreened.map((i) => i + 1),
      sigma_z: limits.sigmaZ,
      nhs: s.rules === 'nhs' ? partNhs(s, indexesOf[k], hitsAt, limits, first, last) : null,
    };
  });

  return {
    chart: s.chart,
    rules: s.rules,
    points,
    parts,
    signals,
    screen: s.screen,
    freeze: s.freeze,
    improvement: s.improvement,
    target: s.target,
    nhs: s.rules === 'nhs' ? parts[parts.length - 1].nhs : null,
  };
}

interface ChartValues {
  values: (number | null)[];
  baseline: boolean[];
  /** Has a value and is not excluded: judged by the rules. */
  usable: boolean[];
  excluded: boolean[];
}

/**
 * The values the chart plots. An MR chart plots |v[i] − v[i−1]| within a part; a range
 * that touches an excluded point is shown but neither used nor judged.
 */
function chartValues(s: PreparedSeries): ChartValues {
  if (s.chart !== 'mr') {
    return { values: s.values, baseline: s.baseline, usable: s.values.map((v, i) => v !== null && !s.excluded[i]), excluded: s.excluded };
  }
  const values: (number | null)[] = [];
  const baseline: boolean[] = [];
  const excluded: boolean[] = [];
  for (let i = 0; i < s.size; i++) {
    const starts = i === 0 || s.partOf[i - 1] !== s.partOf[i];
    const a = starts ? null : s.values[i - 1];
    const b = s.values[i];
    values.push(a === null || b === null ? null : Math.abs(b - a));
    baseline.push(!starts && s.baseline[i] && s.baseline[i - 1]);
    excluded.push(s.excluded[i] || (!starts && s.excluded[i - 1]));
  }
  return { values, baseline, usable: values.map((v, i) => v !== null && !excluded[i]), excluded };
}

function partNhs(s: PreparedSeries, indexes: readonly number[], hitsAt: Hit[][], limits: PartLimits, first: number, last: number): NhsSummary {
  const lastPoint = indexes.length > 0 ? indexes[indexes.length - 1] : null;
  let signal: { classification: Classification; side: 1 | -1 } | null = null;
  if (lastPoint !== null) {
    const h = hitsAt[lastPoint].find((x) => x.side !== null);
    if (h) signal = { classification: classify(h.side, s.improvement) as Classification, side: h.side as 1 | -1 };
  }
  let lcl: number | null = null;
  let ucl: number | null = null;
  for (let i = last; i >= first; i--) {
    if (limits.lcl[i] !== null && limits.ucl[i] !== null) {
      lcl = limits.lcl[i];
      ucl = limits.ucl[i];
      break;
    }
  }
  return nhsSummary({ point: lastPoint === null ? null : lastPoint + 1, signal, lcl, ucl, target: s.target, improvement: s.improvement });
}

/** Four significant digits, enough to compare with published limits. */
function fmt(v: number): string {
  if (Math.abs(v) >= 1000) return String(Math.round(v * 10) / 10);
  return String(Number(v.toPrecision(4)));
}
