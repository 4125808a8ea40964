/**
 * The machine a report was measured on (operating system, processors, memory, node and V8 versions, load),
 * so that numbers from different runs are compared knowingly.
 */
import { arch, cpus, loadavg, platform, release, totalmem, type } from 'node:os';

/** What the reports say about the machine. */
export interface MachineInfo {
  /** Operating system name and release, e.g. `Linux 6.1.0`. */
  readonly os: string;
  readonly platform: string;
  readonly arch: string;
  /** Logical processors, their model and nominal speed. */
  readonly cpus: { readonly count: number; readonly model: string; readonly speedMHz: number };
  readonly totalMemoryBytes: number;
  /** `process.version`, e.g. `v20.20.2`. */
  readonly node: string;
  readonly v8: string;
  /** 1-, 5- and 15-minute load averages when the run started (other processes compete for the CPUs). */
  readonly loadAverageAtStart: readonly number[];
}

/** The current machine's description. */
export function describeMachine(): MachineInfo {
  const processors = cpus();
  return {
    os: `${type()} ${release()}`,
    platform: platform(),
    arch: arch(),
    cpus: {
      count: processors.length,
      model: processors[0]?.model.trim() ?? 'unknown',
      speedMHz: processors[0]?.speed ?? 0,
    },
    totalMemoryBytes: totalmem(),
    node: process.version,
    v8: process.versions.v8,
    loadAverageAtStart: loadavg(),
  };
}

/** The current 1-, 5- and 15-minute load averages. */
export function currentLoad(): readonly number[] {
  return loadavg();
}
