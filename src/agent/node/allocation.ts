/**
 * A machine's static allocation (`--cpus`, `--memory-mb`, `--data-size-gb`) turned into the
 * Node's capacity and allocatable and into the limits of its parent cgroup. Pure: the machine's
 * facts come in as an argument (machine.ts reads them).
 *
 * - Defaults: every CPU, total memory minus 10 % (left to the host), the data dir's free disk.
 * - An allocation larger than the machine is refused: the promise is a fixed share of it.
 * - Allocatable = capacity minus a reserve for Kite itself (API server, controllers, agent; they
 *   run outside the pods' parent cgroup): 100m CPU and 256 MiB, never below zero. Disk has no
 *   reserve (nothing enforces disk use yet, so there is nothing to subtract from).
 * - The parent cgroup gets the allocatable CPU and memory, and 1,000 pids per pod slot. A node
 *   whose reserve eats everything still gets a tiny cgroup (10m, 32 MiB) rather than an invalid one:
 *   only pods that request nothing can be scheduled there anyway.
 */
import type { NodeCgroupLimits } from '../cgroups/index.js';

export interface AllocationFlags { cpus?: number; memoryMb?: number; dataSizeGb?: number }
export interface MachineFacts { cpuCount: number; memoryBytes: number; dataDirFreeBytes: number }
export interface Reserve { cpuMillis: number; memoryBytes: number }

export interface NodeResources { cpuMillis: number; memoryBytes: number; ephemeralStorageBytes: number; pods: number }
export interface NodeAllocation {
  capacity: NodeResources;
  allocatable: NodeResources;
  reserved: Reserve;
  cgroup: NodeCgroupLimits;
}

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export const KITE_RESERVE: Reserve = { cpuMillis: 100, memoryBytes: 256 * MiB };
/** The kubelet's default maxPods. */
export const MAX_PODS = 110;
const PIDS_PER_POD = 1000;
const MIN_CGROUP = { cpuMillis: 10, memoryBytes: 32 * MiB };

const positive = (v: number) => Number.isFinite(v) && v > 0;

function checkMachine(m: MachineFacts): void {
  if (!(Number.isInteger(m.cpuCount) && m.cpuCount > 0)) throw new Error(`machine CPU count must be a positive integer, got ${m.cpuCount}`);
  if (!positive(m.memoryBytes)) throw new Error(`machine memory must be positive, got ${m.memoryBytes}`);
  if (!(Number.isFinite(m.dataDirFreeBytes) && m.dataDirFreeBytes >= 0)) throw new Error(`free disk must be a number ≥ 0, got ${m.dataDirFreeBytes}`);
}

function cpuMillis(f: AllocationFlags, m: MachineFacts): number {
  if (f.cpus === undefined) return m.cpuCount * 1000;
  const millis = Math.round(f.cpus * 1000);
  if (!positive(f.cpus) || millis < 1) throw new Error(`--cpus must be a positive number of CPUs (at least 0.001), got ${f.cpus}`);
  if (f.cpus > m.cpuCount) throw new Error(`--cpus ${f.cpus} is more than this machine has (${m.cpuCount})`);
  return millis;
}

function memoryBytes(f: AllocationFlags, m: MachineFacts): number {
  if (f.memoryMb === undefined) return Math.floor((m.memoryBytes * 0.9) / MiB) * MiB;
  if (!(Number.isInteger(f.memoryMb) && f.memoryMb > 0)) throw new Error(`--memory-mb must be a positive whole number of MiB, got ${f.memoryMb}`);
  const bytes = f.memoryMb * MiB;
  if (bytes > m.memoryBytes) throw new Error(`--memory-mb ${f.memoryMb} is more than this machine has (${Math.floor(m.memoryBytes / MiB)} MiB)`);
  return bytes;
}

function diskBytes(f: AllocationFlags, m: MachineFacts): number {
  if (f.dataSizeGb === undefined) return Math.floor(m.dataDirFreeBytes / KiB) * KiB;
  if (!positive(f.dataSizeGb)) throw new Error(`--data-size-gb must be a positive number of GiB, got ${f.dataSizeGb}`);
  // Not compared with free disk: a restarted node's own data already uses part of its size.
  return Math.round(f.dataSizeGb * GiB);
}

export function computeAllocation(flags: AllocationFlags, machine: MachineFacts, reserve: Reserve = KITE_RESERVE): NodeAllocation {
  checkMachine(machine);
  const capacity: NodeResources = {
    cpuMillis: cpuMillis(flags, machine),
    memoryBytes: memoryBytes(flags, machine),
    ephemeralStorageBytes: diskBytes(flags, machine),
    pods: MAX_PODS,
  };
  const allocatable: NodeResources = {
    ...capacity,
    cpuMillis: Math.max(0, capacity.cpuMillis - reserve.cpuMillis),
    memoryBytes: Math.max(0, capacity.memoryBytes - reserve.memoryBytes),
  };
  return {
    capacity,
    allocatable,
    reserved: { ...reserve },
    cgroup: {
      cpus: Math.max(MIN_CGROUP.cpuMillis, allocatable.cpuMillis) / 1000,
      memoryBytes: Math.max(MIN_CGROUP.memoryBytes, allocatable.memoryBytes),
      pids: MAX_PODS * PIDS_PER_POD,
    },
  };
}

/** Whole CPUs as "2", fractions as millicores ("1900m"), as resource.Quantity prints them. */
export const cpuQuantity = (millis: number): string => (millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`);

/** Bytes in the largest binary suffix that divides them exactly (the kubelet reports Ki). */
export function bytesQuantity(bytes: number): string {
  for (const [suffix, unit] of [['Gi', GiB], ['Mi', MiB], ['Ki', KiB]] as const) {
    if (bytes > 0 && bytes % unit === 0) return `${bytes / unit}${suffix}`;
  }
  return String(bytes);
}

/** A Node's `capacity`/`allocatable` map. */
export function resourceList(r: NodeResources): Record<string, string> {
  return {
    cpu: cpuQuantity(r.cpuMillis),
    'ephemeral-storage': bytesQuantity(r.ephemeralStorageBytes),
    memory: bytesQuantity(r.memoryBytes),
    pods: String(r.pods),
  };
}
