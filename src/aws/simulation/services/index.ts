import type { ServiceHandler } from '../service.js';
import { apigatewayHandler } from './apigateway.js';
import { apigatewayv2Handler } from './apigatewayv2.js';
import { ec2Handler } from './ec2.js';
import { elbv2Handler } from './elbv2.js';
import { organizationsHandler } from './organizations.js';
import { route53Handler } from './route53.js';
import { route53resolverHandler } from './route53resolver.js';
import { s3Handler } from './s3.js';
import { securityhubHandler } from './securityhub.js';
import { stsHandler } from './sts.js';

export const serviceHandlers: readonly ServiceHandler[] = [
  stsHandler,
  organizationsHandler,
  ec2Handler,
  elbv2Handler,
  apigatewayHandler,
  apigatewayv2Handler,
  route53Handler,
  route53resolverHandler,
  securityhubHandler,
  s3Handler,
];
