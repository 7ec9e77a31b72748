import type { Partition } from './inventory.js';

/**
 * ARNs for records whose APIs do not return one. The partition always comes from STS
 * (GetCallerIdentity), never from a default, so GovCloud and China ARNs come out right.
 */
export const arns = {
  restApi: (p: Partition, region: string, apiId: string) => `arn:${p}:apigateway:${region}::/restapis/${apiId}`,
  stage: (p: Partition, region: string, apiId: string, stage: string) =>
    `arn:${p}:apigateway:${region}::/restapis/${apiId}/stages/${stage}`,
  vpcLink: (p: Partition, region: string, id: string) => `arn:${p}:apigateway:${region}::/vpclinks/${id}`,
  domainName: (p: Partition, region: string, name: string) => `arn:${p}:apigateway:${region}::/domainnames/${name}`,
  ec2: (p: Partition, region: string, account: string, kind: string, id: string) => `arn:${p}:ec2:${region}:${account}:${kind}/${id}`,
  hostedZone: (p: Partition, id: string) => `arn:${p}:route53:::hostedzone/${id}`,
  healthCheck: (p: Partition, id: string) => `arn:${p}:route53:::healthcheck/${id}`,
};

/** The DNS suffix of AWS service hostnames in a partition (China's differs). */
export const dnsSuffix = (p: Partition): string => (p === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com');

/** The default invoke hostname of a REST API. */
export const executeApiHost = (p: Partition, region: string, apiId: string): string => `${apiId}.execute-api.${region}.${dnsSuffix(p)}`;

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', accountId = ''] = parts;
  return { partition, service, region, accountId, resource: parts.slice(5).join(':') };
}

export function partitionOfArn(arn: string): Partition | undefined {
  const partition = parseArn(arn)?.partition;
  const known: readonly string[] = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];
  return partition !== undefined && known.includes(partition) ? (partition as Partition) : undefined;
}
