// Progress lines on stderr (stdout stays clean for `stack env` and `status --json`).
const started = Date.now();

export type Progress = (msg: string) => void;

export const progress: Progress = (msg) => {
  const t = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[stack ${t}s] ${msg}\n`);
};
