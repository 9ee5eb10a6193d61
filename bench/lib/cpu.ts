// CPU seconds from /proc, to say where a round's CPU went on this 2-core machine (a write rate here is
// bounded by CPU, shared by the client and PostgreSQL). Linux adds a child's CPU to its parent's
// cutime/cstime once the parent has reaped it, so:
//  - a finished child command (the bench runs one at a time) = delta of this process's cutime+cstime;
//  - the PostgreSQL server = every postmaster's own and reaped children's time + its live children's.
import { readdirSync, readFileSync } from 'node:fs';

const TICK = 100; // USER_HZ: `getconf CLK_TCK` is 100 on Linux

interface Stat {
  pid: number;
  comm: string;
  ppid: number;
  self: number;
  children: number;
}

function stat(pid: string): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const f = text.slice(close + 2).split(' '); // f[0] = state (field 3)
    return {
      pid: Number(pid),
      comm: text.slice(text.indexOf('(') + 1, close),
      ppid: Number(f[1]),
      self: Number(f[11]) + Number(f[12]),
      children: Number(f[13]) + Number(f[14]),
    };
  } catch {
    return null; // gone meanwhile
  }
}

/** CPU seconds of the children this process has reaped so far. */
export function reapedChildrenCpu(): number {
  const s = stat('self');
  return s ? s.children / TICK : NaN;
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/**
 * CPU seconds the stack's PostgreSQL server (its postmaster and backends) has used so far. The host
 * may run other PostgreSQL servers (FerretDB's own backend in cdc-mongodb): the stack's is the one
 * started with wal_level=logical (Debezium's requirement); all of them when none is.
 */
export function postgresCpu(): number {
  const all = readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map(stat)
    .filter((s): s is Stat => s !== null && s.comm === 'postgres');
  const pids = new Set(all.map((s) => s.pid));
  const masters = all.filter((s) => !pids.has(s.ppid));
  const logical = masters.filter((s) => cmdline(s.pid).includes('wal_level=logical'));
  const chosen = new Set((logical.length ? logical : masters).map((s) => s.pid));
  let ticks = 0;
  for (const s of all) {
    if (chosen.has(s.pid))
      ticks += s.self + s.children; // postmaster: + its reaped backends
    else if (chosen.has(s.ppid)) ticks += s.self;
  }
  return ticks / TICK;
}

/** CPU seconds of every thread of a live process, by thread id (empty once it has exited). */
export function threadsCpu(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    const s = stat(`${pid}/task/${tid}`);
    if (s) out.set(Number(tid), s.self / TICK);
  }
  return out;
}
