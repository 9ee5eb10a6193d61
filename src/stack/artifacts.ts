// The jars and Go builds the containers mount, fetched by scripts/fetch-artifacts.sh into the cache.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StackConfig } from './config.js';
import { StackError } from './errors.js';
import type { Progress } from './progress.js';

export interface Artifacts {
  kafkaLibs: string;
  debeziumPlugins: string;
  ferretdb: string;
  toxiproxy: string;
}

export function artifactPaths(cfg: StackConfig): Artifacts {
  const v = cfg.versions;
  return {
    kafkaLibs: join(cfg.cacheDir, `kafka-${v.kafka}`, 'libs'),
    debeziumPlugins: join(cfg.cacheDir, `debezium-${v.debezium}`),
    ferretdb: join(cfg.cacheDir, 'bin', `ferretdb-${v.ferretdb}`),
    toxiproxy: join(cfg.cacheDir, 'bin', `toxiproxy-server-${v.toxiproxy}`),
  };
}

function complete(cfg: StackConfig, a: Artifacts): boolean {
  return (
    existsSync(join(cfg.cacheDir, `kafka-${cfg.versions.kafka}`, '.complete')) &&
    existsSync(join(a.debeziumPlugins, '.complete')) &&
    existsSync(a.ferretdb) &&
    existsSync(a.toxiproxy)
  );
}

export async function ensureArtifacts(cfg: StackConfig, log: Progress): Promise<Artifacts> {
  const a = artifactPaths(cfg);
  if (complete(cfg, a)) return a;
  log(`fetching artifacts into ${cfg.cacheDir} (Maven Central, Go module proxy; first run only)`);
  const script = join(cfg.projectDir, 'scripts', 'fetch-artifacts.sh');
  const env = {
    ...process.env,
    CDC_CHAOS_CACHE: cfg.cacheDir,
    CDC_CHAOS_KAFKA_VERSION: cfg.versions.kafka,
    CDC_CHAOS_DEBEZIUM_VERSION: cfg.versions.debezium,
    CDC_CHAOS_FERRETDB_VERSION: cfg.versions.ferretdb,
    CDC_CHAOS_TOXIPROXY_VERSION: cfg.versions.toxiproxy,
  };
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn('bash', [script], { env, stdio: ['ignore', 'inherit', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
      process.stderr.write(b);
    });
    child.on('error', (e) => resolve({ code: -1, stderr: String(e) }));
    child.on('close', (c) => resolve({ code: c, stderr: err }));
  });
  if (code !== 0 || !complete(cfg, a)) {
    const reason =
      stderr
        .split('\n')
        .reverse()
        .find((l) => l.includes('ERROR:'))
        ?.replace(/^.*ERROR:\s*/, '') ?? `fetch-artifacts.sh exited with ${code}`;
    throw new StackError(
      `download failed: ${reason}`,
      'check that Maven Central and the Go module proxy are reachable and the versions exist, then rerun `cdc-chaos stack up` (finished parts are cached). Nothing was started.',
    );
  }
  return a;
}
