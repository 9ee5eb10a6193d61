import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TARGET_LABEL } from '../../src/experiment/allowlist.js';
import { NAME_LABEL, RUN_LABEL, runSelector, type ChaosResource } from '../../src/experiment/chaos-mesh.js';
import { planFaults, undoAll } from '../../src/experiment/fault-plan.js';
import { chaosMeshResources, kubernetesPlan, kubernetesRefusals } from '../../src/experiment/kubernetes-plan.js';
import { primitiveProblem } from '../../src/experiment/primitives.js';
import { readSettings } from '../../src/experiment/settings.js';
import { goRootCAs } from 'k6-node-runtime/io/go-roots.js';
import { shippedScenario } from './helpers-scenarios.js';

const CTX = { namespace: 'cdc-chaos', runId: 'Run_42' };
const SHIPPED = [
  'chaos-resilience',
  'connect-pause',
  'consumer-crash-during-slow-writes',
  'consumer-restart',
  'cpu-stress',
  'kafka-connection-loss',
  'kafka-partition',
  'late-redelivery',
  'memory-stress',
  'mongodb-failure',
  'network-delay',
];
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function resourcesOf(id: string): ChaosResource[] {
  const s = shippedScenario(id);
  return kubernetesPlan(s, planFaults(s, 1), CTX).faults.flatMap((f) =>
    f.inject.flatMap((p) => (p.kind === 'chaos_mesh_create' ? [p.resource] : [])),
  );
}

describe('Chaos Mesh mapping of the shipped scenarios', () => {
  it('refuses exactly the fault types Chaos Mesh has no resource for, one line per fault naming the type', () => {
    const refused = Object.fromEntries(
      SHIPPED.map((id) => [id, kubernetesRefusals(planFaults(shippedScenario(id), 1))]).filter(([, r]) => r.length > 0),
    );
    expect(Object.keys(refused)).toEqual(['connect-pause', 'late-redelivery']);
    expect(refused['connect-pause']).toEqual([
      expect.stringMatching(
        /^fault .*\.pause\.cdc-connect: pause has no Kubernetes \(Chaos Mesh\) equivalent: Chaos Mesh cannot freeze a pod/,
      ),
    ]);
    expect(refused['late-redelivery'][0]).toMatch(/redeliver has no Kubernetes \(Chaos Mesh\) equivalent/);
    const s = shippedScenario('connect-pause');
    expect(() => kubernetesPlan(s, planFaults(s, 1), CTX)).toThrow(
      /^this scenario cannot run on Kubernetes:\n {2}fault .*pause/,
    );
  });

  it('every resource selects only allowlisted pods of its target in its namespace and carries the run labels', () => {
    for (const id of SHIPPED.filter((i) => i !== 'connect-pause' && i !== 'late-redelivery')) {
      const s = shippedScenario(id);
      const plan = planFaults(s, 1);
      const resources = resourcesOf(id);
      expect(resources.length, id).toBeGreaterThanOrEqual(plan.faults.length);
      for (const r of resources) {
        expect(r.metadata.name, id).toMatch(DNS_LABEL);
        expect(r.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'cdc-chaos', [RUN_LABEL]: 'run-42' });
        const sel = r.spec.selector as { namespaces: string[]; labelSelectors: Record<string, string> };
        expect(sel.namespaces).toEqual(['cdc-chaos']);
        expect(sel.labelSelectors[TARGET_LABEL]).toBe('true');
        expect(sel.labelSelectors[NAME_LABEL]).toMatch(/^cdc-/);
      }
      expect(new Set(resources.map((r) => r.metadata.name)).size, id).toBe(resources.length);
    }
  });

  it('maps each fault type to its Chaos Mesh action', () => {
    const kinds = (id: string) =>
      resourcesOf(id).map(
        (r) => `${r.kind}:${String(r.spec.action ?? Object.keys(r.spec.stressors as object).join('+'))}`,
      );
    expect(kinds('mongodb-failure')).toEqual(['PodChaos:pod-failure']);
    expect(kinds('consumer-restart')).toContain('PodChaos:pod-failure');
    expect(kinds('kafka-partition')).toEqual(['NetworkChaos:partition']);
    expect(kinds('network-delay').every((k) => k === 'NetworkChaos:delay')).toBe(true);
    expect(kinds('cpu-stress')).toEqual(['StressChaos:cpu']);
    expect(kinds('memory-stress')).toEqual(['StressChaos:memory']);
    const mem = resourcesOf('memory-stress')[0].spec;
    expect(mem).toMatchObject({ stressors: { memory: { workers: 1, size: '256MiB' } }, duration: '60s' });
    // A network fault reaches the peers of the links it names, never the harness's own connections.
    const part = resourcesOf('kafka-partition')[0].spec as {
      direction: string;
      target: { selector: { expressionSelectors?: unknown; labelSelectors: Record<string, string> } };
    };
    expect(part.direction).toBe('both');
    expect(part.target.selector.labelSelectors[TARGET_LABEL]).toBe('true');
  });

  it('heal deletes the fault resources; undo of the plan deletes everything of the run by label', () => {
    const s = shippedScenario('kafka-partition');
    const plan = kubernetesPlan(s, planFaults(s, 1), CTX);
    const f = plan.faults[0];
    expect(f.heal).toEqual([
      {
        kind: 'chaos_mesh_delete',
        resourceKind: 'NetworkChaos',
        namespace: 'cdc-chaos',
        name: (f.inject[0] as { resource: ChaosResource }).resource.metadata.name,
      },
    ]);
    expect(undoAll(plan)).toEqual([{ kind: 'chaos_mesh_clear', namespace: 'cdc-chaos', runId: 'run-42' }]);
    expect(plan.steps.every((st) => st.ops.every((op) => op.kind.startsWith('chaos_mesh_')))).toBe(true);
    expect(runSelector('run-42')).toBe('app.kubernetes.io/managed-by=cdc-chaos,cdc-chaos/run-id=run-42');
    for (const op of [...f.inject, ...f.heal, ...undoAll(plan)]) expect(primitiveProblem(op)).toBeUndefined();
    expect(primitiveProblem({ kind: 'chaos_mesh_delete', resourceKind: 'Pod', namespace: 'x', name: 'y' })).toMatch(
      /resourceKind/,
    );
    expect(primitiveProblem({ kind: 'chaos_mesh_clear', namespace: 'x' })).toMatch(/runId/);
  });

  it('a fault that is not an action of the scenario is refused', () => {
    const s = shippedScenario('kafka-partition');
    const f = { ...planFaults(s, 1).faults[0], id: 'nope.7.partition.cdc-kafka', phase: 'nope' };
    expect(() => chaosMeshResources(s, f, CTX)).toThrow(/is not an action of scenario/);
  });
});

describe('backend choice', () => {
  const s = shippedScenario('kafka-partition');
  it('kubernetes inside a pod, docker elsewhere, CHAOS_BACKEND overrides, anything else is one line', () => {
    expect(readSettings({}, s).backend).toBe('docker');
    expect(readSettings({ KUBERNETES_SERVICE_HOST: '10.0.0.1' }, s).backend).toBe('kubernetes');
    expect(readSettings({ KUBERNETES_SERVICE_HOST: '10.0.0.1', CHAOS_BACKEND: 'docker' }, s).backend).toBe('docker');
    expect(() => readSettings({ CHAOS_BACKEND: 'k8s' }, s)).toThrow(
      'CHAOS_BACKEND must be docker or kubernetes, got "k8s"',
    );
  });
});

describe("Go's CA roots (SSL_CERT_FILE / SSL_CERT_DIR)", () => {
  const cert = (n: number) => `-----BEGIN CERTIFICATE-----\nMII${n}\n-----END CERTIFICATE-----`;
  it('unset: undefined (Node defaults); set: the file plus every certificate in the directories, other files ignored', () => {
    expect(goRootCAs({})).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'go-roots-'));
    writeFileSync(join(dir, 'bundle.pem'), `${cert(1)}\n${cert(2)}\n`);
    writeFileSync(join(dir, 'ca.crt'), cert(3));
    writeFileSync(join(dir, 'token'), 'not a certificate');
    expect(goRootCAs({ SSL_CERT_FILE: join(dir, 'bundle.pem'), SSL_CERT_DIR: '/nonexistent' })).toEqual([
      cert(1),
      cert(2),
    ]);
    expect(goRootCAs({ SSL_CERT_FILE: join(dir, 'token'), SSL_CERT_DIR: `/nonexistent:${dir}` })?.sort()).toEqual(
      [cert(1), cert(2), cert(3)].sort(),
    );
  });
});
