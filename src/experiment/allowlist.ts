// Blast radius: which containers a run may fault. Shared by the bundle's setup preflight (k6) and
// Node-side heal, so both refuse the same containers with the same words.
//
// A container is a target only if it carries TARGET_LABEL=true (set by the local stack and the
// compose files) or is named in CHAOS_ALLOW; the control path (Toxiproxy's API, Prometheus, the lag exporter, the guard) never
// is, whatever the configuration says.

import { CONTROL_PATH } from './contract.js';

export const TARGET_LABEL = 'io.cdc-chaos.target';

export function isControlPath(name: string): boolean {
  return (CONTROL_PATH as readonly string[]).indexOf(name) >= 0;
}

/** `CHAOS_ALLOW=name1,name2` → names (blank entries dropped). */
export function parseAllowList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Why `target` must not be touched, or undefined when it may be. `inspectedName` is what Docker
 * answered for it (`/name`): Docker also resolves ID prefixes, so a name that matched another
 * container's ID is refused rather than followed.
 */
export function targetRefusal(
  target: string,
  inspectedName: string,
  labels: Record<string, string> | null | undefined,
  allow: string[],
): string | undefined {
  if (isControlPath(target)) return `container ${target} is on the harness's control path and is never a fault target`;
  if (inspectedName.replace(/^\//, '') !== target) {
    return `"${target}" resolved to container ${inspectedName.replace(/^\//, '')}, not to a container of that name: refused`;
  }
  if ((labels ?? {})[TARGET_LABEL] === 'true' || allow.indexOf(target) >= 0) return undefined;
  return `container ${target} is not on the allowlist (no label ${TARGET_LABEL}=true and not in CHAOS_ALLOW): refused; label it in the stack or add it to CHAOS_ALLOW=name1,name2`;
}
