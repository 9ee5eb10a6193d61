// Runs k6 scripts through the real CLI (`node bin/k6-node-runtime.js run ...`), as a user would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const script = (name: string): string => join(root, 'test/conformance/scripts', name);
/** The CLI these tests drive: the package's own (the harness's `cdc-chaos run` drives the same code). */
export const bin = join(root, 'bin/k6-node-runtime.js');
export const built = existsSync(join(root, 'out/cli/main.js'));

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** handleSummary data, when the script writes it to __ENV.SUMMARY_OUT (see scripts/_summary.js) */
  summary?: SummaryData;
  dir: string;
}

export interface SummaryData {
  metrics: Record<
    string,
    { type: string; contains: string; values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }
  >;
  root_group: { checks: Array<{ name: string; passes: number; fails: number }>; groups: Array<{ name: string }> };
  state: { testRunDurationMs: number };
  setup_data?: unknown;
}

/** `run` and `cli` for one CLI launcher (the harness's tests use them with bin/cdc-chaos.js). */
export function runners(bin: string) {
  /** Runs `<cli> run <args> <script>` (a name in scripts/, or an absolute path); SUMMARY_OUT points at a per-run temp file. */
  function run(scriptName: string, args: string[] = [], env: Record<string, string> = {}): RunResult {
    const dir = mkdtempSync(join(tmpdir(), 'cdc-conf-'));
    const out = join(dir, 'summary.json');
    const r = spawnSync(
      process.execPath,
      [bin, 'run', '-q', '-e', `SUMMARY_OUT=${out}`, ...args, isAbsolute(scriptName) ? scriptName : script(scriptName)],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', ...env },
        timeout: 110_000,
      },
    );
    return {
      code: r.status ?? -1,
      stdout: r.stdout,
      stderr: r.stderr,
      summary: existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as SummaryData) : undefined,
      dir,
    };
  }

  /** Runs `<cli> <args>` as typed (no flags added) in a fresh temp folder; `input` goes to stdin. */
  function cli(args: string[], o: { env?: Record<string, string>; input?: string; dir?: string } = {}): RunResult {
    const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'cdc-conf-'));
    const r = spawnSync(process.execPath, [bin, ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', ...o.env },
      input: o.input,
      timeout: 110_000,
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, dir };
  }

  return { run, cli };
}

export const { run, cli } = runners(bin);

/** Lines the scripts print with console.log('RESULT <json>'), parsed. */
export function results(r: RunResult): unknown[] {
  return r.stderr
    .split('\n')
    .map((l) => /msg="RESULT (.*)"/.exec(l)?.[1])
    .filter((x): x is string => x !== undefined)
    .map((s) => JSON.parse(JSON.parse(`"${s}"`)) as unknown);
}
