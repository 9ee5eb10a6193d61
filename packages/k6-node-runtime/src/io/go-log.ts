// Go's standard `log` package output (stderr, "2006/01/02 15:04:05 msg"): xk6-mongo logs with it,
// outside k6's logger, so its lines look the same here.
const pad = (n: number) => String(n).padStart(2, '0');

export function goLog(msg: string): void {
  const d = new Date();
  const stamp = `${d.getFullYear()}/${pad(d.getMonth() + 1)}/${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  process.stderr.write(`${stamp} ${msg}\n`);
}
