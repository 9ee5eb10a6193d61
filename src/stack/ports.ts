// Before anything starts: every host port a container will publish must be free on 127.0.0.1.
import { createServer } from 'node:net';
import { StackError } from './errors.js';

function free(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** `wanted`: container name -> host port, only for containers that `up` is about to create. */
export async function checkPortsFree(wanted: Array<[string, number]>): Promise<void> {
  const taken: Array<[string, number]> = [];
  for (const [name, port] of wanted) if (!(await free(port))) taken.push([name, port]);
  if (taken.length === 0) return;
  const list = taken.map(([n, p]) => `127.0.0.1:${p} (needed by ${n})`).join(', ');
  const ports = taken.map(([, p]) => p);
  throw new StackError(
    `port${taken.length > 1 ? 's' : ''} already in use: ${list}`,
    `stop whatever listens there (find it with \`ss -ltnp 'sport = :${ports[0]}'\`; a system PostgreSQL/Prometheus service is a common culprit), then rerun \`cdc-chaos stack up\`. Nothing was started.`,
  );
}
