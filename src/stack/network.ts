// The user-defined bridge every stack container joins (embedded DNS gives each container its name as alias).
import type Docker from 'dockerode';
import { LABEL_STACK, NETWORK, STACK_VALUE } from './config.js';
import type { Progress } from './progress.js';

export async function ensureNetwork(d: Docker, log: Progress): Promise<boolean> {
  const found = await d.listNetworks({ filters: { name: [NETWORK] } });
  if (found.some((n) => n.Name === NETWORK)) return false;
  log(`creating network ${NETWORK}`);
  await d.createNetwork({
    Name: NETWORK,
    Driver: 'bridge',
    CheckDuplicate: true,
    Labels: { [LABEL_STACK]: STACK_VALUE },
  });
  return true;
}

export async function removeNetwork(d: Docker, log: Progress): Promise<void> {
  const found = await d.listNetworks({ filters: { name: [NETWORK] } });
  for (const n of found.filter((x) => x.Name === NETWORK)) {
    const net = d.getNetwork(n.Id);
    // Containers that are not the stack's (a test's helper container, a k6 runner) may still be attached.
    const info = (await net.inspect()) as { Containers?: Record<string, { Name: string }> };
    for (const [id, c] of Object.entries(info.Containers ?? {})) {
      log(`${NETWORK}: disconnecting ${c.Name} (not part of the stack)`);
      await net.disconnect({ Container: id, Force: true }).catch(() => {});
    }
    await net.remove();
    log(`network ${NETWORK}: removed`);
  }
}
