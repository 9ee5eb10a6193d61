// stress-ng started in the background inside the target via docker exec, with its own --timeout (so it ends
// even if the runner dies), healed early by `pkill -x stress-ng`. The target image must contain stress-ng.
import { faultWindow, podSelector } from '../chaos-mesh.js';
import { percent, shown } from '../checker.js';
import type { FaultProcess, FaultType } from './types.js';

export interface StressParams {
  cpu?: number;
  cpuLoad?: number;
  vm?: number;
  vmBytes?: string;
}

declare module '../scenario.js' {
  interface ActionSpec {
    stress?: StressParams;
  }
}

const SIZE_UNITS: Record<string, number> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
const MAX_VM_BYTES = 1024 * 1024 ** 3;
/** stress-ng's own --vm-bytes default. */
const STRESS_NG_VM_BYTES = 256 * 1024 ** 2;

/** stress-ng's `256M` sizes → bytes (undefined if not one). */
function sizeBytes(text: string): number | undefined {
  const m = /^(\d{1,15})([KMG])$/.exec(text);
  return m ? Number(m[1]) * SIZE_UNITS[m[2]] : undefined;
}

/** stress-ng's K/M/G are binary units; Chaos Mesh's memory size reads KiB/MiB/GiB. */
const memorySize = (bytes: string) => bytes.replace(/^(\d+)([KMG])$/, '$1$2iB');

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;

const STRESS_NG: FaultProcess = {
  name: 'stress',
  what: 'stress-ng',
  pkill: ['pkill', '-x', 'stress-ng'],
  pgrep: ['pgrep', '-x', 'stress-ng'],
  needs: ['stress-ng', 'pkill', 'pgrep'],
  // Still running half a second on: a stress-ng that refuses its arguments is gone by then.
  observed: 'sleep 0.5; pgrep -x stress-ng',
};

function stressCmd(s: StressParams, durationMs: number): string[] {
  const cmd = ['stress-ng', '--quiet', '--temp-path', '/dev/shm'];
  if (s.cpu !== undefined) cmd.push('--cpu', String(s.cpu));
  if (s.cpuLoad !== undefined) cmd.push('--cpu-load', String(s.cpuLoad));
  if (s.vm !== undefined) cmd.push('--vm', String(s.vm));
  if (s.vmBytes !== undefined) cmd.push('--vm-bytes', s.vmBytes);
  // Whole seconds, at least 1: stress-ng's own deadline is the safety net if nobody heals it.
  cmd.push('--timeout', `${Math.max(1, Math.ceil(durationMs / 1000))}s`);
  // Docker's exec start (xk6-docker's too) returns only when the command ends, which would hold the
  // chaos VU for the whole stress window: start stress-ng in the background of a shell instead.
  // Every token is a number, a size or a fixed flag (schema-checked), so plain joining is safe.
  return ['sh', '-c', `${cmd.join(' ')} >/dev/null 2>&1 &`];
}

export const stress: FaultType<{ stress: StressParams }> = {
  name: 'stress',
  description:
    'Loads the target with stress-ng (CPU and/or memory workers) started by docker exec; healed by pkill -x stress-ng, ended by its own --timeout anyway.',
  paramKeys: ['duration', 'cpu', 'cpu_load', 'vm', 'vm_bytes'],
  example: { cpu: 1, duration: '10s' },
  parseParams(c, { params: p, at, target }) {
    const cpu = c.number(p, 'cpu', at, 1, 64);
    const cpuLoad = p.cpu_load === undefined ? undefined : percent(c, p.cpu_load, at.concat('cpu_load'));
    const vm = c.number(p, 'vm', at, 1, 64);
    const vmBytes = p.vm_bytes;
    const bytes = typeof vmBytes === 'string' ? sizeBytes(vmBytes) : undefined;
    if (vmBytes !== undefined && bytes === undefined) {
      c.fail(at.concat('vm_bytes'), `must be a size such as 256M, got ${shown(vmBytes)}`);
    } else if (bytes !== undefined && bytes > MAX_VM_BYTES) {
      c.fail(at.concat('vm_bytes'), `${vmBytes} per vm worker is more than 1024G: give a size such as 256M`);
    }
    if (p.cpu === undefined && p.vm === undefined) c.fail(at, 'stress needs cpu (workers) and/or vm (workers)');
    if (c.host && cpu !== undefined && cpu > c.host.cpus) {
      c.warn(
        at.concat('cpu'),
        `${cpu} CPU workers, but this host has ${c.host.cpus} CPUs: the whole machine starves, not just ${target} (fine only if DOCKER_HOST is a bigger machine)`,
      );
    }
    const memory = (vm ?? 0) * (bytes ?? STRESS_NG_VM_BYTES);
    if (c.host && memory > c.host.memoryBytes) {
      c.warn(
        at.concat(vmBytes === undefined ? 'vm' : 'vm_bytes'),
        `${vm} vm worker(s) x ${vmBytes ?? '256M'} = ${gib(memory)}, but this host has ${gib(c.host.memoryBytes)} of memory: the kernel's OOM killer picks the victim, not the scenario (fine only if DOCKER_HOST is a bigger machine)`,
      );
    }
    const spec: StressParams = {};
    if (cpu !== undefined) spec.cpu = cpu;
    if (cpuLoad !== undefined) spec.cpuLoad = cpuLoad;
    if (vm !== undefined) spec.vm = vm;
    if (typeof vmBytes === 'string') spec.vmBytes = vmBytes;
    return { stress: spec };
  },
  plan: (a, { durationMs }) => ({
    inject: [
      {
        kind: 'exec',
        container: a.target,
        cmd: stressCmd(a.stress, durationMs),
        undo: STRESS_NG.pkill,
        process: STRESS_NG.name,
      },
    ],
    heal: [{ kind: 'exec', container: a.target, cmd: STRESS_NG.pkill }],
  }),
  process: STRESS_NG,
  chaosMesh(a, f, ns) {
    const s = a.stress;
    const stressors: Record<string, unknown> = {};
    if (s.cpu !== undefined)
      stressors.cpu = { workers: s.cpu, ...(s.cpuLoad !== undefined ? { load: s.cpuLoad } : {}) };
    if (s.vm !== undefined)
      stressors.memory = { workers: s.vm, ...(s.vmBytes !== undefined ? { size: memorySize(s.vmBytes) } : {}) };
    return [
      {
        kind: 'StressChaos',
        suffix: 'stress',
        spec: { mode: 'all', selector: podSelector(ns, [a.target]), stressors, duration: faultWindow(f) },
      },
    ];
  },
};
