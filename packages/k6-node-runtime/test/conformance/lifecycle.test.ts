// k6 test lifecycle — https://grafana.com/docs/k6/latest/using-k6/test-lifecycle/
import { describe, it, expect } from 'vitest';
import { run, results, built } from './helpers.js';

describe.skipIf(!built)('test lifecycle (k6 docs: using-k6/test-lifecycle)', () => {
  it('each VU decodes setup() data once and reuses it; teardown gets the original data', () => {
    const r = run('setup-data.js');
    expect(r.code).toBe(0);
    const lines = results(r) as Array<{ vu?: number; seen?: number[]; when?: string; teardown?: number[] }>;
    const perVu = new Map<number, number[][]>();
    for (const l of lines) if (l.vu !== undefined) perVu.set(l.vu, [...(perVu.get(l.vu) ?? []), l.seen!]);
    // A VU sees its own earlier mutations, never another VU's.
    expect(perVu.get(1)).toEqual([[1], [1, 1], [1, 1, 1]]);
    expect(perVu.get(2)).toEqual([[2], [2, 2], [2, 2, 2]]);
    expect(lines.find((l) => l.vu)?.when).toBe('1970-01-01T00:00:00.000Z'); // Dates cross as JSON strings
    expect(lines.find((l) => l.teardown)?.teardown).toEqual([]);
    expect(r.summary?.setup_data).toEqual({ seen: [], when: '1970-01-01T00:00:00.000Z' });
  });

  it('setup() throwing stops the test with exit 107 and skips teardown()', () => {
    const r = run('setup-throws.js');
    expect(r.code).toBe(107);
    expect(r.stderr).toContain('setup exploded');
    expect(results(r)).not.toContain('teardown ran');
  });

  it('an exception in an iteration is logged with its stack; the iteration counts; exit 0', () => {
    const r = run('iteration-throws.js');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Error: boom');
    expect(r.stderr).toContain('iteration-throws.js:');
    expect(r.stderr).toContain('source=stacktrace');
    expect(r.summary?.metrics.iterations.values.count).toBe(3);
  });

  it('check() in the init context is an init error (exit 107)', () => {
    const r = run('check-in-init.js');
    expect(r.code).toBe(107);
    expect(r.stderr).toContain('Using check() in the init context is not supported');
  });

  it('open() reads files relative to the script, in the init context only', () => {
    const r = run('open-file.js');
    expect(r.code).toBe(0);
    expect(results(r)).toEqual([{ text: 'hello fixture', err: true }]);
  });

  it('async iterations wait for their promises and timers (k6 >= 0.43)', () => {
    const r = run('async-iteration.js');
    expect(r.code).toBe(0);
    expect(r.summary?.metrics.ticks.values.count).toBe(4);
  });
});
