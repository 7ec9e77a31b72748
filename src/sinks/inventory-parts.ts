import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { GetObjectCommand, PutObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { RunPlan } from '../model/hub.js';
import type { Snapshot } from '../model/inventory.js';
import { parseSnapshotText, serializeSnapshot } from '../model/snapshot.js';

/**
 * Where fan-out workers leave the inventory of their batch for the aggregation step: one gzip
 * JSON object per batch under runs/<runId>/batches/. Step Functions passes at most 256 KB between
 * states, and one batch's inventory is megabytes, so only the key travels through the state machine.
 */

const zip = promisify(gzip);
const unzip = promisify(gunzip);

export const partKey = (runId: string, index: number): string => `runs/${runId}/batches/${String(index).padStart(5, '0')}.json.gz`;
export const planKey = (runId: string): string => `runs/${runId}/plan.json.gz`;

export async function putRunPlan(s3: S3Client, bucket: string, plan: RunPlan): Promise<string> {
  const key = planKey(plan.runId);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: await zip(Buffer.from(JSON.stringify(plan), 'utf8')), ContentType: 'application/json', ContentEncoding: 'gzip' }));
  return key;
}

export async function readRunPlan(s3: S3Client, bucket: string, runId: string): Promise<RunPlan> {
  const key = planKey(runId);
  const text = await readGzipText(s3, bucket, key);
  const result = RunPlan.safeParse(JSON.parse(text));
  if (!result.success) throw new Error(`s3://${bucket}/${key} is not a privapi run plan: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return result.data;
}

async function readGzipText(s3: S3Client, bucket: string, key: string): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const bytes = await out.Body?.transformToByteArray();
  if (!bytes) throw new Error(`s3://${bucket}/${key} has no body`);
  return (await unzip(bytes)).toString('utf8');
}

export async function putInventoryPart(s3: S3Client, bucket: string, runId: string, index: number, snapshot: Snapshot): Promise<string> {
  const key = partKey(runId, index);
  const body = await zip(Buffer.from(serializeSnapshot(snapshot), 'utf8'));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json', ContentEncoding: 'gzip' }));
  return key;
}

/** Every part a run's workers wrote, by batch index; a part that does not parse is an error naming its key. */
export async function readInventoryParts(s3: S3Client, bucket: string, runId: string): Promise<Map<number, Snapshot>> {
  const parts = new Map<number, Snapshot>();
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: `runs/${runId}/batches/` })) {
    for (const object of page.Contents ?? []) {
      const key = object.Key ?? '';
      const index = Number(/\/(\d+)\.json\.gz$/.exec(key)?.[1]);
      if (!Number.isInteger(index)) continue;
      parts.set(index, parseSnapshotText(await readGzipText(s3, bucket, key), `s3://${bucket}/${key}`));
    }
  }
  return parts;
}
