// Container operations of heal and halt, on dockerode, each preceded by the blast-radius check
// (src/experiment/allowlist: label io.cdc-chaos.target=true or CHAOS_ALLOW; never the control path).
import type Docker from 'dockerode';
import { isControlPath, TARGET_LABEL, targetRefusal } from '../experiment/allowlist.js';
import { FAULT_PROCESSES, type FaultProcess } from '../experiment/faults/index.js';
import { dockerCall, type ChaosEnv } from './env.js';

export class RefusedTarget extends Error {
  override name = 'RefusedTarget';
}

/** Inspects `name` and throws RefusedTarget unless it may be touched. */
export async function allowedTarget(env: ChaosEnv, name: string): Promise<Docker.ContainerInspectInfo> {
  const info = await dockerCall(env, `inspect container ${name}`, () => env.docker.getContainer(name).inspect());
  const refusal = targetRefusal(name, info.Name, info.Config.Labels, env.allow);
  if (refusal) throw new RefusedTarget(refusal);
  return info;
}

/** Leaves `name` running and unpaused; says what it had to do. */
export async function ensureRunning(env: ChaosEnv, name: string): Promise<string> {
  const info = await allowedTarget(env, name);
  const c = env.docker.getContainer(name);
  if (info.State.Paused) {
    await dockerCall(env, `unpause ${name}`, () => c.unpause());
    return `unpaused ${name}`;
  }
  if (!info.State.Running) {
    await dockerCall(env, `start ${name}`, () => c.start());
    return `started ${name}`;
  }
  return `${name} already running`;
}

/** Runs a command in the container, waits for it; exit code and stdout. */
export async function execCapture(
  env: ChaosEnv,
  name: string,
  cmd: string[],
): Promise<{ code: number; stdout: string }> {
  const c = env.docker.getContainer(name);
  const exec = await dockerCall(env, `exec in ${name}`, () =>
    c.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true }),
  );
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    const out = { write: (b: Buffer) => chunks.push(b) } as unknown as NodeJS.WritableStream;
    env.docker.modem.demuxStream(stream, out, { write: () => true } as unknown as NodeJS.WritableStream);
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  const { ExitCode } = await exec.inspect();
  return { code: ExitCode ?? -1, stdout: Buffer.concat(chunks).toString('utf8') };
}

/** The fault process a command stops, if it is one of their pkills. */
export function faultProcessStoppedBy(cmd: readonly string[]): FaultProcess | undefined {
  return FAULT_PROCESSES.find((p) => p.pkill.length === cmd.length && p.pkill.every((a, i) => a === cmd[i]));
}

/** Stops a fault's processes in the container (pkill exit 1 = there were none: also fine). */
export async function stopFaultProcess(env: ChaosEnv, name: string, proc: FaultProcess): Promise<string> {
  const info = await allowedTarget(env, name);
  if (!info.State.Running || info.State.Paused) return `${name} not running: no ${proc.what} to stop`;
  const r = await execCapture(env, name, proc.pkill);
  if (r.code > 1) throw new Error(`${proc.pkill.join(' ')} in ${name} exited ${r.code}`);
  return r.code === 0 ? `stopped ${proc.what} in ${name}` : `no ${proc.what} in ${name}`;
}

/** Every allowlisted container (labelled, or named in CHAOS_ALLOW and existing), by name. */
export async function allowlistedContainers(env: ChaosEnv): Promise<string[]> {
  const labelled = await dockerCall(env, 'list containers', () =>
    env.docker.listContainers({ all: true, filters: { label: [`${TARGET_LABEL}=true`] } }),
  );
  const names = new Set(labelled.map((c) => c.Names[0].replace(/^\//, '')));
  if (env.allow.length > 0) {
    const all = await dockerCall(env, 'list containers', () => env.docker.listContainers({ all: true }));
    for (const c of all)
      for (const n of c.Names) if (env.allow.indexOf(n.replace(/^\//, '')) >= 0) names.add(n.replace(/^\//, ''));
  }
  return [...names].filter((n) => !isControlPath(n)).sort();
}
