// Pure helpers behind the extension shims: Go's time.ParseDuration, serenize/snaker's
// CamelToSnake (k6's field-name mapper), Go time.Time rendering, lib/pq connection strings.
import { describe, expect, it } from 'vitest';
import { parseGoDuration } from '../../src/io/go-duration.js';
import { camelToSnake, goKeys, apiKeys } from '../../src/io/go-names.js';
import { pqConfig } from '../../src/modules/pq-dsn.js';
import { GoTime } from '../../src/modules/go-time.js';

describe('parseGoDuration (time.ParseDuration)', () => {
  it('parses Go durations to ms', () => {
    expect(parseGoDuration('10s')).toBe(10_000);
    expect(parseGoDuration('1h10m10s')).toBe(4_210_000);
    expect(parseGoDuration('300ms')).toBe(300);
    expect(parseGoDuration('-1.5h')).toBe(-5_400_000);
    expect(parseGoDuration('1500us')).toBe(1.5);
    expect(parseGoDuration('2µs')).toBe(0.002);
    expect(parseGoDuration('0')).toBe(0);
  });
  it("throws Go's messages", () => {
    expect(() => parseGoDuration('10')).toThrow('time: missing unit in duration "10"');
    expect(() => parseGoDuration('10x')).toThrow('time: unknown unit "x" in duration "10x"');
    expect(() => parseGoDuration('')).toThrow('time: invalid duration ""');
    expect(() => parseGoDuration('abc')).toThrow('time: invalid duration "abc"');
  });
});

describe('camelToSnake (serenize/snaker, as k6 maps Go field names)', () => {
  it('maps like snaker, quirks included', () => {
    expect(camelToSnake('ID')).toBe('id');
    expect(camelToSnake('Id')).toBe('id');
    expect(camelToSnake('NetworkID')).toBe('network_id');
    expect(camelToSnake('IPAddress')).toBe('ip_address');
    expect(camelToSnake('PublicPort')).toBe('public_port');
    expect(camelToSnake('OOMKilled')).toBe('o_o_m_killed');
    expect(camelToSnake('RootFS')).toBe('root_f_s');
    expect(camelToSnake('EnableIPv6')).toBe('enable_ip_v6');
    expect(camelToSnake('ExecIDs')).toBe('exec_id_s');
  });
  it('converts struct fields but keeps Go map keys', () => {
    expect(
      goKeys({
        Id: 'x',
        Labels: { 'com.x.Y': 'v' },
        NetworkSettings: { Networks: { bridge: { IPAddress: '1.2.3.4' } } },
        Ports: [{ PrivatePort: 80 }],
      }),
    ).toEqual({
      id: 'x',
      labels: { 'com.x.Y': 'v' },
      network_settings: { networks: { bridge: { ip_address: '1.2.3.4' } } },
      ports: [{ private_port: 80 }],
    });
    expect(apiKeys({ working_dir: '/', cmd: ['a'], nope: 1 }, ['WorkingDir', 'Cmd'])).toEqual({
      WorkingDir: '/',
      Cmd: ['a'],
    });
  });
});

describe('GoTime (time.Time as a k6 script sees it)', () => {
  const t = new GoTime(1704164645, 123456000, 0, 'UTC');
  it('String() and MarshalJSON like Go', () => {
    expect(String(t)).toBe('2024-01-02 03:04:05.123456 +0000 UTC');
    expect(JSON.stringify({ t })).toBe('{"t":"2024-01-02T03:04:05.123456Z"}');
    const off = new GoTime(1704164645, 0, 19800, '');
    expect(off.string()).toBe('2024-01-02 08:34:05 +0530 +0530');
    expect(off.toJSON()).toBe('2024-01-02T08:34:05+05:30');
  });
  it('is not a Date and has no numeric value', () => {
    expect(t instanceof Date).toBe(false);
    expect(Number.isNaN(+t)).toBe(true);
    expect(t.unix()).toBe(1704164645);
    expect(t.unixMilli()).toBe(1704164645123);
    expect([t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second(), t.nanosecond()]).toEqual([
      2024, 1, 2, 3, 4, 5, 123456000,
    ]);
  });
});

describe('pqConfig (lib/pq DSNs → libpq keywords)', () => {
  const pairs = (c: ReturnType<typeof pqConfig>) => Object.fromEntries(c.keywords.map((k, i) => [k, c.values[i]]));
  it('URL form; sslmode defaults to require; host:port kept for dial errors', () => {
    const c = pqConfig('postgres://u:p%40ss@h:5433/db?sslmode=disable&application_name=k6&binary_parameters=yes');
    expect(pairs(c)).toEqual({
      host: 'h',
      port: '5433',
      user: 'u',
      password: 'p@ss',
      dbname: 'db',
      application_name: 'k6',
      sslmode: 'disable',
      client_encoding: 'UTF8',
    });
    expect([c.host, c.port, c.connectTimeoutMs]).toEqual(['h', 5433, undefined]);
    expect(pairs(pqConfig('postgres://h/db')).sslmode).toBe('require');
  });
  it('key=value form with quoting; connect_timeout in seconds', () => {
    const c = pqConfig("host=h port=5432 user=u password='a b\\'c' dbname=d sslmode=verify-full connect_timeout=5");
    expect(pairs(c)).toMatchObject({
      host: 'h',
      port: '5432',
      user: 'u',
      password: "a b'c",
      dbname: 'd',
      sslmode: 'verify-full',
    });
    expect(c.connectTimeoutMs).toBe(5000);
  });
  it('no host: localhost over TCP, as lib/pq (libpq would take a Unix socket)', () => {
    const saved = process.env.PGHOST;
    delete process.env.PGHOST;
    try {
      expect(pqConfig('dbname=d').host).toBe('localhost');
    } finally {
      if (saved !== undefined) process.env.PGHOST = saved;
    }
  });
  it('rejects sslmodes lib/pq does not have', () => {
    expect(() => pqConfig('postgres://h/db?sslmode=prefer')).toThrow('pq: unsupported sslmode "prefer"');
  });
});
