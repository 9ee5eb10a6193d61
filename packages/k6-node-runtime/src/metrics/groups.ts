// The group tree and check counts the samples' `group` and `check` tags build (k6 lib/models.go Group, and
// internal/js/summary.go exportGroup for handleSummary's root_group), plus checks by name across groups (the text
// summary's TOTAL RESULTS).
import { createHash } from 'node:crypto';
import type { ReportCheck } from '../summary/report.js';

interface GroupNode {
  name: string;
  path: string;
  groups: Map<string, GroupNode>;
  checks: Map<string, ReportCheck>;
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

/** Counts one check result under its name. */
export function bumpCheck(map: Map<string, ReportCheck>, name: string, value: number): void {
  let c = map.get(name);
  if (!c) map.set(name, (c = { name, passes: 0, fails: 0 }));
  if (value === 0) c.fails++;
  else c.passes++;
}

export class GroupTree {
  private readonly root: GroupNode = { name: '', path: '', groups: new Map(), checks: new Map() };
  private readonly known = new Set<string>(['']);
  /** checks aggregated by name across groups */
  readonly allChecks = new Map<string, ReportCheck>();

  /** A sample's `group` tag (a group path `::a::b`): adds the groups it names. */
  see(group: string): void {
    if (this.known.has(group)) return;
    this.known.add(group);
    this.node(group);
  }

  recordCheck(group: string, name: string, value: number): void {
    const node = this.node(group);
    if (node) bumpCheck(node.checks, name, value);
    bumpCheck(this.allChecks, name, value);
  }

  /** handleSummary's `root_group`. */
  export(): Record<string, unknown> {
    return exportGroup(this.root);
  }

  private node(path: string): GroupNode | undefined {
    if (path === '') return this.root;
    if (!path.startsWith('::')) return undefined;
    const names = path.slice(2).split('::');
    // setup()/teardown() run in groups that k6 does not attach to the root group
    if (names[0] === 'setup' || names[0] === 'teardown') return undefined;
    let node = this.root;
    for (const name of names) {
      let child = node.groups.get(name);
      if (!child) {
        child = { name, path: `${node.path}::${name}`, groups: new Map(), checks: new Map() };
        node.groups.set(name, child);
      }
      node = child;
    }
    return node;
  }
}

function exportGroup(g: GroupNode): Record<string, unknown> {
  return {
    name: g.name,
    path: g.path,
    id: md5(g.path),
    groups: [...g.groups.values()].map(exportGroup),
    checks: [...g.checks.values()].map((c) => {
      const path = `${g.path}::${c.name}`;
      return { name: c.name, path, id: md5(path), passes: c.passes, fails: c.fails };
    }),
  };
}
