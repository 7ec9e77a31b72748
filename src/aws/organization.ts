import {
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListRoots,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { Logger } from 'pino';
import type { Account } from '../model/inventory.js';
import { classifyError } from './errors.js';
import { loopGuarded } from './paginate.js';

export interface AccountFilters {
  includeAccounts?: readonly string[];
  excludeAccounts?: readonly string[];
  /** OU ids (ou-…) or root ids (r-…); accounts in nested OUs below them are included. */
  ous?: readonly string[];
}

export interface SkippedAccount {
  id: string;
  name: string;
  reason: string;
}

export interface Discovery {
  accounts: Account[];
  skipped: SkippedAccount[];
}

const INACTIVE = new Set(['SUSPENDED', 'PENDING_CLOSURE', 'CLOSED']);

interface Placement {
  ouIds: string[];
  ouPath: string[];
}

/** Walks the OU tree once (calls grow with OUs, not accounts) to place every account. */
async function placements(org: OrganizationsClient): Promise<Map<string, Placement>> {
  const byAccount = new Map<string, Placement>();
  const queue: Array<{ id: string; ouIds: string[]; ouPath: string[] }> = [];
  for await (const page of loopGuarded('ListRoots', paginateListRoots({ client: org }, {}), (p) => p.NextToken)) {
    for (const root of page.Roots ?? []) if (root.Id) queue.push({ id: root.Id, ouIds: [root.Id], ouPath: [] });
  }
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for await (const page of loopGuarded('ListAccountsForParent', paginateListAccountsForParent({ client: org }, { ParentId: parent.id }), (p) => p.NextToken)) {
      for (const a of page.Accounts ?? []) if (a.Id) byAccount.set(a.Id, { ouIds: parent.ouIds, ouPath: parent.ouPath });
    }
    for await (const page of loopGuarded('ListOrganizationalUnitsForParent', paginateListOrganizationalUnitsForParent({ client: org }, { ParentId: parent.id }), (p) => p.NextToken)) {
      for (const ou of page.OrganizationalUnits ?? []) {
        if (ou.Id) queue.push({ id: ou.Id, ouIds: [...parent.ouIds, ou.Id], ouPath: [...parent.ouPath, ou.Name ?? ou.Id] });
      }
    }
  }
  return byAccount;
}

export class OrganizationAccessError extends Error {
  override readonly name = 'OrganizationAccessError';
}

export async function discoverAccounts(org: OrganizationsClient, filters: AccountFilters, log: Logger): Promise<Discovery> {
  const listed: Account[] = [];
  try {
    for await (const page of loopGuarded('ListAccounts', paginateListAccounts({ client: org }, {}), (p) => p.NextToken)) {
      for (const a of page.Accounts ?? []) {
        if (!a.Id) continue;
        listed.push({ id: a.Id, name: a.Name ?? a.Id, status: String(a.State ?? a.Status ?? 'UNKNOWN'), ouPath: [], ouIds: [] });
      }
    }
  } catch (err) {
    const { code, message } = classifyError(err);
    throw new OrganizationAccessError(
      `cannot list the organization's accounts (organizations:ListAccounts: ${code}: ${message}). Run from the management account or a delegated administrator, or use --account for single-account mode.`,
    );
  }

  let placed: Map<string, Placement> | undefined;
  try {
    placed = await placements(org);
  } catch (err) {
    const { code } = classifyError(err);
    if (filters.ous?.length) throw new OrganizationAccessError(`OU filters need the OU tree, but walking it failed (${code}); drop --ou or grant organizations:ListRoots/ListOrganizationalUnitsForParent/ListAccountsForParent`);
    log.warn({ code }, 'could not read the OU tree; OU paths are left empty');
  }

  const include = filters.includeAccounts?.length ? new Set(filters.includeAccounts) : undefined;
  const exclude = new Set(filters.excludeAccounts ?? []);
  const ous = filters.ous?.length ? new Set(filters.ous) : undefined;
  const accounts: Account[] = [];
  const skipped: SkippedAccount[] = [];
  for (const a of listed.sort((x, y) => x.id.localeCompare(y.id))) {
    const place = placed?.get(a.id);
    const account = place ? { ...a, ouIds: place.ouIds, ouPath: place.ouPath } : a;
    // Only accounts the filters select are reported, so an inactive account elsewhere is no noise.
    if (include && !include.has(a.id)) continue;
    if (ous && !account.ouIds.some((id) => ous.has(id))) continue;
    if (INACTIVE.has(account.status.toUpperCase())) skipped.push({ id: a.id, name: a.name, reason: `account is ${account.status}` });
    else if (exclude.has(a.id)) skipped.push({ id: a.id, name: a.name, reason: 'excluded by filter' });
    else accounts.push(account);
  }
  const missing = [...(include ?? [])].filter((id) => !listed.some((a) => a.id === id));
  for (const id of missing) skipped.push({ id, name: id, reason: 'not a member of this organization' });
  return { accounts, skipped };
}
