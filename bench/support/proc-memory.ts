import { readFileSync } from 'node:fs';

/** A process's memory as the kernel counts it, in MB (1024 × 1024 bytes). */
export interface ProcessMemory {
  /** VmRSS: resident now. */
  readonly rssMb: number;
  /** VmHWM: the most it was ever resident, since it started. */
  readonly peakRssMb: number;
}

/** Reads /proc/<pid>/status: what `top` and a container's memory limit see, heap, code and native memory alike. */
export function processMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
    return Number(match[1]);
  };
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}
