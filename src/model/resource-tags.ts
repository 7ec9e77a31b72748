import type { Snapshot } from './inventory.js';

/**
 * The tags of every tagged resource in a snapshot, by ARN, so a finding can be matched on its
 * resource's tags (mutelist). The walk is generic (any record with a string `arn` and a `tags`
 * object, at any depth) so a record type added to the inventory is covered without editing this.
 */
export function resourceTags(snapshot: Snapshot): Map<string, Record<string, string>> {
  const byArn = new Map<string, Record<string, string>>();
  for (const container of [...snapshot.regional, ...snapshot.global]) collect(container, byArn);
  return byArn;
}

function collect(value: unknown, byArn: Map<string, Record<string, string>>): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, byArn);
    return;
  }
  if (!isObject(value)) return;
  const { arn, tags } = value;
  if (typeof arn === 'string' && isObject(tags)) {
    // A resource shared across accounts (a private custom domain name) is seen from each of
    // them, not always with its tags: keep the union, the first value seen on a conflict.
    byArn.set(arn, { ...stringValues(tags), ...byArn.get(arn) });
  }
  for (const child of Object.values(value)) collect(child, byArn);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringValues(tags: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
