/**
 * The deployed state under KITE_ETC_DIR: the applied config (`config.yaml`, verbatim) and the record a
 * completed deploy writes (`deployment.json`), which makes re-running deploy a no-op and tells
 * remove which kubeconfig context to take out and what to restore.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClusterConfig } from '../config/cluster-config.js';

export interface DeploymentRecord {
  configHash: string;
  clusterName: string;
  nodeName: string;
  dataDir: string;
  manager: 'systemd' | 'process';
  kubeconfigFile: string;
  /** The current-context the merge replaced (null: there was none). */
  previousContext: string | null;
  /** The kubeconfig file did not exist before the merge. */
  createdKubeconfig: boolean;
  deployedAt: string;
  /** False while a deploy is between merging the kubeconfig and finishing (a re-run completes it). */
  complete: boolean;
}

/** Stable over key order and formatting: hash of the config with defaults applied. */
export function configHash(cfg: ClusterConfig): string {
  const canon = (v: unknown): unknown => (Array.isArray(v) ? v.map(canon) : v && typeof v === 'object'
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])])) : v);
  return createHash('sha256').update(JSON.stringify(canon(cfg))).digest('hex').slice(0, 16);
}

export async function writeFileAtomic(file: string, data: string, mode = 0o600): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, data, { mode });
  await rename(tmp, file);
}

export async function readDeploymentRecord(file: string): Promise<DeploymentRecord | undefined> {
  try { return JSON.parse(await readFile(file, 'utf8')) as DeploymentRecord; } catch { return undefined; }
}
