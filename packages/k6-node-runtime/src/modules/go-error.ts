// A Go error as a k6 script catches it: an Error named "GoError" (sobek's wrapper), so that
// `String(e)` and k6's log lines read "GoError: <message>".
export function goError(message: string): Error {
  const e = new Error(message);
  e.name = 'GoError';
  return e;
}
