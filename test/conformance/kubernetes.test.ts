// The Kubernetes fault backend against a REAL kube-apiserver (k8s.io/kubernetes v1.37.2 with an embedded etcd, built by
// scripts/build-kube-apiserver.sh) with the Chaos Mesh and k6-operator CRDs of deploy/kubernetes/crds installed, RBAC on:
// - deploy/kubernetes applies with --dry-run=server; the runner's service account may create and delete the Chaos Mesh
//   kinds in its namespace and nothing else;
// - every resource of every shipped scenario that Kubernetes can run passes the API server's validation (dryRun=All,
//   as the runner) and a malformed one does not;
// - a bundle (CHAOS_ONLY, through `cdc-chaos run`, the lease in a throwaway PostgreSQL) creates every kind while its
//   faults are active and leaves none after each exit path: end, abortOnFail, exception, SIGINT, SIGTERM, and
//   SIGKILL + `cdc-chaos heal --kubernetes`.
// Not here (nothing to run them on): pods, the Chaos Mesh controller (its admission webhook too), k6-operator.
// Opt-in (CDC_CHAOS_KUBERNETES=1): a cold build takes about half an hour on two cores (docs/scale-out.md).
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleScenario } from '../../src/bundle/k6-bundle.js';
import { loadScenarioFile } from '../../src/bundle/scenario-file.js';
import { activeFaults } from '../../src/chaos/active.js';
import { readJournal } from '../../src/chaos/journal.js';
import {
  CHAOS_MESH_KINDS,
  collectionPath,
  runSelector,
  type ChaosMeshKind,
  type ChaosResource,
} from '../../src/experiment/chaos-mesh.js';
import { planFaults } from '../../src/experiment/fault-plan.js';
import { kubernetesPlan, kubernetesRefusals } from '../../src/experiment/kubernetes-plan.js';
import type { ScenarioSpec } from '../../src/experiment/scenario.js';
import { freePort } from '../../bench/lib/free-port.js';
import { throwawayPostgres, type ThrowawayPostgres } from '../../bench/lib/throwaway-postgres.js';

const ENABLED = process.env.CDC_CHAOS_KUBERNETES === '1';
const root = new URL('../..', import.meta.url).pathname;
const CLI = join(root, 'bin/cdc-chaos.js');
const NS = 'cdc-chaos';
const FIXTURE = join(root, 'test/fixtures/kubernetes/all-mapped.yml');
/** Resources the fixture holds while its fault phase runs (test/fixtures/kubernetes/all-mapped.yml). */
const IN_FLIGHT = 6;

let work: string;
let bin: string;
let apiserver: ChildProcess | undefined;
let apiLog = '';
let port: number;
let adminToken: string;
let runnerTokenFile: string;
let pg: ThrowawayPostgres | undefined;
let wrapper: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function kubectl(args: string[], input?: string): string {
  return execFileSync(bin, ['kubectl', `--kubeconfig=${join(work, 'kubeconfig')}`, ...args], {
    encoding: 'utf8',
    input,
    timeout: 120_000,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** One API call as `token` (admin by default): status and parsed body. */
async function api(
  method: string,
  path: string,
  body?: unknown,
  token = adminToken,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = https.request(
      `https://127.0.0.1:${port}${path}`,
      {
        method,
        ca: readFileSync(join(work, 'ca.crt')),
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      },
      (r) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString()));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(res.text) as Record<string, unknown>;
  } catch {
    parsed = { text: res.text };
  }
  return { status: res.status, body: parsed };
}

/** The Chaos Mesh resources of a run (or of every run) in the namespace, as `Kind/name`. */
async function resourcesOf(runId?: string): Promise<string[]> {
  const out: string[] = [];
  for (const kind of Object.keys(CHAOS_MESH_KINDS) as ChaosMeshKind[]) {
    const r = await api('GET', `${collectionPath(kind, NS)}?labelSelector=${encodeURIComponent(runSelector(runId))}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    for (const item of r.body.items as ChaosResource[]) out.push(`${kind}/${item.metadata.name}`);
  }
  return out.sort();
}

interface Runner {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runnerEnv(runId: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    KUBERNETES_SERVICE_HOST: '127.0.0.1',
    KUBERNETES_SERVICE_PORT: String(port),
    CHAOS_K8S_TOKEN_FILE: runnerTokenFile,
    CHAOS_K8S_NAMESPACE: NS,
    SSL_CERT_FILE: join(work, 'ca.crt'),
    CHAOS_RUN_ID: runId,
    PG_URL: pg!.url,
    CHAOS_SETTLE_TIMEOUT: '0',
    // No Docker engine is asked anything: every fault goes to the API server.
    DOCKER_HOST: `unix://${join(work, 'no-docker.sock')}`,
  };
}

function start(journal: string, mode: string, runId: string): Runner {
  const args = [
    CLI,
    'run',
    '-q',
    '--log-output',
    `file=${journal}`,
    '--log-format',
    'json',
    '-e',
    'CHAOS_ONLY=1',
    '-e',
    `SAFETY_EXIT=${mode}`,
    wrapper,
  ];
  const child = spawn(process.execPath, args, { cwd: work, env: runnerEnv(runId), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.on('exit', (code, signal) => res({ code, signal })),
  );
  return { child, output: () => out, exit };
}

async function finished(r: Runner, limitMs = 120_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const done = await Promise.race([r.exit, sleep(limitMs).then(() => undefined)]);
  if (!done) {
    r.child.kill('SIGKILL');
    throw new Error(`runner did not exit within ${limitMs / 1000} s:\n${r.output().slice(-3000)}`);
  }
  return done;
}

/** Waits (bounded) until every resource of the fixture exists in the API server. */
async function waitInFlight(runId: string, r: Runner): Promise<void> {
  const deadline = Date.now() + 60_000;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = await resourcesOf(runId);
    if (seen.length === IN_FLIGHT || r.child.exitCode !== null) break;
    await sleep(250);
  }
  expect(seen, `faults never all in flight; runner output:\n${r.output().slice(-3000)}`).toHaveLength(IN_FLIGHT);
}

function journalErrors(file: string): string[] {
  return readJournal(file).entries.flatMap((e) =>
    e.event === 'fault_start' && Array.isArray(e.errors) ? e.errors : [],
  );
}

function startedFaults(file: string): number {
  return readJournal(file).entries.filter((e) => e.event === 'fault_start').length;
}

/** The CA, the API server's serving certificate for 127.0.0.1, and the service-account signing key. */
function makeCredentials(): void {
  const o = (...args: string[]) => execFileSync('openssl', args, { cwd: work, stdio: 'pipe' });
  o(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '1',
    '-subj',
    '/CN=cdc-chaos test CA',
  );
  o(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=kube-apiserver',
  );
  writeFileSync(join(work, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  o(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
    '-days',
    '1',
    '-extfile',
    'san.ext',
  );
  o('genrsa', '-out', 'sa.key', '2048');
  o('rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub');
  adminToken = `admin-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  writeFileSync(join(work, 'tokens.csv'), `${adminToken},admin,admin-uid,system:masters\n`);
}

async function startApiServer(): Promise<void> {
  port = await freePort();
  const etcdPort = await freePort();
  const args = [
    'apiserver',
    `--etcd-dir=${join(work, 'etcd')}`,
    `--etcd-port=${etcdPort}`,
    '--',
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${port}`,
    `--tls-cert-file=${join(work, 'server.crt')}`,
    `--tls-private-key-file=${join(work, 'server.key')}`,
    `--token-auth-file=${join(work, 'tokens.csv')}`,
    '--authorization-mode=RBAC',
    `--service-account-key-file=${join(work, 'sa.pub')}`,
    `--service-account-signing-key-file=${join(work, 'sa.key')}`,
    '--service-account-issuer=https://kubernetes.default.svc',
    '--service-cluster-ip-range=10.96.0.0/24',
    // No kubelet, no nodes: the "kubernetes" Service endpoints cannot point at a loopback address.
    '--endpoint-reconciler-type=none',
    `--cert-dir=${join(work, 'certs')}`,
  ];
  apiserver = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  apiserver.stdout!.on('data', (b: Buffer) => (apiLog = (apiLog + b.toString()).slice(-20_000)));
  apiserver.stderr!.on('data', (b: Buffer) => (apiLog = (apiLog + b.toString()).slice(-20_000)));
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (apiserver.exitCode !== null)
      throw new Error(`kube-apiserver exited with ${apiserver.exitCode}:\n${apiLog.slice(-4000)}`);
    try {
      if ((await api('GET', '/readyz')).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  throw new Error(`kube-apiserver not ready within 180 s:\n${apiLog.slice(-4000)}`);
}

describe.skipIf(!ENABLED)('Kubernetes fault backend against a real kube-apiserver', () => {
  beforeAll(async () => {
    bin = execFileSync('bash', [join(root, 'scripts/build-kube-apiserver.sh')], {
      encoding: 'utf8',
      timeout: 3_600_000,
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim();
    work = mkdtempSync(join(tmpdir(), 'cdc-chaos-k8s-'));
    makeCredentials();
    await startApiServer();
    writeFileSync(
      join(work, 'kubeconfig'),
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'test',
        clusters: [
          {
            name: 'test',
            cluster: { server: `https://127.0.0.1:${port}`, 'certificate-authority': join(work, 'ca.crt') },
          },
        ],
        users: [{ name: 'admin', user: { token: adminToken } }],
        contexts: [{ name: 'test', context: { cluster: 'test', user: 'admin' } }],
      }),
    );
    kubectl(['apply', '-f', join(root, 'deploy/kubernetes/crds')]);
    kubectl([
      'wait',
      '--for=condition=Established',
      '--timeout=60s',
      'crd/podchaos.chaos-mesh.org',
      'crd/networkchaos.chaos-mesh.org',
      'crd/stresschaos.chaos-mesh.org',
      'crd/testruns.k6.io',
    ]);
    kubectl([
      'apply',
      '-f',
      join(root, 'deploy/kubernetes/namespace.yaml'),
      '-f',
      join(root, 'deploy/kubernetes/rbac.yaml'),
    ]);
    runnerTokenFile = join(work, 'runner.token');
    writeFileSync(runnerTokenFile, kubectl(['create', 'token', 'cdc-chaos-runner', '-n', NS, '--duration=2h']).trim());
    pg = await throwawayPostgres();
    // The fixture bundle plus a thin wrapper adding what a user script can do: an abortOnFail threshold that fails
    // once a fault is active, or an exception in the chaos VU (as test/e2e/safety.test.ts does against the stack).
    const loaded = loadScenarioFile(FIXTURE) as { scenario: ScenarioSpec };
    await bundleScenario({ root, scenario: loaded.scenario, outfile: join(work, 'chaos-all-mapped.js') });
    wrapper = join(work, 'wrapper.js');
    writeFileSync(
      wrapper,
      `import exec from 'k6/execution';
import * as b from './chaos-all-mapped.js';
const mode = __ENV.SAFETY_EXIT;
export const options = Object.assign({}, b.options, mode === 'abort'
  ? { thresholds: { chaos_fault_active: [{ threshold: 'value<1', abortOnFail: true, delayAbortEval: '5s' }] } } : {});
export const setup = b.setup;
export const teardown = b.teardown;
export function chaos(data) {
  if (mode !== 'exception' && mode !== 'test-abort') return b.chaos(data);
  // The chaos VU's own code throws (or aborts the test) mid-fault: its next read of the timeline clock does it.
  const epoch = data.epochMs;
  const d = Object.assign({}, data);
  Object.defineProperty(d, 'epochMs', { get() {
    if (Date.now() > epoch + 4000) {
      if (mode === 'exception') throw new Error('k8s: exception in the chaos VU');
      exec.test.abort('k8s: test aborted by the script');
    }
    return epoch;
  } });
  return b.chaos(d);
}
`,
    );
  }, 3_900_000);

  afterAll(() => {
    apiserver?.kill('SIGTERM');
    pg?.stop();
    if (work && existsSync(work)) rmSync(work, { recursive: true, force: true });
  });

  it('deploy/kubernetes applies with --dry-run=server, the bundle ConfigMap too', () => {
    const out = kubectl(['apply', '--dry-run=server', '-k', join(root, 'deploy/kubernetes')]);
    expect(out).toMatch(/testrun\.k6\.io\/cdc-chaos-network-delay created \(server dry run\)/);
    // The documented command (docs/scale-out.md): `create`, not a client-side `apply`, whose last-applied annotation
    // cannot hold a bundle (metadata.annotations may not be more than 262144 bytes).
    const cm = ['configmap', 'cdc-chaos-bundle', '-n', NS, `--from-file=${join(root, 'dist/chaos-network-delay.js')}`];
    expect(kubectl(['create', ...cm, '--dry-run=server'])).toMatch(
      /configmap\/cdc-chaos-bundle created \(server dry run\)/,
    );
    // The TestRun schema is enforced: a wrong field type is refused.
    const bad = readFileSync(join(root, 'deploy/kubernetes/testrun.yaml'), 'utf8').replace(
      'parallelism: 1',
      'parallelism: "one"',
    );
    expect(() => kubectl(['apply', '--dry-run=server', '-f', '-'], bad)).toThrow(/parallelism/);
  });

  it('RBAC: the runner may create/delete the Chaos Mesh kinds in its namespace, nothing else', () => {
    const can = (verb: string, what: string, ns = NS) => {
      try {
        return kubectl([
          'auth',
          'can-i',
          verb,
          what,
          '-n',
          ns,
          `--token=${readFileSync(runnerTokenFile, 'utf8')}`,
          '--kubeconfig',
          join(work, 'kubeconfig'),
        ]).trim();
      } catch (e) {
        return String((e as { stdout?: string }).stdout ?? '').trim();
      }
    };
    for (const kind of ['podchaos.chaos-mesh.org', 'networkchaos.chaos-mesh.org', 'stresschaos.chaos-mesh.org']) {
      expect([can('create', kind), can('delete', kind), can('deletecollection', kind)]).toEqual(['yes', 'yes', 'yes']);
      expect(can('create', kind, 'default')).toBe('no');
    }
    expect([
      can('create', 'pods'),
      can('delete', 'pods'),
      can('create', 'iochaos.chaos-mesh.org'),
      can('get', 'secrets'),
    ]).toEqual(['no', 'no', 'no', 'no']);
  });

  it('every resource of every shipped scenario Kubernetes can run passes the API server validation; a malformed one does not', async () => {
    const token = readFileSync(runnerTokenFile, 'utf8');
    const scenarios = execFileSync('ls', [join(root, 'scenarios')], { encoding: 'utf8' })
      .split('\n')
      .filter((f) => f.endsWith('.yml'));
    let checked = 0;
    for (const file of scenarios) {
      const s = (loadScenarioFile(join(root, 'scenarios', file)) as { scenario: ScenarioSpec }).scenario;
      const plan = planFaults(s, 1);
      if (kubernetesRefusals(plan).length > 0) continue; // refused before the run: test/unit/chaos-mesh.test.ts
      for (const f of kubernetesPlan(s, plan, { namespace: NS, runId: 'validate' }).faults) {
        for (const op of f.inject) {
          if (op.kind !== 'chaos_mesh_create') continue;
          const r = await api('POST', `${collectionPath(op.resource.kind, NS)}?dryRun=All`, op.resource, token);
          expect(r.status, `${file} ${op.resource.kind} ${op.resource.metadata.name}: ${JSON.stringify(r.body)}`).toBe(
            201,
          );
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(9);
    const bad = {
      apiVersion: 'chaos-mesh.org/v1alpha1',
      kind: 'PodChaos',
      metadata: { name: 'bad', namespace: NS },
      spec: { action: 'pod-freeze', mode: 'all', selector: {} },
    };
    const r = await api('POST', `${collectionPath('PodChaos', NS)}?dryRun=All`, bad, token);
    expect(r.status).toBe(422);
    expect(String(r.body.message)).toMatch(/spec\.action: Unsupported value: "pod-freeze"/);
  });

  it('normal end: every kind created while the faults were active, none left', async () => {
    const j = join(work, 'end.log');
    const r = start(j, 'end', 'k8s-end');
    await waitInFlight('k8s-end', r);
    expect((await finished(r)).code, r.output().slice(-3000)).toBe(0);
    expect(journalErrors(j)).toEqual([]);
    expect(startedFaults(j)).toBe(5);
    expect(await resourcesOf('k8s-end')).toEqual([]);
    expect(activeFaults(readJournal(j).entries)).toEqual([]);
  });

  it('threshold abortOnFail: exit 99, teardown deleted everything', async () => {
    const j = join(work, 'abort.log');
    const r = start(j, 'abort', 'k8s-abort');
    await waitInFlight('k8s-abort', r);
    expect((await finished(r)).code, r.output().slice(-3000)).toBe(99);
    expect(readFileSync(j, 'utf8')).toMatch(/abortOnFail|thresholds on metrics .* were crossed/);
    expect(await resourcesOf('k8s-abort')).toEqual([]);
  });

  it('exec.test.abort() in the chaos VU mid-fault: exit 108, teardown deleted everything', async () => {
    const j = join(work, 'test-abort.log');
    const r = start(j, 'test-abort', 'k8s-test-abort');
    await waitInFlight('k8s-test-abort', r);
    expect((await finished(r)).code, r.output().slice(-3000)).toBe(108);
    expect(await resourcesOf('k8s-test-abort')).toEqual([]);
  });

  it('exception in the chaos VU mid-fault: teardown deleted everything', async () => {
    const j = join(work, 'exception.log');
    const r = start(j, 'exception', 'k8s-exception');
    await waitInFlight('k8s-exception', r);
    await finished(r);
    expect(readFileSync(j, 'utf8')).toContain('k8s: exception in the chaos VU');
    expect(await resourcesOf('k8s-exception')).toEqual([]);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} to the runner mid-fault: exit 105, teardown deleted everything`, async () => {
      const id = `k8s-${signal.toLowerCase()}`;
      const j = join(work, `${signal}.log`);
      const r = start(j, 'end', id);
      await waitInFlight(id, r);
      r.child.kill(signal);
      expect((await finished(r)).code, r.output().slice(-3000)).toBe(105);
      expect(await resourcesOf(id)).toEqual([]);
    });
  }

  it('SIGKILL mid-fault leaves the resources; heal --kubernetes with the journal deletes them', async () => {
    const j = join(work, 'SIGKILL.log');
    const r = start(j, 'end', 'k8s-sigkill');
    await waitInFlight('k8s-sigkill', r);
    r.child.kill('SIGKILL');
    expect((await finished(r)).signal).toBe('SIGKILL');
    expect(await resourcesOf('k8s-sigkill')).toHaveLength(IN_FLIGHT);
    expect(activeFaults(readJournal(j).entries).length).toBeGreaterThan(0);
    const out = heal(['--journal', j]);
    expect(out.code, out.text).toBe(0);
    expect(out.text).toMatch(/ok +kubernetes: delete every Chaos Mesh resource of run k8s-sigkill in cdc-chaos/);
    expect(await resourcesOf('k8s-sigkill')).toEqual([]);
    expect(activeFaults(readJournal(j).entries)).toEqual([]);
  });

  it('heal --kubernetes --run deletes one run by its label, without a journal, and leaves other runs alone', async () => {
    const other = kubernetesPlan(...fixturePlan('k8s-other'));
    const mine = kubernetesPlan(...fixturePlan('k8s-mine'));
    for (const plan of [other, mine]) {
      for (const op of plan.faults.flatMap((f) => f.inject)) {
        if (op.kind === 'chaos_mesh_create')
          expect((await api('POST', collectionPath(op.resource.kind, NS), op.resource)).status).toBe(201);
      }
    }
    const out = heal(['--run', 'k8s-mine']);
    expect(out.code, out.text).toBe(0);
    expect(out.text).toMatch(/no leftover fault: no Chaos Mesh resource of run k8s-mine in cdc-chaos/);
    expect(await resourcesOf('k8s-mine')).toEqual([]);
    expect(await resourcesOf('k8s-other')).toHaveLength(IN_FLIGHT);
    expect(heal([]).code).toBe(0);
    expect(await resourcesOf()).toEqual([]);
  });
});

function fixturePlan(runId: string): Parameters<typeof kubernetesPlan> {
  const s = (loadScenarioFile(FIXTURE) as { scenario: ScenarioSpec }).scenario;
  return [s, planFaults(s, 1), { namespace: NS, runId }];
}

/** `cdc-chaos heal --kubernetes ...` as an operator runs it (admin credentials: listing what is left needs more than the
 *  runner's role); exit code and what it wrote. */
function heal(args: string[]): { code: number | null; text: string } {
  const tokenFile = join(work, 'admin.token');
  writeFileSync(tokenFile, adminToken);
  const r = spawnSync(process.execPath, [CLI, 'heal', '--kubernetes', ...args], {
    cwd: work,
    env: { ...runnerEnv('unused'), CHAOS_K8S_TOKEN_FILE: tokenFile },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, text: `${r.stdout}${r.stderr}` };
}
