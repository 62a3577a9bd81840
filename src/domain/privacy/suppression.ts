/**
 * Small-cell suppression for published aggregates (bnl.md "Equity": small cells, default
 * < 11 people, are suppressed in anything shown outside the data team). Pure: no I/O.
 *
 * Model. A published table is a set of cells (non-negative integer counts with string ids)
 * and the linear relations a reader knows among them: each {@link Constraint} says
 * Σ plus − Σ minus = 0 — a total and its parts (`total − Σ parts`), or a month's balance
 * (`active(m) − active(m−1) − inflows(m) + outflows(m)`). Hiding a cell is not enough when
 * the relations let the reader recompute it, so suppression has two steps:
 * - primary: hide every small cell ({@link primarySuppressed});
 * - complementary: while some hidden cell can be computed exactly from the shown cells and
 *   the relations ({@link disclosedCells}), hide one more cell that the computation uses
 *   ({@link suppress}).
 *
 * What is protected. No hidden cell's exact value follows, by linear algebra over the
 * rationals, from the shown cells and the relations passed in. The test is exact: after
 * substituting the shown values, hidden cell x_i is determined iff the unit vector e_i lies
 * in the row space of the relations' coefficients over the hidden cells; it is decided by
 * fraction-free Gauss–Jordan elimination in BigInt, never with a floating-point tolerance.
 * Only the coefficients matter, not the constants, so a relation the reader knows with a
 * non-zero constant (Σ plus − Σ minus = c with c published, e.g. an imported month's
 * balance gap) is protected alike: pass it as it is, without c.
 *
 * What is not protected.
 * - Relations not passed in. The caller must pass every relation it publishes or that a
 *   reader can know — every breakdown of the same total (race, locality, …), the balance
 *   between consecutive months, figures published earlier — or the guarantee is void. A
 *   breakdown in which one person counts in several rows (race "also under each selected
 *   group") is not a sum and must not be passed as one.
 * - Bounds (interval) disclosure from the cells being non-negative integers. Zeros are shown
 *   and never used as complements (below), so a reader knows every hidden cell is at least
 *   1: k hidden cells of one relation whose hidden total is s each lie in [1, s − k + 1], so
 *   a hidden pair summing to 2 is two 1s (were zeros hideable, a pair summing to 1 would be
 *   a 0 and a 1 — the same problem), and a hidden total below the threshold is itself a
 *   small group. A stricter rule (the hidden total of every relation at least the
 *   threshold) would have to be added on top.
 * - Integrality. When the relations form a network — each cell in at most two relations,
 *   with coefficients that some choice of signs for the relations makes +1 in one and −1
 *   in the other: one breakdown, a two-way table with its margins, one population's
 *   balance chain — every hidden cell that is not computable can also take another
 *   non-negative integer value (it can move by one along a cycle of hidden cells, all at
 *   least 1; checked by brute force in the tests). Otherwise integrality can pin a
 *   cell the rationals leave open: t0 = a + b, t1 = a + t0, t2 = t0 + t1 with only t2 = 5
 *   shown leaves 3a + 2b = 5, whose only non-negative integer solution is a = b = 1.
 *   Breakdowns combined with balance chains (monthly figures by race) are not a network;
 *   this module does not search the integers (that is integer programming).
 * - Non-count figures. Averages such as `avg_days_to_housing` are not cells; a mean over
 *   a month's placements tells about the people placed, so hide it whenever
 *   `housing_placements` is hidden.
 *
 * Choices.
 * - Small (bnl.md: "< 11 people"): values 1 … threshold−1. bnl.md does not say whether a
 *   zero is small; a zero cell contains nobody to re-identify, so zeros are shown (the
 *   usual convention, e.g. CMS's 1–10 rule).
 * - Complements are never zero cells while a non-zero one can do — and with values that
 *   satisfy the relations a non-zero one always can (the derivation of a hidden cell ≥ 1
 *   must involve a shown non-zero cell), so in practice never: zeros are public everywhere
 *   else, a hidden zero beside a hidden small cell leaves their hidden total as small as
 *   the small cell, and keeping every hidden cell ≥ 1 is what makes the network statement
 *   above hold.
 * - Which complement: the disclosed cells are taken in id order (JavaScript string order).
 *   The candidates for one are the shown cells in its derivation (the combination of
 *   relations that yields it — usually the one relation in which it is the only hidden
 *   cell), ranked: non-zero before zero; then those whose hiding does not make themselves
 *   computable (such a cell is in a relation among shown cells only, e.g. a total that
 *   another fully shown breakdown gives away; any other candidate's hiding alone ends this
 *   disclosure); then the smallest value; then the smallest id. Deterministic.
 * - Termination: every round hides at least one more cell, so at worst every cell in the
 *   connected relations ends up hidden; with values that satisfy the relations that
 *   protects every non-zero cell. {@link suppress} throws when the relations by themselves
 *   pin a hidden cell (e.g. a relation naming only it), which values that satisfy the
 *   relations never lead to.
 *
 * Speed: elimination is sparse and keeps rows primitive, so numbers stay small. One
 * population's 36 months × 7 counts for a total and nine race rows (2,520 cells, 602
 * relations: breakdowns and balances) suppresses in 0.3–0.8 s: 850–910 primary cells,
 * 30–70 complements found in 2–13 rounds (complements that cannot interfere are chosen
 * together, one sparse elimination per round), and `disclosedCells` takes 20–150 ms; 12
 * months (840 cells, 194 relations) 0.1–0.2 s; 60 months (4,200 cells, 1,010 relations)
 * 0.8 s. Measured on the development machine (Node 20, shared, so timings vary); the test
 * keeps a generous bound.
 */
import { parseMonth, formatMonth } from '../time/day.ts';
import { FLOWS, INFLOWS, OUTFLOWS, type MonthlyFigures } from '../bnl/types.ts';

/** One published count. */
export interface Cell {
  id: string;
  /** A non-negative integer. */
  value: number;
}

/** A relation the reader knows: Σ value(plus) − Σ value(minus) = 0. An id may repeat (it counts twice). */
export interface Constraint {
  plus: readonly string[];
  minus: readonly string[];
}

/** Cells with the relations among them. */
export interface Table {
  cells: Cell[];
  constraints: Constraint[];
}

export interface SuppressionResult {
  /** Every hidden cell: primary ∪ complementary. */
  suppressed: Set<string>;
  /** Hidden because small. */
  primary: Set<string>;
  /** Hidden so that the primary cells (and each other) cannot be recomputed. */
  complementary: Set<string>;
}

/**
 * The cells too small to show: values 1 … threshold − 1 (bnl.md's default threshold is 11,
 * i.e. 1–10 hidden). Zero is shown: it reveals nobody (bnl.md does not say otherwise).
 * A threshold of 1 hides nothing.
 */
export function primarySuppressed(cells: readonly Cell[], threshold: number): Set<string> {
  checkThreshold(threshold);
  checkCells(cells);
  const hidden = new Set<string>();
  for (const c of cells) if (c.value > 0 && c.value < threshold) hidden.add(c.id);
  return hidden;
}

/**
 * The hidden cells whose exact value a reader can compute from the shown cells and the
 * relations, in the order of `cells`. Exact (BigInt) elimination; see the module comment.
 */
export function disclosedCells(
  cells: readonly Cell[],
  constraints: readonly Constraint[],
  suppressed: ReadonlySet<string>,
): string[] {
  const system = buildSystem(cells, constraints);
  const hidden = hiddenFlags(system, suppressed);
  const elim = eliminate(system.rows, hidden);
  return determinedColumns(elim, hidden)
    .sort((a, b) => a - b)
    .map((i) => system.ids[i]);
}

/**
 * Primary suppression at `threshold`, then complementary suppression until no hidden cell
 * can be recomputed (module comment: how complements are chosen, and what stays possible).
 * Throws when a hidden cell cannot be protected by hiding more (values that break the
 * relations, or a relation that pins a cell by itself).
 */
export function suppress(
  cells: readonly Cell[],
  constraints: readonly Constraint[],
  threshold: number,
): SuppressionResult {
  const primary = primarySuppressed(cells, threshold);
  const system = buildSystem(cells, constraints);
  const hidden = hiddenFlags(system, primary);
  const complementary = new Set<string>();
  const values = system.values;
  const ids = system.ids;

  for (;;) {
    const elim = eliminate(system.rows, hidden);
    const disclosed = determinedColumns(elim, hidden).sort((a, b) => compareIds(ids[a], ids[b]));
    if (disclosed.length === 0) break;

    // Columns that appear in a relation among shown cells only (rows beyond the rank):
    // hiding such a cell makes it computable itself, so it cannot fix anything alone.
    const pinned = new Set<number>();
    for (const r of elim.leftover) for (const c of elim.rows[r].keys()) pinned.add(c);

    // Rows made undetermined by a complement chosen in this round. Hiding a cell that is not
    // pinned adds a free column to the reduced system without changing its other rows, so
    // the rest of this round's analysis stays valid; hiding a pinned one does not, and ends
    // the round.
    const loosened = new Set<number>();
    for (const col of disclosed) {
      const r = elim.pivotRow.get(col)!;
      if (loosened.has(r)) continue;
      let best = -1;
      let bestKey: [number, number, number] | null = null;
      for (const c of elim.rows[r].keys()) {
        if (hidden[c]) continue;
        const key: [number, number, number] = [values[c] === 0 ? 1 : 0, pinned.has(c) ? 1 : 0, values[c]];
        if (bestKey === null || compareKeys(key, bestKey, ids[c], ids[best]) < 0) {
          best = c;
          bestKey = key;
        }
      }
      if (best < 0) {
        throw new Error(
          `suppression: cell ${ids[col]} cannot be protected: the relations fix its value whatever else is hidden (do the values satisfy the relations?)`,
        );
      }
      hidden[best] = true;
      complementary.add(ids[best]);
      if (pinned.has(best)) break;
      for (const [rr] of elim.rowsOfColumn(best)) loosened.add(rr);
    }
  }

  const suppressed = new Set<string>();
  for (let i = 0; i < ids.length; i++) if (hidden[i]) suppressed.add(ids[i]);
  return { suppressed, primary, complementary };
}

// ------------------------------------------------------------------ helpers for tables

/** A total and its parts: cells [total, ...parts] and the relation total − Σ parts = 0. */
export function breakdownCells(total: Cell, parts: readonly Cell[]): Table {
  return {
    cells: [{ ...total }, ...parts.map((p) => ({ ...p }))],
    constraints: [{ plus: [total.id], minus: parts.map((p) => p.id) }],
  };
}

/**
 * Several tables published together: cells with the same id are one cell (their values
 * must agree), relations are all kept. E.g. a race and a locality breakdown of one total.
 */
export function mergeTables(...tables: readonly Table[]): Table {
  const byId = new Map<string, Cell>();
  const constraints: Constraint[] = [];
  for (const t of tables) {
    for (const c of t.cells) {
      const seen = byId.get(c.id);
      if (seen === undefined) byId.set(c.id, { ...c });
      else if (seen.value !== c.value) throw new Error(`suppression: cell ${c.id} is ${seen.value} in one table and ${c.value} in another`);
    }
    for (const k of t.constraints) constraints.push({ plus: [...k.plus], minus: [...k.minus] });
  }
  return { cells: [...byId.values()], constraints };
}

/** The count figures of a month, in table order. */
export const MONTHLY_COUNT_FIGURES = ['actively_homeless', ...FLOWS] as const;

/**
 * The count cells of one population's monthly figures (ids `<prefix><YYYY-MM>:<figure>`,
 * e.g. `2024-03:newly_identified`) and the balance relation of every month whose previous
 * month is among the rows: active(m) − active(m−1) − inflows(m) + outflows(m) = 0. The first
 * month (and a month after a gap) has no balance relation: its previous active count is not
 * published. If it was published elsewhere (an earlier report), pass that month's row too.
 * The balance relation is included even for months that do not balance (imported counts):
 * a reader told the gap can still solve it. `avg_days_to_housing` is not a count and has no
 * cell (hide it with `housing_placements`).
 */
export function monthlyFigureCells(rows: readonly MonthlyFigures[], options: { prefix?: string } = {}): Table {
  const prefix = options.prefix ?? '';
  const population = rows.length > 0 ? rows[0].population : '';
  const byMonth = new Map<number, MonthlyFigures>();
  for (const row of rows) {
    if (row.population !== population) {
      throw new Error(`suppression: monthly rows of several populations (${population}, ${row.population}); pass one population at a time`);
    }
    const m = parseMonth(row.month);
    if (m === null) throw new Error(`suppression: malformed month ${row.month}`);
    if (byMonth.has(m)) throw new Error(`suppression: month ${row.month} appears twice`);
    byMonth.set(m, row);
  }
  const months = [...byMonth.keys()].sort((a, b) => a - b);
  const id = (m: number, figure: string): string => `${prefix}${formatMonth(m)}:${figure}`;
  const cells: Cell[] = [];
  const constraints: Constraint[] = [];
  for (const m of months) {
    const row = byMonth.get(m)!;
    for (const figure of MONTHLY_COUNT_FIGURES) cells.push({ id: id(m, figure), value: row[figure] });
    if (byMonth.has(m - 1)) {
      constraints.push({
        plus: [id(m, 'actively_homeless'), ...OUTFLOWS.map((f) => id(m, f))],
        minus: [id(m - 1, 'actively_homeless'), ...INFLOWS.map((f) => id(m, f))],
      });
    }
  }
  return { cells, constraints };
}

// ------------------------------------------------------------------ exact linear algebra

/** A sparse row: column → non-zero integer coefficient. */
type Row = Map<number, bigint>;

interface System {
  ids: string[];
  values: number[];
  index: Map<string, number>;
  rows: Row[];
}

function checkThreshold(threshold: number): void {
  if (!Number.isInteger(threshold) || threshold < 1) {
    throw new RangeError(`suppression: threshold must be a whole number ≥ 1, got ${threshold}`);
  }
}

function checkCells(cells: readonly Cell[]): Map<string, number> {
  const index = new Map<string, number>();
  cells.forEach((c, i) => {
    if (!Number.isSafeInteger(c.value) || c.value < 0) {
      throw new RangeError(`suppression: cell ${c.id} must be a non-negative whole number, got ${c.value}`);
    }
    if (index.has(c.id)) throw new Error(`suppression: cell id ${c.id} appears twice`);
    index.set(c.id, i);
  });
  return index;
}

function buildSystem(cells: readonly Cell[], constraints: readonly Constraint[]): System {
  const index = checkCells(cells);
  const rows: Row[] = [];
  for (const k of constraints) {
    const row: Row = new Map();
    const add = (id: string, sign: bigint): void => {
      const c = index.get(id);
      if (c === undefined) throw new Error(`suppression: a relation names cell ${id}, which is not among the cells`);
      const v = (row.get(c) ?? 0n) + sign;
      if (v === 0n) row.delete(c);
      else row.set(c, v);
    };
    for (const id of k.plus) add(id, 1n);
    for (const id of k.minus) add(id, -1n);
    if (row.size > 0) rows.push(row);
  }
  return { ids: cells.map((c) => c.id), values: cells.map((c) => c.value), index, rows };
}

function hiddenFlags(system: System, suppressed: ReadonlySet<string>): boolean[] {
  const hidden = new Array<boolean>(system.ids.length).fill(false);
  for (const id of suppressed) {
    const i = system.index.get(id);
    if (i === undefined) throw new Error(`suppression: suppressed cell ${id} is not among the cells`);
    hidden[i] = true;
  }
  return hidden;
}

interface Elimination {
  /** The rows after elimination: each pivot row is a combination of the original relations. */
  rows: Row[];
  /** Hidden column → the row in which it is the pivot. */
  pivotRow: Map<number, number>;
  /** Rows without a pivot: after elimination they name shown cells only. */
  leftover: number[];
  /** The rows in which a column has a non-zero coefficient. */
  rowsOfColumn(col: number): Map<number, true>;
}

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * Fraction-free Gauss–Jordan elimination that pivots on hidden columns only and carries the
 * shown columns along (so each row stays an exact combination of the relations over all
 * cells). After it, every hidden column is either a pivot, zero in every other row, or free.
 * Rows are kept primitive (divided by the gcd of their entries) so numbers stay small;
 * columns are taken sparsest first and pivot rows shortest first, to limit fill-in.
 */
function eliminate(input: readonly Row[], hidden: readonly boolean[]): Elimination {
  const rows: Row[] = input.map((r) => new Map(r));
  const colRows = new Map<number, Map<number, true>>();
  rows.forEach((row, r) => {
    for (const c of row.keys()) {
      let s = colRows.get(c);
      if (!s) colRows.set(c, (s = new Map()));
      s.set(r, true);
    }
  });
  const rowsOfColumn = (col: number): Map<number, true> => colRows.get(col) ?? new Map();
  const isPivotRow = new Array<boolean>(rows.length).fill(false);
  const pivotRow = new Map<number, number>();

  const hiddenCols = [...colRows.keys()].filter((c) => hidden[c]);
  hiddenCols.sort((a, b) => rowsOfColumn(a).size - rowsOfColumn(b).size || a - b);

  for (const col of hiddenCols) {
    let p = -1;
    for (const r of rowsOfColumn(col).keys()) {
      if (isPivotRow[r]) continue;
      if (p < 0 || rows[r].size < rows[p].size || (rows[r].size === rows[p].size && r < p)) p = r;
    }
    if (p < 0) continue; // free column
    isPivotRow[p] = true;
    pivotRow.set(col, p);
    const prow = rows[p];
    const pv = prow.get(col)!;
    for (const r of [...rowsOfColumn(col).keys()]) {
      if (r === p) continue;
      const row = rows[r];
      const av = row.get(col)!;
      const g = gcd(pv, av);
      const mp = pv / g;
      const ma = av / g;
      // row := mp·row − ma·prow, which clears `col`
      if (mp !== 1n) for (const [c, v] of row) row.set(c, v * mp);
      for (const [c, w] of prow) {
        const v = (row.get(c) ?? 0n) - ma * w;
        if (v === 0n) {
          row.delete(c);
          colRows.get(c)!.delete(r);
        } else {
          if (!row.has(c)) {
            let s = colRows.get(c);
            if (!s) colRows.set(c, (s = new Map()));
            s.set(r, true);
          }
          row.set(c, v);
        }
      }
      let h = 0n;
      for (const v of row.values()) {
        h = gcd(h, v);
        if (h === 1n) break;
      }
      if (h > 1n) for (const [c, v] of row) row.set(c, v / h);
    }
  }
  const leftover: number[] = [];
  rows.forEach((row, r) => {
    if (!isPivotRow[r] && row.size > 0) leftover.push(r);
  });
  return { rows, pivotRow, leftover, rowsOfColumn };
}

/** Hidden columns whose pivot row has no other hidden column: e_i is in the row space. */
function determinedColumns(elim: Elimination, hidden: readonly boolean[]): number[] {
  const out: number[] = [];
  for (const [col, r] of elim.pivotRow) {
    let alone = true;
    for (const c of elim.rows[r].keys()) {
      if (c !== col && hidden[c]) {
        alone = false;
        break;
      }
    }
    if (alone) out.push(col);
  }
  return out;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareKeys(a: readonly number[], b: readonly number[], idA: string, idB: string): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return compareIds(idA, idB);
}
