// k6/x/docker/* I/O handlers against the real Docker engine (xk6-extensions.md §3): stop kills at
// once, exec is started without output, logs are the raw multiplexed stream, results carry the
// Go SDK field names through k6's snake_case mapper. Works on a throwaway container of our own:
// see extensions-container.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlers } from 'k6-node-runtime/io/docker.js';
import { testVu, type TestVu } from './extensions-ctx.js';
import { compareApi, XK6_DOCKER_API } from 'k6-node-runtime/io/docker-api.js';
import {
  apiVersionEnv,
  engine,
  startTestContainer,
  TEST_IMAGE as IMAGE,
  type TestContainer,
} from './extensions-container.js';

const NAME = `cdc-ext-test-${process.pid}`;
let vu: TestVu;
let container: TestContainer;
let id: string;
let savedVersion: string | undefined;

beforeAll(async () => {
  savedVersion = process.env.DOCKER_API_VERSION;
  Object.assign(process.env, await apiVersionEnv());
  container = await startTestContainer(NAME);
  id = container.id;
  vu = testVu(handlers);
});

afterAll(async () => {
  await container?.remove();
  await engine
    .getNetwork(`${NAME}-net`)
    .remove()
    .catch(() => {});
  await engine
    .getVolume(`${NAME}-vol`)
    .remove()
    .catch(() => {});
  if (savedVersion === undefined) delete process.env.DOCKER_API_VERSION;
  else process.env.DOCKER_API_VERSION = savedVersion;
});

async function state() {
  return (await engine.getContainer(id).inspect()).State;
}

describe('k6/x/docker over the Docker engine', () => {
  it('containers.list returns snake_case SDK fields, labels keep their keys', async () => {
    const list = await vu.call<Array<Record<string, unknown>>>('docker.containers.list', { all: true });
    const mine = list.find((c) => c.id === id)!;
    expect(mine).toBeDefined();
    expect(mine.names).toEqual([`/${NAME}`]);
    expect(mine).toMatchObject({
      image: IMAGE,
      state: 'running',
      labels: { 'io.cdc-chaos.test': 'extensions-docker' },
    });
    expect(mine).toHaveProperty('image_id');
    expect(mine).toHaveProperty('host_config.network_mode');
    expect(Object.keys(mine.network_settings as object)).toEqual(['networks']);
  });

  it('containers.inspect: state fields through k6 name mapping', async () => {
    const info = await vu.call<Record<string, any>>('docker.containers.inspect', id);
    expect(info.id).toBe(id);
    expect(info.name).toBe(`/${NAME}`);
    expect(info.state).toMatchObject({ running: true, paused: false, exit_code: 0, status: 'running' });
    expect(info.state).toHaveProperty('o_o_m_killed', false); // snaker splits "OOMKilled" so
    expect(info.config.labels).toEqual({ 'io.cdc-chaos.test': 'extensions-docker' });
    expect(info.host_config.init).toBe(true);
  });

  it('containers.logs returns the raw multiplexed stream as a string', async () => {
    const logs = await vu.call<string>('docker.containers.logs', id, { show_stdout: true, show_stderr: true });
    expect(logs).toContain('hello-out\n');
    expect(logs).toContain('hello-err\n');
    expect([1, 2]).toContain(logs.charCodeAt(0)); // frame header: stream type (1 stdout, 2 stderr), 3 zero bytes, a size
    expect(logs.slice(1, 4)).toBe('\0\0\0');
    await expect(vu.call('docker.containers.logs', id, {})).rejects.toThrow(
      /^Error response from daemon: .*choose at least one stream/,
    );
  });

  it('pause / unpause', async () => {
    await vu.call('docker.containers.pause', id);
    expect((await state()).Paused).toBe(true);
    await expect(vu.call('docker.containers.pause', id)).rejects.toThrow(
      /^Error response from daemon: .*already paused/,
    );
    await vu.call('docker.containers.unpause', id);
    expect((await state()).Paused).toBe(false);
  });

  it('exec starts the command and returns (no output, no exit code); attached output makes it wait', async () => {
    expect(
      await vu.call('docker.containers.exec', id, { cmd: ['/bin/sh', '-c', 'echo done > /exec-mark'] }),
    ).toBeUndefined();
    const read = async () => {
      const check = await engine
        .getContainer(id)
        .exec({ Cmd: ['/bin/sh', '-c', 'cat /exec-mark 2>/dev/null || true'], AttachStdout: true });
      const stream = await check.start({ Detach: false, Tty: false });
      const chunks: Buffer[] = [];
      for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c);
      return Buffer.concat(chunks).toString('utf8');
    };
    let out = '';
    for (let i = 0; i < 50 && !out.includes('done'); i++) {
      out = await read();
      if (!out.includes('done')) await new Promise((r) => setTimeout(r, 100));
    }
    expect(out).toContain('done');
    // Not detached and attached to stdout: like the SDK, the call returns once the stream ends.
    await vu.call('docker.containers.exec', id, {
      cmd: ['/bin/sh', '-c', 'echo second > /exec-mark2'],
      attach_stdout: true,
    });
    const after = await engine.getContainer(id).exec({ Cmd: ['/bin/cat', '/exec-mark2'], AttachStdout: true });
    const s2 = await after.start({ Detach: false, Tty: false });
    const chunks: Buffer[] = [];
    for await (const c of s2 as AsyncIterable<Buffer>) chunks.push(c);
    expect(Buffer.concat(chunks).toString('utf8')).toContain('second');
  });

  it('stop kills at once (SIGKILL: exit 137 although SIGTERM is ignored) and start brings it back; repeated stop/start are no-ops', async () => {
    await vu.call('docker.containers.stop', id);
    const s = await state();
    expect(s.Running).toBe(false);
    expect(s.ExitCode).toBe(137);
    await vu.call('docker.containers.stop', id);
    await vu.call('docker.containers.start', id);
    expect((await state()).Running).toBe(true);
    await vu.call('docker.containers.start', id);
  });

  it('unknown containers throw the SDK error', async () => {
    await expect(vu.call('docker.containers.inspect', 'no-such-container-xyz')).rejects.toThrow(
      'Error response from daemon: No such container: no-such-container-xyz',
    );
  });

  it('networks, volumes and images', async () => {
    const net = await vu.call<{ id: string; warning: string }>('docker.networks.create', `${NAME}-net`, {
      labels: { a: 'b' },
    });
    expect(net.id).toMatch(/^[0-9a-f]{64}$/);
    const nets = await vu.call<Array<Record<string, unknown>>>('docker.networks.list');
    expect(nets.find((n) => n.id === net.id)).toMatchObject({
      name: `${NAME}-net`,
      labels: { a: 'b' },
      driver: 'bridge',
    });
    await vu.call('docker.networks.remove', net.id);

    const vol = await vu.call<Record<string, unknown>>('docker.volumes.create', {
      name: `${NAME}-vol`,
      labels: { x: 'y' },
    });
    expect(vol).toMatchObject({ name: `${NAME}-vol`, driver: 'local', labels: { x: 'y' } });
    const vols = await vu.call<{ volumes: Array<{ name: string }> }>('docker.volumes.list');
    expect(vols.volumes.some((v) => v.name === `${NAME}-vol`)).toBe(true);
    await vu.call('docker.volumes.remove', `${NAME}-vol`, false);

    const imgs = await vu.call<Array<Record<string, unknown>>>('docker.images.list', {});
    expect(imgs.some((i) => (i.repo_tags as string[] | null)?.includes(IMAGE))).toBe(true);
    const img = await vu.call<Record<string, unknown>>('docker.images.inspect', IMAGE);
    expect(img.repo_tags).toContain(IMAGE);
    expect(img).toHaveProperty('root_f_s'); // "RootFS" through snaker
  });

  it('without DOCKER_API_VERSION the pinned API 1.42 is used (an older engine refuses it, as under k6)', async () => {
    const v = await engine.version();
    if (compareApi(v.ApiVersion, XK6_DOCKER_API) >= 0) return; // nothing to show on a newer engine
    const saved = process.env.DOCKER_API_VERSION;
    delete process.env.DOCKER_API_VERSION;
    try {
      await expect(vu.call('docker.containers.list', {})).rejects.toThrow(
        /^Error response from daemon: client version 1\.42 is too new/,
      );
    } finally {
      process.env.DOCKER_API_VERSION = saved;
    }
  });
});
