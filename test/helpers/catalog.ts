import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Check ids of the research catalog in ../shared, read from its table rows so the tests follow it as it grows. */
export function catalogCheckIds(): string[] {
  const text = readFileSync(resolve(import.meta.dirname, '../../../shared/reference/checks-catalog.md'), 'utf8');
  return [...text.matchAll(/^\| ([A-Z0-9]+-\d{3}) \|/gm)].map((m) => m[1] ?? '');
}
