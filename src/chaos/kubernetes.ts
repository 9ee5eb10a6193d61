// Node-side access to the Kubernetes API for `cdc-chaos heal --kubernetes` and heal's restoring Chaos Mesh operations:
// the same settings as the bundle's backend (src/k6/kubernetes.ts): KUBERNETES_SERVICE_HOST/PORT, CHAOS_K8S_TOKEN_FILE,
// CHAOS_K8S_NAMESPACE (defaults: the pod's service account files), the CA from SSL_CERT_FILE/SSL_CERT_DIR.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { CHAOS_MESH_KINDS, collectionPath, runSelector, type ChaosMeshKind } from '../experiment/chaos-mesh.js';
import { goRootCAs } from 'k6-node-runtime/io/go-roots.js';
import { ChaosEnvError } from './env.js';

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface KubeEnv {
  url: string;
  token: string;
  namespace: string;
  ca: string[] | undefined;
}

function settingFile(variable: string, path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (e) {
    throw new ChaosEnvError(
      `${variable}: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): set ${variable} to a readable file (in a pod the service account provides it)`,
    );
  }
}

export function kubeEnv(env: NodeJS.ProcessEnv = process.env): KubeEnv {
  const host = env.KUBERNETES_SERVICE_HOST;
  if (!host)
    throw new ChaosEnvError(
      'KUBERNETES_SERVICE_HOST is not set: heal --kubernetes needs the API server (with KUBERNETES_SERVICE_PORT, CHAOS_K8S_TOKEN_FILE, CHAOS_K8S_NAMESPACE)',
    );
  return {
    url: `https://${host.indexOf(':') >= 0 ? `[${host}]` : host}:${env.KUBERNETES_SERVICE_PORT || '443'}`,
    token: settingFile('CHAOS_K8S_TOKEN_FILE', env.CHAOS_K8S_TOKEN_FILE || `${SERVICE_ACCOUNT}/token`),
    namespace: env.CHAOS_K8S_NAMESPACE || settingFile('CHAOS_K8S_NAMESPACE', `${SERVICE_ACCOUNT}/namespace`),
    ca: goRootCAs(env),
  };
}

/** One API call; the parsed body, or an error with the API's message. Unreachable → ChaosEnvError naming the setting. */
function call(k: KubeEnv, method: string, path: string, ok: number[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${k.url}${path}`,
      {
        method,
        headers: { Authorization: `Bearer ${k.token}`, Accept: 'application/json' },
        ca: k.ca,
        timeout: 10_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = text;
          }
          if (ok.indexOf(res.statusCode ?? 0) >= 0) return resolve(body);
          const msg = (body as { message?: string } | undefined)?.message ?? text.slice(0, 200);
          reject(new Error(`${method} ${path}: the Kubernetes API answered ${res.statusCode} ${msg}`));
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out after 10 s')));
    req.on('error', (e) =>
      reject(
        new ChaosEnvError(
          `the Kubernetes API at ${k.url} is unreachable (${(e as NodeJS.ErrnoException).code ?? e.message}): check KUBERNETES_SERVICE_HOST/PORT and the CA (SSL_CERT_FILE)`,
        ),
      ),
    );
    req.end();
  });
}

export async function deleteChaosMesh(
  k: KubeEnv,
  kind: ChaosMeshKind,
  namespace: string,
  name: string,
): Promise<string> {
  await call(k, 'DELETE', `${collectionPath(kind, namespace)}/${encodeURIComponent(name)}`, [200, 202, 404]);
  return `${kind} ${namespace}/${name} deleted (or already gone)`;
}

/** Deletes every Chaos Mesh resource the harness made in the namespace: of one run, or of every run. */
export async function clearChaosMesh(k: KubeEnv, namespace: string, runId?: string): Promise<string> {
  for (const kind of Object.keys(CHAOS_MESH_KINDS) as ChaosMeshKind[]) {
    await call(
      k,
      'DELETE',
      `${collectionPath(kind, namespace)}?labelSelector=${encodeURIComponent(runSelector(runId))}`,
      [200],
    );
  }
  return `every Chaos Mesh resource ${runId ? `of run ${runId}` : 'made by cdc-chaos'} in ${namespace} deleted`;
}

/** What the harness made that is still there (`kind namespace/name`), of one run or of all. */
export async function chaosMeshLeftovers(k: KubeEnv, runId?: string): Promise<string[]> {
  const out: string[] = [];
  for (const kind of Object.keys(CHAOS_MESH_KINDS) as ChaosMeshKind[]) {
    const list = (await call(
      k,
      'GET',
      `${collectionPath(kind, k.namespace)}?labelSelector=${encodeURIComponent(runSelector(runId))}`,
      [200],
    )) as { items: { metadata: { name: string } }[] };
    for (const item of list.items) out.push(`${kind} ${k.namespace}/${item.metadata.name}`);
  }
  return out;
}
