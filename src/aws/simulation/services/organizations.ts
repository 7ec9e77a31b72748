import * as orgSdk from '@aws-sdk/client-organizations';
import type { Account, OrganizationalUnit, Root } from '@aws-sdk/client-organizations';
import { SimError, type SimRequest } from '../protocol.js';
import { numberParam, unknownOperation, type HandlerContext, type ServiceHandler, type SimReply } from '../service.js';
import type { SimAccount, SimWorld } from '../world.js';

/** Organizations' listings take MaxResults 1..20. */
const MAX_RESULTS = 20;
/** Accounts' join dates are made up, but fixed so every run of a world answers the same. */
const ORG_CREATED = Date.UTC(2021, 0, 4);
const DAY_MS = 86_400_000;

/** AWS Organizations, as the management account sees it; member accounts are denied. */
export const organizationsHandler: ServiceHandler = {
  service: 'organizations',
  spec: { protocol: 'json1_1', schemas: orgSdk },
  quota: 'organizations',
  throttle: { code: 'TooManyRequestsException', status: 400 },
  global: true,
  handle(req, ctx) {
    if (ctx.account.id !== ctx.world.managementAccountId) throw new SimError('AccessDeniedException', 400, "You don't have permissions to access this resource.");
    const world = ctx.world;
    switch (req.operation) {
      case 'ListAccounts':
        return listing(req, ctx, 'Accounts', world.accounts.map((a, i) => toAccount(world, a, i)));
      case 'ListRoots':
        return listing(req, ctx, 'Roots', [toRoot(world)]);
      case 'ListAccountsForParent': {
        const parentId = parentOf(req, world);
        const accounts = world.accounts.flatMap((a, i) => (a.parentId === parentId ? [toAccount(world, a, i)] : []));
        return listing(req, ctx, 'Accounts', accounts);
      }
      case 'ListOrganizationalUnitsForParent': {
        const parentId = parentOf(req, world);
        const ous = world.organizationalUnits.filter((ou) => ou.parentId === parentId).map((ou) => toOu(world, ou.id, ou.name));
        return listing(req, ctx, 'OrganizationalUnits', ous);
      }
      default:
        throw unknownOperation('organizations', req.operation);
    }
  },
};

/** The world names no organization id; one is derived from its seed (o- and 10..32 of [a-z0-9]). */
function organizationId(world: SimWorld): string {
  return `o-${(world.seed >>> 0).toString(36).padStart(10, '0')}`;
}

function orgArn(world: SimWorld, kind: 'account' | 'root' | 'ou', id: string): string {
  return `arn:${world.partition}:organizations::${world.managementAccountId}:${kind}/${organizationId(world)}/${id}`;
}

function toAccount(world: SimWorld, account: SimAccount, index: number): Account {
  return {
    Id: account.id,
    Arn: orgArn(world, 'account', account.id),
    Email: account.email,
    Name: account.name,
    Status: account.status,
    State: account.status,
    // The management account joined by creating the organization, which Organizations reports as INVITED.
    JoinedMethod: account.id === world.managementAccountId ? 'INVITED' : 'CREATED',
    JoinedTimestamp: new Date(ORG_CREATED + index * DAY_MS),
  };
}

function toRoot(world: SimWorld): Root {
  return { Id: world.rootId, Arn: orgArn(world, 'root', world.rootId), Name: 'Root', PolicyTypes: [] };
}

function toOu(world: SimWorld, id: string, name: string): OrganizationalUnit {
  return { Id: id, Arn: orgArn(world, 'ou', id), Name: name };
}

function parentOf(req: SimRequest, world: SimWorld): string {
  const parentId = req.json['ParentId'];
  if (typeof parentId !== 'string' || parentId === '') throw new SimError('InvalidInputException', 400, 'You must specify a value for ParentId.');
  if (parentId !== world.rootId && !world.organizationalUnits.some((ou) => ou.id === parentId)) {
    throw new SimError('ParentNotFoundException', 400, "We can't find a root or OU with the ParentId that you specified.");
  }
  return parentId;
}

function listing(req: SimRequest, ctx: HandlerContext, member: 'Accounts' | 'Roots' | 'OrganizationalUnits', all: readonly object[]): SimReply {
  const operation = req.operation ?? '';
  const token = req.json['NextToken'];
  const page = ctx.page(all, {
    token: typeof token === 'string' ? token : undefined,
    requested: numberParam(req.json['MaxResults']),
    max: MAX_RESULTS,
    defaultSize: MAX_RESULTS,
    operation,
    errors: { token: 'InvalidInputException', size: 'InvalidInputException' },
  });
  return { operation, output: page.next === undefined ? { [member]: page.items } : { [member]: page.items, NextToken: page.next } };
}
