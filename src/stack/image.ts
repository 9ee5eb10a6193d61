// The registry-less base image: `docker import` of an empty tar. Containers run the host's binaries from
// read-only bind mounts of /usr /lib /lib64 /bin /etc (never /sbin: Docker puts docker-init there with --init).
import type Docker from 'dockerode';
import { Readable } from 'node:stream';
import { BASE_IMAGE } from './config.js';
import type { Progress } from './progress.js';

export const HOST_MOUNTS = ['/usr', '/lib', '/lib64', '/bin', '/etc'].map((p) => `${p}:${p}:ro`);

export async function ensureBaseImage(d: Docker, log: Progress): Promise<void> {
  try {
    await d.getImage(BASE_IMAGE).inspect();
    return;
  } catch {
    /* not there yet */
  }
  log(`creating base image ${BASE_IMAGE} (docker import of an empty tar)`);
  const [repo, tag] = BASE_IMAGE.split(':');
  // An empty tar archive is two 512-byte zero blocks.
  const stream = await d.importImage(Readable.from([Buffer.alloc(1024)]), { repo, tag });
  await new Promise<void>((resolve, reject) =>
    d.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())),
  );
}
