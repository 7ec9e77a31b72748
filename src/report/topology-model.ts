/**
 * The path of one private API, as a graph: who calls it, through which DNS option and VPC
 * endpoint, what the API's policy and authorizers decide, and where its private integrations
 * go. Built from the inventory by topology.ts, drawn by topology-svg.ts; hops that an active
 * finding points at are marked broken, and the hop where the reachability engine found an
 * intended client's path first breaks is marked apart, since the two can disagree.
 */

import type { BrokenHop } from '../reach/model.js';

export const TOPOLOGY_NODE_KINDS = [
  'client-vpc',
  'onprem',
  'dns',
  'vpc-endpoint',
  'security-group',
  'domain',
  'api',
  'authorizer',
  'vpc-link',
  'load-balancer',
  'target-group',
] as const;
export type TopologyNodeKind = (typeof TOPOLOGY_NODE_KINDS)[number];

/** broken: an open finding names this resource; unknown: the inventory needed to judge it is missing. */
export type HopStatus = 'ok' | 'broken' | 'unknown';

export interface TopologyNode {
  /** Unique within its topology (the resource id, or kind:id). */
  id: string;
  kind: TopologyNodeKind;
  /** Short name shown in the box, e.g. "vpce-0abc…" or "NLB internal-orders". */
  label: string;
  /** Further lines: state, AZs, ports, the policy verdict, target health counts. */
  detail: string[];
  arn?: string;
  status: HopStatus;
  /** Ids of the open findings that name this resource (primary or related). */
  findingIds: string[];
  /** Intended clients whose path first breaks at this hop (see ApiTopology.firstBroken). */
  firstBrokenFrom?: string[];
}

/** Where an intended client's path to the API first breaks, per the reachability engine. */
export interface FirstBrokenHop extends BrokenHop {
  clientId: string;
  /** The diagram node it is drawn on; undefined when that resource is not drawn. */
  nodeId?: string;
}

export interface TopologyEdge {
  from: string;
  to: string;
  label?: string;
  status: HopStatus;
}

export interface ApiTopology {
  apiArn: string;
  apiId: string;
  name: string;
  accountId: string;
  region: string;
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  /** Things the diagram leaves out or could not decide, in words (e.g. "12 more client VPCs"). */
  notes: string[];
  /** One per intended client that cannot reach the API; empty when reachability was not evaluated. */
  firstBroken: FirstBrokenHop[];
}
