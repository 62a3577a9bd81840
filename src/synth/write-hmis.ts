/**
 * Writes the synthetic city as a HUD HMIS CSV FY2024 export (CSVVersion "2024 v1.3"): all
 * 24 files, headers in the order of the specification, rows streamed household by household.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { dayParts, type Day } from '../domain/time/day.ts';
import { CsvFile, csvText, DayFormatter } from './csv-out.ts';
import {
  HMIS_CSV_VERSION_LABELS,
  HMIS_FILE_NAMES,
  HMIS_FY2024_FILES,
  hmisColumnNames,
  type HmisFileName,
} from '../domain/hmis/csv-columns.ts';
import { DEST, PROJECT_TYPE, SUBSIDY } from './hud-codes.ts';
import type { PersonOut } from './household-members.ts';
import type { EnrollmentOut, HouseholdRecords } from './household-records.ts';
import { FIRST_NAMES_MEN, FIRST_NAMES_WOMEN, LAST_NAMES } from './names.ts';
import { mixSeed, Rng } from './random.ts';
import { COC_CODE, type Provider, type World } from './world.ts';

const HMIS_CSV_VERSION = HMIS_CSV_VERSION_LABELS.fy2024;

type Columns<F extends HmisFileName> = (typeof HMIS_FY2024_FILES)[F]['columns'][number]['name'];
type ColumnIndex<F extends HmisFileName> = Record<Columns<F>, number>;
type Cell = string | number | null;

function columnIndex<F extends HmisFileName>(file: F): ColumnIndex<F> {
  const out: Record<string, number> = {};
  HMIS_FY2024_FILES[file].columns.forEach((c, i) => (out[c.name] = i));
  return out as ColumnIndex<F>;
}

const C = {
  Client: columnIndex('Client'),
  Enrollment: columnIndex('Enrollment'),
  Exit: columnIndex('Exit'),
  Disabilities: columnIndex('Disabilities'),
  IncomeBenefits: columnIndex('IncomeBenefits'),
  HealthAndDV: columnIndex('HealthAndDV'),
  EmploymentEducation: columnIndex('EmploymentEducation'),
  YouthEducationStatus: columnIndex('YouthEducationStatus'),
  Inventory: columnIndex('Inventory'),
};

export interface HmisCounts {
  clients: number;
  enrollments: number;
  exits: number;
  services: number;
  bedNights: number;
  currentLivingSituations: number;
}

export interface HmisFileInfo {
  name: string;
  path: string;
  rows: number;
  bytes: number;
}

const RACE_COLUMNS = ['AmIndAKNative', 'Asian', 'BlackAfAmerican', 'HispanicLatinaeo', 'MidEastNAfrican', 'NativeHIPacific', 'White'] as const;
const THEATRE_COLUMNS = ['WorldWarII', 'KoreanWar', 'VietnamWar', 'DesertStorm', 'AfghanistanOEF', 'IraqOIF', 'IraqOND', 'OtherTheater'] as const;

export class HmisWriter {
  readonly dir: string;
  readonly counts: HmisCounts = { clients: 0, enrollments: 0, exits: 0, services: 0, bedNights: 0, currentLivingSituations: 0 };
  private readonly files: Record<HmisFileName, CsvFile>;
  private readonly world: World;
  private readonly fmt: DayFormatter;
  private readonly exportId: string;
  private readonly userCount: number;
  /** One reusable row per file, cleared before each use. */
  private readonly scratch = new Map<string, Cell[]>();
  private row(file: HmisFileName): Cell[] {
    let r = this.scratch.get(file);
    if (!r) {
      r = new Array<Cell>(HMIS_FY2024_FILES[file].columns.length);
      this.scratch.set(file, r);
    }
    r.fill(null);
    return r;
  }

  private readonly ids = {
    enrollment: 0,
    service: 0,
    cls: 0,
    disability: 0,
    income: 0,
    health: 0,
    employment: 0,
    youthEducation: 0,
    assessment: 0,
    question: 0,
    result: 0,
    event: 0,
  };

  private constructor(dir: string, world: World, files: Record<HmisFileName, CsvFile>) {
    this.dir = dir;
    this.world = world;
    this.files = files;
    this.fmt = new DayFormatter(world.startDay - 365 * 110, world.endDay + 400);
    this.exportId = `ZL${world.seed}`;
    this.userCount = world.preset.users;
  }

  static async open(dir: string, world: World): Promise<HmisWriter> {
    await mkdir(dir, { recursive: true });
    const files = {} as Record<HmisFileName, CsvFile>;
    for (const name of HMIS_FILE_NAMES) files[name] = new CsvFile(join(dir, `${name}.csv`), hmisColumnNames('fy2024', name));
    const w = new HmisWriter(dir, world, files);
    w.writeStructure();
    return w;
  }

  async drain(): Promise<void> {
    for (const f of Object.values(this.files)) if (f.needsDrain) await f.drain();
  }

  async close(): Promise<HmisFileInfo[]> {
    await Promise.all(Object.values(this.files).map((f) => f.close()));
    return HMIS_FILE_NAMES.map((name) => ({ name, path: this.files[name].path, rows: this.files[name].rows, bytes: this.files[name].bytes }));
  }

  destroy(): void {
    for (const f of Object.values(this.files)) f.destroy();
  }

  private userId(provider: Provider | null): string {
    const n = provider === null ? 0 : provider.index % this.userCount;
    return `U${String(n + 1).padStart(3, '0')}`;
  }

  private ts(day: Day, salt: number): string {
    return this.fmt.timestamp(day, salt);
  }

  /** DateCreated and DateUpdated: the same stamp when on one day, so updated never precedes created. */
  private stamps(createdDay: Day, updatedDay: Day, salt: number): [string, string] {
    const created = this.ts(createdDay, salt);
    return [created, updatedDay > createdDay ? this.ts(updatedDay, salt + 1) : created];
  }

  // -------------------------------------------------------------------------------------------
  // Export, organizations, projects, users

  private writeStructure(): void {
    const { world, fmt } = this;
    const x = this.exportId;
    const exportDay = world.endDay + 2;
    this.files.Export.fields([
      x, 1, COC_CODE, `${world.name} CoC HMIS`, 'Data', 'Team', null, null, `hmis@${world.slug}.example`,
      `${fmt.format(exportDay)} 03:00:00`, fmt.format(world.startDay), fmt.format(world.endDay),
      'ZeroLoop synthetic city', '1.0', HMIS_CSV_VERSION, 3, 2, 1, `zeroloop-${world.slug}`,
    ]);

    const rng = new Rng(mixSeed(world.seed, 0x05e45));
    for (let i = 0; i < this.userCount; i++) {
      const first = rng.chance(0.5) ? rng.pick(FIRST_NAMES_WOMEN) : rng.pick(FIRST_NAMES_MEN);
      const last = rng.pick(LAST_NAMES);
      const created = world.startDay - rng.int(30, 3000);
      this.files.User.fields([
        `U${String(i + 1).padStart(3, '0')}`, first, last, `555${String(rng.int(0, 9999999)).padStart(7, '0')}`, null,
        `${first}.${last}${i + 1}@${world.slug}.example`.toLowerCase(), ...this.stamps(created, created + rng.int(0, 900), i), null, x,
      ]);
    }

    const orgStart = new Map<string, Day>();
    for (const p of world.providers) orgStart.set(p.organizationId, Math.min(orgStart.get(p.organizationId) ?? Infinity, p.operatingStart));
    for (const o of world.organizations) {
      const d = orgStart.get(o.id) ?? world.startDay - 3650;
      this.files.Organization.fields([o.id, o.name, 0, o.commonName, ...this.stamps(d, d + 30, o.index), 'U001', null, x]);
    }

    const inv = C.Inventory;
    let inventoryId = 0;
    for (const p of world.providers) {
      const [created, updated] = this.stamps(p.operatingStart, Math.max(p.operatingStart, world.startDay - 200) + (p.index % 90), p.index);
      const user = this.userId(p);
      const residential = p.housingType !== null;
      this.files.Project.fields([
        p.id, p.organizationId, p.name, p.commonName, fmt.format(p.operatingStart), null, 1, p.projectType,
        residential ? p.housingType : null, p.projectType === PROJECT_TYPE.RRH ? 2 : null, null, 4, null, null,
        created, updated, user, null, x,
      ]);
      const loc = world.localities[p.localityIndex];
      this.files.ProjectCoC.fields([
        `PC${p.id.slice(2)}`, p.id, COC_CODE, loc.geocode, `${100 + p.index * 7} ${STREETS[p.index % STREETS.length]}`, null,
        loc.name, 'XX', loc.zip, 1, created, updated, user, null, x,
      ]);
      this.files.Funder.fields([
        `F${p.id.slice(2)}`, p.id, p.funder, p.funder === 46 ? 'City general fund' : null, `G${p.id.slice(2)}-${p.funder}`,
        fmt.format(p.operatingStart), null, created, updated, user, null, x,
      ]);
      this.files.HMISParticipation.fields([`HP${p.id.slice(2)}`, p.id, 1, fmt.format(p.operatingStart), null, created, updated, user, null, x]);
      const accessPoint = p.projectType === PROJECT_TYPE.COORDINATED_ENTRY || p.projectType === PROJECT_TYPE.STREET_OUTREACH ? 1 : 0;
      const receives = p.projectType === PROJECT_TYPE.PSH || p.projectType === PROJECT_TYPE.RRH || p.projectType === PROJECT_TYPE.PH_HOUSING_ONLY || p.projectType === PROJECT_TYPE.TRANSITIONAL_HOUSING ? 1 : 0;
      const ce = p.projectType === PROJECT_TYPE.COORDINATED_ENTRY;
      this.files.CEParticipation.fields([
        `CP${p.id.slice(2)}`, p.id, accessPoint, accessPoint ? 0 : null, accessPoint ? (ce ? 1 : 0) : null, accessPoint ? (ce ? 1 : 0) : null,
        accessPoint ? 0 : null, receives, fmt.format(Math.max(p.operatingStart, world.startDay - 365 * 4)), null, created, updated, user, null, x,
      ]);
      if (residential) {
        const rows = p.archetype === 'es_nbn' ? [1, 2] : [1];
        for (const availability of rows) {
          const r: Cell[] = new Array(HMIS_FY2024_FILES.Inventory.columns.length).fill(null);
          const beds = availability === 1 ? p.beds : Math.max(4, Math.round(p.beds * 0.4));
          const family = p.householdType === 3;
          r[inv.InventoryID] = `IN${String(++inventoryId).padStart(4, '0')}`;
          r[inv.ProjectID] = p.id;
          r[inv.CoCCode] = COC_CODE;
          r[inv.HouseholdType] = p.householdType;
          const isEs = p.projectType === PROJECT_TYPE.ES_ENTRY_EXIT || p.projectType === PROJECT_TYPE.ES_NIGHT_BY_NIGHT;
          r[inv.Availability] = isEs ? availability : null;
          r[inv.UnitInventory] = family ? Math.max(1, Math.round(beds / 3.2)) : beds;
          r[inv.BedInventory] = beds;
          const vet = p.target === 'veterans' ? beds : 0;
          const youth = p.target === 'youth' ? beds : 0;
          const ch = p.archetype === 'psh' ? Math.round(beds / 2) : 0;
          r[inv.CHVetBedInventory] = 0;
          r[inv.YouthVetBedInventory] = 0;
          r[inv.VetBedInventory] = vet;
          r[inv.CHYouthBedInventory] = 0;
          r[inv.YouthBedInventory] = youth;
          r[inv.CHBedInventory] = ch;
          r[inv.OtherBedInventory] = beds - vet - youth - ch;
          r[inv.ESBedType] = isEs ? 1 : null;
          const start = availability === 1 ? p.operatingStart : Math.max(p.operatingStart, world.startDay);
          r[inv.InventoryStartDate] = fmt.format(start);
          r[inv.InventoryEndDate] = null;
          [r[inv.DateCreated], r[inv.DateUpdated]] = this.stamps(start, Math.max(start, world.startDay - 100), p.index + availability);
          r[inv.UserID] = user;
          r[inv.ExportID] = x;
          this.files.Inventory.fields(r);
        }
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // People and their records

  writeHousehold(rec: HouseholdRecords): void {
    const first = rec.enrollments.length ? rec.enrollments[0] : null;
    let lastActivity = first ? first.entry : this.world.startDay;
    for (const e of rec.enrollments) lastActivity = Math.max(lastActivity, e.exit ?? e.entry);
    lastActivity = Math.min(lastActivity, this.world.endDay);
    for (const p of rec.members) this.writeClient(p, first, lastActivity);
    for (const e of rec.enrollments) {
      rec.members.forEach((p, k) => this.writeEnrollment(rec, e, p, k));
    }
  }

  private writeClient(p: PersonOut, first: EnrollmentOut | null, lastActivity: Day): void {
    const c = C.Client;
    const r: Cell[] = this.row('Client');
    r[c.PersonalID] = p.personalId;
    r[c.FirstName] = csvText(p.firstName);
    r[c.LastName] = csvText(p.lastName);
    r[c.NameDataQuality] = 1;
    r[c.SSNDataQuality] = 99;
    if (p.birthPrecision === 'full' && p.birthDay !== null) {
      r[c.DOB] = this.fmt.format(p.birthDay);
      r[c.DOBDataQuality] = 1;
    } else if (p.birthPrecision === 'year' && p.birthDay !== null) {
      r[c.DOB] = `${dayParts(p.birthDay).year}-07-01`;
      r[c.DOBDataQuality] = 2;
    } else {
      r[c.DOBDataQuality] = p.unknownReason;
    }
    RACE_COLUMNS.forEach((col, bit) => (r[c[col]] = p.raceMask & (1 << bit) ? 1 : 0));
    r[c.RaceNone] = p.raceMask === 0 ? p.unknownReason : null;
    r[c.Woman] = p.gender === 'woman' ? 1 : 0;
    r[c.Man] = p.gender === 'man' ? 1 : 0;
    r[c.NonBinary] = p.gender === 'non_binary' ? 1 : 0;
    r[c.CulturallySpecific] = 0;
    r[c.Transgender] = p.gender === 'transgender' ? 1 : 0;
    r[c.Questioning] = p.gender === 'questioning' ? 1 : 0;
    r[c.DifferentIdentity] = p.gender === 'different_identity' ? 1 : 0;
    r[c.GenderNone] = p.gender === null ? p.unknownReason : null;
    r[c.DifferentIdentityText] = p.gender === 'different_identity' ? 'Genderfluid' : null; // plain ASCII, no comma
    r[c.VeteranStatus] = p.veteran === null ? p.unknownReason : p.veteran ? 1 : 0;
    const v = p.veteranDetail;
    if (v) {
      r[c.YearEnteredService] = v.yearEntered;
      r[c.YearSeparated] = v.yearSeparated;
      THEATRE_COLUMNS.forEach((col, i) => (r[c[col]] = v.theatre === i ? 1 : 0));
      r[c.MilitaryBranch] = v.branch;
      r[c.DischargeStatus] = v.discharge;
    }
    const createdDay = first ? first.entry : this.world.startDay;
    const salt = personSalt(p);
    [r[c.DateCreated], r[c.DateUpdated]] = this.stamps(createdDay, lastActivity, salt);
    r[c.UserID] = this.userId(first ? first.provider : null);
    r[c.ExportID] = this.exportId;
    this.files.Client.rawFields(r);
    this.counts.clients++;
  }

  private writeEnrollment(rec: HouseholdRecords, e: EnrollmentOut, p: PersonOut, k: number): void {
    const { fmt } = this;
    const x = this.exportId;
    const enrollmentNumber = ++this.ids.enrollment;
    const enrollmentId = `E${String(enrollmentNumber).padStart(7, '0')}`;
    const pid = p.personalId;
    const user = this.userId(e.provider);
    const head = p.relationship === 'head';
    const chronic = e.chronic[k];
    const adult = chronic !== undefined && chronic.dateToStreet !== null;
    const pt = e.provider.projectType;

    const c = C.Enrollment;
    const r: Cell[] = this.row('Enrollment');
    r[c.EnrollmentID] = enrollmentId;
    r[c.PersonalID] = pid;
    r[c.ProjectID] = e.provider.id;
    r[c.EntryDate] = fmt.format(e.entry);
    r[c.HouseholdID] = `${rec.householdId}-${e.seq}`;
    r[c.RelationshipToHoH] = p.relationship === 'head' ? 1 : p.relationship === 'spouse' ? 3 : 2;
    r[c.EnrollmentCoC] = head ? COC_CODE : null;
    if (head || adult) {
      r[c.LivingSituation] = e.livingSituation;
      r[c.RentalSubsidyType] = e.livingSituation === DEST.RENTAL_WITH_SUBSIDY ? SUBSIDY.HCV : null;
      r[c.LengthOfStay] = e.lengthOfStay;
      r[c.LOSUnderThreshold] = e.losUnderThreshold;
      r[c.PreviousStreetESSH] = e.previousStreetESSH;
    }
    if (adult) {
      r[c.DateToStreetESSH] = fmt.format(chronic.dateToStreet!);
      r[c.TimesHomelessPastThreeYears] = chronic.timesHomeless;
      r[c.MonthsHomelessPastThreeYears] = chronic.monthsHomeless;
    }
    r[c.DisablingCondition] = p.disabled ? 1 : 0;
    if (pt === PROJECT_TYPE.STREET_OUTREACH && (head || adult) && e.engagement !== null) r[c.DateOfEngagement] = fmt.format(e.engagement);
    r[c.MoveInDate] = e.moveIn === null ? null : fmt.format(e.moveIn);
    if (e.provider.pathFunded && pt === PROJECT_TYPE.STREET_OUTREACH && (head || adult) && e.engagement !== null) {
      r[c.DateOfPATHStatus] = fmt.format(e.engagement);
      r[c.ClientEnrolledInPATH] = 1;
    }
    const salt = enrollmentNumber;
    const updatedDay = e.exit ?? e.entry;
    [r[c.DateCreated], r[c.DateUpdated]] = this.stamps(e.entry, updatedDay, salt);
    r[c.UserID] = user;
    r[c.ExportID] = x;
    this.files.Enrollment.rawFields(r);
    this.counts.enrollments++;

    if (e.exit !== null) {
      const xc = C.Exit;
      const xr: Cell[] = this.row('Exit');
      xr[xc.ExitID] = `X${String(enrollmentNumber).padStart(7, '0')}`;
      xr[xc.EnrollmentID] = enrollmentId;
      xr[xc.PersonalID] = pid;
      xr[xc.ExitDate] = fmt.format(e.exit);
      xr[xc.Destination] = e.destination ?? DEST.NOT_COLLECTED;
      xr[xc.DestinationSubsidyType] = e.destination === DEST.RENTAL_WITH_SUBSIDY ? (e.destinationSubsidy ?? SUBSIDY.OTHER_PERMANENT) : null;
      xr[xc.OtherDestination] = e.destination === DEST.OTHER ? 'Left for another city' : null; // plain ASCII, no comma
      xr[xc.DateCreated] = xr[xc.DateUpdated] = this.ts(e.exit, salt + 2);
      xr[xc.UserID] = user;
      xr[xc.ExportID] = x;
      this.files.Exit.rawFields(xr);
      this.counts.exits++;
    }

    // Bed nights and other services.
    const services = this.files.Services;
    if (e.bedNights) {
      for (const d of e.bedNights) {
        const date = fmt.format(d);
        const sid = ++this.ids.service;
        const stamp = this.ts(d, sid);
        services.line(`S${String(sid).padStart(8, '0')},${enrollmentId},${pid},${date},200,200,,,,,,,,${stamp},${stamp},${user},,${x}`);
      }
      this.counts.services += e.bedNights.length;
      this.counts.bedNights += e.bedNights.length;
    }
    if (e.services) {
      for (const s of e.services) {
        const sid = ++this.ids.service;
        const stamp = this.ts(s.day, sid);
        services.line(
          `S${String(sid).padStart(8, '0')},${enrollmentId},${pid},${fmt.format(s.day)},${s.recordType},${s.typeProvided},,,,` +
            `${s.faAmount ?? ''},${s.faStart === null ? '' : fmt.format(s.faStart)},${s.faEnd === null ? '' : fmt.format(s.faEnd)},` +
            `${s.referralOutcome ?? ''},${stamp},${stamp},${user},,${x}`,
        );
      }
      this.counts.services += e.services.length;
    }
    if (e.contacts) {
      const verifiedBy = pt === PROJECT_TYPE.COORDINATED_ENTRY ? csvText(e.provider.name) : '';
      for (const ct of e.contacts) {
        const id = ++this.ids.cls;
        const stamp = this.ts(ct.day, id);
        this.files.CurrentLivingSituation.line(
          `L${String(id).padStart(8, '0')},${enrollmentId},${pid},${fmt.format(ct.day)},${ct.livingSituation},,${verifiedBy},,,,,,,${stamp},${stamp},${user},,${x}`,
        );
      }
      this.counts.currentLivingSituations += e.contacts.length;
    }

    // Coordinated entry assessment and events (head of household).
    if (head && e.assessment) {
      const a = e.assessment;
      const aid = `AS${String(++this.ids.assessment).padStart(7, '0')}`;
      const stamp = this.ts(a.day, salt + 5);
      this.files.Assessment.fields([aid, enrollmentId, pid, fmt.format(a.day), e.provider.name, a.type, a.level, 1, stamp, stamp, user, null, x]);
      const questions: [string, string][] = [
        ['Total vulnerability score', String(a.score)],
        ['Months homeless in the past three years', String(chronic?.monthsHomeless ? chronic.monthsHomeless - 100 : 1)],
      ];
      questions.forEach(([q, answer], i) => {
        this.files.AssessmentQuestions.fields([`AQ${String(++this.ids.question).padStart(7, '0')}`, aid, enrollmentId, pid, 'Prioritization', i + 1, q, answer, stamp, stamp, user, null, x]);
      });
      this.files.AssessmentResults.fields([`AR${String(++this.ids.result).padStart(7, '0')}`, aid, enrollmentId, pid, 'Priority score', String(a.score), stamp, stamp, user, null, x]);
    }
    if (head && e.events) {
      for (const ev of e.events) {
        const stamp = this.ts(ev.day, salt + 6 + this.ids.event);
        this.files.Event.fields([
          `EV${String(++this.ids.event).padStart(7, '0')}`, enrollmentId, pid, fmt.format(ev.day), ev.event, ev.probSolDivResult, null, null,
          ev.referralResult, ev.resultDay === null ? null : fmt.format(ev.resultDay), stamp, stamp, user, null, x,
        ]);
      }
    }

    // Entry (and PH exit) assessments of adults, except in outreach and night-by-night shelters.
    const collects = adult && pt !== PROJECT_TYPE.STREET_OUTREACH && pt !== PROJECT_TYPE.ES_NIGHT_BY_NIGHT;
    if (collects) {
      this.writeIncome(enrollmentId, p, e.entry, 1, user, salt);
      if (e.exit !== null && (pt === PROJECT_TYPE.PSH || pt === PROJECT_TYPE.RRH || pt === PROJECT_TYPE.PH_HOUSING_ONLY)) {
        this.writeIncome(enrollmentId, p, e.exit, 3, user, salt + 9);
      }
      this.writeHealth(enrollmentId, p, e.entry, user, salt);
      if (p.disabled) this.writeDisabilities(enrollmentId, p, e.entry, user, salt);
      const youthProject = e.provider.target === 'youth';
      if (youthProject || e.provider.funder === 33) this.writeEmployment(enrollmentId, p, e.entry, user, salt);
      if (youthProject && head) this.writeYouthEducation(enrollmentId, p, e.entry, user, salt);
    }
  }

  private writeIncome(enrollmentId: string, p: PersonOut, day: Day, stage: number, user: string, salt: number): void {
    const c = C.IncomeBenefits;
    const inc = p.income;
    const r: Cell[] = this.row('IncomeBenefits');
    const retirement = p.ageAtStart >= 65 ? 900 : 0;
    const total = inc.earned + inc.ssi + inc.ssdi + inc.vaService + inc.tanf + retirement;
    r[c.IncomeBenefitsID] = `I${String(++this.ids.income).padStart(8, '0')}`;
    r[c.EnrollmentID] = enrollmentId;
    r[c.PersonalID] = p.personalId;
    r[c.InformationDate] = this.fmt.format(day);
    r[c.IncomeFromAnySource] = total > 0 ? 1 : 0;
    r[c.TotalMonthlyIncome] = total;
    const source = (flag: keyof typeof c, amount: keyof typeof c, value: number) => {
      r[c[flag]] = value > 0 ? 1 : 0;
      if (value > 0) r[c[amount]] = value;
    };
    source('Earned', 'EarnedAmount', inc.earned);
    source('Unemployment', 'UnemploymentAmount', 0);
    source('SSI', 'SSIAmount', inc.ssi);
    source('SSDI', 'SSDIAmount', inc.ssdi);
    source('VADisabilityService', 'VADisabilityServiceAmount', inc.vaService);
    source('VADisabilityNonService', 'VADisabilityNonServiceAmount', 0);
    source('PrivateDisability', 'PrivateDisabilityAmount', 0);
    source('WorkersComp', 'WorkersCompAmount', 0);
    source('TANF', 'TANFAmount', inc.tanf);
    source('GA', 'GAAmount', 0);
    source('SocSecRetirement', 'SocSecRetirementAmount', retirement);
    source('Pension', 'PensionAmount', 0);
    source('ChildSupport', 'ChildSupportAmount', 0);
    source('Alimony', 'AlimonyAmount', 0);
    source('OtherIncomeSource', 'OtherIncomeAmount', 0);
    const benefits = inc.snap;
    r[c.BenefitsFromAnySource] = benefits ? 1 : 0;
    r[c.SNAP] = inc.snap ? 1 : 0;
    for (const k of ['WIC', 'TANFChildCare', 'TANFTransportation', 'OtherTANF', 'OtherBenefitsSource'] as const) r[c[k]] = 0;
    const insured = inc.medicaid || inc.medicare || inc.vha;
    r[c.InsuranceFromAnySource] = insured ? 1 : 0;
    r[c.Medicaid] = inc.medicaid ? 1 : 0;
    r[c.Medicare] = inc.medicare ? 1 : 0;
    r[c.SCHIP] = 0;
    r[c.VHAServices] = inc.vha ? 1 : 0;
    for (const k of ['EmployerProvided', 'COBRA', 'PrivatePay', 'StateHealthIns', 'IndianHealthServices', 'OtherInsurance'] as const) r[c[k]] = 0;
    r[c.DataCollectionStage] = stage;
    r[c.DateCreated] = r[c.DateUpdated] = this.ts(day, salt + 11);
    r[c.UserID] = user;
    r[c.ExportID] = this.exportId;
    this.files.IncomeBenefits.rawFields(r);
  }

  private writeHealth(enrollmentId: string, p: PersonOut, day: Day, user: string, salt: number): void {
    const c = C.HealthAndDV;
    const r: Cell[] = this.row('HealthAndDV');
    r[c.HealthAndDVID] = `HD${String(++this.ids.health).padStart(8, '0')}`;
    r[c.EnrollmentID] = enrollmentId;
    r[c.PersonalID] = p.personalId;
    r[c.InformationDate] = this.fmt.format(day);
    r[c.DomesticViolenceSurvivor] = p.dvSurvivor ? 1 : 0;
    if (p.dvSurvivor) {
      r[c.WhenOccurred] = 1 + (salt % 4);
      r[c.CurrentlyFleeing] = salt % 5 === 0 ? 1 : 0;
    }
    r[c.DataCollectionStage] = 1;
    r[c.DateCreated] = r[c.DateUpdated] = this.ts(day, salt + 13);
    r[c.UserID] = user;
    r[c.ExportID] = this.exportId;
    this.files.HealthAndDV.rawFields(r);
  }

  private writeDisabilities(enrollmentId: string, p: PersonOut, day: Day, user: string, salt: number): void {
    const c = C.Disabilities;
    for (const type of p.disabilityTypes) {
      const r: Cell[] = this.row('Disabilities');
      r[c.DisabilitiesID] = `D${String(++this.ids.disability).padStart(8, '0')}`;
      r[c.EnrollmentID] = enrollmentId;
      r[c.PersonalID] = p.personalId;
      r[c.InformationDate] = this.fmt.format(day);
      r[c.DisabilityType] = type;
      r[c.DisabilityResponse] = type === 10 ? 1 + (salt % 3) : 1;
      r[c.IndefiniteAndImpairs] = 1;
      r[c.DataCollectionStage] = 1;
      r[c.DateCreated] = r[c.DateUpdated] = this.ts(day, salt + 15);
      r[c.UserID] = user;
      r[c.ExportID] = this.exportId;
      this.files.Disabilities.rawFields(r);
    }
  }

  private writeEmployment(enrollmentId: string, p: PersonOut, day: Day, user: string, salt: number): void {
    const c = C.EmploymentEducation;
    const r: Cell[] = this.row('EmploymentEducation');
    r[c.EmploymentEducationID] = `EE${String(++this.ids.employment).padStart(7, '0')}`;
    r[c.EnrollmentID] = enrollmentId;
    r[c.PersonalID] = p.personalId;
    r[c.InformationDate] = this.fmt.format(day);
    r[c.LastGradeCompleted] = p.lastGrade || 5;
    r[c.Employed] = p.employed ? 1 : 0;
    if (p.employed) r[c.EmploymentType] = 1 + (salt % 3);
    else r[c.NotEmployedReason] = 1 + (salt % 3);
    r[c.DataCollectionStage] = 1;
    r[c.DateCreated] = r[c.DateUpdated] = this.ts(day, salt + 17);
    r[c.UserID] = user;
    r[c.ExportID] = this.exportId;
    this.files.EmploymentEducation.rawFields(r);
  }

  private writeYouthEducation(enrollmentId: string, p: PersonOut, day: Day, user: string, salt: number): void {
    const c = C.YouthEducationStatus;
    const r: Cell[] = this.row('YouthEducationStatus');
    const attending = salt % 4 === 0;
    r[c.YouthEducationStatusID] = `YE${String(++this.ids.youthEducation).padStart(7, '0')}`;
    r[c.EnrollmentID] = enrollmentId;
    r[c.PersonalID] = p.personalId;
    r[c.InformationDate] = this.fmt.format(day);
    r[c.CurrentSchoolAttend] = attending ? 2 : 0;
    if (attending) r[c.CurrentEdStatus] = salt % 3;
    else r[c.MostRecentEdStatus] = salt % 3;
    r[c.DataCollectionStage] = 1;
    r[c.DateCreated] = r[c.DateUpdated] = this.ts(day, salt + 19);
    r[c.UserID] = user;
    r[c.ExportID] = this.exportId;
    this.files.YouthEducationStatus.rawFields(r);
  }
}

const STREETS = ['Main St', 'Harbor Ave', 'Pine St', 'Oak Ave', 'Market St', 'River Rd', 'Union St', 'Elm St', 'Cedar Ave', 'Bay St'];

function personSalt(p: PersonOut): number {
  return Number(p.personalId.slice(1));
}

