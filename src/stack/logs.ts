// `stack logs <name>`: a container's output (name with or without the cdc- prefix).
import { demux, inspectOrUndefined } from './containers.js';
import { docker } from './engine.js';
import { StackError } from './errors.js';
import { CONTAINERS } from './status.js';

export function containerName(name: string): string {
  const full = name.startsWith('cdc-') ? name : `cdc-${name}`;
  if (!CONTAINERS.includes(full)) {
    throw new StackError(`no stack container named ${JSON.stringify(name)}`, `use one of: ${CONTAINERS.join(', ')}`, 2);
  }
  return full;
}

export async function stackLogs(
  name: string,
  opts: { tail?: number; follow?: boolean; out?: NodeJS.WritableStream } = {},
): Promise<void> {
  const full = containerName(name);
  const d = docker();
  if (!(await inspectOrUndefined(d, full))) throw new StackError(`${full} does not exist`, 'run `cdc-chaos stack up`');
  const out = opts.out ?? process.stdout;
  const c = d.getContainer(full);
  if (opts.follow) {
    const stream = await c.logs({ stdout: true, stderr: true, follow: true, tail: opts.tail ?? 100 });
    d.modem.demuxStream(stream, out, out);
    await new Promise<void>((resolve) => stream.on('end', () => resolve()));
    return;
  }
  const buf = await c.logs({ stdout: true, stderr: true, follow: false, tail: opts.tail ?? 200 });
  out.write(demux(buf));
}
