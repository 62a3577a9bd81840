/**
 * The synthetic city's fixed structure (pure, no I/O): its time range, localities,
 * organizations and projects, the dated process changes, and the monthly housing
 * capacity. The people living through it are simulated in simulate.ts.
 */
import { dayFromParts, dayParts, formatMonth, monthOf, type Day, type MonthIndex } from '../domain/time/day.ts';
import { FUNDER, PROJECT_TYPE } from './hud-codes.ts';
import { LOCALITY_NAMES, ORGANIZATION_NOUNS, ORGANIZATION_PREFIXES } from './names.ts';
import { mixSeed, Rng } from './random.ts';
import { SIZE_PRESETS, type CitySize, type SizePreset } from './sizes.ts';

export const CITY_NAME = 'Demo City';
export const CITY_SLUG = 'demo-city';
export const COC_CODE = 'XX-500';
/** The export ends here whatever the seed, so output is stable. */
export const END_DATE = '2025-12-31';
export const SIMULATED_MONTHS = 60;

/** What a project is for, finer than its HUD project type. */
export type Archetype =
  | 'es_single'
  | 'es_family'
  | 'es_youth'
  | 'es_nbn'
  | 'th_single'
  | 'th_veteran'
  | 'th_youth'
  | 'th_family'
  | 'safe_haven'
  | 'outreach'
  | 'outreach_youth'
  | 'coordinated_entry'
  | 'psh'
  | 'psh_vash'
  | 'rrh'
  | 'rrh_ssvf'
  | 'rrh_youth'
  | 'ph_voucher'
  | 'services_only';

/** Who a project serves. */
export type Target = 'all' | 'singles' | 'families' | 'youth' | 'veterans';

export interface Locality {
  index: number;
  name: string;
  slug: string;
  /** HUD geocode written to ProjectCoC.Geocode: one per locality. */
  geocode: string;
  zip: string;
  /** Share of the city's homelessness that starts here (weights sum to 1). */
  weight: number;
  /** Multipliers on the race mix of people whose home locality this is. */
  raceTilt: number[];
}

export interface Organization {
  index: number;
  id: string;
  name: string;
  commonName: string;
  locality: number;
}

export interface Provider {
  index: number;
  /** HMIS ProjectID. */
  id: string;
  name: string;
  commonName: string;
  organizationId: string;
  organization: string;
  projectType: number;
  archetype: Archetype;
  target: Target;
  locality: string;
  localityIndex: number;
  operatingStart: Day;
  /** HUD funding source (2.06.1). */
  funder: number;
  /** PATH-funded outreach records PATH services (141) on contacts. */
  pathFunded: boolean;
  /** 2.02.D HousingType for residential projects; null otherwise. */
  housingType: number | null;
  /** Beds (households for PH) the project is sized for. */
  beds: number;
  /** 2.07.4 HouseholdType of its inventory. */
  householdType: 1 | 3 | 4;
}

/** A dated change in how the system works, with the signal it leaves in the figures. */
export interface ProcessChange {
  key: 'ce_prioritization' | 'landlord_engagement' | 'diversion' | 'veterans_surge';
  /** First day the change is in effect (YYYY-MM-DD). */
  date: string;
  /** The month it starts (YYYY-MM). */
  month: string;
  /** Months since the start of the simulated range. */
  monthOffset: number;
  title: string;
  description: string;
  /** Populations whose figures it moves (bnl.md population keys). */
  populations: string[];
  /** Monthly figures it moves (MonthlyFigures field names). */
  measures: string[];
}

/** Housing placement slots (households matched to a housing resource) in one month. */
export interface CapacityMonth {
  month: string;
  rrh: number;
  rrhVeteran: number;
  psh: number;
  pshVeteran: number;
  voucher: number;
}

export interface World {
  name: string;
  slug: string;
  size: CitySize;
  seed: number;
  preset: SizePreset;
  startDay: Day;
  endDay: Day;
  startMonth: MonthIndex;
  months: number;
  /** The last Wednesday of January of the final year: the PIT count night. */
  pitDay: Day;
  localities: Locality[];
  organizations: Organization[];
  providers: Provider[];
  processChanges: ProcessChange[];
  capacity: CapacityMonth[];
  /** Households expected to be homeless on a night at steady state (sizes capacity and beds). */
  expectedActiveHouseholds: number;
}

const PROCESS_CHANGE_MONTHS = {
  ce_prioritization: 18,
  landlord_engagement: 30,
  diversion: 42,
  veterans_surge: 50,
} as const;

/** True when the process change is in effect in the given month offset. */
export function inEffect(key: keyof typeof PROCESS_CHANGE_MONTHS, monthOffset: number): boolean {
  return monthOffset >= PROCESS_CHANGE_MONTHS[key];
}

interface ArchetypeSpec {
  archetype: Archetype;
  projectType: number;
  target: Target;
  share: number;
  label: string;
  funders: number[];
  housingType: number | null;
  householdType: 1 | 3 | 4;
  /** Share of the expected active households a project of this kind holds (beds sizing). */
  occupancy: number;
}

const ARCHETYPES: readonly ArchetypeSpec[] = [
  { archetype: 'es_single', projectType: PROJECT_TYPE.ES_ENTRY_EXIT, target: 'singles', share: 0.12, label: 'Emergency Shelter', funders: [FUNDER.ESG_ES, FUNDER.LOCAL], housingType: 1, householdType: 1, occupancy: 0.25 },
  { archetype: 'es_family', projectType: PROJECT_TYPE.ES_ENTRY_EXIT, target: 'families', share: 0.06, label: 'Family Shelter', funders: [FUNDER.ESG_ES, FUNDER.LOCAL], housingType: 1, householdType: 3, occupancy: 0.12 },
  { archetype: 'es_youth', projectType: PROJECT_TYPE.ES_ENTRY_EXIT, target: 'youth', share: 0.03, label: 'Youth Shelter', funders: [FUNDER.RHY_BCP], housingType: 1, householdType: 1, occupancy: 0.04 },
  { archetype: 'es_nbn', projectType: PROJECT_TYPE.ES_NIGHT_BY_NIGHT, target: 'singles', share: 0.06, label: 'Night Shelter', funders: [FUNDER.LOCAL, FUNDER.ESG_ES], housingType: 1, householdType: 1, occupancy: 0.15 },
  { archetype: 'th_single', projectType: PROJECT_TYPE.TRANSITIONAL_HOUSING, target: 'singles', share: 0.05, label: 'Transitional Housing', funders: [FUNDER.COC_TH], housingType: 2, householdType: 1, occupancy: 0.05 },
  { archetype: 'th_veteran', projectType: PROJECT_TYPE.TRANSITIONAL_HOUSING, target: 'veterans', share: 0.03, label: 'GPD Transitional Housing', funders: [FUNDER.GPD_SERVICE_INTENSIVE], housingType: 1, householdType: 1, occupancy: 0.02 },
  { archetype: 'th_youth', projectType: PROJECT_TYPE.TRANSITIONAL_HOUSING, target: 'youth', share: 0.03, label: 'Transitional Living Program', funders: [FUNDER.RHY_TLP], housingType: 2, householdType: 1, occupancy: 0.02 },
  { archetype: 'th_family', projectType: PROJECT_TYPE.TRANSITIONAL_HOUSING, target: 'families', share: 0.03, label: 'Family Transitional Housing', funders: [FUNDER.COC_TH], housingType: 2, householdType: 3, occupancy: 0.03 },
  { archetype: 'safe_haven', projectType: PROJECT_TYPE.SAFE_HAVEN, target: 'singles', share: 0.02, label: 'Safe Haven', funders: [FUNDER.COC_SAFE_HAVEN], housingType: 1, householdType: 1, occupancy: 0.02 },
  { archetype: 'outreach', projectType: PROJECT_TYPE.STREET_OUTREACH, target: 'all', share: 0.1, label: 'Street Outreach', funders: [FUNDER.ESG_SO, FUNDER.PATH], housingType: null, householdType: 1, occupancy: 0 },
  { archetype: 'outreach_youth', projectType: PROJECT_TYPE.STREET_OUTREACH, target: 'youth', share: 0.02, label: 'Youth Street Outreach', funders: [FUNDER.RHY_SOP], housingType: null, householdType: 1, occupancy: 0 },
  { archetype: 'coordinated_entry', projectType: PROJECT_TYPE.COORDINATED_ENTRY, target: 'all', share: 0.03, label: 'Coordinated Entry Access Point', funders: [FUNDER.COC_SSO], housingType: null, householdType: 1, occupancy: 0 },
  { archetype: 'psh', projectType: PROJECT_TYPE.PSH, target: 'all', share: 0.12, label: 'Permanent Supportive Housing', funders: [FUNDER.COC_PSH], housingType: 3, householdType: 1, occupancy: 0.5 },
  { archetype: 'psh_vash', projectType: PROJECT_TYPE.PSH, target: 'veterans', share: 0.03, label: 'HUD-VASH', funders: [FUNDER.HUD_VASH], housingType: 3, householdType: 1, occupancy: 0.08 },
  { archetype: 'rrh', projectType: PROJECT_TYPE.RRH, target: 'all', share: 0.1, label: 'Rapid Rehousing', funders: [FUNDER.COC_RRH, FUNDER.ESG_RRH], housingType: 3, householdType: 3, occupancy: 0.3 },
  { archetype: 'rrh_ssvf', projectType: PROJECT_TYPE.RRH, target: 'veterans', share: 0.03, label: 'SSVF Rapid Rehousing', funders: [FUNDER.SSVF], housingType: 3, householdType: 1, occupancy: 0.04 },
  { archetype: 'rrh_youth', projectType: PROJECT_TYPE.RRH, target: 'youth', share: 0.03, label: 'Youth Rapid Rehousing', funders: [FUNDER.YHDP], housingType: 3, householdType: 1, occupancy: 0.04 },
  { archetype: 'ph_voucher', projectType: PROJECT_TYPE.PH_HOUSING_ONLY, target: 'all', share: 0.05, label: 'Housing Choice Vouchers', funders: [FUNDER.PIH], housingType: 3, householdType: 3, occupancy: 0.3 },
  { archetype: 'services_only', projectType: PROJECT_TYPE.SERVICES_ONLY, target: 'all', share: 0.06, label: 'Supportive Services', funders: [FUNDER.COC_SSO, FUNDER.PATH], housingType: null, householdType: 1, occupancy: 0 },
];

export function archetypeLabel(a: Archetype): string {
  return ARCHETYPES.find((s) => s.archetype === a)!.label;
}

/** Share of the target people expected to be homeless on a night, in households. */
const ACTIVE_HOUSEHOLD_SHARE = 0.085;

export function buildWorld(size: CitySize, seed: number): World {
  const preset = SIZE_PRESETS[size];
  const rng = new Rng(mixSeed(seed, 0x77071d));
  const endDay = parseFixed(END_DATE);
  const endParts = dayParts(endDay);
  const startDay = dayFromParts(endParts.year - 5, endParts.month, endParts.day)! + 1;
  const startMonth = monthOf(startDay);
  const pitDay = lastWednesdayOfJanuary(endParts.year);
  const expectedActiveHouseholds = Math.max(20, Math.round(preset.targetPeople * ACTIVE_HOUSEHOLD_SHARE));

  const localities = buildLocalities(preset.localities, rng);
  const { organizations, providers } = buildProviders(preset, localities, startDay, expectedActiveHouseholds, rng);
  const processChanges = buildProcessChanges(startMonth);
  const capacity = buildCapacity(startMonth, expectedActiveHouseholds);

  return {
    name: CITY_NAME,
    slug: CITY_SLUG,
    size,
    seed,
    preset,
    startDay,
    endDay,
    startMonth,
    months: SIMULATED_MONTHS,
    pitDay,
    localities,
    organizations,
    providers,
    processChanges,
    capacity,
    expectedActiveHouseholds,
  };
}

function parseFixed(text: string): Day {
  const [y, m, d] = text.split('-').map(Number);
  return dayFromParts(y, m, d)!;
}

/** The last Wednesday of January of a year (the HUD PIT count is held in the last ten days of January). */
export function lastWednesdayOfJanuary(year: number): Day {
  let day = dayFromParts(year, 1, 31)!;
  // 1970-01-01 was a Thursday: (day + 4) % 7 is 0 on Sundays, 3 on Wednesdays.
  while ((((day + 4) % 7) + 7) % 7 !== 3) day--;
  return day;
}

function buildLocalities(count: number, rng: Rng): Locality[] {
  const names = LOCALITY_NAMES.slice(0, count);
  const raw = names.map(() => 0.5 + rng.next());
  // The first locality (downtown-like) draws the most.
  raw[0] *= 1.8;
  const total = raw.reduce((a, b) => a + b, 0);
  return names.map((name, index) => ({
    index,
    name,
    slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    geocode: `99${String(1001 + index * 37).padStart(4, '0')}`,
    zip: `9${String(1100 + index * 13).padStart(4, '0')}`,
    weight: raw[index] / total,
    raceTilt: Array.from({ length: 7 }, () => Math.exp(rng.normal(0, 0.45))),
  }));
}

function buildProviders(
  preset: SizePreset,
  localities: Locality[],
  startDay: Day,
  expectedActive: number,
  rng: Rng,
): { organizations: Organization[]; providers: Provider[] } {
  const organizations: Organization[] = [];
  const orgNames = new Set<string>();
  const addOrg = (name: string, commonName: string, locality: number): Organization => {
    const org: Organization = { index: organizations.length, id: `O${String(organizations.length + 1).padStart(3, '0')}`, name, commonName, locality };
    organizations.push(org);
    orgNames.add(name);
    return org;
  };
  const ceOrg = addOrg(`${CITY_NAME} Continuum of Care`, 'CoC Lead', 0);
  const pha = addOrg(`${CITY_NAME} Housing Authority`, 'Housing Authority', 0);

  const counts = ARCHETYPES.map((a) => Math.max(1, Math.round(a.share * preset.projects)));
  const generalOrgCount = Math.max(3, Math.ceil(preset.projects / 3.5));
  const general: Organization[] = [];
  for (let i = 0; i < generalOrgCount; i++) {
    let name = '';
    for (let tries = 0; tries < 100; tries++) {
      name = `${rng.pick(ORGANIZATION_PREFIXES)} ${rng.pick(ORGANIZATION_NOUNS)}`;
      if (!orgNames.has(name)) break;
    }
    if (orgNames.has(name)) name = `${name} ${i + 1}`;
    general.push(addOrg(name, name.split(' ')[0], i % localities.length));
  }
  const veteranOrgs: Organization[] = [];
  const vetProjects = counts[ARCHETYPES.findIndex((a) => a.archetype === 'th_veteran')] +
    counts[ARCHETYPES.findIndex((a) => a.archetype === 'psh_vash')] +
    counts[ARCHETYPES.findIndex((a) => a.archetype === 'rrh_ssvf')];
  for (let i = 0; i < Math.max(1, Math.ceil(vetProjects / 6)); i++) {
    const loc = localities[(i * 3) % localities.length];
    veteranOrgs.push(addOrg(i === 0 ? `Veterans Alliance of ${CITY_NAME}` : `${loc.name} Veterans Alliance`, 'Veterans Alliance', loc.index));
  }
  const youthOrgs: Organization[] = [];
  const youthProjects = ['es_youth', 'th_youth', 'outreach_youth', 'rrh_youth']
    .map((k) => counts[ARCHETYPES.findIndex((a) => a.archetype === k)])
    .reduce((a, b) => a + b, 0);
  for (let i = 0; i < Math.max(1, Math.ceil(youthProjects / 5)); i++) {
    const loc = localities[(i * 2 + 1) % localities.length];
    youthOrgs.push(addOrg(`${loc.name} Youth Services`, `${loc.name} Youth`, loc.index));
  }

  const providers: Provider[] = [];
  const names = new Set<string>();
  const beforeStart = (): Day => startDay - rng.int(365, 365 * 25);
  ARCHETYPES.forEach((spec, ai) => {
    const n = counts[ai];
    const offset = rng.int(0, localities.length - 1);
    for (let i = 0; i < n; i++) {
      const loc = localities[(offset + i) % localities.length];
      let org: Organization;
      if (spec.archetype === 'coordinated_entry') org = ceOrg;
      else if (spec.archetype === 'ph_voucher') org = pha;
      else if (spec.target === 'veterans') org = veteranOrgs[i % veteranOrgs.length];
      else if (spec.target === 'youth') org = youthOrgs[i % youthOrgs.length];
      else {
        const local = general.filter((o) => o.locality === loc.index);
        org = local.length > 0 && rng.chance(0.75) ? rng.pick(local) : rng.pick(general);
      }
      let name = `${org.name} ${spec.label}`;
      if (names.has(name)) name = `${name} - ${loc.name}`;
      for (let k = 2; names.has(name); k++) name = `${org.name} ${spec.label} ${k}`;
      names.add(name);
      // A few projects open during the simulated years when another of their kind already runs.
      let operatingStart = beforeStart();
      if (n >= 2 && i === n - 1) {
        if (spec.archetype === 'psh') operatingStart = firstDayOfOffset(startDay, 36);
        if (spec.archetype === 'ph_voucher') operatingStart = firstDayOfOffset(startDay, 6);
        if (spec.archetype === 'rrh_youth') operatingStart = firstDayOfOffset(startDay, 12);
        if (spec.archetype === 'rrh') operatingStart = firstDayOfOffset(startDay, PROCESS_CHANGE_MONTHS.landlord_engagement);
      }
      const funder = spec.archetype === 'ph_voucher' && operatingStart >= startDay ? FUNDER.EHV : spec.funders[i % spec.funders.length];
      const beds = Math.max(4, Math.round((spec.occupancy * expectedActive) / n));
      providers.push({
        index: providers.length,
        id: `PR${String(providers.length + 1).padStart(3, '0')}`,
        name,
        commonName: `${org.commonName} ${spec.label}`,
        organizationId: org.id,
        organization: org.name,
        projectType: spec.projectType,
        archetype: spec.archetype,
        target: spec.target,
        locality: loc.name,
        localityIndex: loc.index,
        operatingStart,
        funder,
        pathFunded: funder === FUNDER.PATH,
        housingType: spec.housingType,
        beds,
        householdType: spec.householdType,
      });
    }
  });
  return { organizations, providers };
}

function firstDayOfOffset(startDay: Day, months: number): Day {
  const p = dayParts(startDay);
  const m = p.month - 1 + months;
  return dayFromParts(p.year + Math.floor(m / 12), (m % 12) + 1, 1)!;
}

function buildProcessChanges(startMonth: MonthIndex): ProcessChange[] {
  const at = (offset: number) => {
    const month = startMonth + offset;
    return { month: formatMonth(month), date: `${formatMonth(month)}-01`, monthOffset: offset };
  };
  return [
    {
      key: 'ce_prioritization',
      ...at(PROCESS_CHANGE_MONTHS.ce_prioritization),
      title: 'Coordinated entry: case conferencing and document readiness',
      description:
        'Weekly by-name case conferencing replaces the static priority list; households are made document-ready before a match. Time from match to move-in falls from about 95 to about 32 days, rapid rehousing is offered within the first months of homelessness, the longest-homeless chronic households are prioritised for PSH, and a gap in referral rates by race closes.',
      populations: ['all', 'chronic'],
      measures: ['avg_days_to_housing', 'housing_placements'],
    },
    {
      key: 'landlord_engagement',
      ...at(PROCESS_CHANGE_MONTHS.landlord_engagement),
      title: 'Landlord engagement program',
      description:
        'A risk-mitigation fund and a landlord liaison team bring new units: rapid-rehousing placements rise by about 45% and voucher lease-ups by about 30%; a new rapid-rehousing project opens.',
      populations: ['all', 'all-singles', 'families'],
      measures: ['housing_placements', 'actively_homeless'],
    },
    {
      key: 'diversion',
      ...at(PROCESS_CHANGE_MONTHS.diversion),
      title: 'Diversion at the front door',
      description:
        'Coordinated entry access points offer problem-solving conversations and flexible funds before shelter entry: inflow of newly identified households falls by about 20% (30% for families).',
      populations: ['all', 'families'],
      measures: ['newly_identified', 'actively_homeless'],
    },
    {
      key: 'veterans_surge',
      ...at(PROCESS_CHANGE_MONTHS.veterans_surge),
      title: 'Veterans surge',
      description:
        'A 100-day push with the VA medical center: HUD-VASH and SSVF placements triple and every veteran on the list gets a housing plan.',
      populations: ['veterans'],
      measures: ['housing_placements', 'actively_homeless'],
    },
  ];
}

/** Monthly slot multipliers: steady growth, an emergency-voucher wave, then the process changes. */
function buildCapacity(startMonth: MonthIndex, expectedActive: number): CapacityMonth[] {
  const out: CapacityMonth[] = [];
  for (let m = 0; m < SIMULATED_MONTHS; m++) {
    const growth = 1 + 0.004 * m;
    let rrh = 0.022 * growth;
    let voucher = 0.008 * growth;
    const psh = 0.011 * growth * (m >= 36 ? 1.2 : 1);
    let rrhVeteran = 0.003 * growth;
    let pshVeteran = 0.003 * growth;
    if (m >= 6 && m < 24) voucher *= 1.6; // Emergency Housing Vouchers, 2021-2022
    if (inEffect('landlord_engagement', m)) {
      rrh *= 1.45;
      voucher *= 1.3;
    }
    if (inEffect('veterans_surge', m)) {
      rrhVeteran *= 3;
      pshVeteran *= 3;
    }
    out.push({
      month: formatMonth(startMonth + m),
      rrh: rrh * expectedActive,
      rrhVeteran: rrhVeteran * expectedActive,
      psh: psh * expectedActive,
      pshVeteran: pshVeteran * expectedActive,
      voucher: voucher * expectedActive,
    });
  }
  return out;
}
