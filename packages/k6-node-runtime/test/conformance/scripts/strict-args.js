// Arguments k6 v1.8.1 refuses or converts (k6, k6/metrics, k6/execution, k6/http, k6/encoding,
// k6/crypto, k6/timers, k6/data, open()), probed with options.throw so every refusal is thrown.
import { check, group, fail, sleep } from 'k6';
import http from 'k6/http';
import exec from 'k6/execution';
import encoding from 'k6/encoding';
import crypto from 'k6/crypto';
import { SharedArray } from 'k6/data';
import { Counter, Trend } from 'k6/metrics';
import { probe } from './_probe.js';

const init = {
  noName: probe(() => new Counter()),
  oneChar: probe(() => new Counter('a')),
  longest: probe(() => new Counter(`a${'b'.repeat(128)}`).name.length),
  tooLong: probe(() => new Counter(`a${'b'.repeat(129)}`)),
  valueType: probe(() => {
    new Trend('timed', true);
    return new Trend('timed');
  }),
  vuInInit: probe(() => exec.vu),
  scenarioInInit: probe(() => exec.scenario),
  instanceInInit: probe(() => exec.instance),
  failInInit: probe(() => exec.test.fail('x')),
  sharedUndefinedName: probe(() => new SharedArray(undefined, () => [1]).length),
  openEmpty: probe(() => open('')),
  openDir: probe(() => open('.').length),
  openFileScheme: probe(() => open('file://fixture.txt')),
  openMissing: probe(() => open('does-not-exist.txt')),
};
const c = new Counter('strict_c');

export const options = { iterations: 1, throw: true };

export default function () {
  const res = {
    init,
    addNone: probe(() => c.add()),
    addNull: probe(() => c.add(null)),
    addUndefined: probe(() => c.add(undefined)),
    addLong: probe(() => c.add('x'.repeat(150))),
    checkNoSets: probe(() => check(1)),
    checkNull: probe(() => check(1, null)),
    checkSep: probe(() => check(1, { 'a::b': true })),
    checkAsync: probe(() => check(1, { a: async () => true })),
    groupSep: probe(() => group('a::b', () => 1)),
    groupNoFn: probe(() => group('x')),
    groupAsync: probe(() => group('x', async () => 1)),
    groupRootUnnamed: probe(() => group('', () => exec.vu.tags.group)),
    groupNested: probe(() => group('o', () => group('', () => exec.vu.tags.group))),
    failNoArg: probe(() => fail()),
    sleepNull: probe(() => sleep(null)),
    optionsFrozen: probe(() => {
      exec.test.options.throw = false;
    }),
    optionsNoVus: probe(() => 'vus' in exec.test.options),
    b64Unpadded: probe(() => encoding.b64decode('aGVsbG8')),
    b64Space: probe(() => encoding.b64decode('aGVs bG8=')),
    b64Raw: probe(() => encoding.b64decode('aGVsbG8', 'rawstd', 's')),
    b64RawPadded: probe(() => encoding.b64decode('aGk=', 'rawstd')),
    b64Newlines: probe(() => encoding.b64decode('aGVs\nbG8=', 'std', 's')),
    b64EncodeNumber: probe(() => encoding.b64encode(5)),
    b64EncodeBytes: probe(() => encoding.b64encode(new Uint8Array([104, 105]))),
    b64EncodeInt16: probe(() => encoding.b64encode(new Int16Array(1))),
    shaNumber: probe(() => crypto.sha256(5, 'hex')),
    shaBadEncoding: probe(() => crypto.sha256('a', 'nope')),
    hmacBadAlgo: probe(() => crypto.createHMAC('nope', 'k')),
    randomZero: probe(() => crypto.randomBytes(0)),
    hexEncode: probe(() => crypto.hexEncode('hi')),
    hashAfterDigest: probe(() => {
      const h = crypto.createHash('sha256');
      h.update('a');
      h.digest('hex');
      h.update('b');
      return h.digest('hex') === crypto.sha256('ab', 'hex');
    }),
    timeoutNoFn: probe(() => setTimeout()),
    timeoutString: probe(() => setTimeout('code', 1)),
    openInVU: probe(() => open('fixture.txt')),
    httpTimeoutNull: probe(() => http.get('http://127.0.0.1:9/', { timeout: null })),
    httpTimeoutBad: probe(() => http.get('http://127.0.0.1:9/', { timeout: 'soon' })),
    httpResponseType: probe(() => http.get('http://127.0.0.1:9/', { responseType: 'blob' })),
    httpCallback: probe(() => http.get('http://127.0.0.1:9/', { responseCallback: () => true })),
    httpBodyNumber: probe(() => http.post('http://127.0.0.1:9/', 5)),
    httpBodyArray: probe(() => http.post('http://127.0.0.1:9/', [1])),
    httpUrlNumber: probe(() => http.get(5)),
    batchNone: probe(() => http.batch()),
    batchString: probe(() => http.batch('http://127.0.0.1:9/')),
    batchNoUrl: probe(() => http.batch([{ method: 'GET' }])),
  };
  console.log(`RESULT ${JSON.stringify(res)}`);
}
