// Threshold grammar and sub-metric names. Follows grafana/k6 `metrics/thresholds_parser.go` (operator scan order
// <=, <, >=, >, ===, ==, !=; methods; p(float)), `metrics/metric.go` (AddSubmetric: split at the first ':', trim
// spaces then quotes; ParseMetricName) and https://grafana.com/docs/k6/latest/using-k6/thresholds/ .
import { describe, expect, it } from 'vitest';
import {
  normalizeThresholdConfig,
  parseMetricName,
  parseSubmetricSelector,
  parseThresholdExpression,
  sinkKey,
} from '../../src/metrics/thresholds.js';

describe('parseThresholdExpression', () => {
  it.each([
    ['p(95)<200', 'p', 95, '<', 200],
    ['p(99.9) <= 1.5', 'p', 99.9, '<=', 1.5],
    ['  avg   >=   10  ', 'avg', undefined, '>=', 10],
    ['rate===0', 'rate', undefined, '===', 0],
    ['count == 3', 'count', undefined, '==', 3],
    ['value!=1', 'value', undefined, '!=', 1],
    ['med>-1', 'med', undefined, '>', -1],
    ['max<1e3', 'max', undefined, '<', 1000],
  ])('%s', (src, method, pct, op, value) => {
    const e = parseThresholdExpression(src);
    expect(e.method).toBe(method);
    expect(e.percentile).toBe(pct);
    expect(e.operator).toBe(op);
    expect(e.value).toBe(value);
  });
  it('splits at the first operator in k6 order, not the leftmost', () => {
    // '<' is tried before '>=' … so "rate>=0.5<1" splits at '<' and the left side is not a method
    expect(() => parseThresholdExpression('rate>=0.5<1')).toThrow(/left hand side/);
    // "===" is found after "==" would be: the order puts === first
    expect(parseThresholdExpression('rate===1').operator).toBe('===');
  });
  it('rejects malformed expressions with k6 messages', () => {
    expect(() => parseThresholdExpression('p95 200')).toThrow('malformed threshold expression');
    expect(() => parseThresholdExpression('foo<1')).toThrow('failed parsing method from expression');
    expect(() => parseThresholdExpression('p(abc)<1')).toThrow('malformed percentile value');
    expect(() => parseThresholdExpression('rate<abc')).toThrow(/right hand side/);
  });
  it('sink keys use %g for percentiles', () => {
    expect(sinkKey(parseThresholdExpression('p(95.0)<1'))).toBe('p(95)');
    expect(sinkKey(parseThresholdExpression('p(99.9)<1'))).toBe('p(99.9)');
  });
});

describe('sub-metric selectors', () => {
  it('splits pairs at the first colon and trims spaces then quotes', () => {
    expect(parseSubmetricSelector('m', 'group:::mygroup').pairs).toEqual([['group', '::mygroup']]);
    expect(parseSubmetricSelector('m', ` "status" : '200' , name:x`).pairs).toEqual([
      ['status', '200'],
      ['name', 'x'],
    ]);
    expect(parseSubmetricSelector('m', ' expected_response:true ').suffix).toBe('expected_response:true');
    expect(parseSubmetricSelector('m', 'flag').pairs).toEqual([['flag', '']]);
    expect(() => parseSubmetricSelector('m', '  ')).toThrow("submetric criteria for metric 'm' cannot be empty");
  });
  it('parseMetricName validates braces like k6', () => {
    expect(parseMetricName('http_req_duration')).toEqual({ parent: 'http_req_duration', tags: null });
    expect(parseMetricName('a{b:c, d:e}')).toEqual({ parent: 'a', tags: ['b:c', 'd:e'] });
    expect(() => parseMetricName('a{b:c')).toThrow('unmatched opening/close curly brace');
    expect(() => parseMetricName('a{b:c}x')).toThrow('lacks a closing curly brace in its last position');
    expect(() => parseMetricName('a}b{')).toThrow('closing curly brace appears before opening one');
    expect(() => parseMetricName('a{b}')).toThrow('tag expression is malformed');
  });
});

describe('threshold configs', () => {
  it('accepts strings and {threshold, abortOnFail, delayAbortEval}', () => {
    expect(normalizeThresholdConfig('m', 'rate<0.1')).toEqual({ source: 'rate<0.1', abortOnFail: false });
    expect(
      normalizeThresholdConfig('m', { threshold: 'rate<0.1', abortOnFail: true, delayAbortEval: '1m30s' }),
    ).toEqual({
      source: 'rate<0.1',
      abortOnFail: true,
      delayAbortEvalMs: 90_000,
    });
    expect(() => normalizeThresholdConfig('m', { threshold: 'rate<0.1', delayAbortEval: '10 parsecs' })).toThrow(
      /delayAbortEval/,
    );
    expect(() => normalizeThresholdConfig('m', 42)).toThrow(/invalid threshold/);
  });
});
