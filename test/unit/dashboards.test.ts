// dashboards/*.json are generated (dashboards/generate.mjs) and provisioned by docker-compose.yml's
// cdc-grafana: the files must be current, every panel must query the provisioned datasource with
// k6's remote-write names, and every phase with a duration must have its row.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  dashboardFiles,
  dashboardQueries,
  DATASOURCE,
  PROVISIONED_DATASOURCE_UID,
  type Dashboard,
} from '../../src/dashboards/grafana.js';
import { scenario } from './report-fixtures.js';

const root = new URL('../..', import.meta.url).pathname;
const ids = readdirSync(join(root, 'scenarios'))
  .filter((f) => f.endsWith('.yml'))
  .map((f) => f.replace(/\.yml$/, ''))
  .sort();
const generated = dashboardFiles(ids.map((id) => scenario(id)));

describe('dashboards/', () => {
  it('holds exactly the generated dashboards, up to date (run: node dashboards/generate.mjs)', () => {
    const files = readdirSync(join(root, 'dashboards'))
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(files).toEqual(Object.keys(generated).sort());
    for (const f of files)
      expect(JSON.parse(readFileSync(join(root, 'dashboards', f), 'utf8')), f).toEqual(
        JSON.parse(JSON.stringify(generated[f])),
      );
  });

  it('queries the datasource variable (any Grafana), defaulting to the provisioned one; unique panel ids, non-empty PromQL', () => {
    const ds = parse(readFileSync(join(root, 'dashboards/provisioning/datasources/prometheus.yml'), 'utf8')) as {
      datasources: { uid: string; url: string }[];
    };
    expect(ds.datasources[0].uid).toBe(PROVISIONED_DATASOURCE_UID);
    expect(ds.datasources[0].url).toBe('http://cdc-prometheus:9090');
    expect(DATASOURCE).toEqual({ type: 'prometheus', uid: '${datasource}' });
    for (const d of Object.values<Dashboard>(generated)) {
      expect(d.templating.list[0], d.uid).toMatchObject({
        name: 'datasource',
        type: 'datasource',
        query: 'prometheus',
        current: { value: PROVISIONED_DATASOURCE_UID },
      });
      // The provisioned uid is only the variable's default: nothing else names it.
      expect(JSON.stringify({ ...d, templating: { list: d.templating.list.slice(1) } }), d.uid).not.toContain(
        PROVISIONED_DATASOURCE_UID,
      );
      for (const a of d.annotations.list) expect(a.datasource, d.uid).toEqual(DATASOURCE);
      const ids = d.panels.map((p) => p.id);
      expect(new Set(ids).size, d.uid).toBe(ids.length);
      for (const p of d.panels.filter((x) => x.type !== 'row')) {
        expect(p.targets?.length, `${d.uid} / ${p.title}`).toBeGreaterThan(0);
        for (const t of p.targets ?? []) expect(t.datasource).toEqual(DATASOURCE);
      }
      for (const q of dashboardQueries(d)) expect(q.expr.trim(), q.where).not.toBe('');
    }
  });

  it('uses k6 remote-write names for the harness metrics and shades fault windows', () => {
    const d = generated['cdc-chaos-mongodb-failure.json'];
    const exprs = dashboardQueries(d)
      .map((q) => q.expr)
      .join('\n');
    for (const name of [
      'k6_cdc_writes_total',
      'k6_cdc_success_rate_rate',
      'k6_cdc_e2e_latency_p99',
      'k6_chaos_phase',
      'k6_chaos_fault_active',
      'k6_cdc_lost_total',
      'k6_vus',
    ])
      expect(exprs).toContain(name);
    expect(d.annotations.list[0].expr).toBe(
      'max by (action, target) (k6_chaos_fault_active{cdc_scenario="mongodb-failure"}) == 1',
    );
  });

  it('has one row per phase that lasts (instant phases are fault annotations)', () => {
    for (const id of ids) {
      const s = scenario(id);
      const rows = generated[`cdc-chaos-${id}.json`].panels
        .filter((p) => p.type === 'row' && p.title.startsWith('Phase '))
        .map((p) => p.title.replace(/ \(.*$/, ''));
      expect(rows, id).toEqual(
        s.phases.map((p, i) => (p.durationMs > 0 ? `Phase ${i + 1}: ${p.name}` : null)).filter((x) => x !== null),
      );
    }
  });

  it('is provisioned by docker-compose.yml (cdc-grafana mounts the provisioning and the dashboards)', () => {
    const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { volumes?: string[] }>;
    };
    const volumes = compose.services['cdc-grafana']?.volumes ?? [];
    for (const v of volumes) expect(existsSync(join(root, v.split(':')[0])), v).toBe(true);
    expect(volumes).toContain('./dashboards:/var/lib/grafana/dashboards/cdc-chaos:ro');
    const provider = parse(readFileSync(join(root, 'dashboards/provisioning/dashboards/cdc-chaos.yml'), 'utf8')) as {
      providers: { options: { path: string } }[];
    };
    expect(provider.providers[0].options.path).toBe('/var/lib/grafana/dashboards/cdc-chaos');
  });
});
