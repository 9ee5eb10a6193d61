// A throwaway container for the xk6-docker tests: an image imported from an empty tar (test-only
// name), host /usr /lib /lib64 /bin mounted read-only, tini as init, a shell that ignores SIGTERM
// (so only a SIGKILL ends it), no network. remove() deletes it again.
import Docker from 'dockerode';
import { Readable } from 'node:stream';

export const TEST_IMAGE = 'cdc-ext-test:empty';
export const engine = new Docker(); // the tests' own client, version negotiated

export interface TestContainer {
  id: string;
  name: string;
  remove(): Promise<void>;
}

async function ensureImage(): Promise<void> {
  const images = await engine.listImages({ filters: JSON.stringify({ reference: [TEST_IMAGE] }) });
  if (images.length > 0) return;
  // An empty tar archive is two 512-byte zero blocks.
  const out = await engine.importImage(Readable.from([Buffer.alloc(1024)]), {
    repo: 'cdc-ext-test',
    tag: 'empty',
  } as object);
  for await (const _ of out as AsyncIterable<unknown>) void _;
}

export async function startTestContainer(name: string): Promise<TestContainer> {
  await ensureImage();
  const c = await engine.createContainer({
    name,
    Image: TEST_IMAGE,
    Cmd: ['/bin/sh', '-c', 'trap "" TERM; echo hello-out; echo hello-err >&2; while :; do sleep 1; done'],
    Labels: { 'io.cdc-chaos.test': 'extensions-docker' },
    // No network: the tests need none, and it keeps the container off the (shared) default bridge.
    HostConfig: {
      Init: true,
      NetworkMode: 'none',
      Binds: ['/usr:/usr:ro', '/lib:/lib:ro', '/lib64:/lib64:ro', '/bin:/bin:ro'],
    },
  });
  try {
    await c.start();
  } catch (e) {
    await c.remove({ force: true }).catch(() => {});
    throw e;
  }
  // Ready once the shell has printed both lines (bounded: 10 s).
  for (let i = 0; i < 100; i++) {
    const logs = (await c.logs({ stdout: true, stderr: true, follow: false })).toString();
    if (logs.includes('hello-out') && logs.includes('hello-err')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    id: c.id,
    name,
    remove: () =>
      c.remove({ force: true }).then(
        () => undefined,
        () => undefined,
      ),
  };
}

/** The project's one rule for xk6-docker (which never negotiates): DOCKER_API_VERSION = the engine's own API version. */
export async function apiVersionEnv(): Promise<Record<string, string>> {
  return { DOCKER_API_VERSION: (await engine.version()).ApiVersion };
}
