import { describe, expect, it } from 'vitest';
import { beyondCatalog, checks, notImplemented } from '../../checks/index.js';
import { globalCollectors, regionalCollectors } from '../../src/collectors/registry.js';
import { SEVERITIES } from '../../src/model/check.js';
import { catalogCheckIds } from '../helpers/catalog.js';

describe('the check registry', () => {
  const catalog = new Set(catalogCheckIds());

  it('has unique ids, each a row of the catalog or listed as beyond it', () => {
    const ids = checks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(catalog.has(id) || id in beyondCatalog, `${id} is neither in the catalog nor in beyondCatalog`).toBe(true);
    for (const id of Object.keys(beyondCatalog)) {
      expect(ids, `${id} is listed beyond the catalog but not registered`).toContain(id);
      expect(catalog.has(id), `${id} is in the catalog now: remove it from beyondCatalog`).toBe(false);
    }
  });

  it('documents every check: title, a known severity, an ASFF resource type (or Other), remediation with a link, messages', () => {
    for (const c of checks) {
      expect(c.title.length, c.id).toBeGreaterThan(10);
      expect(SEVERITIES).toContain(c.severity);
      expect(c.resourceType, c.id).toMatch(/^(Aws[A-Za-z0-9]+|Other)$/);
      expect(c.remediation.text.length, c.id).toBeGreaterThan(20);
      expect(c.remediation.url, c.id).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(Object.keys(c.messages).length, c.id).toBeGreaterThan(0);
    }
  });

  it('implements every catalog row, or says why not', () => {
    const implemented = new Set(checks.map((c) => c.id));
    for (const id of catalog) expect(implemented.has(id) || id in notImplemented, `${id} is neither implemented nor listed as not implementable`).toBe(true);
    for (const id of Object.keys(notImplemented)) expect(implemented.has(id), `${id} is listed as not implemented but exists`).toBe(false);
  });

  it('requires only services a collector serves', () => {
    // Organizations is read by account discovery, before any collector runs.
    const served = new Set(['organizations', ...[...regionalCollectors, ...globalCollectors].map((c) => c.service)]);
    for (const c of checks) for (const service of c.requires) expect(served.has(service), `${c.id} requires ${service}`).toBe(true);
  });
});
