// What k6 v1.8.1 refuses, with its wording (read from grafana/k6 at v1.8.1: js/common/tags.go,
// internal/js/modules/k6/{k6,metrics,execution,data,encoding,crypto}, js/modules/k6/http/request.go,
// internal/js/tc55/timers, internal/js/bundle.go + initcontext.go for open()): our runtime must
// never accept what k6 rejects.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { run, results, built } from './helpers.js';

const TAG_REFUSED =
  "invalid value for metric tag 'a': only String, Boolean and Number types are accepted as a metric tag values";

describe.skipIf(!built)('k6 v1.8.1 strictness', () => {
  it('metric tag values: only strings, numbers and booleans, on add(), check(), exec.vu.metrics and http params', () => {
    const r = run('strict-tags.js', ['-o', 'json=out.json']);
    expect(r.code).toBe(0);
    const [res] = results(r) as Array<Record<string, unknown>>;
    const addRefused = `GoError: cannot add tags for the 'tagged' custom metric: ${TAG_REFUSED}`;
    for (const k of ['addUndefined', 'addNull', 'addObject', 'addArray', 'addFunction', 'addBigInt', 'addDate'])
      expect(res[k], k).toBe(addRefused);
    expect(res.addAccepted).toBe('ok true');
    expect(res.addNoTags).toBe('ok true');
    expect(res.checkObject).toBe(`GoError: ${TAG_REFUSED}`);
    expect(res.checkAccepted).toBe('ok true');
    expect(res.vuTagObject).toBe(
      "TypeError: invalid value for metric tag 'bad': only String, Boolean and Number types are accepted as a metric tag values",
    );
    expect(res.vuTagNumber).toBe('ok "7"');
    expect(res.vuTagScenario).toBe('ok "default"'); // k6's exec.vu.tags is the VU's whole tag set
    expect(res.vuMetaArray).toBe(
      "TypeError: invalid value for metric metadata 'bad': only String, Boolean and Number types are accepted as a metric metadata value",
    );
    expect(res.vuMetaString).toBe('ok "abc"');
    // a request with bad tags is not sent: warning (no options.throw) and an error response
    expect(res.httpError).toBe(`invalid HTTP request metric tags: ${TAG_REFUSED}`);
    expect(res.httpStatus).toBe(0);
    expect(r.stderr).toContain('level=warning msg="Request Failed"');
    expect(r.summary!.metrics.http_reqs).toBeUndefined();
    // accepted values are stringified; samples after exec.vu.metrics.tags.num = 7 carry it
    const points = readFileSync(join(r.dir, 'out.json'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; metric: string; data: { tags?: Record<string, string> } })
      .filter((l) => l.type === 'Point' && l.metric === 'tagged');
    expect(points.map((p) => p.data.tags)).toEqual([
      { s: 'x', n: '5', f: '1.5', b: 'true', boxed: 'y', group: '', scenario: 'default' },
      { group: '', scenario: 'default' },
      { num: '7', group: '', scenario: 'default' },
    ]);
  });

  it('arguments: names, values, callbacks, encodings and request params k6 refuses, with its messages', () => {
    const r = run('strict-args.js');
    expect(r.code).toBe(0);
    const [res] = results(r) as Array<Record<string, unknown> & { init: Record<string, string> }>;
    const nameRule =
      'Metric names must only include up to 128 ASCII letters, numbers, or underscores and start with a letter or an underscore.';
    expect(res.init).toMatchObject({
      noName: `GoError: Invalid metric name: ''. ${nameRule}`, // undefined reaches Go as ""
      oneChar: `GoError: Invalid metric name: 'a'. ${nameRule}`,
      longest: 'ok 129',
      valueType: "GoError: metric 'timed' already exists but with a value type time, instead of default",
      vuInInit: 'GoError: getting VU information in the init context is not supported',
      scenarioInInit: 'GoError: getting scenario information outside of the VU context is not supported',
      instanceInInit: 'GoError: getting instance information in the init context is not supported',
      failInInit: 'GoError: execution.test.fail() called outside of VU context',
      sharedUndefinedName: 'ok 1',
      openEmpty: "GoError: open() can't be used with an empty filename",
      openFileScheme: 'ok "hello fixture\\n"',
    });
    expect(res.init.tooLong).toMatch(/^GoError: Invalid metric name: 'ab+'\. Metric names must/);
    expect(res.init.openDir).toMatch(/^GoError: open\(\) can't be used with directories, path: ".*scripts"$/);
    expect(res.init.openMissing).toMatch(/^GoError: open .*does-not-exist\.txt: no such file or directory$/);
    const valueRule = 'a number or a boolean value is expected';
    expect(res).toMatchObject({
      addNone: `GoError: no value was provided for metric 'strict_c', ${valueRule}`,
      addNull: `GoError: 'null' is an invalid value for metric 'strict_c', ${valueRule}`,
      addUndefined: `GoError: 'undefined' is an invalid value for metric 'strict_c', ${valueRule}`,
      addLong: `GoError: '${'x'.repeat(50)}... omitting 50 characters ...${'x'.repeat(50)}' is an invalid value for metric 'strict_c', ${valueRule}`,
      checkNoSets: 'GoError: no checks provided to `check`',
      checkNull: 'TypeError: Cannot convert undefined or null to object',
      checkSep: "GoError: group and check names may not contain '::'",
      checkAsync:
        'GoError: the built-in check() does not support async functions as arguments. Use the JavaScript utils library as a replacement. Refer to https://grafana.com/docs/k6/latest/javascript-api/jslib/utils/check/ for more info',
      groupSep: "GoError: group and check names may not contain '::'",
      groupNoFn: 'GoError: group() requires a callback as a second argument',
      groupAsync:
        'GoError: group() does not support async functions as arguments, please see https://grafana.com/docs/k6/latest/javascript-api/k6/group/ for more info',
      groupRootUnnamed: 'ok ""', // lib.NewGroupPath("", "") stays the root
      groupNested: 'ok "::o::"',
      failNoArg: 'GoError: ',
      sleepNull: 'ok undefined',
      optionsNoVus: 'ok false',
      b64Unpadded: 'GoError: illegal base64 data at input byte 4',
      b64Space: 'GoError: illegal base64 data at input byte 4',
      b64Raw: 'ok "hello"',
      b64RawPadded: 'GoError: illegal base64 data at input byte 3',
      b64Newlines: 'ok "hello"',
      b64EncodeNumber: 'GoError: invalid type int64, expected string, []byte or ArrayBuffer',
      b64EncodeBytes: 'ok "aGk="',
      b64EncodeInt16: 'GoError: invalid type []int16, expected string, []byte or ArrayBuffer',
      shaNumber: 'GoError: sha256 failed: invalid type int64, expected string, []byte or ArrayBuffer',
      shaBadEncoding: 'GoError: invalid output encoding: nope',
      hmacBadAlgo: 'GoError: invalid algorithm: nope',
      randomZero: 'GoError: invalid size',
      hexEncode: 'ok "6869"',
      hashAfterDigest: 'ok true',
      timeoutNoFn: "GoError: setTimeout's callback isn't a callable function",
      timeoutString: 'TypeError: could not convert function call parameter 0: could not convert code to sobek.Callable',
      openInVU:
        'GoError: the "open" function is only available in the init stage (i.e. the global scope), see https://grafana.com/docs/k6/latest/using-k6/test-lifecycle/ for more information',
      httpTimeoutNull: 'GoError: invalid timeout value: unable to use type <nil> as a duration value',
      httpTimeoutBad: 'GoError: invalid timeout value: time: invalid duration "soon"',
      httpResponseType: 'GoError: blob does not belong to ResponseType values',
      httpCallback: 'GoError: unsupported responseCallback',
      httpBodyNumber: 'GoError: unknown request body type int64',
      httpBodyArray: 'GoError: unknown request body type []interface {}',
      httpUrlNumber: "GoError: invalid URL: '#5'",
      batchNone: 'GoError: no argument was provided to http.batch()',
      batchString: 'GoError: invalid http.batch() argument type string',
      batchNoUrl: "GoError: batch request 0 doesn't have a url key",
    });
    expect(res.optionsFrozen).toMatch(/^TypeError: /); // exec.test.options is deep-frozen
  });
});
