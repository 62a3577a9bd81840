import { chartName } from './chart-name.ts';
import { MR_SCREEN_FACTOR, movingRangeMean, movingRanges } from './moving-ranges.ts';
import { SpcInputError } from './spc-input-error.ts';
import { mean, median } from './stats.ts';
import type { ChartType } from './types.ts';

/** 3 / d2 rounded as spc.md and most teaching material write it: mean ± 2.66 × average moving range. */
export const I_LIMIT_FACTOR = 2.66;
/** d2 for moving ranges of two (Laney's σ_z = mean moving range of z / 1.128). */
export const D2 = 1.128;

export interface LimitsInput {
  chart: ChartType;
  /** 1-based part number, for messages. */
  part: number;
  /** 0-based, inclusive. */
  first: number;
  last: number;
  /** Plotted values (the moving ranges for an MR chart). */
  values: readonly (number | null)[];
  /** Counts, for p, pp, u and up. */
  counts: readonly (number | null)[];
  denominators: readonly (number | null)[];
  /** Points used for centre and limits. */
  baseline: readonly boolean[];
  screen: boolean;
}

export interface PartLimits {
  cl: number;
  /** Indexed by 0-based point; filled for first..last. */
  lcl: (number | null)[];
  ucl: (number | null)[];
  sigma: (number | null)[];
  mrMean: number | null;
  mrScreened: number[];
  sigmaZ: number | null;
}

/** Centre line and limits of one part (spc.md "Control charts"). */
export function partLimits(input: LimitsInput): PartLimits {
  const { chart, first, last, values, baseline } = input;
  const base: number[] = [];
  for (let i = first; i <= last; i++) if (baseline[i]) base.push(i);
  // A median needs one value; limits need two points, or for an MR chart one range.
  const need = chart === 'run' || chart === 'mr' ? 1 : 2;
  if (base.length < need) {
    const what = chart === 'run' ? 'a median needs' : `${chartName(chart)} limits need`;
    const unit = chart === 'mr' ? 'moving range' : 'usable point';
    throw new SpcInputError(
      `part ${input.part} (points ${first + 1}–${last + 1}) has ${base.length} ${unit}${base.length === 1 ? '' : 's'} in its baseline; ${what} at least ${need}`,
      first + 1,
    );
  }
  const out: PartLimits = { cl: 0, lcl: [], ucl: [], sigma: [], mrMean: null, mrScreened: [], sigmaZ: null };
  const each = (f: (i: number) => [number | null, number | null, number | null]) => {
    for (let i = first; i <= last; i++) [out.lcl[i], out.ucl[i], out.sigma[i]] = f(i);
  };
  const baseValues = base.map((i) => values[i] as number);

  switch (chart) {
    case 'run':
      out.cl = median(baseValues);
      each(() => [null, null, null]);
      return out;

    case 'i': {
      out.cl = mean(baseValues);
      const mr = screenedMean(input, values);
      out.mrMean = mr.mean;
      out.mrScreened = mr.screened;
      const half = I_LIMIT_FACTOR * mr.mean;
      each(() => [out.cl - half, out.cl + half, half / 3]);
      return out;
    }

    case 'mr': {
      // The values are the moving ranges already; screen them the way the I chart does.
      const ranges = base.map((i) => ({ point: i, range: values[i] as number }));
      const mr = movingRangeMean(ranges, input.screen);
      out.cl = mr.mean;
      out.mrMean = mr.mean;
      out.mrScreened = mr.screened;
      each(() => [0, MR_SCREEN_FACTOR * mr.mean, null]);
      return out;
    }

    case 'c': {
      out.cl = mean(baseValues);
      const s = Math.sqrt(out.cl);
      each(() => [Math.max(0, out.cl - 3 * s), out.cl + 3 * s, s]);
      return out;
    }

    case 'p':
    case 'pp':
    case 'u':
    case 'up': {
      const { counts, denominators } = input;
      let num = 0;
      let den = 0;
      for (const i of base) {
        num += counts[i] as number;
        den += denominators[i] as number;
      }
      const cl = num / den;
      out.cl = cl;
      const proportion = chart === 'p' || chart === 'pp';
      // Sampling sigma of one subgroup: binomial for proportions, Poisson for rates.
      const sigmaAt = (i: number): number | null => {
        const n = denominators[i];
        if (n === null || n === undefined) return null;
        return Math.sqrt(proportion ? (cl * (1 - cl)) / n : cl / n);
      };
      let factor = 1;
      if (chart === 'pp' || chart === 'up') {
        out.sigmaZ = laneySigmaZ(input, base, cl, sigmaAt);
        factor = out.sigmaZ ?? 1;
      }
      each((i) => {
        const s = sigmaAt(i);
        if (s === null) return [null, null, null];
        const sigma = s * factor;
        const lcl = Math.max(0, cl - 3 * sigma);
        const ucl = proportion ? Math.min(1, cl + 3 * sigma) : cl + 3 * sigma;
        return [lcl, ucl, sigma];
      });
      return out;
    }
  }
}

function screenedMean(input: LimitsInput, values: readonly (number | null)[]) {
  const ranges = movingRanges(input.first, input.last, values, input.baseline);
  if (ranges.length === 0) {
    throw new SpcInputError(
      `part ${input.part} (points ${input.first + 1}–${input.last + 1}) has no two consecutive usable points in its baseline, so no moving range for ${chartName(input.chart)} limits`,
      input.first + 1,
    );
  }
  return movingRangeMean(ranges, input.screen);
}

/**
 * Laney (2002): each baseline point as a z-score against its own sampling sigma; the
 * average moving range of the z-scores / 1.128 measures variation between subgroups
 * beyond the binomial or Poisson kind. Ranges are not screened, as in Laney's paper.
 * null when every sampling sigma is 0 (a centre of 0, or 1 for proportions).
 */
function laneySigmaZ(input: LimitsInput, base: readonly number[], cl: number, sigmaAt: (i: number) => number | null): number | null {
  const z: (number | null)[] = [];
  const usable: boolean[] = [];
  let anySigma = false;
  for (const i of base) {
    const s = sigmaAt(i) as number;
    if (s > 0) anySigma = true;
    z[i] = s > 0 ? ((input.values[i] as number) - cl) / s : null;
    usable[i] = s > 0;
  }
  if (!anySigma) return null;
  const ranges = movingRanges(input.first, input.last, z, usable);
  if (ranges.length === 0) {
    throw new SpcInputError(
      `part ${input.part} (points ${input.first + 1}–${input.last + 1}) has no two consecutive usable points in its baseline, so no moving range of z-scores for ${chartName(input.chart)} limits`,
      input.first + 1,
    );
  }
  let s = 0;
  for (const r of ranges) s += r.range;
  return s / ranges.length / D2;
}
