// The fault-type registry (src/experiment/faults): every type a scenario uses is registered, and every
// registered file is complete — it validates and plans its own example, its faults heal, its healers heal,
// and it says what it is on Kubernetes (Chaos Mesh resources, or why it is refused).
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { TARGET_LABEL } from '../../src/experiment/allowlist.js';
import { CHAOS_MESH_KINDS } from '../../src/experiment/chaos-mesh.js';
import { planFaults, undoAll } from '../../src/experiment/fault-plan.js';
import {
  FAULT_PROCESSES,
  FAULT_TYPES,
  faultProcess,
  faultType,
  type FaultType,
} from '../../src/experiment/faults/index.js';
import { kubernetesPlan, kubernetesRefusals } from '../../src/experiment/kubernetes-plan.js';
import type { Primitive } from '../../src/experiment/primitives.js';
import type { ScenarioSpec } from '../../src/experiment/scenario.js';
import { validateScenario } from '../../src/experiment/schema.js';

const SCENARIOS = new URL('../../scenarios/', import.meta.url).pathname;

function shippedActionTypes(): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readdirSync(SCENARIOS).filter((n) => n.endsWith('.yml'))) {
    const doc = parse(readFileSync(SCENARIOS + f, 'utf8')) as { phases: { actions?: { type: string }[] }[] };
    for (const p of doc.phases) for (const a of p.actions ?? []) out.set(a.type, f);
  }
  return out;
}

/** A scenario of one 30 s phase with these actions on cdc-kafka, then a 10 s quiet phase. */
function scenarioOf(actions: { type: string; params?: Record<string, unknown> }[]): ScenarioSpec {
  const raw = {
    name: 'registry',
    phases: [
      { name: 'a', duration: '30s', actions: actions.map((a) => ({ target: 'cdc-kafka', ...a })) },
      { name: 'b', duration: '10s' },
    ],
  };
  const r = validateScenario(raw, 'registry');
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('; '));
  return r.scenario;
}

const injecting = FAULT_TYPES.filter((t) => t.plan);
const healing = FAULT_TYPES.filter((t) => t.heals);

describe('fault-type registry', () => {
  it('registers every action type the shipped scenarios use', () => {
    const used = shippedActionTypes();
    expect(used.size).toBeGreaterThan(5);
    for (const [type, file] of used) {
      expect(faultType(type), `${file} uses ${type}`).toBeDefined();
    }
  });

  it.each(FAULT_TYPES.map((t) => [t.name, t] as [string, FaultType]))('%s is a complete file', (name, t) => {
    expect(FAULT_TYPES.filter((u) => u.name === name)).toHaveLength(1);
    expect(name).toMatch(/^[a-z][a-z_]*$/);
    expect(t.description.length).toBeGreaterThan(20);
    expect(t.description).not.toMatch(/\n/);
    expect(t.plan || t.heals, 'it neither injects nor heals').toBeTruthy();
    expect(!t.heals || t.healOps, 'heals without healOps').toBeTruthy();
    // Params it accepts but does not read would be silently dropped.
    if (t.paramKeys.some((k) => k !== 'duration')) expect(t.parseParams, 'params without parseParams').toBeDefined();
    for (const k of Object.keys(t.example)) expect(t.paramKeys).toContain(k);
  });

  it.each(injecting.map((t) => [t.name, t] as [string, FaultType]))(
    '%s plans its example: injects, heals, undoes',
    (name, t) => {
      const plan = planFaults(scenarioOf([{ type: name, params: t.example }]), 1);
      expect(plan.faults).toHaveLength(1);
      const f = plan.faults[0];
      expect(f.inject.length).toBeGreaterThan(0);
      if (!t.instant) expect(f.heal.length).toBeGreaterThan(0);
      expect(undoAll(plan).length).toBeGreaterThan(0);
      for (const p of f.inject) {
        if (p.kind !== 'exec') continue;
        // An exec fault names its process, so heal may stop it and preflight checks its tools.
        expect(
          p.process && faultProcess(p.process),
          `exec without a registered process: ${p.cmd.join(' ')}`,
        ).toBeTruthy();
        expect(p.undo).toEqual(faultProcess(p.process ?? '')?.pkill);
      }
    },
  );

  it.each(healing.map((t) => [t.name, t] as [string, FaultType]))('%s heals each type it names', (name, t) => {
    for (const healed of t.heals ?? []) {
      const h = faultType(healed);
      expect(h?.plan, `${name} heals ${healed}, which injects nothing`).toBeDefined();
      const { example } = h as FaultType;
      const { duration: _d, ...untimed } = example;
      const plan = planFaults(scenarioOf([{ type: healed, params: untimed }, { type: name }]), 1);
      expect(plan.faults[0]).toMatchObject({ action: healed, healedBy: 'action', heal: t.healOps?.('cdc-kafka') });
    }
  });

  it.each(injecting.map((t) => [t.name, t] as [string, FaultType]))(
    '%s maps to Chaos Mesh or states why Kubernetes refuses it',
    (name, t) => {
      expect(Boolean(t.chaosMesh) !== Boolean(t.chaosMeshRefusal), 'exactly one of chaosMesh, chaosMeshRefusal').toBe(
        true,
      );
      const scenario = scenarioOf([{ type: name, params: t.example }]);
      const plan = planFaults(scenario, 1);
      const ctx = { namespace: 'chaos', runId: 'registry' };
      if (t.chaosMeshRefusal !== undefined) {
        expect(t.chaosMeshRefusal).not.toMatch(/\n/);
        expect(kubernetesRefusals(plan)).toEqual([
          `fault ${plan.faults[0].id}: ${name} has no Kubernetes (Chaos Mesh) equivalent: ${t.chaosMeshRefusal}`,
        ]);
        expect(() => kubernetesPlan(scenario, plan, ctx)).toThrow(t.chaosMeshRefusal);
        return;
      }
      expect(kubernetesRefusals(plan)).toEqual([]);
      const f = kubernetesPlan(scenario, plan, ctx).faults[0];
      expect(f.inject.length).toBeGreaterThan(0);
      const created = f.inject.map((p: Primitive) => {
        if (p.kind !== 'chaos_mesh_create') throw new Error(`${name} injects ${p.kind} on Kubernetes`);
        const r = p.resource;
        expect(Object.keys(CHAOS_MESH_KINDS)).toContain(r.kind);
        // The blast radius: only the target's pods, and only those the allowlist label marks.
        expect(r.spec.selector).toMatchObject({ namespaces: ['chaos'], labelSelectors: { [TARGET_LABEL]: 'true' } });
        // Chaos Mesh ends a lasting fault by itself even if nobody deletes the resource.
        if (!t.instant) expect(r.spec.duration).toMatch(/^\d+s$/);
        return `${r.kind}/${r.metadata.name}`;
      });
      expect(new Set(created).size).toBe(created.length);
      // Its heal deletes exactly what it created.
      expect(
        f.heal.map((p: Primitive) => (p.kind === 'chaos_mesh_delete' ? `${p.resourceKind}/${p.name}` : p.kind)),
      ).toEqual(created);
    },
  );

  it.each(FAULT_TYPES.filter((t) => !t.plan).map((t) => [t.name, t] as [string, FaultType]))(
    '%s only heals: on Kubernetes it deletes what it heals, and maps nothing itself',
    (_name, t) => {
      expect(t.chaosMesh).toBeUndefined();
      expect(t.chaosMeshRefusal).toBeUndefined();
    },
  );

  it("docs/experiments.md's fault table names every registered type", () => {
    const docs = readFileSync(new URL('../../docs/experiments.md', import.meta.url), 'utf8');
    const table = docs.slice(docs.indexOf('## Faults'), docs.indexOf('\n## ', docs.indexOf('## Faults') + 1));
    for (const t of FAULT_TYPES) expect(table, t.name).toContain(`\`${t.name}\``);
  });

  it('every fault process has distinct name, pkill, pgrep and needs', () => {
    expect(new Set(FAULT_PROCESSES.map((p) => p.name)).size).toBe(FAULT_PROCESSES.length);
    for (const p of FAULT_PROCESSES) {
      expect(p.pkill[0]).toBe('pkill');
      expect(p.pgrep[0]).toBe('pgrep');
      expect(p.needs).toEqual(expect.arrayContaining(['pkill', 'pgrep']));
    }
  });
});
