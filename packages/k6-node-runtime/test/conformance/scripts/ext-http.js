// k6/http against the test's local server (BASE): responses, timings, redirects, errors, tags.
import http from 'k6/http';
import { check } from 'k6';
export { handleSummary } from './_summary.js';
export const options = { iterations: 1 };
export default function () {
  const base = __ENV.BASE;
  const ok = http.get(`${base}/echo`, { headers: { 'X-Test': 'a' }, tags: { mytag: 'v' } });
  const posted = http.post(`${base}/echo`, { a: '1', b: 'x y' });
  const json = http.post(`${base}/echo`, JSON.stringify({ k: 1 }), { headers: { 'Content-Type': 'application/json' } });
  const redirected = http.get(`${base}/redirect?n=2`);
  const notFound = http.get(`${base}/x?code=404`, { tags: { name: 'named' } });
  const refused = http.get('http://127.0.0.1:1/');
  const timedOut = http.get(`${base}/slow`, { timeout: '200ms' });
  const badUrl = http.get('not a url');
  const batch = http.batch([
    `${base}/echo`,
    ['POST', `${base}/echo`, 'b'],
    { method: 'GET', url: `${base}/x?code=500` },
  ]);
  check(ok, { 200: (r) => r.status === 200 });
  console.log(
    `RESULT ${JSON.stringify({
      ok: {
        status: ok.status,
        status_text: ok.status_text,
        proto: ok.proto,
        header: ok.headers['Content-Type'],
        json: ok.json(),
        sel: ok.json('h'),
        timingKeys: Object.keys(ok.timings).sort(),
        durOk: ok.timings.duration >= 0,
        url: ok.url,
        error: ok.error,
        error_code: ok.error_code,
      },
      form: posted.json('body'),
      ctype: posted.json('ctype'),
      jsonBody: json.json('body'),
      redirected: { status: redirected.status, url: redirected.url, body: redirected.body },
      notFound: { status: notFound.status, error: notFound.error, error_code: notFound.error_code },
      refused: { status: refused.status, error: refused.error, error_code: refused.error_code, body: refused.body },
      timedOut: { status: timedOut.status, error: timedOut.error, error_code: timedOut.error_code },
      batch: batch.map((r) => r.status),
      badUrl: { status: badUrl.status, error_code: badUrl.error_code, error: badUrl.error },
    })}`,
  );
}
