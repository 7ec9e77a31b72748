import type { Damage } from './measure.js';

/** One scenario's line of the chaos table. */
export interface ChaosRow {
  scenario: string;
  /** What was injected, and how many times it hit (error responses, items, crashes). */
  fault: string;
  injected: number;
  /** "3/12 accounts, all regions" and the like. */
  affected: string;
  damage: Damage;
  /** What the faulted run reported, and what it must report. */
  status: string;
  expectedStatus: string;
  /** Status of the clean run after it, which must deliver whatever the faulted one owed. */
  recovery: string;
  /** Wall time of the faulted run over the clean one's. */
  slowdown: number;
  /** Findings the faulted run held as UNKNOWN rather than resolving them. */
  heldUnknown: number;
  notes: string[];
}

/** A row passes when nothing was lost, wrongly resolved or wrongly created and both runs reported what they must. */
export function rowPasses(row: ChaosRow): boolean {
  return row.damage.lost.length === 0 && row.damage.wronglyResolved.length === 0 && row.damage.wronglyCreated.length === 0 && row.status === row.expectedStatus && row.recovery === 'COMPLETE';
}

const HEADERS = ['scenario', 'fault injected', 'hits', 'affected', 'lost', 'wrongly resolved', 'wrongly created', 'run status (expected)', 'held UNKNOWN', 'recovery run', 'time ×', 'verdict'];

function cells(row: ChaosRow): string[] {
  return [
    row.scenario,
    row.fault,
    String(row.injected),
    row.affected,
    String(row.damage.lost.length),
    String(row.damage.wronglyResolved.length),
    String(row.damage.wronglyCreated.length),
    `${row.status} (${row.expectedStatus})`,
    String(row.heldUnknown),
    row.recovery,
    row.slowdown.toFixed(1),
    rowPasses(row) ? 'ok' : 'FAILED',
  ];
}

/** A Markdown table (readable as text, pasteable into the README), one row per scenario in the order run. */
export function renderChaosTable(rows: readonly ChaosRow[]): string {
  const body = rows.map(cells);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (values: readonly string[]) => `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(HEADERS), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
