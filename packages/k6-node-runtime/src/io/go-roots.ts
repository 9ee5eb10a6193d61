// The CA roots k6 (Go's crypto/x509 on Linux) trusts when SSL_CERT_FILE or SSL_CERT_DIR is set: the file (instead of
// the first of the system bundles Go knows) plus every certificate file in the directories (SSL_CERT_DIR, colon
// separated, instead of Go's default ones). This is how a k6 pod trusts its cluster's CA (the service account's
// ca.crt) — k6 has no CA option of its own. Unset: undefined, and Node's default roots apply as before.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const GO_CERT_FILES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];
const GO_CERT_DIRS = ['/etc/ssl/certs', '/etc/pki/tls/certs'];

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates in a file; undefined when it cannot be read (a directory too: Go skips it). */
function certsIn(path: string): string[] | undefined {
  try {
    return readFileSync(path, 'utf8').match(PEM_CERT) ?? [];
  } catch {
    return undefined;
  }
}

/** The PEM certificates Go would trust under this environment, or undefined when neither variable is set. */
export function goRootCAs(env: NodeJS.ProcessEnv): string[] | undefined {
  const file = env.SSL_CERT_FILE;
  const dir = env.SSL_CERT_DIR;
  if (!file && !dir) return undefined;
  const out: string[] = [];
  // Go reads the first bundle that can be read.
  for (const f of file ? [file] : GO_CERT_FILES) {
    const certs = certsIn(f);
    if (certs) {
      out.push(...certs);
      break;
    }
  }
  for (const d of dir ? dir.split(':').filter((s) => s !== '') : GO_CERT_DIRS) {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      continue;
    }
    for (const name of names) out.push(...(certsIn(join(d, name)) ?? []));
  }
  return out;
}
