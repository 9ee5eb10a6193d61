// The runtime's xk6 extension list (k6-node-runtime/xk6-extensions.ts, shown by `cdc-chaos version`) names the
// versions the harness's k6 image pins (xk6.Dockerfile), so both engines run the same extensions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { XK6_EXTENSIONS } from 'k6-node-runtime/xk6-extensions.js';

describe('xk6 extensions of the version listing', () => {
  it('the versions are the pins of xk6.Dockerfile', () => {
    const pins = [
      ...readFileSync(new URL('../../xk6.Dockerfile', import.meta.url), 'utf8').matchAll(/--with (\S+)@(\S+)/g),
    ].map((m) => `${m[1]}@${m[2]}`);
    expect(XK6_EXTENSIONS.map((e) => `${e.module}@${e.version}`).sort()).toEqual(pins.sort());
  });
});
