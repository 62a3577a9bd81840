/**
 * The population dynamics of the synthetic city (pure, no I/O): households become
 * homeless (seasonal inflow), compete month by month for a limited number of housing
 * placement slots, or leave homelessness by other routes (lost contact, institutions,
 * temporary stays, self-resolution, death); some housed households return. The result
 * is one plan per household: its attributes and the dated episodes of its life. The
 * records (enrollments, contacts, bed nights) are drawn from these plans in
 * household-records.ts.
 */
import { dayParts, lastDayOfMonth, firstDayOfMonth, type Day } from '../domain/time/day.ts';
import { DEST, SUBSIDY } from './hud-codes.ts';
import { mixSeed, Rng } from './random.ts';
import { inEffect, type World } from './world.ts';

export const KIND = { SINGLE: 0, COUPLE: 1, YOUTH: 2, FAMILY: 3, PARENTING_YOUTH: 4 } as const;
export type HouseholdKind = (typeof KIND)[keyof typeof KIND];

export type Outcome = 'ongoing' | 'lost' | 'institution' | 'temporary' | 'self_housed' | 'death' | 'placed';
export type Program = 'rrh' | 'rrh_veteran' | 'psh' | 'psh_veteran' | 'voucher';
/** How an episode began: a household new to the system, already homeless when the range starts, or a return. */
export type StartKind = 'new' | 'stock' | 'from_housing' | 'from_away';

export interface EpisodePlan {
  start: Day;
  startKind: StartKind;
  /**
   * The day the homeless stretch ends: the move-in day (placed), the exit day (institution,
   * temporary, self-housed, death) or the last contact (lost). Null while still homeless at the end.
   */
  end: Day | null;
  outcome: Outcome;
  /** Exit destination (3.12) of the homeless enrollments at `end`. */
  destination: number;
  /** DestinationSubsidyType when destination is 435. */
  subsidy: number | null;
  program: Program | null;
  matchDay: Day | null;
  /** Move-in day; may lie after the end of the range (then the household is still waiting). */
  moveIn: Day | null;
  /** When the household leaves the housing program, and where to. */
  housingExit: Day | null;
  housingExitDest: number | null;
  housingExitSubsidy: number | null;
  /** DateToStreetESSH: when this stretch of homelessness began (before identification for first episodes). */
  streetStart: Day;
}

export interface HouseholdPlan {
  index: number;
  kind: HouseholdKind;
  partner: boolean;
  children: number;
  size: number;
  /** Age of the head on the first day of the first episode. */
  headAge: number;
  veteran: boolean;
  disabled: boolean;
  /** Head's long homeless history before identification (chronic at first entry when disabled). */
  chronicProne: boolean;
  /** Head's race/ethnicity as bits in RACE_CATEGORIES order; 0 = unknown. */
  raceMask: number;
  locality: number;
  episodes: EpisodePlan[];
}

/** What happened in one simulated month, in households (for calibration and metadata). */
export interface SimMonth {
  month: number;
  /** Homeless households waiting at the end of the month. */
  homeless: number;
  arrivals: number;
  diverted: number;
  returns: number;
  exits: Record<Exclude<Outcome, 'ongoing' | 'placed'>, number>;
  placements: Record<Program, number>;
}

export interface Population {
  households: HouseholdPlan[];
  people: number;
  monthly: SimMonth[];
}

// Race bits in RACE_CATEGORIES order.
const AM_IND = 1;
const ASIAN = 2;
const BLACK = 4;
const HISPANIC = 8;
const MENA = 16;
const NHPI = 32;
const WHITE = 64;

const RACE_TABLE: readonly (readonly [number, number])[] = [
  [BLACK, 0.36],
  [WHITE, 0.27],
  [HISPANIC, 0.12],
  [WHITE | HISPANIC, 0.06],
  [AM_IND, 0.025],
  [AM_IND | WHITE, 0.012],
  [ASIAN, 0.016],
  [NHPI, 0.011],
  [MENA, 0.007],
  [BLACK | WHITE, 0.02],
  [BLACK | HISPANIC, 0.015],
  [ASIAN | WHITE, 0.006],
  [AM_IND | HISPANIC, 0.006],
  [0, 0.04],
];

const KIND_WEIGHTS_NEW = [0.63, 0.04, 0.1, 0.19, 0.04];
const KIND_WEIGHTS_STOCK = [0.74, 0.04, 0.07, 0.12, 0.03];
const EXPECTED_SIZE = [1, 2, 1.1, 3.45, 2.5];

/** Non-placement exits per month, by group: lost contact, self-resolved, temporary, institution, death. */
const HAZARDS: Record<'single' | 'chronic' | 'youth' | 'family', readonly number[]> = {
  single: [0.04, 0.025, 0.025, 0.01, 0.0008],
  chronic: [0.025, 0.005, 0.008, 0.012, 0.003],
  youth: [0.04, 0.02, 0.045, 0.007, 0.0003],
  family: [0.012, 0.04, 0.035, 0.002, 0.0001],
};
const NATURAL_OUTCOMES: readonly Outcome[] = ['lost', 'self_housed', 'temporary', 'institution', 'death'];
const DAYS_PER_MONTH = 30.44;

interface PoolEntry {
  hh: HouseholdPlan;
  ep: EpisodePlan;
  exitDay: Day;
  exitOutcome: Outcome;
}

interface ScheduledReturn {
  hh: HouseholdPlan;
  day: Day;
  kind: StartKind;
}

export function simulatePopulation(world: World): Population {
  const rng = new Rng(mixSeed(world.seed, 0x51a7e));
  const households: HouseholdPlan[] = [];
  const returns: ScheduledReturn[][] = Array.from({ length: world.months }, () => []);
  let pool: PoolEntry[] = [];
  const endDay = world.endDay;

  let currentMonth = 0;
  const scheduleReturn = (hh: HouseholdPlan, day: Day, kind: StartKind) => {
    if (day > endDay) return;
    const offset = monthOffsetOf(world, day);
    if (offset <= currentMonth || offset >= world.months) throw new Error(`return scheduled into month ${offset} from month ${currentMonth}`);
    returns[offset].push({ hh, day, kind });
  };

  const openEpisode = (hh: HouseholdPlan, start: Day, kind: StartKind, streetStart: Day): PoolEntry => {
    const ep: EpisodePlan = {
      start,
      startKind: kind,
      end: null,
      outcome: 'ongoing',
      destination: DEST.NOT_COLLECTED,
      subsidy: null,
      program: null,
      matchDay: null,
      moveIn: null,
      housingExit: null,
      housingExitDest: null,
      housingExitSubsidy: null,
      streetStart,
    };
    hh.episodes.push(ep);
    const group = hazardGroup(hh);
    const h = HAZARDS[group];
    const frailty = Math.exp(rng.normal(0, 0.6));
    let total = 0;
    for (const x of h) total += x;
    const from = Math.max(start, world.startDay);
    const exitDay = from + 1 + Math.floor(rng.exponential(DAYS_PER_MONTH / (total * frailty)));
    const exitOutcome = NATURAL_OUTCOMES[rng.weighted(h)];
    return { hh, ep, exitDay, exitOutcome };
  };

  // --- Households already homeless when the range starts.
  const stockCount = Math.round(world.expectedActiveHouseholds * 0.9);
  const stock: PoolEntry[] = [];
  for (let i = 0; i < stockCount; i++) {
    const hh = newHousehold(rng, world, KIND_WEIGHTS_STOCK, true);
    const longStay = hh.chronicProne;
    // Days on the list before the range starts: at most a year, so the history before the
    // range is short (long-stayers' longer homelessness shows in DateToStreetESSH instead).
    const elapsed = 1 + Math.floor(Math.min(364, rng.exponential(longStay ? 240 : 120)));
    const start = world.startDay - elapsed;
    const pre = preHomelessDays(rng, hh);
    stock.push(openEpisode(hh, start, 'stock', start - pre));
  }
  stock.sort((a, b) => a.ep.start - b.ep.start);
  for (const entry of stock) {
    entry.hh.index = households.length;
    households.push(entry.hh);
  }
  pool = stock;

  // --- Inflow rate so that the expected number of people lands on the target.
  const stockPeople = stock.reduce((n, e) => n + e.hh.size, 0);
  const meanSize = KIND_WEIGHTS_NEW.reduce((s, w, k) => s + w * EXPECTED_SIZE[k], 0);
  let multiplierSum = 0;
  for (let m = 0; m < world.months; m++) multiplierSum += inflowMultiplier(world, m) * expectedAcceptance(m);
  const baseRate = Math.max(0, world.preset.targetPeople - stockPeople) / (meanSize * multiplierSum);

  const monthly: SimMonth[] = [];
  for (let m = 0; m < world.months; m++) {
    currentMonth = m;
    const stats: SimMonth = {
      month: m,
      homeless: 0,
      arrivals: 0,
      diverted: 0,
      returns: returns[m].length,
      exits: { lost: 0, institution: 0, temporary: 0, self_housed: 0, death: 0 },
      placements: { rrh: 0, rrh_veteran: 0, psh: 0, psh_veteran: 0, voucher: 0 },
    };
    monthly.push(stats);
    const monthStart = firstDayOfMonth(world.startMonth + m);
    const monthEnd = lastDayOfMonth(world.startMonth + m);

    // 1. New households (diverted ones never enter), then returns, in day order.
    const arrivals = rng.poisson(baseRate * inflowMultiplier(world, m));
    const incoming: { hh: HouseholdPlan | null; day: Day; kind: StartKind }[] = [];
    for (let i = 0; i < arrivals; i++) {
      incoming.push({ hh: null, day: rng.int(monthStart, monthEnd), kind: 'new' });
    }
    for (const r of returns[m]) incoming.push({ hh: r.hh, day: r.day, kind: r.kind });
    incoming.sort((a, b) => a.day - b.day || (a.hh ? 1 : 0) - (b.hh ? 1 : 0) || (a.hh?.index ?? 0) - (b.hh?.index ?? 0));
    for (const inc of incoming) {
      if (inc.hh === null) {
        const hh = newHousehold(rng, world, KIND_WEIGHTS_NEW, false);
        if (inEffect('diversion', m) && !rng.chance(isFamily(hh) ? 0.7 : 0.8)) {
          stats.diverted++;
          continue;
        }
        stats.arrivals++;
        hh.index = households.length;
        households.push(hh);
        pool.push(openEpisode(hh, inc.day, 'new', inc.day - preHomelessDays(rng, hh)));
      } else {
        const streetStart = inc.kind === 'from_housing' ? inc.day : inc.day - Math.floor(rng.exponential(14));
        pool.push(openEpisode(inc.hh, inc.day, inc.kind, streetStart));
      }
    }

    // 2. Exits by other routes than a housing placement.
    const staying: PoolEntry[] = [];
    for (const entry of pool) {
      if (entry.exitDay <= monthEnd) {
        closeNatural(entry, rng, scheduleReturn);
        stats.exits[entry.exitOutcome as keyof SimMonth['exits']]++;
      } else staying.push(entry);
    }
    pool = staying;

    // 3. Housing placements, limited by this month's slots.
    const cap = world.capacity[m];
    const programs: [Program, number][] = [
      ['psh_veteran', cap.pshVeteran],
      ['rrh_veteran', cap.rrhVeteran],
      ['psh', cap.psh],
      ['rrh', cap.rrh],
      ['voucher', cap.voucher],
    ];
    for (const [program, slotsMean] of programs) {
      const slots = rng.poisson(slotsMean);
      if (slots === 0) continue;
      const eligible: PoolEntry[] = [];
      const keys: number[] = [];
      for (const entry of pool) {
        if (entry.ep.start + 14 > monthEnd) continue;
        const w = placementWeight(entry, program, m, monthEnd);
        if (w <= 0) continue;
        eligible.push(entry);
        // Weighted sampling without replacement (Efraimidis–Spirakis keys).
        keys.push(Math.log(1 - rng.next()) / w);
      }
      if (eligible.length === 0) continue;
      const order = eligible.map((_, i) => i).sort((a, b) => keys[b] - keys[a] || a - b);
      const chosen = new Set<PoolEntry>();
      for (let i = 0; i < Math.min(slots, order.length); i++) chosen.add(eligible[order[i]]);
      for (const entry of chosen) {
        const matchDay = rng.int(Math.max(monthStart, entry.ep.start + 14), monthEnd);
        place(entry, program, matchDay, m, rng, scheduleReturn);
      }
      stats.placements[program] += chosen.size;
      pool = pool.filter((e) => !chosen.has(e));
    }
    stats.homeless = pool.length;
  }

  let people = 0;
  for (const hh of households) people += hh.size;
  return { households, people, monthly };
}

function monthOffsetOf(world: World, day: Day): number {
  const p = dayParts(day);
  return p.year * 12 + p.month - 1 - world.startMonth;
}

/** Seasonal (winter peak), a slow post-pandemic rise, then flat. */
function inflowMultiplier(world: World, m: number): number {
  const calendarMonth = (world.startMonth + m) % 12;
  const seasonal = 1 + 0.22 * Math.cos((2 * Math.PI * calendarMonth) / 12);
  const trend = 1 + (0.06 * Math.min(m, 36)) / 12;
  return seasonal * trend;
}

function expectedAcceptance(m: number): number {
  if (m < 42) return 1;
  const familyShare = KIND_WEIGHTS_NEW[KIND.FAMILY] + KIND_WEIGHTS_NEW[KIND.PARENTING_YOUTH];
  return familyShare * 0.7 + (1 - familyShare) * 0.8;
}

function isFamily(hh: HouseholdPlan): boolean {
  return hh.kind === KIND.FAMILY || hh.kind === KIND.PARENTING_YOUTH;
}

function hazardGroup(hh: HouseholdPlan): keyof typeof HAZARDS {
  if (isFamily(hh)) return 'family';
  if (hh.chronicProne) return 'chronic';
  if (hh.kind === KIND.YOUTH) return 'youth';
  return 'single';
}

function newHousehold(rng: Rng, world: World, kindWeights: readonly number[], stock: boolean): HouseholdPlan {
  const kind = rng.weighted(kindWeights) as HouseholdKind;
  let headAge: number;
  let partner = false;
  let children = 0;
  switch (kind) {
    case KIND.SINGLE:
    case KIND.COUPLE:
      {
        const [lo, hi] = rng.pickWeighted<[number, number]>([
          [[25, 34], 0.25],
          [[35, 44], 0.24],
          [[45, 54], 0.23],
          [[55, 64], 0.2],
          [[65, 82], 0.08],
        ]);
        headAge = rng.int(lo, hi);
      }
      partner = kind === KIND.COUPLE;
      break;
    case KIND.YOUTH:
      headAge = rng.int(18, 24);
      partner = rng.chance(0.1);
      break;
    case KIND.FAMILY:
      headAge = Math.round(Math.min(55, Math.max(20, rng.normal(33, 7))));
      partner = rng.chance(0.45);
      children = 1 + rng.weighted([0.4, 0.3, 0.2, 0.1]);
      break;
    default:
      headAge = rng.int(18, 24);
      partner = rng.chance(0.25);
      children = 1 + rng.weighted([0.75, 0.25]);
  }
  const single = kind === KIND.SINGLE || kind === KIND.COUPLE;
  const vetRate = single ? (headAge >= 50 ? 0.16 : headAge >= 35 ? 0.11 : 0.07) : kind === KIND.FAMILY ? 0.04 : 0.01;
  const veteran = rng.chance(vetRate);
  const disabled = rng.chance(single ? (headAge >= 45 ? 0.56 : 0.46) : kind === KIND.YOUTH ? 0.3 : 0.25);
  const proneRate = single ? (stock ? 0.65 : 0.42) : kind === KIND.YOUTH ? 0.15 : 0.2;
  const chronicProne = disabled && rng.chance(proneRate);
  const locality = rng.weighted(world.localities.map((l) => l.weight));
  const tilt = world.localities[locality].raceTilt;
  const raceMask = rng.pickWeighted(
    RACE_TABLE.map(([mask, w]) => [mask, w * tiltFor(mask, tilt)] as const),
  );
  return {
    index: -1,
    kind,
    partner,
    children,
    size: 1 + (partner ? 1 : 0) + children,
    headAge,
    veteran,
    disabled,
    chronicProne,
    raceMask,
    locality,
    episodes: [],
  };
}

function tiltFor(mask: number, tilt: number[]): number {
  if (mask === 0) return 1;
  let product = 1;
  let n = 0;
  for (let bit = 0; bit < 7; bit++) {
    if (mask & (1 << bit)) {
      product *= tilt[bit];
      n++;
    }
  }
  return Math.pow(product, 1 / n);
}

/** Days homeless before the first identification: long for the chronic-prone (chronic on entry). */
function preHomelessDays(rng: Rng, hh: HouseholdPlan): number {
  if (hh.chronicProne) return 365 + Math.floor(rng.exponential(700));
  return Math.floor(rng.exponential(hh.disabled ? 60 : 25));
}

function placementWeight(entry: PoolEntry, program: Program, m: number, monthEnd: Day): number {
  const hh = entry.hh;
  const family = isFamily(hh);
  const daysHomeless = monthEnd - entry.ep.streetStart;
  const chronicNow = hh.disabled && daysHomeless >= 365 && !family;
  const ceChange = inEffect('ce_prioritization', m);
  let w: number;
  switch (program) {
    case 'psh':
      if (!hh.disabled) return 0;
      w = chronicNow ? 8 : 2;
      if (ceChange && chronicNow) w *= 1 + Math.min(3, daysHomeless / 365);
      break;
    case 'psh_veteran':
      if (!hh.veteran) return 0;
      w = chronicNow ? 3 : 1;
      break;
    case 'rrh_veteran':
      if (!hh.veteran) return 0;
      w = chronicNow ? 0.5 : 2;
      break;
    case 'rrh':
      w = family ? 3 : hh.kind === KIND.YOUTH ? 2.5 : chronicNow ? 0.4 : 1;
      // Case conferencing offers rapid rehousing early, before homelessness becomes long.
      if (ceChange && daysHomeless < 120) w *= 3;
      break;
    case 'voucher':
      w = family ? 2 : 1;
      break;
  }
  if (!ceChange) {
    // Before case conferencing: a static list worked in order of time waiting, and Black and
    // Indigenous households were referred less often.
    w *= 1 + daysHomeless / 120;
    if ((hh.raceMask & (BLACK | AM_IND)) !== 0) w *= 0.8;
  }
  return w;
}

type Scheduler = (hh: HouseholdPlan, day: Day, kind: StartKind) => void;

function closeNatural(entry: PoolEntry, rng: Rng, schedule: Scheduler): void {
  const { hh, ep } = entry;
  const day = entry.exitDay;
  ep.end = day;
  ep.outcome = entry.exitOutcome;
  const youth = hh.kind === KIND.YOUTH || hh.kind === KIND.PARENTING_YOUTH;
  switch (entry.exitOutcome) {
    case 'lost':
      ep.destination = rng.pickWeighted<number>([
        [DEST.NO_EXIT_INTERVIEW, 0.5],
        [DEST.NOT_COLLECTED, 0.3],
        [DEST.DONT_KNOW, 0.1],
        [DEST.OTHER, 0.1],
      ]);
      // Returns come at least 31 days later: always in a month not yet simulated.
      if (rng.chance(0.45)) schedule(hh, day + 31 + Math.floor(rng.exponential(240)), 'from_away');
      break;
    case 'institution':
      ep.destination = rng.pickWeighted<number>([
        [DEST.JAIL, 0.45],
        [DEST.SUBSTANCE_TREATMENT, 0.2],
        [DEST.PSYCHIATRIC, 0.15],
        [DEST.HOSPITAL, 0.15],
        [DEST.LONG_TERM_CARE, 0.05],
      ]);
      if (rng.chance(0.55)) schedule(hh, day + 91 + Math.floor(rng.exponential(150)), 'from_away');
      break;
    case 'temporary':
      ep.destination = rng.pickWeighted<number>([
        [DEST.FAMILY_TEMPORARY, youth ? 0.4 : 0.3],
        [DEST.FRIENDS_TEMPORARY, youth ? 0.35 : 0.3],
        [DEST.HOTEL_NO_VOUCHER, 0.15],
        [DEST.HALFWAY_HOUSE, youth ? 0 : 0.15],
        [DEST.HOST_HOME, youth ? 0.1 : 0],
      ]);
      if (rng.chance(0.4)) schedule(hh, day + 91 + Math.floor(rng.exponential(240)), 'from_away');
      break;
    case 'self_housed':
      ep.destination = rng.pickWeighted<number>([
        [DEST.RENTAL_NO_SUBSIDY, 0.25],
        [DEST.FAMILY_PERMANENT, 0.35],
        [DEST.FRIENDS_PERMANENT, 0.15],
        [DEST.RENTAL_WITH_SUBSIDY, 0.2],
        [DEST.OWNED_NO_SUBSIDY, 0.05],
      ]);
      if (ep.destination === DEST.RENTAL_WITH_SUBSIDY) ep.subsidy = rng.chance(0.5) ? SUBSIDY.HCV : SUBSIDY.OTHER_PERMANENT;
      if (rng.chance(0.22)) schedule(hh, day + 31 + Math.floor(rng.exponential(300)), 'from_housing');
      break;
    case 'death':
      ep.destination = DEST.DECEASED;
      break;
    default:
      break;
  }
}

const RETURN_RATE: Record<Program, number> = { rrh: 0.16, rrh_veteran: 0.14, psh: 0.1, psh_veteran: 0.1, voucher: 0.08 };
const PROGRAM_SUBSIDY: Record<Program, number> = {
  rrh: SUBSIDY.RRH,
  rrh_veteran: SUBSIDY.RRH,
  psh: SUBSIDY.PSH,
  psh_veteran: SUBSIDY.VASH,
  voucher: SUBSIDY.HCV,
};

function place(entry: PoolEntry, program: Program, matchDay: Day, m: number, rng: Rng, schedule: Scheduler): void {
  const { hh, ep } = entry;
  let lag = inEffect('ce_prioritization', m) ? Math.max(7, rng.normal(32, 12)) : Math.max(21, rng.normal(95, 30));
  if (inEffect('landlord_engagement', m) && (program === 'rrh' || program === 'voucher')) lag = Math.max(7, lag - 8);
  if (program === 'psh_veteran' || program === 'voucher') lag += 15;
  const moveIn = matchDay + Math.round(lag);
  ep.outcome = 'placed';
  ep.program = program;
  ep.matchDay = matchDay;
  ep.moveIn = moveIn;
  ep.end = moveIn;
  ep.destination = DEST.RENTAL_WITH_SUBSIDY;
  ep.subsidy = program === 'voucher' && m >= 6 && m < 24 && rng.chance(0.5) ? SUBSIDY.EHV : PROGRAM_SUBSIDY[program];

  const rapid = program === 'rrh' || program === 'rrh_veteran';
  const programEnd =
    program === 'rrh'
      ? moveIn + rng.int(150, 540)
      : program === 'rrh_veteran'
        ? moveIn + rng.int(90, 360)
        : moveIn + 365 + Math.floor(rng.exponential(6 * 365));
  const death = moveIn + Math.floor(rng.exponential((hh.chronicProne ? 25 : 60) * 365));
  const returnDay = rng.chance(RETURN_RATE[program]) ? moveIn + 45 + Math.floor(rng.exponential(420)) : Infinity;

  if (death < programEnd && death < returnDay) {
    ep.housingExit = death;
    ep.housingExitDest = DEST.DECEASED;
    return;
  }
  if (returnDay < programEnd) {
    ep.housingExit = returnDay;
    ep.housingExitDest = rng.chance(0.6) ? DEST.STREET : DEST.EMERGENCY_SHELTER;
    schedule(hh, returnDay, 'from_housing');
    return;
  }
  ep.housingExit = programEnd;
  const dest = rapid
    ? rng.pickWeighted<number>([
        [DEST.RENTAL_NO_SUBSIDY, 0.45],
        [DEST.RENTAL_WITH_SUBSIDY, 0.15],
        [DEST.FAMILY_PERMANENT, 0.1],
        [DEST.FRIENDS_PERMANENT, 0.05],
        [DEST.NOT_COLLECTED, 0.07],
        [DEST.NO_EXIT_INTERVIEW, 0.05],
        [DEST.FAMILY_TEMPORARY, 0.08],
        [DEST.FRIENDS_TEMPORARY, 0.05],
      ])
    : rng.pickWeighted<number>([
        [DEST.RENTAL_NO_SUBSIDY, 0.3],
        [DEST.RENTAL_WITH_SUBSIDY, 0.4],
        [DEST.FAMILY_PERMANENT, 0.1],
        [DEST.LONG_TERM_CARE, 0.1],
        [DEST.NOT_COLLECTED, 0.1],
      ]);
  ep.housingExitDest = dest;
  if (dest === DEST.RENTAL_WITH_SUBSIDY) ep.housingExitSubsidy = SUBSIDY.HCV;
  if (returnDay !== Infinity) schedule(hh, returnDay, dest >= 400 && dest < 500 ? 'from_housing' : 'from_away');
}
