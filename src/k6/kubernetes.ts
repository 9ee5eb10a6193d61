// The Kubernetes fault backend's k6 side: creates and deletes the Chaos Mesh resources of src/experiment/kubernetes-plan.ts
// through the API server with k6/http, as the pod's service account (its token, read at init with open(), as a bearer
// token). k6 has no CA option: the TestRun points Go's SSL_CERT_DIR at the service account's directory so k6 trusts the
// cluster CA (cdc-chaos run honours SSL_CERT_FILE/SSL_CERT_DIR the same way). k6/http rather than an xk6 extension:
// three REST calls need no client library, and the image stays the one xk6.Dockerfile builds.
//
// Settings (read at init): KUBERNETES_SERVICE_HOST/PORT (set in every pod), CHAOS_K8S_TOKEN_FILE and
// CHAOS_K8S_NAMESPACE (default: the service account's token and namespace files), CHAOS_RUN_ID (required: every VU
// and every instance labels the run's resources with it; deploy/kubernetes/testrun.yaml sets it from the TestRun).
import http from 'k6/http';
import {
  CHAOS_MESH_KINDS,
  collectionPath,
  runSelector,
  type ChaosMeshKind,
  type ChaosResource,
} from '../experiment/chaos-mesh.js';
import type { FaultPlan } from '../experiment/fault-plan.js';
import { kubernetesPlan } from '../experiment/kubernetes-plan.js';
import type { Primitive } from '../experiment/primitives.js';
import type { ScenarioSpec } from '../experiment/scenario.js';

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

interface Api {
  url: string;
  token: string;
}

let api: Api | undefined;

/** Reads a setting's file at init (k6's open() exists only there); one line naming the variable when it cannot. */
function readSettingFile(variable: string, path: string): string {
  try {
    return open(path).trim();
  } catch (e) {
    throw new Error(
      `${variable}: cannot read ${path} (${(e as Error).message}): on Kubernetes the pod's service account provides it; elsewhere set ${variable} to a readable file`,
    );
  }
}

/** The plan as Chaos Mesh resources in the run's namespace, and the API client set up; init context only. */
export function kubernetesFaultPlan(
  env: Record<string, string | undefined>,
  scenario: ScenarioSpec,
  plan: FaultPlan,
  runId: string | undefined,
): FaultPlan {
  const host = env.KUBERNETES_SERVICE_HOST;
  if (!host)
    throw new Error(
      'KUBERNETES_SERVICE_HOST is not set: the Kubernetes fault backend needs the API server (set in every pod; set it, or CHAOS_BACKEND=docker)',
    );
  if (!runId) {
    throw new Error(
      'CHAOS_RUN_ID is not set: on Kubernetes every VU and every instance must label its Chaos Mesh resources with the same run id (deploy/kubernetes/testrun.yaml sets it from the TestRun name)',
    );
  }
  const port = env.KUBERNETES_SERVICE_PORT || '443';
  api = {
    url: `https://${host.indexOf(':') >= 0 ? `[${host}]` : host}:${port}`,
    token: readSettingFile('CHAOS_K8S_TOKEN_FILE', env.CHAOS_K8S_TOKEN_FILE || `${SERVICE_ACCOUNT}/token`),
  };
  const namespace = env.CHAOS_K8S_NAMESPACE || readSettingFile('CHAOS_K8S_NAMESPACE', `${SERVICE_ACCOUNT}/namespace`);
  return kubernetesPlan(scenario, plan, { namespace, runId });
}

function request(method: string, path: string, body: unknown, ok: number[], what: string): void {
  if (!api) throw new Error('the Kubernetes fault backend was not set up at init');
  const params = {
    headers: { Authorization: `Bearer ${api.token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    timeout: '10s',
    tags: { name: 'kubernetes' },
  };
  const res = http.request(method, `${api.url}${path}`, body === null ? null : JSON.stringify(body), params);
  if (ok.indexOf(res.status) >= 0) return;
  let detail = typeof res.body === 'string' ? res.body.slice(0, 300) : '';
  try {
    detail = (JSON.parse(String(res.body)) as { message?: string }).message ?? detail;
  } catch {
    // not a Status object: keep the text
  }
  throw new Error(
    `${what}: the Kubernetes API at ${api.url} answered ${res.status || `nothing (${res.error})`} ${detail}`,
  );
}

const resourceName = (r: ChaosResource) => `${r.kind} ${r.metadata.namespace}/${r.metadata.name}`;

function create(r: ChaosResource, dryRun: boolean): void {
  // 409: a resource of that name exists already (a retried injection): the same fault.
  request(
    'POST',
    `${collectionPath(r.kind, r.metadata.namespace)}${dryRun ? '?dryRun=All' : ''}`,
    r,
    dryRun ? [201] : [201, 409],
    `create ${resourceName(r)}`,
  );
}

function remove(kind: ChaosMeshKind, namespace: string, name: string): void {
  request(
    'DELETE',
    `${collectionPath(kind, namespace)}/${encodeURIComponent(name)}`,
    null,
    [200, 202, 404],
    `delete ${kind} ${namespace}/${name}`,
  );
}

/** Deletes every resource of the run, of each kind the backend creates (deletecollection by label). */
function clearRun(namespace: string, runId: string): void {
  for (const kind of Object.keys(CHAOS_MESH_KINDS) as ChaosMeshKind[]) {
    request(
      'DELETE',
      `${collectionPath(kind, namespace)}?labelSelector=${encodeURIComponent(runSelector(runId))}`,
      null,
      [200],
      `delete the ${kind} resources of run ${runId} in ${namespace}`,
    );
  }
}

/** applyPrimitive's Kubernetes half. */
export function applyChaosMesh(p: Primitive): void {
  if (p.kind === 'chaos_mesh_create') create(p.resource, false);
  else if (p.kind === 'chaos_mesh_delete') remove(p.resourceKind, p.namespace, p.name);
  else if (p.kind === 'chaos_mesh_clear') clearRun(p.namespace, p.runId);
}

/** Preflight: every resource of the plan through the API server's admission with dryRun=All (reachable, token valid,
 *  RBAC allows the create, CRDs installed, schema valid) before any fault. */
export function chaosMeshProblems(plan: FaultPlan): string[] {
  const problems: string[] = [];
  for (const f of plan.faults) {
    for (const op of f.inject) {
      if (op.kind !== 'chaos_mesh_create') continue;
      try {
        create(op.resource, true);
      } catch (e) {
        problems.push((e as Error).message);
      }
    }
  }
  return problems;
}
