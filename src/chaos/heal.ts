// Heal: restores what a journal says is still active, by running each fault's recorded undo —
// but only the restoring half of the primitives (start/unpause, enable proxy, remove harness
// toxics, pkill stress-ng or a redelivery, delete Chaos Mesh resources), each through the allowlist. A journal is data from disk: a primitive
// that would inject (stop, pause, add a toxic, disable a proxy, any other exec) is refused.
// Global halt (`heal --all`) does not need a journal: Toxiproxy reset, every allowlisted container
// unpaused/started, stress-ng and redeliveries stopped in each.
import { appendFileSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { FAULT_PROCESSES } from '../experiment/faults/index.js';
import { describePrimitive, type Primitive } from '../experiment/primitives.js';
import { activeFaults, type ActiveFault } from './active.js';
import { allowlistedContainers, ensureRunning, faultProcessStoppedBy, stopFaultProcess } from './containers.js';
import { chaosEnv, ChaosEnvError, type ChaosEnv } from './env.js';
import { journalLine, readJournal, type JournalEntry } from './journal.js';
import { clearChaosMesh, deleteChaosMesh, kubeEnv } from './kubernetes.js';
import { defaultJournals } from './paths.js';
import { clearHarnessToxics, enableProxy, removeToxic, resetAll } from './toxiproxy.js';

export interface StepResult {
  what: string;
  ok: boolean;
  detail: string;
}

/** One restoring primitive; throws for anything that is not a restoration. */
export async function restore(env: ChaosEnv, p: Primitive): Promise<string> {
  switch (p.kind) {
    case 'container_ensure_running':
      return ensureRunning(env, p.container);
    case 'container':
      if (p.op === 'start' || p.op === 'unpause') return ensureRunning(env, p.container);
      break;
    case 'toxics_clear':
      return clearHarnessToxics(env, p.proxy);
    case 'toxic_remove':
      return removeToxic(env, p.proxy, p.name);
    case 'proxy_enabled':
      if (p.enabled) return enableProxy(env, p.proxy);
      break;
    case 'exec': {
      const proc = faultProcessStoppedBy(p.cmd);
      if (proc) return stopFaultProcess(env, p.container, proc);
      break;
    }
    case 'chaos_mesh_delete':
      return deleteChaosMesh(kubeEnv(), p.resourceKind, p.namespace, p.name);
    case 'chaos_mesh_clear':
      return clearChaosMesh(kubeEnv(), p.namespace, p.runId);
    case 'toxic_add':
    case 'chaos_mesh_create':
      break;
  }
  throw new Error(`refused: "${describePrimitive(p)}" is not a restoring operation`);
}

async function attempt(what: string, fn: () => Promise<string>): Promise<StepResult> {
  try {
    return { what, ok: true, detail: await fn() };
  } catch (e) {
    // No engine or no Toxiproxy: nothing else will work either, stop with the setting to fix.
    if (e instanceof ChaosEnvError) throw e;
    return { what, ok: false, detail: (e as Error).message };
  }
}

export interface FaultHeal {
  fault: ActiveFault;
  steps: StepResult[];
}

export async function healFault(env: ChaosEnv, f: ActiveFault): Promise<FaultHeal> {
  if (!f.undo) {
    return {
      fault: f,
      steps: [
        { what: f.fault, ok: false, detail: 'the journal records no undo for this fault: run cdc-chaos heal --all' },
      ],
    };
  }
  const steps: StepResult[] = [];
  for (const p of f.undo) steps.push(await attempt(describePrimitive(p), () => restore(env, p)));
  return { fault: f, steps };
}

export interface JournalHeal {
  file: string;
  torn: number[];
  /** Lines skipped because their content is malformed: what they would have healed is not known. */
  bad: { line: number; why: string }[];
  healed: FaultHeal[];
  /** Set when the journal's runner is still alive: it undoes its own faults, heal would race it. */
  running?: string;
}

/** The pid of a still-running `cdc-chaos inject` that owns the journal (its `runner` line), if any. */
function liveRunner(entries: JournalEntry[]): number | undefined {
  for (const e of entries) {
    if (e.event !== 'runner' || typeof e.pid !== 'number' || e.host !== hostname()) continue;
    try {
      // Alive and still a cdc-chaos process (not a recycled pid).
      if (readFileSync(`/proc/${e.pid}/cmdline`, 'utf8').indexOf('cdc-chaos') >= 0) return e.pid;
    } catch {
      // gone
    }
  }
  return undefined;
}

/** Heals every active fault of one journal and appends a fault_healed line per fault to it. */
export async function healJournal(env: ChaosEnv, file: string): Promise<JournalHeal> {
  const parsed = readJournal(file);
  const healed: FaultHeal[] = [];
  const pid = liveRunner(parsed.entries);
  if (pid !== undefined && activeFaults(parsed.entries).length > 0) {
    return {
      file,
      torn: parsed.torn,
      bad: parsed.bad,
      healed,
      running: `its run is still in progress (pid ${pid}), and undoes its own faults: stop it first (Ctrl-C / SIGTERM), or halt everything with heal --all`,
    };
  }
  for (const f of activeFaults(parsed.entries)) {
    let h: FaultHeal;
    try {
      h = await healFault(env, f);
    } catch (e) {
      // One fault's surprise must not leave the faults after it unhealed (a dead engine still stops all).
      if (e instanceof ChaosEnvError) throw e;
      h = { fault: f, steps: [{ what: f.fault, ok: false, detail: (e as Error).message }] };
    }
    healed.push(h);
    const errors = h.steps.filter((s) => !s.ok).map((s) => `${s.what}: ${s.detail}`);
    // Recorded, so the next heal (or stack up) does not repeat a clean repair; a failed one stays active.
    appendFileSync(
      file,
      journalLine({
        event: 'fault_healed',
        run_id: f.runId,
        scenario: f.scenario,
        fault: f.fault,
        at: new Date().toISOString(),
        by: 'cdc-chaos heal',
        done: h.steps.filter((s) => s.ok).map((s) => s.detail),
        ...(errors.length ? { errors } : {}),
      }),
    );
  }
  return { file, torn: parsed.torn, bad: parsed.bad, healed };
}

/** Global halt: Toxiproxy reset, every allowlisted container unpaused/started, stress-ng and redeliveries stopped. */
export async function globalHalt(env: ChaosEnv): Promise<StepResult[]> {
  const steps: StepResult[] = [await attempt('toxiproxy reset', () => resetAll(env))];
  for (const name of await allowlistedContainers(env)) {
    steps.push(await attempt(`ensure ${name} running`, () => ensureRunning(env, name)));
    for (const proc of FAULT_PROCESSES)
      steps.push(await attempt(`stop ${proc.what} in ${name}`, () => stopFaultProcess(env, name, proc)));
  }
  return steps;
}

/** Human lines for a journal heal (heal command and the stack up hook share them). */
export function formatJournalHeal(h: JournalHeal): string[] {
  if (h.running) return [`journal ${h.file}: skipped, ${h.running}`];
  const lines = [
    `journal ${h.file}: ${h.healed.length === 0 ? 'no active fault' : `${h.healed.length} active fault(s)`}`,
  ];
  if (h.torn.length > 0) lines.push(`  (skipped torn line(s) ${h.torn.join(', ')}: the runner died mid-write)`);
  for (const b of h.bad)
    lines.push(
      `  FAIL line ${b.line} skipped: ${b.why}; what it recorded is not healed: check by hand or run cdc-chaos heal --all`,
    );
  for (const f of h.healed) {
    lines.push(`  ${f.fault.fault} (run ${f.fault.runId}${f.fault.since ? `, since ${f.fault.since}` : ''})`);
    for (const s of f.steps) lines.push(`    ${s.ok ? 'ok  ' : 'FAIL'} ${s.what}: ${s.detail}`);
  }
  return lines;
}

/** Heals every given journal; returns whether every step succeeded. */
export async function healJournals(env: ChaosEnv, files: string[], write: (line: string) => void): Promise<boolean> {
  let ok = true;
  for (const file of files) {
    let h: JournalHeal;
    try {
      h = await healJournal(env, file);
    } catch (e) {
      if (e instanceof ChaosEnvError) throw e;
      // An unreadable journal (permissions, a directory ...) does not stop the others.
      write(
        `journal ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): nothing in it was healed`,
      );
      ok = false;
      continue;
    }
    if (h.healed.length > 0 || h.torn.length > 0 || h.bad.length > 0 || h.running)
      for (const line of formatJournalHeal(h)) write(line);
    if (h.bad.length > 0 || h.healed.some((f) => f.steps.some((s) => !s.ok))) ok = false;
  }
  return ok;
}

/** `stack up`'s hook: heal whatever the journals in reports/ still record as active (never fails the up). */
export async function healLeftoverJournals(write: (line: string) => void): Promise<boolean> {
  const files = defaultJournals();
  try {
    return files.length === 0 ? true : await healJournals(chaosEnv(), files, write);
  } catch (e) {
    write(`could not heal the journals in reports/: ${(e as Error).message} (run cdc-chaos heal)`);
    return false;
  }
}
