// VU state (src/vu/state.ts): tag precedence, group paths, init-context errors, redeclare
// rules, and the compact sample batches main decodes (k6 docs: using-k6/tags-and-groups).
import { describe, it, expect, beforeAll } from 'vitest';
import * as state from '../../src/vu/state.js';
import { SampleDecoder, type SampleBatchMessage } from '../../src/vu/sample-batch.js';

const posted: unknown[] = [];
const decoder = new SampleDecoder();
const drain = () => {
  state.flushSamples();
  const out = posted.splice(0).filter((m): m is SampleBatchMessage => (m as { type: string }).type === 'samples');
  return out.flatMap((m) => decoder.decode(m));
};

describe('VU state', () => {
  beforeAll(() => {
    state.configure({ sink: { post: (m) => void posted.push(m) }, vu: 3, testTags: { layer: 'test', t: '1' } });
  });

  it('is in the init context until a phase starts; assertNotInit throws k6 message', () => {
    expect(state.inInit()).toBe(true);
    expect(() => state.assertNotInit('using check')).toThrow('using check in the init context is not supported');
  });

  it('declareMetric: same type is a no-op, another type throws, builtins are known', () => {
    state.declareMetric('my_trend', 'trend', 'time');
    state.declareMetric('my_trend', 'trend', 'time');
    expect(() => state.declareMetric('my_trend', 'counter', 'default')).toThrow(/already exists but with type trend/);
    expect(() => state.declareMetric('iterations', 'trend', 'default')).toThrow(/already exists/);
    expect(posted.filter((m) => (m as { type: string }).type === 'declare')).toEqual([
      { type: 'declare', name: 'my_trend', metricType: 'trend', contains: 'time' },
    ]);
    posted.length = 0;
  });

  it('merges tags: test < scenario < system tags; exec.vu.metrics.tags and group() change the VU set; call tags on top', () => {
    state.setScenario({
      name: 'sc',
      executor: 'constant-vus',
      startTime: 0,
      tags: { layer: 'scenario', s: '1' },
      progress: () => 0,
      iterationInTest: 0,
      iterationInInstance: 0,
    });
    state.setPhase('run');
    state.emit('m', 1);
    state.vuTagsView().set('layer', 'vu');
    state.emit('m', 2);
    state.setGroup('::g');
    state.emit('m', 3);
    state.emit('m', 4, { layer: 'call', group: 'call-group' });
    state.setGroup('');
    state.vuTagsView().delete('layer'); // k6: the tag is gone, not restored to the scenario's value
    state.emit('m', 5);
    const s = drain();
    expect(s.map((x) => [x.value, x.tags.layer, x.tags.group])).toEqual([
      [1, 'scenario', ''],
      [2, 'vu', ''],
      [3, 'vu', '::g'],
      [4, 'call', 'call-group'],
      [5, undefined, ''],
    ]);
    expect(s[0].tags).toEqual({ layer: 'scenario', t: '1', s: '1', scenario: 'sc', group: '' });
    expect(s.every((x) => x.metric === 'm' && x.time > 0)).toBe(true);
  });

  it('call tag sets that read alike once joined stay apart, and follow the VU tags they are added over (emit finds a seen set by its keys and values)', () => {
    const sets: Record<string, string>[] = [
      { a: 'x', b: 'y' },
      { a: 'x\u0001b\u0000y' },
      { a: 'x1:b1:y' },
      { 'a1:x1:b': 'y' },
      { b: 'y', a: 'x' },
    ];
    for (const [i, t] of sets.entries()) state.emit('alike', i, t);
    for (const [i, t] of sets.entries()) state.emit('alike', i, t); // the second time through the shortcut
    const s = drain().filter((x) => x.metric === 'alike');
    expect(s).toHaveLength(10);
    for (const x of s) expect(x.tags).toMatchObject(sets[x.value]);
    // no tag of another set rides along
    const own = (t: Record<string, string>) =>
      Object.keys(t)
        .filter((k) => /^(a|b|a1:x1:b)$/.test(k))
        .sort();
    for (const x of s) expect(own(x.tags)).toEqual(own(sets[x.value]));
    // the same call tags over other VU tags are another set
    state.vuTagsView().set('layer', 'changed');
    for (const [i, t] of sets.entries()) state.emit('alike', i, t);
    const after = drain().filter((x) => x.metric === 'alike');
    expect(after.map((x) => x.tags.layer)).toEqual(sets.map(() => 'changed'));
    for (const x of after) expect(x.tags).toMatchObject(sets[x.value]);
  });

  it('exec.vu.metrics.tags shows the system tags but not vu/iter (metadata in k6)', () => {
    state.setScenario({
      name: 'sc2',
      executor: 'constant-vus',
      startTime: 0,
      tags: {},
      progress: () => 0,
      iterationInTest: 0,
      iterationInInstance: 0,
    });
    expect(state.vuTagsView().get('scenario')).toBe('sc2');
    expect(state.vuTagsView().keys().sort()).toEqual(['group', 'layer', 'scenario', 't']);
  });

  it('batches many samples and keeps order and values across flushes', () => {
    for (let i = 0; i < 5000; i++) state.emit('bulk', i, i % 2 ? { odd: 'y' } : undefined, 1000 + i);
    const s = drain();
    expect(s).toHaveLength(5000);
    expect(s.map((x) => x.value)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(s[1].tags.odd).toBe('y');
    expect(s[2].tags.odd).toBeUndefined();
    expect(s[4999].time).toBe(5999);
  });

  it('an iteration end resets a group left open by an exception', () => {
    state.setGroup('::left-open');
    state.endIteration();
    expect(state.currentGroup()).toBe('');
    expect(state.iterations().inInstance).toBe(1);
  });
});

describe('systemTags option', () => {
  it('drops disabled system tags and adds opt-in vu/iter', () => {
    state.setTestOptions({ systemTags: ['vu', 'iter', 'check'] });
    state.emit('st', 1);
    state.endIteration();
    state.emit('st', 2);
    const s = drain();
    expect(s[0].tags).toMatchObject({ vu: '3', iter: '1' });
    expect(s[1].tags.iter).toBe('2');
    expect(s[0].tags.scenario).toBeUndefined();
    expect(s[0].tags.group).toBeUndefined();
    expect(state.systemTagEnabled('check')).toBe(true);
    expect(state.systemTagEnabled('url')).toBe(false);
    state.setTestOptions(null);
    expect(state.systemTagEnabled('url')).toBe(true);
  });
});
