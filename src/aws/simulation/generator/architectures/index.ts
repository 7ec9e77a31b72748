import { basicPrivateApi } from './basic-private-api.js';
import { crossAccountIntegration } from './cross-account-integration.js';
import { crossAccountInvocation } from './cross-account-invocation.js';
import { multiRegion } from './multi-region.js';
import { onPremises } from './on-premises.js';
import { privateCustomDomain } from './private-custom-domain.js';
import { privateIntegration } from './private-integration.js';
import type { ArchitectureSpec } from './types.js';

/** Every architecture, with how often it is drawn once every variant has been placed. */
export const ARCHITECTURES: ReadonlyArray<{ spec: ArchitectureSpec; weight: number }> = [
  { spec: basicPrivateApi, weight: 25 },
  { spec: crossAccountInvocation, weight: 20 },
  { spec: onPremises, weight: 10 },
  { spec: multiRegion, weight: 8 },
  { spec: privateIntegration, weight: 20 },
  { spec: crossAccountIntegration, weight: 5 },
  { spec: privateCustomDomain, weight: 12 },
];
