import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, type PrivapiApp } from '../../infra/app.js';

/** A valid configuration; tests override single keys. */
export const BASE_CONTEXT = {
  hubAccount: '111111111111',
  hubRegion: 'us-east-1',
  organizationId: 'o-a1b2c3d4e5',
  rootId: 'r-ab12',
} as const;

/**
 * The app with the given `privapi` context. Bundling is skipped (`aws:cdk:bundling-stacks: []`)
 * and so is CDK's built-in CloudFormation validation (6 s per synth); one test in nag.test.ts does both.
 */
export function makeApp(overrides: Record<string, unknown> = {}, options: { bundle?: boolean; extraContext?: Record<string, unknown> } = {}): PrivapiApp {
  return buildApp(
    {
      context: {
        privapi: { ...BASE_CONTEXT, ...overrides },
        ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
        ...options.extraContext,
      },
      builtinCloudFormationValidation: options.bundle ?? false,
    },
    {},
  );
}

export function templates(overrides: Record<string, unknown> = {}): PrivapiApp & { hubTemplate: Template; memberTemplate: Template } {
  const built = makeApp(overrides);
  return { ...built, hubTemplate: Template.fromStack(built.hub), memberTemplate: Template.fromStack(built.memberRole) };
}

/** The one resource of a type (fails when there are none or several). */
export function only(template: Template, type: string, props?: Record<string, unknown>): { logicalId: string; Properties: Record<string, unknown> } {
  const found = Object.entries(template.findResources(type, props ? { Properties: props } : undefined));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  const [logicalId, resource] = found[0]!;
  return { logicalId, Properties: (resource as { Properties: Record<string, unknown> }).Properties };
}
