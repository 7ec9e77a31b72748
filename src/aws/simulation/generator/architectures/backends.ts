import { createNetworkInterface, createSecurityGroup, createVpc, type VpcHandle } from '../network/vpc.js';
import type { WorldBuilder } from '../world-builder.js';

export interface Task {
  ip: string;
  az: string;
}

export interface EcsBackend {
  vpc: VpcHandle;
  tasks: Task[];
  port: number;
}

/** An ECS service in awsvpc mode: one ENI per task, two tasks per AZ, listening on 8080. */
export function ecsBackend(b: WorldBuilder, accountId: string, region: string, service: string, azs = 2): EcsBackend {
  const vpc = createVpc(b, accountId, region, { name: `${service}-backend`, azs });
  const port = 8080;
  const group = createSecurityGroup(b, vpc, [{ protocol: 'tcp', port, cidr: vpc.cidr, description: 'from the load balancer' }]);
  const tasks = vpc.subnets.flatMap((subnet) =>
    [0, 1].map(() => {
      const eni = createNetworkInterface(b, subnet, { description: `arn:aws:ecs:${region}:${accountId}:attachment/${b.ids.uuid()}`, interfaceType: 'interface', groupIds: [group] });
      return { ip: eni.ip, az: subnet.az };
    }),
  );
  return { vpc, tasks, port };
}
