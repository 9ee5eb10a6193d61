// Copied from /work/shared/tools/k6-engine-check (read-only there) into the project so CI builds and runs it
// (test/conformance/engine-check.test.ts) and so it can follow the bundles: the bundles now import jslib
// k6-summary (served here as a recording stub with textSummary's signature, as the extensions are stubbed) and
// carry inline source maps (parsed here as k6 parses them: a map sobek cannot read fails the parse).
//
// k6-engine-check: checks that cdc-chaos bundles (dist/chaos-*.js) are accepted by k6 v1.8's JavaScript
// engine, grafana/sobek at the exact version k6 v1.8.1 pins (go.mod: v0.0.0-20260429085637-a66d4790012b).
//
// Per bundle, the way k6 v1.8.1 loads a main module (internal/js/compiler/compiler.go Parse with
// esm=true, js/modules/resolution.go LoadMainModule / RunSourceData):
//  1. PARSE   parser.ParseFile(..., parser.IsModule) and sobek.ModuleFromAST; it must be ESM.
//  2. INIT    Link + CyclicModuleRecordEvaluate in a fresh runtime with k6's field-name mapper and
//     globals (__ENV, __VU, console, require, open, global, timers), the k6 modules the bundle imports
//     served as Go modules the way k6 serves them (names resolved lazily), extensions stubbed with the
//     REAL Go signatures of xk6-sql v1.0.6, xk6-mongo v1.2.0 and xk6-docker v0.2.0 (docker/docker
//     v23 API types), so sobek converts arguments and results exactly as on a real binary; jslib
//     k6-summary (any version; k6 downloads it) stubbed with exactly its exports (jUnit, humanizeValue,
//     textSummary) and textSummary's argument checks.
//  3. OPTIONS the exported options: known executors, exec functions exported, every threshold parses
//     with k6's grammar (metrics/thresholds_parser.go), names a declared/builtin metric and uses an
//     aggregation its type supports (metrics/metric_type.go), metric names valid (metrics/registry.go).
//  4. SMOKE (-smoke, informational) setup() -> every scenario's exec function once (each in its own
//     VU, setup data through JSON like k6) -> teardown() -> handleSummary() with a k6-shaped summary,
//     extension calls recorded, sleep() on a virtual clock (Date.now follows it), so nothing waits.
//
// Prints "N/M bundles parse on k6's engine (sobek)" last (a bundle counts when 1-3 pass); exit 0 iff all do.
package main

import (
	"crypto/md5" // #nosec G501: k6/crypto's md5, as k6 serves it
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/docker/docker/api/types"
	"github.com/docker/docker/api/types/container"
	"github.com/grafana/sobek"
	"github.com/grafana/sobek/ast"
	"github.com/grafana/sobek/parser"
	"github.com/serenize/snaker"
)

// ---- k6's FieldNameMapper (js/common/bridge.go) ----

type k6Mapper struct{}

func (k6Mapper) FieldName(_ reflect.Type, f reflect.StructField) string {
	if f.PkgPath != "" {
		return ""
	}
	if tag := f.Tag.Get("js"); tag != "" {
		if tag == "-" {
			return ""
		}
		return tag
	}
	if f.Name == "OCSP" {
		return "ocsp"
	}
	return snaker.CamelToSnake(f.Name)
}

func (k6Mapper) MethodName(_ reflect.Type, m reflect.Method) string {
	if m.Name[0] == 'X' {
		return m.Name[1:]
	}
	switch m.Name {
	case "JSON":
		return "json"
	case "HTML":
		return "html"
	case "URL":
		return "url"
	case "OCSP":
		return "ocsp"
	}
	return strings.ToLower(m.Name[0:1]) + m.Name[1:]
}

// ---- one VU ----

type call struct {
	Module, Fn, Detail string
}

type vu struct {
	id       uint64
	rt       *sobek.Runtime
	inInit   bool
	skewMs   float64
	calls    *[]call
	metrics  map[string]string // name -> type (shared across VUs)
	logs     *[]string
	mod      sobek.CyclicModuleRecord
	records  map[string]sobek.ModuleRecord
	usedMiss *[]string // named imports that the served module does not export
}

func (v *vu) record(module, fn, detail string) {
	*v.calls = append(*v.calls, call{module, fn, detail})
}

// goModule imitates k6's goModule/basicGoModule: ResolveExport always succeeds, the value is looked up
// when the binding is read (a missing name reads as undefined/null, it is not a link error).
type goModule struct {
	name  string
	v     *vu
	build func(v *vu) (def sobek.Value, named map[string]sobek.Value)
}

func (m *goModule) Link() error                            { return nil }
func (m *goModule) Evaluate(*sobek.Runtime) *sobek.Promise { panic("not reached") }
func (m *goModule) InitializeEnvironment() error           { return nil }
func (m *goModule) RequestedModules() []string             { return nil }
func (m *goModule) GetExportedNames(cb func([]string), _ ...sobek.ModuleRecord) bool {
	cb(nil)
	return true
}
func (m *goModule) ResolveExport(n string, _ ...sobek.ResolveSetElement) (*sobek.ResolvedBinding, bool) {
	return &sobek.ResolvedBinding{Module: m, BindingName: n}, false
}
func (m *goModule) Instantiate(rt *sobek.Runtime) (sobek.CyclicModuleInstance, error) {
	def, named := m.build(m.v)
	return &goInstance{m: m, def: def, named: named}, nil
}

type goInstance struct {
	m     *goModule
	def   sobek.Value
	named map[string]sobek.Value
}

func (i *goInstance) HasTLA() bool { return false }
func (i *goInstance) ExecuteModule(*sobek.Runtime, func(interface{}) error, func(interface{}) error) (sobek.CyclicModuleInstance, error) {
	return i, nil
}
func (i *goInstance) GetBindingValue(n string) sobek.Value {
	if n == "default" && i.def != nil {
		return i.def
	}
	if i.named != nil {
		if v, ok := i.named[n]; ok {
			return v
		}
		*i.m.v.usedMiss = append(*i.m.v.usedMiss, i.m.name+"#"+n)
		return sobek.Null()
	}
	v := i.def.ToObject(i.m.v.rt).Get(n)
	if v == nil || sobek.IsUndefined(v) {
		*i.m.v.usedMiss = append(*i.m.v.usedMiss, i.m.name+"#"+n)
	}
	return v
}

// ---- stubs: k6 built-ins ----

func k6Module(v *vu) (sobek.Value, map[string]sobek.Value) {
	rt := v.rt
	named := map[string]sobek.Value{
		"sleep": rt.ToValue(func(secs float64) {
			v.record("k6", "sleep", strconv.FormatFloat(secs, 'f', -1, 64))
			if secs > 0 {
				v.skewMs += secs * 1000
			}
		}),
		"check": rt.ToValue(func(call sobek.FunctionCall) sobek.Value {
			v.record("k6", "check", "")
			return rt.ToValue(true)
		}),
		"group": rt.ToValue(func(call sobek.FunctionCall) sobek.Value {
			fn, _ := sobek.AssertFunction(call.Argument(1))
			if fn == nil {
				panic(rt.NewTypeError("group() needs a function"))
			}
			r, err := fn(sobek.Undefined())
			if err != nil {
				panic(err)
			}
			return r
		}),
		"fail":       rt.ToValue(func(msg string) error { return errors.New(msg) }),
		"randomSeed": rt.ToValue(func(int64) {}),
	}
	return defaultOf(rt, named), named
}

// k6/execution, the two getters the bundles read: exec.test.options (an unsegmented run here: no executionSegment,
// so the bundle is the whole test) and exec.vu.idInTest; test options are refused in init code, as k6 refuses them.
func executionModule(v *vu) (sobek.Value, map[string]sobek.Value) {
	rt := v.rt
	getter := func(o *sobek.Object, name string, get func() sobek.Value) {
		if err := o.DefineAccessorProperty(name, rt.ToValue(get), nil, sobek.FLAG_FALSE, sobek.FLAG_TRUE); err != nil {
			panic(err)
		}
	}
	test := rt.NewObject()
	getter(test, "options", func() sobek.Value {
		v.record("k6/execution", "test.options", "")
		if v.inInit {
			panic(rt.NewGoError(errors.New("getting test options in the init context is not supported")))
		}
		return rt.NewObject()
	})
	vuInfo := rt.NewObject()
	getter(vuInfo, "idInTest", func() sobek.Value { return rt.ToValue(v.id) })
	// A smoke run gives each scenario one VU and one iteration: the scenario's first.
	scenario := rt.NewObject()
	for _, name := range []string{"iterationInInstance", "iterationInTest"} {
		getter(scenario, name, func() sobek.Value {
			if v.inInit {
				panic(rt.NewGoError(errors.New("getting scenario information outside of the VU context is not supported")))
			}
			return rt.ToValue(0)
		})
	}
	exec := rt.NewObject()
	getter(exec, "test", func() sobek.Value { return test })
	getter(exec, "vu", func() sobek.Value { return vuInfo })
	getter(exec, "scenario", func() sobek.Value { return scenario })
	return exec, map[string]sobek.Value{"test": test, "vu": vuInfo, "scenario": scenario}
}

// k6/crypto, the one function the bundles call: md5(input, outputEncoding) as k6 v1.8.1's crypto.go computes it
// (a string input is hashed as its UTF-8 bytes; an unknown encoding throws as k6's Digest does).
func cryptoModule(v *vu) (sobek.Value, map[string]sobek.Value) {
	rt := v.rt
	named := map[string]sobek.Value{
		"md5": rt.ToValue(func(input sobek.Value, enc string) (any, error) {
			v.record("k6/crypto", "md5", enc)
			var data []byte
			switch in := input.Export().(type) {
			case string:
				data = []byte(in)
			case sobek.ArrayBuffer:
				data = in.Bytes()
			default:
				return nil, fmt.Errorf("invalid type %T, expected string, []byte or ArrayBuffer", in)
			}
			sum := md5.Sum(data) // #nosec G401
			switch enc {
			case "hex":
				return hex.EncodeToString(sum[:]), nil
			case "base64":
				return base64.StdEncoding.EncodeToString(sum[:]), nil
			case "binary":
				ab := rt.NewArrayBuffer(sum[:])
				return &ab, nil
			default:
				return nil, fmt.Errorf("invalid output encoding: %s", enc)
			}
		}),
	}
	return defaultOf(rt, named), named
}

func defaultOf(rt *sobek.Runtime, named map[string]sobek.Value) sobek.Value {
	o := rt.NewObject()
	for k, val := range named {
		_ = o.Set(k, val)
	}
	return o
}

var metricName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]{1,128}$`)

func metricsModule(v *vu) (sobek.Value, map[string]sobek.Value) {
	rt := v.rt
	mk := func(typ string) sobek.Value {
		return rt.ToValue(func(cc sobek.ConstructorCall) *sobek.Object {
			if !v.inInit {
				panic(rt.NewGoError(errors.New("metrics must be declared in the init context")))
			}
			name := cc.Argument(0).String()
			if !metricName.MatchString(name) {
				panic(rt.NewGoError(fmt.Errorf("Invalid metric name: '%s'", name)))
			}
			if old, ok := v.metrics[name]; ok && old != typ {
				panic(rt.NewGoError(fmt.Errorf("metric '%s' already exists but with type %s, instead of %s", name, old, typ)))
			}
			v.metrics[name] = typ
			o := cc.This
			_ = o.Set("name", name)
			_ = o.Set("add", func(val sobek.Value, tags sobek.Value) (bool, error) {
				if v.inInit {
					return false, errors.New("Adding to metrics in the init context is not supported")
				}
				if val == nil || sobek.IsNull(val) || sobek.IsUndefined(val) {
					v.record("k6/metrics", "add-warning", name+": no/invalid value")
					return false, nil
				}
				// k6 js/common/tags.go ApplyCustomUserTag: only String, Boolean, Number tag values
				if tags != nil && !sobek.IsUndefined(tags) && !sobek.IsNull(tags) {
					to := tags.ToObject(rt)
					for _, k := range to.Keys() {
						tv := to.Get(k)
						kind := reflect.Invalid
						if t := tv.ExportType(); t != nil {
							kind = t.Kind()
						}
						switch kind {
						case reflect.String, reflect.Bool, reflect.Int64, reflect.Float64:
						default:
							return false, fmt.Errorf("cannot add tags for the '%s' custom metric: invalid value for metric tag '%s': only String, Boolean and Number types are accepted as a metric tag values", name, k)
						}
					}
				}
				v.record("k6/metrics", "add", name)
				return true, nil
			})
			return nil
		})
	}
	named := map[string]sobek.Value{"Counter": mk("counter"), "Gauge": mk("gauge"), "Rate": mk("rate"), "Trend": mk("trend")}
	return defaultOf(rt, named), named
}

// k6/http: responses as k6 shapes them; the harness's endpoints answer like a healthy Toxiproxy, the
// preflight's health/readiness endpoints say OK, everything else is unreachable (status 0), which the
// bundles must survive.
const httpJS = `(function(rec){
  function resp(status, body){ return { status: status, body: body, error: status === 0 ? 'dial tcp: connection refused' : '', error_code: status === 0 ? 1212 : 0, headers: {}, timings: { duration: 1 },
    json: function(sel){ if (typeof this.body !== 'string') throw new Error('cannot parse json due to an error at line 1, character 1 , error: unexpected end of JSON input'); return JSON.parse(this.body); } }; }
  var proxies = new Proxy({}, { get: function(t, k){ return typeof k === 'string' ? { name: k, enabled: true, toxics: [] } : undefined; }, has: function(){ return true; } });
  function route(method, url){
    rec(method, url);
    if (/\/proxies$/.test(url) && method === 'GET') { var r = resp(200, '{}'); r.json = function(){ return proxies; }; return r; }
    if (/\/proxies\/[^/]+\/toxics$/.test(url) && method === 'GET') return resp(200, '[]');
    if (/\/proxies\/[^/]+\/toxics/.test(url)) return resp(method === 'DELETE' ? 204 : 200, '{}');
    if (/\/proxies\/[^/]+$/.test(url)) return resp(200, '{}');
    // setup()'s preflight asks whether the consumer, Kafka Connect and Prometheus answer (src/k6/endpoints.ts)
    if (method === 'GET' && /\/(health|connectors|-\/ready)$/.test(url)) return resp(200, /connectors$/.test(url) ? '[]' : 'OK');
    return resp(0, null);
  }
  function checkParams(p){ if (p && p.timeout !== undefined && typeof p.timeout !== 'string' && typeof p.timeout !== 'number') throw new TypeError('bad timeout'); }
  var http = {
    get: function(url, params){ checkParams(params); return route('GET', String(url)); },
    head: function(url, params){ checkParams(params); return route('HEAD', String(url)); },
    post: function(url, body, params){ checkParams(params); return route('POST', String(url)); },
    put: function(url, body, params){ checkParams(params); return route('PUT', String(url)); },
    patch: function(url, body, params){ checkParams(params); return route('PATCH', String(url)); },
    del: function(url, body, params){ checkParams(params); return route('DELETE', String(url)); },
    options: function(url, body, params){ checkParams(params); return route('OPTIONS', String(url)); },
    request: function(method, url, body, params){ checkParams(params); return route(String(method).toUpperCase(), String(url)); },
  };
  return http;
})`

func httpModule(v *vu) (sobek.Value, map[string]sobek.Value) {
	rt := v.rt
	f, err := rt.RunString(httpJS)
	if err != nil {
		panic(err)
	}
	fn, _ := sobek.AssertFunction(f)
	obj, err := fn(sobek.Undefined(), rt.ToValue(func(method, url string) { v.record("k6/http", method, url) }))
	if err != nil {
		panic(err)
	}
	named := map[string]sobek.Value{}
	o := obj.ToObject(rt)
	for _, k := range o.Keys() {
		named[k] = o.Get(k)
	}
	return obj, named
}

// ---- stubs: xk6-sql v1.0.6 (sql/module.go) + xk6-sql-driver-postgres v0.1.2, same Go signatures ----

var postgresSymbol = sobek.NewSymbol("postgres")

type KeyValue map[string]interface{}

type sqlModule struct{ v *vu }

type sqlOptions struct {
	ConnMaxIdleTime sobek.Value
	ConnMaxLifetime sobek.Value
	MaxIdleConns    sobek.Value
	MaxOpenConns    sobek.Value
}

type Database struct {
	v   *vu
	dsn string
}

type sqlResult struct{ n int64 }

func (r sqlResult) LastInsertId() (int64, error) { return 0, errors.New("no LastInsertId available") }
func (r sqlResult) RowsAffected() (int64, error) { return r.n, nil }

func asSymbol(value sobek.Value) (*sobek.Symbol, bool) {
	if sym, ok := value.(*sobek.Symbol); ok {
		return sym, true
	}
	obj, ok := value.(*sobek.Object)
	if !ok {
		return nil, false
	}
	valueOf, ok := sobek.AssertFunction(obj.Get("valueOf"))
	if !ok {
		return nil, false
	}
	ret, err := valueOf(obj)
	if err != nil {
		return nil, false
	}
	sym, ok := ret.(*sobek.Symbol)
	return sym, ok
}

func (m *sqlModule) Open(driverID sobek.Value, connectionString string, opts *sqlOptions) (*Database, error) {
	sym, ok := asSymbol(driverID)
	if !ok {
		return nil, errors.New("unsupported database: invalid driver parameter type")
	}
	if sym != postgresSymbol {
		return nil, fmt.Errorf("unsupported database: %s", sym.String())
	}
	m.v.record("k6/x/sql", "open", "")
	return &Database{v: m.v, dsn: connectionString}, nil
}

func (d *Database) fake(query string, args []interface{}) []KeyValue {
	q := strings.ToLower(query)
	for i, a := range args { // database/sql's default converter: scalars only
		switch a.(type) {
		case nil, string, int64, float64, bool:
		default:
			panic(d.v.rt.NewGoError(fmt.Errorf("sql: converting argument $%d type: unsupported type %T", i+1, a)))
		}
	}
	switch {
	case strings.Contains(q, "returning version"):
		return []KeyValue{{"version": int64(1)}}
	case strings.Contains(q, "select 1 as ok"):
		return []KeyValue{{"ok": int64(1)}}
	case strings.Contains(q, "to_regclass"):
		return []KeyValue{{"t": nil}}
	case strings.Contains(q, "from pg_trigger"): // the shard trigger is on both tables: the verification reads with several VUs
		return []KeyValue{{"n": int64(2)}}
	case strings.Contains(q, "count(*)::int as n"):
		return []KeyValue{{"n": int64(0)}}
	case strings.Contains(q, "pg_replication_slots"):
		return []KeyValue{{"lag": float64(0)}}
	case strings.Contains(q, "pg_stat_user_tables"):
		return []KeyValue{{"n": float64(42)}}
	case strings.HasPrefix(strings.TrimSpace(q), "select version from"):
		return []KeyValue{{"version": int64(2)}}
	case strings.Contains(q, "returning run_id"): // the experiment lock, taken
		return []KeyValue{{"run_id": args[0]}}
	case strings.Contains(q, "as lock,"): // lease renewal: the lock and every fault asked for renewed
		return []KeyValue{{"lock": int64(1), "faults": args[2]}}
	}
	return []KeyValue{}
}

func (d *Database) Query(query string, args ...interface{}) ([]KeyValue, error) {
	d.v.record("k6/x/sql", "query", firstLine(query))
	return d.fake(query, args), nil
}
func (d *Database) QueryWithTimeout(timeout string, query string, args ...interface{}) ([]KeyValue, error) {
	if _, err := time.ParseDuration(timeout); err != nil {
		return nil, err
	}
	d.v.record("k6/x/sql", "queryWithTimeout", firstLine(query))
	return d.fake(query, args), nil
}
func (d *Database) Exec(query string, args ...interface{}) (sqlResult, error) {
	d.v.record("k6/x/sql", "exec", firstLine(query))
	d.fake(query, args)
	return sqlResult{1}, nil
}
func (d *Database) ExecWithTimeout(timeout string, query string, args ...interface{}) (sqlResult, error) {
	if _, err := time.ParseDuration(timeout); err != nil {
		return sqlResult{}, err
	}
	d.v.record("k6/x/sql", "execWithTimeout", firstLine(query))
	d.fake(query, args)
	return sqlResult{1}, nil
}
func (d *Database) Close() error { return nil }

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 60 {
		s = s[:60]
	}
	return s
}

func sqlModuleFactory(v *vu) (sobek.Value, map[string]sobek.Value) {
	m := &sqlModule{v: v}
	named := map[string]sobek.Value{"open": v.rt.ToValue(m.Open)}
	return v.rt.ToValue(m), named // Default: the instance, Named: open (sql/module.go)
}

func pgDriverFactory(v *vu) (sobek.Value, map[string]sobek.Value) {
	return postgresSymbol, map[string]sobek.Value{} // Default only
}

// ---- stubs: xk6-mongo v1.2.0 (mongo.go), legacy module (basicGoModule) ----

type M map[string]interface{} // same reflect kind as bson.M (primitive.M)

type Mongo struct{ v *vu }
type MongoClient struct{ v *vu }

func (m *Mongo) NewClient(connURI string) *MongoClient {
	m.v.record("k6/x/mongo", "newClient", "")
	if connURI == "" {
		return nil
	}
	return &MongoClient{v: m.v}
}
func (m *Mongo) NewClientWithOptions(connURI string, opts any) *MongoClient {
	return m.NewClient(connURI)
}

func (c *MongoClient) Find(database string, collection string, filter any, sort any, limit int64) ([]M, error) {
	if limit < 0 {
		return nil, errors.New("limit cannot be negative")
	}
	if database == "" || collection == "" {
		return nil, errors.New("database/collection name cannot be empty")
	}
	if _, ok := filter.(map[string]interface{}); !ok {
		return nil, fmt.Errorf("filter exported as %T", filter)
	}
	c.v.record("k6/x/mongo", "find", fmt.Sprintf("%s.%s filter=%v sort=%v limit=%d", database, collection, filter, sort, limit))
	var results []M // cur.All on an empty cursor leaves a nil slice, as in mongo.go
	f := filter.(map[string]interface{})
	if id, ok := f["_id"].(string); ok { // a canary: found, with BSON int32/int64 values as the Go driver decodes them
		results = append(results, M{"_id": id, "id": id, "version": int32(1), "balance": int64(0), "status": "canary"})
	} else if f["status"] == "hot" {
		results = append(results, M{"_id": "h-0", "id": "h-0", "version": int32(3), "status": "hot", "shard": int32(2), "_cdc": M{"lsn": int64(7)}})
	}
	return results, nil
}

// FindWithOptions: mongo.go v1.2.0's signature (options map: limit/skip int64, sort, batch_size int32, projection);
// the stub checks what a JS options object exports to and answers as Find.
func (c *MongoClient) FindWithOptions(database string, collection string, filter any, findOptions map[string]any) ([]M, error) {
	if p, ok := findOptions["projection"]; ok {
		if _, ok := p.(map[string]interface{}); !ok {
			return nil, fmt.Errorf("projection exported as %T", p)
		}
	}
	c.v.record("k6/x/mongo", "findWithOptions", fmt.Sprintf("%s.%s options=%v", database, collection, findOptions))
	return c.Find(database, collection, filter, nil, 0)
}
func (c *MongoClient) FindOne(database string, collection string, filter any) (M, error) {
	c.v.record("k6/x/mongo", "findOne", "")
	return nil, errors.New("mongo: no documents in result")
}
func (c *MongoClient) CountDocuments(database string, collection string, filter any) (int64, error) {
	c.v.record("k6/x/mongo", "countDocuments", "")
	return 0, nil
}
func (c *MongoClient) Disconnect() error { return nil }

func mongoFactory(v *vu) (sobek.Value, map[string]sobek.Value) {
	return v.rt.ToValue(&Mongo{v: v}), nil // basicGoModule: default = ToValue(mod), names from it
}

// ---- stubs: xk6-docker v0.2.0 (containers.go), legacy module, docker/docker v23 API types ----

type Containers struct {
	v   *vu
	log map[string]string // what Logs returns per container: the answers to probes exec'd in it
}

func (d *Containers) List(options types.ContainerListOptions) ([]types.Container, error) {
	d.v.record("k6/x/docker/containers", "list", "")
	return []types.Container{}, nil
}
func (d *Containers) Start(containerID string) error {
	d.v.record("k6/x/docker/containers", "start", containerID)
	return nil
}
func (d *Containers) Stop(containerID string) error {
	d.v.record("k6/x/docker/containers", "stop", containerID)
	return nil
}
func (d *Containers) Pause(containerID string) error {
	d.v.record("k6/x/docker/containers", "pause", containerID)
	return nil
}
func (d *Containers) Unpause(containerID string) error {
	d.v.record("k6/x/docker/containers", "unpause", containerID)
	return nil
}
func (d *Containers) Logs(containerID string, options types.ContainerLogsOptions) (string, error) {
	d.v.record("k6/x/docker/containers", "logs", containerID)
	return d.log[containerID], nil
}

// A bundle asks a target yes/no questions by exec'ing `if <test>; then a=yes; else a=no; fi; echo "<marker> $a" >
// /proc/1/fd/1` and reading the marker back from the container's log (src/k6/target-probe.ts). The stub target
// answers as a well-provisioned one does, as its Inspect answers "running": every test holds.
var probeEcho = regexp.MustCompile(`echo "(\S+) \$a" > /proc/1/fd/1`)

func (d *Containers) Inspect(containerID string) (types.ContainerJSON, error) {
	d.v.record("k6/x/docker/containers", "inspect", containerID)
	return types.ContainerJSON{
		ContainerJSONBase: &types.ContainerJSONBase{
			ID:    "0123456789ab",
			Name:  "/" + containerID,
			State: &types.ContainerState{Status: "running", Running: true},
		},
		Config: &containerConfigWithLabels,
	}, nil
}
func (d *Containers) Exec(containerID string, config types.ExecConfig) error {
	if len(config.Cmd) == 0 {
		return errors.New("Error response from daemon: No exec command specified")
	}
	d.v.record("k6/x/docker/containers", "exec", containerID+" "+strings.Join(config.Cmd, " "))
	if m := probeEcho.FindStringSubmatch(strings.Join(config.Cmd, " ")); m != nil {
		d.log[containerID] += m[1] + " yes\n"
	}
	return nil
}

func dockerContainersFactory(v *vu) (sobek.Value, map[string]sobek.Value) {
	return v.rt.ToValue(&Containers{v: v, log: map[string]string{}}), nil
}

// ---- stub: jslib k6-summary (grafana/k6-jslib-summary 0.1.0 src/index.js), an ES module k6 downloads ----

// textSummary(data, options): the jslib reads data.root_group and data.metrics, merges options over
// {indent: ' ', enableColors: true, summaryTimeUnit: null, summaryTrendStats: null} and returns a string.
func jslibSummaryFactory(v *vu) (sobek.Value, map[string]sobek.Value) {
	rt := v.rt
	named := map[string]sobek.Value{
		"textSummary": rt.ToValue(func(c sobek.FunctionCall) sobek.Value {
			data, ok := c.Argument(0).(*sobek.Object)
			if !ok {
				panic(rt.NewTypeError("textSummary: data must be the handleSummary data object, got %s", c.Argument(0)))
			}
			for _, k := range []string{"root_group", "metrics"} {
				if _, ok := data.Get(k).(*sobek.Object); !ok {
					panic(rt.NewTypeError("textSummary: data.%s is missing (the jslib reads it)", k))
				}
			}
			detail := "no options"
			if o := c.Argument(1); !sobek.IsUndefined(o) && !sobek.IsNull(o) {
				opts, ok := o.(*sobek.Object)
				if !ok {
					panic(rt.NewTypeError("textSummary: options must be an object, got %s", o))
				}
				for _, k := range opts.Keys() {
					val := opts.Get(k)
					var want string
					switch k {
					case "indent":
						want = "string"
					case "enableColors":
						want = "boolean"
					case "summaryTimeUnit", "summaryTrendStats":
						continue
					default:
						panic(rt.NewTypeError("textSummary: unknown option %q (the jslib has indent, enableColors, summaryTimeUnit, summaryTrendStats)", k))
					}
					if got := jsType(val); got != want {
						panic(rt.NewTypeError("textSummary: option %s must be a %s, got %s", k, want, got))
					}
				}
				detail = fmt.Sprintf("indent=%q enableColors=%v", opts.Get("indent"), opts.Get("enableColors"))
			}
			v.record("jslib/k6-summary", "textSummary", detail)
			return rt.ToValue("\n     █ (text summary)\n")
		}),
		"humanizeValue": rt.ToValue(func(val float64, metric map[string]interface{}, timeUnit sobek.Value) string {
			v.record("jslib/k6-summary", "humanizeValue", "")
			return strconv.FormatFloat(val, 'f', -1, 64)
		}),
		"jUnit": rt.ToValue(func(data map[string]interface{}, options sobek.Value) string {
			v.record("jslib/k6-summary", "jUnit", "")
			return "<testsuites></testsuites>"
		}),
	}
	return nil, named // ES module: no default export
}

func jsType(val sobek.Value) string {
	switch {
	case val == nil || sobek.IsUndefined(val):
		return "undefined"
	case sobek.IsNull(val):
		return "null"
	}
	switch val.ExportType().Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int64, reflect.Float64:
		return "number"
	}
	return "object"
}

var jslibSummaryURL = regexp.MustCompile(`^https://jslib\.k6\.io/k6-summary/[^/]+/index\.js$`)

// ---- the VU ----

func resolverFor(v *vu) sobek.HostResolveImportedModuleFunc {
	return func(_ interface{}, spec string) (sobek.ModuleRecord, error) {
		if r, ok := v.records[spec]; ok {
			return r, nil
		}
		var build func(v *vu) (sobek.Value, map[string]sobek.Value)
		switch spec {
		case "k6":
			build = k6Module
		case "k6/metrics":
			build = metricsModule
		case "k6/http":
			build = httpModule
		case "k6/execution":
			build = executionModule
		case "k6/crypto":
			build = cryptoModule
		case "k6/x/sql":
			build = sqlModuleFactory
		case "k6/x/sql/driver/postgres":
			build = pgDriverFactory
		case "k6/x/mongo":
			build = mongoFactory
		case "k6/x/docker/containers":
			build = dockerContainersFactory
		default:
			if jslibSummaryURL.MatchString(spec) {
				build = jslibSummaryFactory
				break
			}
			return nil, fmt.Errorf("module %q is not served by this checker (k6 would load it from the file system / network or report an unknown module)", spec)
		}
		r := &goModule{name: spec, v: v, build: build}
		v.records[spec] = r
		return r, nil
	}
}

func isESM(prg *ast.Program) bool {
	return len(prg.ExportEntries) > 0 || len(prg.ImportEntries) > 0 || prg.HasTLA
}

// parseBundle: what k6's compiler.Parse(src, url, commonJSWrap=false, esm=true) + ModuleFromAST do. k6
// always parses with a source map loader: an inline map is decoded by sobek itself (an unreadable one is
// a parse error); a linked one is read from disk (k6 warns and retries without it when that fails).
func parseBundle(path, src string) (*ast.Program, error) {
	url := "file://" + path
	loader := func(p string) ([]byte, error) { return os.ReadFile(strings.TrimPrefix(p, "file://")) }
	prg, err := parser.ParseFile(nil, url, src, 0, parser.WithSourceMapLoader(loader), parser.IsModule)
	if err != nil && strings.Contains(err.Error(), "source map") && !strings.Contains(src, "sourceMappingURL=data:") {
		prg, err = parser.ParseFile(nil, url, src, 0, parser.WithDisableSourceMaps, parser.IsModule)
	}
	if err != nil {
		return nil, err
	}
	if !isESM(prg) {
		return nil, errors.New("not an ES module (k6 would wrap it as CommonJS)")
	}
	return prg, nil
}

type shared struct {
	calls    []call
	metrics  map[string]string
	logs     []string
	usedMiss []string
}

func newVU(id uint64, path, src string, env map[string]string, sh *shared) (*vu, error) {
	prg, err := parseBundle(path, src)
	if err != nil {
		return nil, err
	}
	rt := sobek.New()
	rt.SetFieldNameMapper(k6Mapper{})
	v := &vu{id: id, rt: rt, inInit: true, calls: &sh.calls, metrics: sh.metrics, logs: &sh.logs, records: map[string]sobek.ModuleRecord{}, usedMiss: &sh.usedMiss}
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(rt.Set("__ENV", env))
	must(rt.Set("__VU", id))
	con := rt.NewObject()
	for _, lvl := range []string{"log", "info", "warn", "error", "debug"} {
		lvl := lvl
		must(con.Set(lvl, func(c sobek.FunctionCall) sobek.Value {
			parts := make([]string, len(c.Arguments))
			for i, a := range c.Arguments {
				parts[i] = a.String()
			}
			*v.logs = append(*v.logs, lvl+": "+strings.Join(parts, " "))
			return sobek.Undefined()
		}))
	}
	must(rt.Set("console", con))
	// k6 sets timers globally (registerGlobals) and crypto (webcrypto); present but unused by the bundles
	for _, n := range []string{"setTimeout", "clearTimeout", "setInterval", "clearInterval"} {
		n := n
		must(rt.Set(n, func(c sobek.FunctionCall) sobek.Value { v.record("global", n, ""); return rt.ToValue(1) }))
	}
	must(rt.Set("require", func(spec string) (sobek.Value, error) {
		v.record("global", "require", spec)
		if !v.inInit {
			return nil, errors.New("The \"require\" function is only available in the init stage")
		}
		return nil, errors.New("require() is not served by this checker")
	}))
	must(rt.Set("open", func(name string) (sobek.Value, error) {
		v.record("global", "open", name)
		return nil, errors.New("open() is not served by this checker")
	}))
	g := rt.GlobalObject()
	must(g.DefineAccessorProperty("global", rt.ToValue(func() sobek.Value { return g }), nil, sobek.FLAG_TRUE, sobek.FLAG_TRUE))
	// Virtual clock: sleep() advances it, Date.now() follows it (no real waiting).
	must(g.DefineDataProperty("__k6parse_skew", rt.ToValue(func() float64 { return v.skewMs }), sobek.FLAG_FALSE, sobek.FLAG_FALSE, sobek.FLAG_FALSE))
	if _, err := rt.RunString(`(function(){ var n = Date.now; Date.now = function now(){ return n() + __k6parse_skew(); }; })()`); err != nil {
		return nil, err
	}

	mod, err := sobek.ModuleFromAST(prg, resolverFor(v))
	if err != nil {
		return nil, fmt.Errorf("module: %w", err)
	}
	v.mod = mod
	if err := mod.Link(); err != nil {
		return nil, fmt.Errorf("link: %w", err)
	}
	promise := rt.CyclicModuleRecordEvaluate(mod, resolverFor(v))
	switch promise.State() {
	case sobek.PromiseStateRejected:
		res := promise.Result()
		if ex, ok := res.Export().(error); ok {
			return v, fmt.Errorf("init: %w", ex)
		}
		return v, fmt.Errorf("init: %s", res.String())
	case sobek.PromiseStatePending:
		return v, errors.New("init: module evaluation did not complete synchronously (top-level await?)")
	}
	v.inInit = false
	return v, nil
}

// export: what k6's BundleInstance.getExported does (internal/js/bundle.go): ResolveExport on the
// main module, then the binding of the resolved (module, local name) — aliased exports included.
func (v *vu) export(name string) sobek.Value {
	re, ambiguous := v.mod.ResolveExport(name)
	if ambiguous || re == nil {
		return nil
	}
	inst := v.rt.GetModuleInstance(re.Module)
	if inst == nil {
		return nil
	}
	return inst.GetBindingValue(re.BindingName)
}

func (v *vu) callExport(name string, args ...sobek.Value) (val sobek.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	fn, ok := sobek.AssertFunction(v.export(name))
	if !ok {
		return nil, fmt.Errorf("%s is not an exported function", name)
	}
	return fn(sobek.Undefined(), args...)
}

// ---- options / thresholds (k6 metrics/thresholds_parser.go, metric_type.go) ----

var builtinMetrics = map[string]string{
	"vus": "gauge", "vus_max": "gauge", "iterations": "counter", "iteration_duration": "trend",
	"dropped_iterations": "counter", "data_received": "counter", "data_sent": "counter", "checks": "rate",
	"http_reqs": "counter", "http_req_blocked": "trend", "http_req_connecting": "trend", "http_req_tls_handshaking": "trend",
	"http_req_sending": "trend", "http_req_waiting": "trend", "http_req_receiving": "trend", "http_req_duration": "trend",
	"http_req_failed": "rate", "group_duration": "trend",
}

var supportedAgg = map[string][]string{
	"counter": {"count", "rate"}, "gauge": {"value"}, "rate": {"rate"}, "trend": {"avg", "min", "max", "med", "p"},
}

func parseThreshold(expr string) (method string, err error) {
	ops := []string{"<=", "<", ">=", ">", "===", "==", "!="}
	var left, right string
	found := false
	for _, op := range ops {
		l, r, _ := strings.Cut(expr, op)
		if r != "" {
			left, right, found = strings.TrimSpace(l), strings.TrimSpace(r), true
			break
		}
	}
	if !found {
		return "", fmt.Errorf("malformed threshold expression %q", expr)
	}
	if _, err := strconv.ParseFloat(right, 64); err != nil {
		return "", fmt.Errorf("threshold %q right hand side: %v", expr, err)
	}
	for _, m := range []string{"value", "count", "rate", "avg", "min", "med", "max", "p"} {
		if left == m {
			return m, nil
		}
	}
	if strings.HasPrefix(left, "p(") && strings.HasSuffix(left, ")") {
		if _, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimPrefix(left, "p("), ")"), 64); err != nil {
			return "", fmt.Errorf("threshold %q: malformed percentile", expr)
		}
		return "p", nil
	}
	return "", fmt.Errorf("threshold %q: failed parsing method", expr)
}

var executors = map[string]bool{"shared-iterations": true, "per-vu-iterations": true, "constant-vus": true, "ramping-vus": true,
	"constant-arrival-rate": true, "ramping-arrival-rate": true, "externally-controlled": true}

func validDuration(v interface{}) bool {
	switch d := v.(type) {
	case string:
		_, err := time.ParseDuration(d)
		return err == nil
	case float64, int64:
		return true
	}
	return false
}

func checkOptions(v *vu, opts map[string]interface{}) []string {
	var problems []string
	if sc, ok := opts["scenarios"].(map[string]interface{}); ok {
		for name, raw := range sc {
			s, _ := raw.(map[string]interface{})
			ex, _ := s["executor"].(string)
			if !executors[ex] {
				problems = append(problems, fmt.Sprintf("scenario %s: unknown executor %q", name, ex))
			}
			exec := "default"
			if e, ok := s["exec"].(string); ok {
				exec = e
			}
			if _, ok := sobek.AssertFunction(v.export(exec)); !ok {
				problems = append(problems, fmt.Sprintf("scenario %s: exec %q is not an exported function", name, exec))
			}
			for _, k := range []string{"startTime", "gracefulStop", "gracefulRampDown", "maxDuration", "duration"} {
				if d, ok := s[k]; ok && !validDuration(d) {
					problems = append(problems, fmt.Sprintf("scenario %s: %s %v is not a duration", name, k, d))
				}
			}
			if st, ok := s["stages"].([]interface{}); ok {
				for i, x := range st {
					stage, _ := x.(map[string]interface{})
					if !validDuration(stage["duration"]) {
						problems = append(problems, fmt.Sprintf("scenario %s: stage %d duration %v", name, i, stage["duration"]))
					}
					if t, ok := stage["target"].(float64); !ok || t < 0 || t != float64(int64(t)) {
						if _, isInt := stage["target"].(int64); !isInt {
							problems = append(problems, fmt.Sprintf("scenario %s: stage %d target %v", name, i, stage["target"]))
						}
					}
				}
			}
		}
	}
	for _, k := range []string{"setupTimeout", "teardownTimeout"} {
		if d, ok := opts[k]; ok && !validDuration(d) {
			problems = append(problems, fmt.Sprintf("%s %v is not a duration", k, d))
		}
	}
	if th, ok := opts["thresholds"].(map[string]interface{}); ok {
		for key, raw := range th {
			base := key
			if i := strings.IndexByte(key, '{'); i >= 0 {
				base = key[:i]
				if !strings.HasSuffix(key, "}") {
					problems = append(problems, fmt.Sprintf("threshold %s: malformed submetric selector", key))
				}
			}
			typ, ok := v.metrics[base]
			if !ok {
				typ, ok = builtinMetrics[base]
			}
			if !ok {
				problems = append(problems, fmt.Sprintf("threshold on %s: no metric %q declared", key, base))
				continue
			}
			var exprs []string
			switch t := raw.(type) {
			case string:
				exprs = []string{t}
			case []interface{}:
				for _, e := range t {
					switch ee := e.(type) {
					case string:
						exprs = append(exprs, ee)
					case map[string]interface{}:
						s, _ := ee["threshold"].(string)
						exprs = append(exprs, s)
						for k := range ee {
							if k != "threshold" && k != "abortOnFail" && k != "delayAbortEval" {
								problems = append(problems, fmt.Sprintf("threshold %s: unknown key %q", key, k))
							}
						}
						if d, ok := ee["delayAbortEval"]; ok && !validDuration(d) {
							problems = append(problems, fmt.Sprintf("threshold %s: delayAbortEval %v", key, d))
						}
					}
				}
			}
			for _, e := range exprs {
				m, err := parseThreshold(e)
				if err != nil {
					problems = append(problems, fmt.Sprintf("threshold %s: %v", key, err))
					continue
				}
				okAgg := false
				for _, a := range supportedAgg[typ] {
					if a == m {
						okAgg = true
					}
				}
				if !okAgg {
					problems = append(problems, fmt.Sprintf("threshold %s: aggregation %q unsupported on %s", key, m, typ))
				}
			}
		}
	}
	return problems
}

// ---- smoke run ----

func summaryFor(v *vu, opts map[string]interface{}, setupJSON []byte) map[string]any {
	th, _ := opts["thresholds"].(map[string]interface{})
	trendStats := []string{"avg", "min", "med", "max", "p(90)", "p(95)"}
	if ts, ok := opts["summaryTrendStats"].([]interface{}); ok {
		trendStats = nil
		for _, s := range ts {
			trendStats = append(trendStats, fmt.Sprint(s))
		}
	}
	values := func(typ string) map[string]float64 {
		switch typ {
		case "counter":
			return map[string]float64{"count": 0, "rate": 0}
		case "gauge":
			return map[string]float64{"value": 0, "min": 0, "max": 0}
		case "rate":
			return map[string]float64{"rate": 1, "passes": 1, "fails": 0}
		}
		out := map[string]float64{}
		for _, s := range trendStats {
			out[s] = 1
		}
		return out
	}
	metricsData := map[string]any{}
	add := func(name, typ string) {
		metricsData[name] = map[string]any{"type": typ, "contains": "default", "values": values(typ)}
	}
	for n, t := range v.metrics {
		add(n, t)
	}
	for _, n := range []string{"iterations", "iteration_duration", "vus", "vus_max", "checks", "http_reqs", "http_req_duration", "http_req_failed", "data_received", "data_sent"} {
		add(n, builtinMetrics[n])
	}
	i := 0
	for key, raw := range th {
		base := key
		if j := strings.IndexByte(key, '{'); j >= 0 {
			base = key[:j]
		}
		typ := v.metrics[base]
		if typ == "" {
			typ = builtinMetrics[base]
		}
		if _, ok := metricsData[key]; !ok {
			add(key, typ)
		}
		thr := map[string]any{}
		var exprs []string
		switch t := raw.(type) {
		case string:
			exprs = []string{t}
		case []interface{}:
			for _, e := range t {
				if s, ok := e.(string); ok {
					exprs = append(exprs, s)
				} else if m, ok := e.(map[string]interface{}); ok {
					exprs = append(exprs, fmt.Sprint(m["threshold"]))
				}
			}
		}
		for _, e := range exprs {
			thr[e] = map[string]any{"ok": i%3 != 0}
			i++
		}
		metricsData[key].(map[string]any)["thresholds"] = thr
	}
	var setupData any
	if setupJSON != nil {
		_ = json.Unmarshal(setupJSON, &setupData)
	}
	return map[string]any{
		"root_group": map[string]any{"name": "", "path": "", "id": "d41d8cd98f00b204e9800998ecf8427e", "groups": []map[string]any{}, "checks": []map[string]any{}},
		"options":    map[string]any{"summaryTrendStats": trendStats, "summaryTimeUnit": "", "noColor": false},
		"state":      map[string]any{"isStdOutTTY": false, "isStdErrTTY": false, "testRunDurationMs": float64(123456)},
		"metrics":    metricsData,
		"setup_data": setupData,
	}
}

func smoke(path, src string, env map[string]string, sh *shared, opts map[string]interface{}) []string {
	var problems []string
	sv, err := newVU(0, path, src, env, sh)
	if err != nil {
		return []string{"setup VU init: " + err.Error()}
	}
	var setupJSON []byte
	if _, ok := sobek.AssertFunction(sv.export("setup")); ok {
		res, err := sv.callExport("setup")
		if err != nil {
			return []string{"setup(): " + err.Error()}
		}
		if res != nil && !sobek.IsUndefined(res) {
			setupJSON, err = json.Marshal(res.Export())
			if err != nil {
				return []string{"setup data JSON: " + err.Error()}
			}
		}
	}
	dataFor := func(v *vu) sobek.Value {
		if setupJSON == nil {
			return sobek.Undefined()
		}
		var d any
		_ = json.Unmarshal(setupJSON, &d)
		return v.rt.ToValue(d)
	}
	sc, _ := opts["scenarios"].(map[string]interface{})
	names := make([]string, 0, len(sc))
	for n := range sc {
		names = append(names, n)
	}
	sort.Strings(names)
	for i, n := range names {
		s, _ := sc[n].(map[string]interface{})
		exec := "default"
		if e, ok := s["exec"].(string); ok {
			exec = e
		}
		v, err := newVU(uint64(i+1), path, src, env, sh)
		if err != nil {
			problems = append(problems, fmt.Sprintf("VU %d init: %v", i+1, err))
			continue
		}
		if _, err := v.callExport(exec, dataFor(v)); err != nil {
			problems = append(problems, fmt.Sprintf("scenario %s: %s(): %v", n, exec, err))
		}
	}
	if _, ok := sobek.AssertFunction(sv.export("teardown")); ok {
		if _, err := sv.callExport("teardown", dataFor(sv)); err != nil {
			problems = append(problems, "teardown(): "+err.Error())
		}
	}
	if _, ok := sobek.AssertFunction(sv.export("handleSummary")); ok {
		hv, err := newVU(0, path, src, env, sh)
		if err != nil {
			return append(problems, "handleSummary VU init: "+err.Error())
		}
		res, err := hv.callExport("handleSummary", hv.rt.ToValue(summaryFor(hv, opts, setupJSON)))
		if err != nil {
			problems = append(problems, "handleSummary(): "+err.Error())
		} else if res != nil && !sobek.IsUndefined(res) && !sobek.IsNull(res) {
			o := res.ToObject(hv.rt)
			for _, k := range o.Keys() {
				val := o.Get(k).Export()
				switch val.(type) {
				case string, sobek.ArrayBuffer:
				default:
					problems = append(problems, fmt.Sprintf("handleSummary()[%q] is %T, k6 wants a string or ArrayBuffer", k, val))
				}
			}
			sh.logs = append(sh.logs, fmt.Sprintf("handleSummary: outputs %v", o.Keys()))
		}
	}
	return problems
}

// ---- main ----

type envFlags map[string]string

func (e envFlags) String() string { return "" }
func (e envFlags) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok {
		return errors.New("want KEY=VALUE")
	}
	e[k] = v
	return nil
}

func main() {
	env := envFlags{}
	flag.Var(env, "e", "environment variable KEY=VALUE for __ENV (repeatable)")
	doSmoke := flag.Bool("smoke", false, "also run setup/scenarios/teardown/handleSummary once with recording stubs (informational)")
	verbose := flag.Bool("v", false, "print the recorded extension calls and console lines of the smoke run")
	flag.Parse()
	files := flag.Args()
	if len(files) == 0 {
		fmt.Fprintln(os.Stderr, "usage: k6parse [-e K=V] [-smoke] [-v] dist/chaos-*.js")
		os.Exit(2)
	}
	ok := 0
	for _, f := range files {
		abs, _ := filepath.Abs(f)
		b, err := os.ReadFile(f)
		if err != nil {
			fmt.Printf("%s: read: %v\n", f, err)
			continue
		}
		src := string(b)
		name := filepath.Base(f)
		if _, err := parseBundle(abs, src); err != nil {
			fmt.Printf("%s: PARSE FAIL: %v\n", name, err)
			continue
		}
		fmt.Printf("%s: PARSE ok\n", name)
		sh := &shared{metrics: map[string]string{}}
		v, err := newVU(0, abs, src, map[string]string(env), sh)
		if err != nil {
			fmt.Printf("%s: INIT FAIL: %v\n", name, err)
			continue
		}
		fmt.Printf("%s: INIT ok (%d custom metrics declared)\n", name, len(sh.metrics))
		var opts map[string]interface{}
		if o := v.export("options"); o != nil && !sobek.IsUndefined(o) {
			raw, err := json.Marshal(o.Export())
			if err == nil {
				err = json.Unmarshal(raw, &opts)
			}
			if err != nil {
				fmt.Printf("%s: OPTIONS FAIL: %v\n", name, err)
				continue
			}
		}
		problems := checkOptions(v, opts)
		if len(sh.usedMiss) > 0 {
			problems = append(problems, "imported names the modules do not export: "+strings.Join(sh.usedMiss, ", "))
		}
		if len(problems) > 0 {
			fmt.Printf("%s: OPTIONS FAIL:\n  %s\n", name, strings.Join(problems, "\n  "))
			continue
		}
		th, _ := opts["thresholds"].(map[string]interface{})
		sc, _ := opts["scenarios"].(map[string]interface{})
		fmt.Printf("%s: OPTIONS ok (%d scenarios, %d threshold keys)\n", name, len(sc), len(th))
		ok++
		if *doSmoke {
			before := len(sh.calls)
			sp := smoke(abs, src, map[string]string(env), sh, opts)
			counts := map[string]int{}
			for _, c := range sh.calls[before:] {
				if c.Module == "k6" && c.Fn == "sleep" || c.Module == "k6/metrics" {
					continue
				}
				counts[c.Module+"."+c.Fn]++
			}
			keys := make([]string, 0, len(counts))
			for k := range counts {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			parts := make([]string, 0, len(keys))
			for _, k := range keys {
				parts = append(parts, fmt.Sprintf("%s×%d", k, counts[k]))
			}
			if len(sp) > 0 {
				fmt.Printf("%s: SMOKE FAIL (informational):\n  %s\n", name, strings.Join(sp, "\n  "))
			} else {
				fmt.Printf("%s: SMOKE ok: setup, %d scenario function(s), teardown, handleSummary ran; calls: %s\n", name, len(sc), strings.Join(parts, " "))
			}
			if *verbose {
				for _, c := range sh.calls[before:] {
					if c.Module == "k6/x/docker/containers" || strings.HasPrefix(c.Module, "k6/x/") && c.Fn != "queryWithTimeout" || c.Module == "global" || c.Module == "jslib/k6-summary" {
						fmt.Printf("    call %s.%s %s\n", c.Module, c.Fn, c.Detail)
					}
				}
				for _, l := range sh.logs {
					if len(l) > 200 {
						l = l[:200] + "…"
					}
					fmt.Printf("    %s\n", l)
				}
			}
		}
	}
	fmt.Printf("%d/%d bundles parse on k6's engine (sobek)\n", ok, len(files))
	if ok != len(files) {
		os.Exit(1)
	}
}

var containerConfigWithLabels = containerConfig()

func containerConfig() container.Config {
	return container.Config{Labels: map[string]string{"io.cdc-chaos.target": "true"}}
}
