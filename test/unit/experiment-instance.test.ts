// The bundle's idea of which instance verifies (src/experiment/instance.ts) must be where k6's striping puts
// a 1-VU scenario: checked against the runtime's k6-faithful ExecutionTuple for equal and unequal sequences.
import { describe, expect, it } from 'vitest';
import {
  newExecutionTuple,
  parseSegment,
  parseSequence,
  segmentString,
  sequenceString,
} from 'k6-node-runtime/executors/execution-segment.js';
import { instanceLabel, instanceOf } from '../../src/experiment/instance.js';

const SEQUENCES = [
  '0,1/2,1',
  '0,1/3,2/3,1',
  '0,1/4,1/2,3/4,1',
  '0,1/4,1',
  '0,1/5,3/5,1',
  '0,1/3,1/2,5/6,1',
  '0,2/7,4/7,1',
];

describe('instanceOf', () => {
  it('one instance of a split run verifies, the one k6 gives the 1-VU scenarios', () => {
    for (const text of SEQUENCES) {
      const seq = parseSequence(text)!;
      const verifiers = seq.filter((s, i) => {
        // as k6 marshals them in exec.test.options
        const me = instanceOf(segmentString(s), sequenceString(seq));
        expect(me.index).toBe(i);
        expect(me.count).toBe(seq.length);
        expect(me.verifier).toBe(newExecutionTuple(s, seq).scale(1) === 1);
        return me.verifier;
      });
      expect(verifiers).toHaveLength(1);
    }
  });

  it('a segment without a sequence is placed in the sequence k6 fills around it', () => {
    for (const text of ['0:1/3', '1/3:2/3', '2/3:1', '0:1/2', '1/2:1']) {
      const me = instanceOf(text, undefined);
      expect(me.verifier).toBe(newExecutionTuple(parseSegment(text), undefined).scale(1) === 1);
    }
    expect(instanceOf('1/3:2/3', undefined)).toMatchObject({ index: 1, count: 3, verifier: false });
  });

  it('no segment is the whole test, one verifying instance', () => {
    for (const none of [undefined, null, '', '0:1'])
      expect(instanceOf(none, undefined)).toEqual({ segment: '0:1', index: 0, count: 1, verifier: true });
    expect(instanceLabel(instanceOf('1/3:2/3', '0,1/3,2/3,1'))).toBe('2-of-3');
  });

  it('a segment outside its sequence is refused', () => {
    expect(() => instanceOf('0:1/2', '0,1/3,2/3,1')).toThrow(/0:1\/2 is not in the sequence 0,1\/3,2\/3,1/);
  });
});
