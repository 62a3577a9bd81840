import type { Database } from './database.ts';
import type {
  Aim,
  Decision,
  DriverDiagram,
  DriverNode,
  MeasureDefinition,
  MeasurePhase,
  MeasureValue,
  MeasureVersion,
  PdsaCycle,
} from '../domain/learning/types.ts';

const iso = (v: Date | string): string => (v instanceof Date ? v.toISOString() : new Date(v).toISOString());
/** PGlite returns jsonb parsed; pg does too, but a text column holding JSON would not be. */
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** A decision as stored: everything but what has a column of its own. */
type DecisionRecord = Pick<Decision, 'title' | 'decided_by' | 'participants' | 'rationale' | 'evidence' | 'revisit_on'>;

/** The cycle's worksheet as stored: everything but what has a column of its own. */
type Worksheet = Omit<PdsaCycle, 'id' | 'previous_id' | 'status' | 'start_date' | 'measures' | 'created_by' | 'updated_at'>;

/**
 * Persistence of the learning engine for one community. Every statement names the
 * community, so no caller can reach another community's rows by forgetting a filter.
 */
export class LearningRepository {
  constructor(
    private readonly db: Database,
    readonly communityId: number,
  ) {}

  /** Removes all of the community's learning work (the demo, reloaded, starts over). */
  async clearAll(): Promise<void> {
    for (const table of ['decision_measure', 'decision', 'pdsa_measure', 'pdsa_cycle', 'driver_diagram', 'aim', 'measure'])
      await this.db.query(`DELETE FROM ${table} WHERE community_id = $1`, [this.communityId]);
  }

  // Measures and their versions.

  async measures(): Promise<{ slug: string; version: number; definition: MeasureDefinition }[]> {
    const rows = await this.db.query<{ slug: string; version: number; definition: unknown }>(
      `SELECT m.slug, v.version, v.definition FROM measure m
       JOIN measure_version v ON v.community_id = m.community_id AND v.slug = m.slug AND v.version = m.current_version
       WHERE m.community_id = $1 ORDER BY m.slug`,
      [this.communityId],
    );
    return rows.map((r) => ({ slug: r.slug, version: Number(r.version), definition: json<MeasureDefinition>(r.definition) }));
  }

  async measure(slug: string): Promise<{ slug: string; version: number; definition: MeasureDefinition } | null> {
    return (await this.measures()).find((m) => m.slug === slug) ?? null;
  }

  async versions(slug: string): Promise<MeasureVersion[]> {
    const rows = await this.db.query<{ version: number; definition: unknown; changed_by: string; changed_at: Date | string; reason: string; agreed_by: unknown }>(
      `SELECT version, definition, changed_by, changed_at, reason, agreed_by FROM measure_version
       WHERE community_id = $1 AND slug = $2 ORDER BY version`,
      [this.communityId, slug],
    );
    return rows.map((r) => ({
      version: Number(r.version),
      definition: json<MeasureDefinition>(r.definition),
      changed_by: r.changed_by,
      changed_at: iso(r.changed_at),
      reason: r.reason,
      agreed_by: json<string[]>(r.agreed_by),
    }));
  }

  /** Adds a measure with its first version, or a new version of an existing one. */
  async saveVersion(slug: string, v: Omit<MeasureVersion, 'changed_at'>): Promise<void> {
    if (v.version === 1) {
      await this.db.query('INSERT INTO measure (community_id, slug, current_version) VALUES ($1, $2, 1)', [this.communityId, slug]);
    } else {
      await this.db.query('UPDATE measure SET current_version = $3 WHERE community_id = $1 AND slug = $2', [this.communityId, slug, v.version]);
    }
    await this.db.query(
      `INSERT INTO measure_version (community_id, slug, version, definition, changed_by, reason, agreed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [this.communityId, slug, v.version, JSON.stringify(v.definition), v.changed_by, v.reason, JSON.stringify(v.agreed_by)],
    );
  }

  // Values entered by hand or imported.

  async values(slug: string): Promise<MeasureValue[]> {
    const rows = await this.db.query<{ period: string; value: number; denominator: number | null; note: string | null; source: 'manual' | 'csv'; entered_by: string; entered_at: Date | string }>(
      `SELECT period, value, denominator, note, source, entered_by, entered_at FROM measure_value
       WHERE community_id = $1 AND slug = $2 ORDER BY period`,
      [this.communityId, slug],
    );
    return rows.map((r) => ({ ...r, value: Number(r.value), denominator: num(r.denominator), entered_at: iso(r.entered_at) }));
  }

  /** Adds or replaces the values of the given periods. */
  async putValues(slug: string, values: readonly Omit<MeasureValue, 'entered_at'>[]): Promise<void> {
    for (const v of values) {
      await this.db.query(
        `INSERT INTO measure_value (community_id, slug, period, value, denominator, note, source, entered_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (community_id, slug, period) DO UPDATE SET value = EXCLUDED.value, denominator = EXCLUDED.denominator,
           note = EXCLUDED.note, source = EXCLUDED.source, entered_by = EXCLUDED.entered_by, entered_at = now()`,
        [this.communityId, slug, v.period, v.value, v.denominator, v.note, v.source, v.entered_by],
      );
    }
  }

  async deleteValue(slug: string, period: string): Promise<boolean> {
    const rows = await this.db.query('DELETE FROM measure_value WHERE community_id = $1 AND slug = $2 AND period = $3 RETURNING period', [this.communityId, slug, period]);
    return rows.length > 0;
  }

  // Phases.

  async phases(slug: string): Promise<MeasurePhase[]> {
    const rows = await this.db.query<{ starts: string; reason: string; pdsa_id: number | null; created_by: string; created_at: Date | string }>(
      'SELECT starts, reason, pdsa_id, created_by, created_at FROM measure_phase WHERE community_id = $1 AND slug = $2 ORDER BY starts',
      [this.communityId, slug],
    );
    return rows.map((r) => ({ starts: r.starts, reason: r.reason, pdsa_id: num(r.pdsa_id), created_by: r.created_by, created_at: iso(r.created_at) }));
  }

  /** Records a phase; a second phase at the same period replaces the first's reason. */
  async putPhase(slug: string, p: Omit<MeasurePhase, 'created_at'>): Promise<void> {
    await this.db.query(
      `INSERT INTO measure_phase (community_id, slug, starts, reason, pdsa_id, created_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (community_id, slug, starts) DO UPDATE SET reason = EXCLUDED.reason, pdsa_id = EXCLUDED.pdsa_id, created_by = EXCLUDED.created_by, created_at = now()`,
      [this.communityId, slug, p.starts, p.reason, p.pdsa_id, p.created_by],
    );
  }

  async deletePhase(slug: string, starts: string): Promise<boolean> {
    const rows = await this.db.query('DELETE FROM measure_phase WHERE community_id = $1 AND slug = $2 AND starts = $3 RETURNING starts', [this.communityId, slug, starts]);
    return rows.length > 0;
  }

  // Aims.

  private async nextId(table: 'aim' | 'driver_diagram' | 'pdsa_cycle' | 'decision', column: string): Promise<number> {
    const rows = await this.db.query<{ next: number }>(`SELECT coalesce(max(${column}), 0) + 1 AS next FROM ${table} WHERE community_id = $1`, [this.communityId]);
    return Number(rows[0].next);
  }

  async aims(): Promise<Aim[]> {
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT aim_id, statement, population, measure, baseline_value, baseline_period, target_value, target_date, sustain_periods, created_by, created_at
       FROM aim WHERE community_id = $1 ORDER BY aim_id`,
      [this.communityId],
    );
    return rows.map((r) => ({
      id: Number(r.aim_id),
      statement: r.statement as string,
      population: r.population as string | null,
      measure: r.measure as string,
      baseline_value: num(r.baseline_value),
      baseline_period: r.baseline_period as string | null,
      target_value: Number(r.target_value),
      target_date: r.target_date as string,
      sustain_periods: Number(r.sustain_periods),
      created_by: r.created_by as string,
      created_at: iso(r.created_at as Date | string),
    }));
  }

  async aim(id: number): Promise<Aim | null> {
    return (await this.aims()).find((a) => a.id === id) ?? null;
  }

  /** Inserts (id 0 asks for the next id) or updates an aim; returns its id. */
  async saveAim(a: Omit<Aim, 'created_at'>): Promise<number> {
    const id = a.id || (await this.nextId('aim', 'aim_id'));
    await this.db.query(
      `INSERT INTO aim (community_id, aim_id, statement, population, measure, baseline_value, baseline_period, target_value, target_date, sustain_periods, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (community_id, aim_id) DO UPDATE SET statement = EXCLUDED.statement, population = EXCLUDED.population,
         measure = EXCLUDED.measure, baseline_value = EXCLUDED.baseline_value, baseline_period = EXCLUDED.baseline_period,
         target_value = EXCLUDED.target_value, target_date = EXCLUDED.target_date, sustain_periods = EXCLUDED.sustain_periods`,
      [this.communityId, id, a.statement, a.population, a.measure, a.baseline_value, a.baseline_period, a.target_value, a.target_date, a.sustain_periods, a.created_by],
    );
    return id;
  }

  // Driver diagrams.

  async diagrams(): Promise<DriverDiagram[]> {
    const rows = await this.db.query<{ diagram_id: number; title: string; aim_id: number; nodes: unknown; created_by: string; updated_at: Date | string }>(
      'SELECT diagram_id, title, aim_id, nodes, created_by, updated_at FROM driver_diagram WHERE community_id = $1 ORDER BY diagram_id',
      [this.communityId],
    );
    return rows.map((r) => ({
      id: Number(r.diagram_id),
      title: r.title,
      aim_id: Number(r.aim_id),
      nodes: json<DriverNode[]>(r.nodes),
      created_by: r.created_by,
      updated_at: iso(r.updated_at),
    }));
  }

  async diagram(id: number): Promise<DriverDiagram | null> {
    return (await this.diagrams()).find((d) => d.id === id) ?? null;
  }

  async saveDiagram(d: Omit<DriverDiagram, 'updated_at'>): Promise<number> {
    const id = d.id || (await this.nextId('driver_diagram', 'diagram_id'));
    await this.db.query(
      `INSERT INTO driver_diagram (community_id, diagram_id, title, aim_id, nodes, created_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (community_id, diagram_id) DO UPDATE SET title = EXCLUDED.title, aim_id = EXCLUDED.aim_id, nodes = EXCLUDED.nodes, updated_at = now()`,
      [this.communityId, id, d.title, d.aim_id, JSON.stringify(d.nodes), d.created_by],
    );
    return id;
  }

  // PDSA cycles.

  async cycles(filter: { measure?: string } = {}): Promise<PdsaCycle[]> {
    const params: unknown[] = [this.communityId];
    let where = 'c.community_id = $1';
    if (filter.measure !== undefined) {
      params.push(filter.measure);
      where += ` AND EXISTS (SELECT 1 FROM pdsa_measure f WHERE f.community_id = c.community_id AND f.pdsa_id = c.pdsa_id AND f.slug = $${params.length})`;
    }
    const rows = await this.db.query<{ pdsa_id: number; previous_id: number | null; status: PdsaCycle['status']; start_date: string; worksheet: unknown; created_by: string; updated_at: Date | string; measures: unknown }>(
      `SELECT c.pdsa_id, c.previous_id, c.status, c.start_date, c.worksheet, c.created_by, c.updated_at,
         coalesce((SELECT json_agg(m.slug ORDER BY m.slug) FROM pdsa_measure m WHERE m.community_id = c.community_id AND m.pdsa_id = c.pdsa_id), '[]'::json) AS measures
       FROM pdsa_cycle c WHERE ${where} ORDER BY c.pdsa_id`,
      params,
    );
    return rows.map((r) => {
      const w = json<Worksheet>(r.worksheet);
      return {
        id: Number(r.pdsa_id),
        title: w.title,
        change_idea: w.change_idea,
        measures: json<string[]>(r.measures),
        previous_id: num(r.previous_id),
        status: r.status,
        owner: w.owner,
        team: w.team,
        objective: w.objective,
        questions: w.questions,
        predictions: w.predictions,
        plan: w.plan,
        do: w.do,
        study: w.study,
        act: w.act,
        start_date: r.start_date,
        end_date: w.end_date,
        created_by: r.created_by,
        updated_at: iso(r.updated_at),
      };
    });
  }

  async cycle(id: number): Promise<PdsaCycle | null> {
    return (await this.cycles()).find((c) => c.id === id) ?? null;
  }

  async saveCycle(c: Omit<PdsaCycle, 'updated_at'>): Promise<number> {
    const id = c.id || (await this.nextId('pdsa_cycle', 'pdsa_id'));
    const worksheet: Worksheet = {
      title: c.title,
      change_idea: c.change_idea,
      owner: c.owner,
      team: c.team,
      objective: c.objective,
      questions: c.questions,
      predictions: c.predictions,
      plan: c.plan,
      do: c.do,
      study: c.study,
      act: c.act,
      end_date: c.end_date,
    };
    await this.db.query(
      `INSERT INTO pdsa_cycle (community_id, pdsa_id, previous_id, status, start_date, worksheet, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (community_id, pdsa_id) DO UPDATE SET previous_id = EXCLUDED.previous_id, status = EXCLUDED.status,
         start_date = EXCLUDED.start_date, worksheet = EXCLUDED.worksheet, updated_at = now()`,
      [this.communityId, id, c.previous_id, c.status, c.start_date, JSON.stringify(worksheet), c.created_by],
    );
    await this.db.query('DELETE FROM pdsa_measure WHERE community_id = $1 AND pdsa_id = $2', [this.communityId, id]);
    for (const slug of c.measures) await this.db.query('INSERT INTO pdsa_measure (community_id, pdsa_id, slug) VALUES ($1, $2, $3)', [this.communityId, id, slug]);
    return id;
  }

  // The decision log.

  async decisions(filter: { measure?: string; pdsaId?: number } = {}): Promise<Decision[]> {
    const params: unknown[] = [this.communityId];
    let where = 'd.community_id = $1';
    if (filter.measure !== undefined) {
      params.push(filter.measure);
      where += ` AND EXISTS (SELECT 1 FROM decision_measure f WHERE f.community_id = d.community_id AND f.decision_id = d.decision_id AND f.slug = $${params.length})`;
    }
    if (filter.pdsaId !== undefined) {
      params.push(filter.pdsaId);
      where += ` AND d.pdsa_id = $${params.length}`;
    }
    const rows = await this.db.query<{ decision_id: number; decided_on: string; pdsa_id: number | null; record: unknown; created_by: string; updated_at: Date | string; measures: unknown }>(
      `SELECT d.decision_id, d.decided_on, d.pdsa_id, d.record, d.created_by, d.updated_at,
         coalesce((SELECT json_agg(m.slug ORDER BY m.slug) FROM decision_measure m WHERE m.community_id = d.community_id AND m.decision_id = d.decision_id), '[]'::json) AS measures
       FROM decision d WHERE ${where} ORDER BY d.decided_on, d.decision_id`,
      params,
    );
    return rows.map((r) => {
      const rec = json<DecisionRecord>(r.record);
      return {
        id: Number(r.decision_id),
        title: rec.title,
        decided_on: r.decided_on,
        decided_by: rec.decided_by,
        participants: rec.participants,
        rationale: rec.rationale,
        evidence: rec.evidence,
        measures: json<string[]>(r.measures),
        pdsa_id: num(r.pdsa_id),
        revisit_on: rec.revisit_on,
        created_by: r.created_by,
        updated_at: iso(r.updated_at),
      };
    });
  }

  async decision(id: number): Promise<Decision | null> {
    return (await this.decisions()).find((d) => d.id === id) ?? null;
  }

  async saveDecision(d: Omit<Decision, 'updated_at'>): Promise<number> {
    const id = d.id || (await this.nextId('decision', 'decision_id'));
    const record: DecisionRecord = { title: d.title, decided_by: d.decided_by, participants: d.participants, rationale: d.rationale, evidence: d.evidence, revisit_on: d.revisit_on };
    await this.db.query(
      `INSERT INTO decision (community_id, decision_id, decided_on, pdsa_id, record, created_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (community_id, decision_id) DO UPDATE SET decided_on = EXCLUDED.decided_on, pdsa_id = EXCLUDED.pdsa_id,
         record = EXCLUDED.record, updated_at = now()`,
      [this.communityId, id, d.decided_on, d.pdsa_id, JSON.stringify(record), d.created_by],
    );
    await this.db.query('DELETE FROM decision_measure WHERE community_id = $1 AND decision_id = $2', [this.communityId, id]);
    for (const slug of d.measures) await this.db.query('INSERT INTO decision_measure (community_id, decision_id, slug) VALUES ($1, $2, $3)', [this.communityId, id, slug]);
    return id;
  }
}
