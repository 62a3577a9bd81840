/**
 * Generates the deterministic synthetic city: simulates it, then streams its records as a
 * HUD HMIS CSV FY2024 export and/or ZeroLoop By-Name List files, household by household.
 * Same size and seed → byte-identical files.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { formatDay } from '../domain/time/day.ts';
import { deriveStatusChanges, type DerivedChange, type EvidenceEnrollment } from './derive-status.ts';
import { buildHouseholdRecords, indexProviders, type EnrollmentOut } from './household-records.ts';
import { PROJECT_TYPE_LABELS } from './hud-codes.ts';
import type { CitySize } from './sizes.ts';
import { simulatePopulation, type HouseholdPlan } from './simulate.ts';
import { BnlWriter } from './write-bnl.ts';
import { HmisWriter } from './write-hmis.ts';
import { buildWorld, type Archetype, type CapacityMonth, type ProcessChange, type Target, type World } from './world.ts';

export type OutputFormat = 'hmis' | 'bnl' | 'both';

/** Progress: the simulation (0 of 1, then 1 of 1), then people written out of all people. */
export interface GenerateProgress {
  phase: 'simulate' | 'write';
  done: number;
  total: number;
}

export interface GenerateOptions {
  size: CitySize;
  seed: number;
  outDir: string;
  format: OutputFormat;
  /** Also write one BNL snapshot per month end (snapshots/YYYY-MM-DD.csv). Default false. */
  bnlSnapshots?: boolean;
  onProgress?: (p: GenerateProgress) => void;
}

export interface LocalityInfo {
  name: string;
  slug: string;
  geocode: string;
  zip: string;
}

export interface ProviderInfo {
  id: string;
  name: string;
  organization: string;
  organizationId: string;
  projectType: number;
  projectTypeLabel: string;
  archetype: Archetype;
  target: Target;
  locality: string;
  operatingStart: string;
}

export interface GeneratedFile {
  path: string;
  rows: number;
  bytes: number;
}

export interface GeneratedCity {
  name: string;
  slug: string;
  size: CitySize;
  seed: number;
  /** First and last day of the simulated range (YYYY-MM-DD). */
  startDate: string;
  endDate: string;
  localities: LocalityInfo[];
  providers: ProviderInfo[];
  processChanges: ProcessChange[];
  /** Monthly housing placement slots (households), the capacity the simulation allocates. */
  capacity: CapacityMonth[];
  /** People active on the PIT night (the last Wednesday of January of the final year). */
  pitCount: number;
  pitDate: string;
  /** What the city holds, person-level (the HMIS export has exactly these rows), whatever the format. */
  counts: {
    households: number;
    people: number;
    /** People with at least one status change (on the list at some point). */
    peopleOnList: number;
    enrollments: number;
    exits: number;
    services: number;
    bedNights: number;
    currentLivingSituations: number;
    /** Services plus CurrentLivingSituation contacts. */
    servicesAndContacts: number;
    statusChanges: number;
  };
  files: {
    /** Directory of the BNL files, or null when not written. */
    bnlDir: string | null;
    /** Directory of the HMIS export, or null when not written. */
    hmisDir: string | null;
    communityJson: string;
    /** Every file written, with its data rows (header excluded) and bytes. */
    written: GeneratedFile[];
  };
}

const DRAIN_EVERY = 64;

export async function generateCity(options: GenerateOptions): Promise<GeneratedCity> {
  const { size, seed, outDir, format, onProgress } = options;
  const world = buildWorld(size, seed);
  onProgress?.({ phase: 'simulate', done: 0, total: 1 });
  const population = simulatePopulation(world);
  onProgress?.({ phase: 'simulate', done: 1, total: 1 });

  const both = format === 'both';
  const bnlDir = format === 'hmis' ? null : both ? join(outDir, 'bnl') : outDir;
  const hmisDir = format === 'bnl' ? null : both ? join(outDir, 'hmis') : outDir;
  await mkdir(outDir, { recursive: true });
  const bnl = bnlDir ? await BnlWriter.open(bnlDir, world, options.bnlSnapshots ?? false) : null;
  const hmis = hmisDir ? await HmisWriter.open(hmisDir, world) : null;

  const providers = indexProviders(world);
  const households: (HouseholdPlan | null)[] = population.households;
  const total = households.length;
  const progressStep = Math.max(1, Math.floor(total / 100));
  let personNumber = 1;
  let pitCount = 0;
  let peopleOnList = 0;
  let statusChanges = 0;
  // Person-level record counts (what the HMIS export holds, whether or not it is written).
  const records = { enrollments: 0, exits: 0, services: 0, bedNights: 0, contacts: 0 };
  try {
    for (let i = 0; i < total; i++) {
      const hh = households[i]!;
      households[i] = null; // let the plan go once written
      const rec = buildHouseholdRecords(world, providers, hh, personNumber);
      personNumber += rec.members.length;
      const changes = deriveStatusChanges(rec.enrollments.map(toEvidence), world.endDay);
      if (changes.length) peopleOnList += rec.members.length;
      statusChanges += changes.length * rec.members.length;
      if (statusOn(changes, world.pitDay) === 'active') pitCount += rec.members.length;
      const size = rec.members.length;
      for (const e of rec.enrollments) {
        records.enrollments += size;
        if (e.exit !== null) records.exits += size;
        const nights = e.bedNights ? e.bedNights.length : 0;
        records.bedNights += nights * size;
        records.services += (nights + (e.services ? e.services.length : 0)) * size;
        records.contacts += (e.contacts ? e.contacts.length : 0) * size;
      }
      bnl?.writeHousehold(rec, changes);
      hmis?.writeHousehold(rec);
      if (i % DRAIN_EVERY === DRAIN_EVERY - 1) {
        if (bnl) await bnl.drain();
        if (hmis) await hmis.drain();
      }
      if (onProgress && (i % progressStep === 0 || i === total - 1)) onProgress({ phase: 'write', done: personNumber - 1, total: population.people });
    }
  } catch (err) {
    bnl?.destroy();
    hmis?.destroy();
    throw err;
  }
  const written: GeneratedFile[] = [];
  if (bnl) for (const f of await bnl.close()) written.push({ path: f.path, rows: f.rows, bytes: f.bytes });
  if (hmis) for (const f of await hmis.close()) written.push({ path: f.path, rows: f.rows, bytes: f.bytes });

  const communityJson = join(bnlDir ?? outDir, 'community.json');
  const result: GeneratedCity = {
    name: world.name,
    slug: world.slug,
    size,
    seed,
    startDate: formatDay(world.startDay),
    endDate: formatDay(world.endDay),
    localities: world.localities.map((l) => ({ name: l.name, slug: l.slug, geocode: l.geocode, zip: l.zip })),
    providers: providerInfo(world),
    processChanges: world.processChanges,
    capacity: world.capacity.map(roundCapacity),
    pitCount,
    pitDate: formatDay(world.pitDay),
    counts: {
      households: total,
      people: personNumber - 1,
      peopleOnList,
      enrollments: records.enrollments,
      exits: records.exits,
      services: records.services,
      bedNights: records.bedNights,
      currentLivingSituations: records.contacts,
      servicesAndContacts: records.services + records.contacts,
      statusChanges,
    },
    files: { bnlDir, hmisDir, communityJson, written },
  };
  const json = JSON.stringify(communityDocument(result), null, 2) + '\n';
  await writeFile(communityJson, json);
  written.push({ path: communityJson, rows: 0, bytes: Buffer.byteLength(json) });
  return result;
}

function toEvidence(e: EnrollmentOut): EvidenceEnrollment {
  return {
    projectType: e.provider.projectType,
    provider: e.provider.name,
    entry: e.entry,
    exit: e.exit,
    destination: e.destination,
    moveIn: e.moveIn,
    bedNights: e.bedNights,
    contacts: e.contacts,
    serviceDays: e.services ? e.services.map((s) => s.day) : null,
  };
}

function statusOn(changes: readonly DerivedChange[], day: number): string | null {
  let status: string | null = null;
  for (const c of changes) {
    if (c.day > day) break;
    status = c.status;
  }
  return status;
}

function providerInfo(world: World): ProviderInfo[] {
  return world.providers.map((p) => ({
    id: p.id,
    name: p.name,
    organization: p.organization,
    organizationId: p.organizationId,
    projectType: p.projectType,
    projectTypeLabel: PROJECT_TYPE_LABELS[p.projectType] ?? String(p.projectType),
    archetype: p.archetype,
    target: p.target,
    locality: p.locality,
    operatingStart: formatDay(p.operatingStart),
  }));
}

function roundCapacity(c: CapacityMonth): CapacityMonth {
  const r = (x: number) => Math.round(x * 10) / 10;
  return { month: c.month, rrh: r(c.rrh), rrhVeteran: r(c.rrhVeteran), psh: r(c.psh), pshVeteran: r(c.pshVeteran), voucher: r(c.voucher) };
}

/** The community.json written next to the BNL files. */
function communityDocument(city: GeneratedCity): unknown {
  return {
    name: city.name,
    slug: city.slug,
    size: city.size,
    seed: city.seed,
    start_date: city.startDate,
    end_date: city.endDate,
    localities: city.localities.map((l) => l.name),
    pit_count: city.pitCount,
    pit_date: city.pitDate,
    process_changes: city.processChanges.map((c) => ({
      date: c.date,
      month: c.month,
      key: c.key,
      title: c.title,
      description: c.description,
      populations: c.populations,
      measures: c.measures,
    })),
    providers: city.providers.map((p) => ({
      id: p.id,
      name: p.name,
      organization: p.organization,
      project_type: p.projectType,
      locality: p.locality,
    })),
  };
}
