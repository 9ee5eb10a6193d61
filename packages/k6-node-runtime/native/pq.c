// PostgreSQL for k6/x/sql on the VU's own thread: libpq's synchronous client, one connection per
// handle, driven in non-blocking mode so that a call honours a deadline and the VU's interrupt cell
// (set by main before it terminates the worker) while it waits. Plain Node-API with no global state:
// every worker_thread (VU) that loads it gets its own instance (context-aware). Results come back as
// text cells for src/modules/pq-native.ts to decode; errors as Error objects with a `kind`.
#define NAPI_VERSION 8
#include <node_api.h>
#include <libpq-fe.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
  PGconn *pg;
  const volatile int32_t *interrupt; // VU's interrupt cell (a SharedArrayBuffer the VU keeps alive), or NULL
  // The last result's column names and types, kept while results keep that shape: a VU runs the same few
  // statements, and the same name strings each time let V8 find a row's keys without internalizing them anew.
  char *shape;
  size_t shape_len;
  napi_ref names, types;
} Conn;

// The result object's keys, made once per VU (instance data): a string made per call is looked up in V8's
// string table at every property set.
enum { K_NAMES, K_TYPES, K_CELLS, K_ROWS, K_TAG, K_COUNT };
static const char *const KEY_NAMES[K_COUNT] = {"names", "types", "cells", "rows", "tag"};
typedef struct {
  napi_ref keys;
} Instance;

enum { READY = 0, DEADLINE = 1, INTERRUPTED = 2, FAILED = -1 };

#define CHECK(call)                                                                                                    \
  do {                                                                                                                 \
    if ((call) != napi_ok) return NULL;                                                                                \
  } while (0)

static int64_t now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int interrupted(const Conn *c) { return c->interrupt && __atomic_load_n(c->interrupt, __ATOMIC_SEQ_CST) != 0; }

// Waits until the socket is readable (or writable), the deadline (ms, < 0: none) passes, or the VU is
// interrupted; the interrupt cell is looked at every 100 ms at most while the server is silent.
static int wait_socket(const Conn *c, int for_write, int64_t deadline) {
  struct pollfd p = {PQsocket(c->pg), for_write ? POLLOUT : POLLIN, 0};
  if (p.fd < 0) return FAILED;
  for (;;) {
    int slice = c->interrupt ? 100 : -1;
    if (deadline >= 0) {
      int64_t left = deadline - now_ms();
      if (left <= 0) return DEADLINE;
      if (slice < 0 || left < slice) slice = (int)left;
    }
    int r = poll(&p, 1, slice);
    if (interrupted(c)) return INTERRUPTED;
    if (r > 0) return READY;
    if (r < 0 && errno != EINTR) return FAILED;
  }
}

// A CancelRequest is a new connection to the server: sent from a detached thread so that a server that
// does not answer (a partitioned network) cannot hold the VU, or its termination, for a connect timeout.
static void *cancel_thread(void *arg) {
  char err[256];
  PQcancel((PGcancel *)arg, err, sizeof err);
  PQfreeCancel((PGcancel *)arg);
  return NULL;
}

static void send_cancel(PGconn *pg) {
  PGcancel *k = PQgetCancel(pg);
  if (!k) return;
  pthread_t t;
  pthread_attr_t a;
  pthread_attr_init(&a);
  pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
  if (pthread_create(&t, &a, cancel_thread, k) != 0) PQfreeCancel(k);
  pthread_attr_destroy(&a);
}

static napi_value str(napi_env env, const char *s) {
  napi_value v;
  if (napi_create_string_utf8(env, s ? s : "", NAPI_AUTO_LENGTH, &v) != napi_ok) return NULL;
  return v;
}

// Throws an Error whose message is libpq's (or the server's primary message) with `kind`:
// "server" (an ErrorResponse: `severity`, `code` = SQLSTATE), "client" (libpq: connection lost, refused...),
// "deadline", "interrupted", or "stale" (the idle connection was found dead before the statement was sent).
static void throw_kind(napi_env env, const char *kind, const char *message, const char *severity, const char *code) {
  napi_value msg = str(env, message), err, k;
  if (!msg || napi_create_error(env, NULL, msg, &err) != napi_ok) return;
  if ((k = str(env, kind))) napi_set_named_property(env, err, "kind", k);
  if (severity && (k = str(env, severity))) napi_set_named_property(env, err, "severity", k);
  if (code && (k = str(env, code))) napi_set_named_property(env, err, "code", k);
  napi_throw(env, err);
}

static void throw_result(napi_env env, const PGresult *r, PGconn *pg) {
  const char *sev = PQresultErrorField(r, PG_DIAG_SEVERITY_NONLOCALIZED);
  if (sev)
    throw_kind(env, "server", PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY), sev, PQresultErrorField(r, PG_DIAG_SQLSTATE));
  else
    throw_kind(env, "client", PQresultErrorMessage(r)[0] ? PQresultErrorMessage(r) : PQerrorMessage(pg), NULL, NULL);
}

static void forget_shape(napi_env env, Conn *c) {
  if (c->names) napi_delete_reference(env, c->names), c->names = NULL;
  if (c->types) napi_delete_reference(env, c->types), c->types = NULL;
  free(c->shape), c->shape = NULL, c->shape_len = 0;
}

static void conn_finalize(napi_env env, void *data, void *hint) {
  (void)hint;
  Conn *c = data;
  if (c->pg) PQfinish(c->pg);
  forget_shape(env, c);
  free(c);
}

// The VU's own key strings (an array indexed by K_*), fetched once per result.
static napi_status result_keys(napi_env env, napi_value *keys) {
  Instance *inst = NULL;
  napi_status st = napi_get_instance_data(env, (void **)&inst);
  if (st != napi_ok) return st;
  return inst ? napi_get_reference_value(env, inst->keys, keys) : napi_generic_failure;
}

// Sets o[KEY_NAMES[k]] = v with the key string of `keys`.
static napi_status set_key(napi_env env, napi_value keys, napi_value o, int k, napi_value v) {
  napi_value key;
  napi_status st = napi_get_element(env, keys, (uint32_t)k, &key);
  return st == napi_ok ? napi_set_property(env, o, key, v) : st;
}

static Conn *conn_of(napi_env env, napi_value v) {
  Conn *c = NULL;
  if (napi_get_value_external(env, v, (void **)&c) != napi_ok || !c) {
    napi_throw_type_error(env, NULL, "pq: not a connection handle");
    return NULL;
  }
  return c;
}

static int64_t deadline_of(napi_env env, napi_value v) {
  double ms = -1;
  napi_get_value_double(env, v, &ms);
  return ms < 0 ? -1 : now_ms() + (int64_t)ms;
}

static char *string_of(napi_env env, napi_value v) {
  size_t n = 0;
  if (napi_get_value_string_utf8(env, v, NULL, 0, &n) != napi_ok) return NULL;
  char *s = malloc(n + 1);
  if (s) napi_get_value_string_utf8(env, v, s, n + 1, &n);
  return s;
}

// Server notices (NOTICE, WARNING: "relation ... already exists, skipping") are dropped, as lib/pq drops them
// when no handler is set (xk6-sql sets none); libpq's default processor would print them on stderr.
static void drop_notice(void *arg, const char *message) {
  (void)arg;
  (void)message;
}

// connect(keywords: string[], values: string[], timeoutMs: number, interrupt?: Int32Array) → handle
static napi_value connect_pg(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4], out = NULL;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  uint32_t n = 0;
  CHECK(napi_get_array_length(env, argv[0], &n));
  char **keys = calloc(n + 1, sizeof *keys), **vals = calloc(n + 1, sizeof *vals);
  Conn *c = calloc(1, sizeof *c);
  if (!keys || !vals || !c) goto done;
  for (uint32_t i = 0; i < n; i++) {
    napi_value k, v;
    if (napi_get_element(env, argv[0], i, &k) != napi_ok || napi_get_element(env, argv[1], i, &v) != napi_ok) goto done;
    keys[i] = string_of(env, k);
    vals[i] = string_of(env, v);
  }
  int64_t deadline = deadline_of(env, argv[2]);
  napi_valuetype t = napi_undefined;
  if (argc > 3) napi_typeof(env, argv[3], &t);
  if (t == napi_object) {
    void *data = NULL;
    size_t len = 0;
    if (napi_get_typedarray_info(env, argv[3], NULL, &len, &data, NULL, NULL) == napi_ok && len > 0) c->interrupt = data;
  }
  c->pg = PQconnectStartParams((const char *const *)keys, (const char *const *)vals, 0);
  if (!c->pg) {
    throw_kind(env, "client", "out of memory", NULL, NULL);
    goto done;
  }
  PostgresPollingStatusType st = PGRES_POLLING_WRITING;
  while (PQstatus(c->pg) != CONNECTION_BAD && st != PGRES_POLLING_OK && st != PGRES_POLLING_FAILED) {
    int w = wait_socket(c, st == PGRES_POLLING_WRITING, deadline);
    if (w == DEADLINE || w == INTERRUPTED) {
      throw_kind(env, w == DEADLINE ? "deadline" : "interrupted", "connect: deadline exceeded", NULL, NULL);
      goto done;
    }
    st = PQconnectPoll(c->pg);
  }
  if (PQstatus(c->pg) != CONNECTION_OK) {
    throw_kind(env, "client", PQerrorMessage(c->pg), NULL, NULL);
    goto done;
  }
  PQsetnonblocking(c->pg, 1);
  PQsetNoticeProcessor(c->pg, drop_notice, NULL);
  if (napi_create_external(env, c, conn_finalize, NULL, &out) == napi_ok) c = NULL;
done:
  for (uint32_t i = 0; keys && vals && i < n; i++) free(keys[i]), free(vals[i]);
  free(keys);
  free(vals);
  if (c) conn_finalize(env, c, NULL);
  return out;
}

// An idle connection the server dropped (restart, pg_terminate_backend) has something to read (EOF or a
// FATAL message): found before sending, the caller opens a fresh connection, as database/sql does.
// libpq reads one chunk per call: the FATAL message first, the EOF behind it at the next read (bounded: a
// connection with notifications flowing stays readable).
static int idle_dead(PGconn *pg) {
  struct pollfd p = {PQsocket(pg), POLLIN, 0};
  for (int i = 0; i < 4 && PQstatus(pg) == CONNECTION_OK && poll(&p, 1, 0) > 0; i++)
    if (!PQconsumeInput(pg)) return 1;
  return PQstatus(pg) != CONNECTION_OK;
}

// The result's shape as bytes (names and type OIDs): equal shapes, equal name and type arrays.
static char *shape_of(const PGresult *r, size_t *len) {
  int nf = PQnfields(r);
  size_t n = 0;
  for (int f = 0; f < nf; f++) n += strlen(PQfname(r, f)) + 1 + sizeof(Oid);
  char *b = malloc(n + 1), *p = b;
  if (!b) return NULL;
  for (int f = 0; f < nf; f++) {
    size_t l = strlen(PQfname(r, f)) + 1;
    Oid t = PQftype(r, f);
    memcpy(p, PQfname(r, f), l), p += l;
    memcpy(p, &t, sizeof t), p += sizeof t;
  }
  *len = n;
  return b;
}

// The result's names and types arrays: the connection's kept ones when the shape is unchanged, else new ones
// (then kept). Scripts get fresh row objects either way; only these two arrays are shared between calls.
static napi_status names_types(napi_env env, Conn *c, const PGresult *r, napi_value *names, napi_value *types) {
  size_t len = 0;
  char *shape = shape_of(r, &len);
  if (shape && c->names && len == c->shape_len && memcmp(shape, c->shape, len) == 0) {
    free(shape);
    napi_status st = napi_get_reference_value(env, c->names, names);
    return st == napi_ok ? napi_get_reference_value(env, c->types, types) : st;
  }
  int nf = PQnfields(r);
  napi_value v;
  napi_status st;
  if ((st = napi_create_array_with_length(env, nf, names)) != napi_ok ||
      (st = napi_create_array_with_length(env, nf, types)) != napi_ok)
    return free(shape), st;
  for (int f = 0; f < nf; f++) {
    if ((st = napi_set_element(env, *names, f, str(env, PQfname(r, f)))) != napi_ok ||
        (st = napi_create_uint32(env, PQftype(r, f), &v)) != napi_ok ||
        (st = napi_set_element(env, *types, f, v)) != napi_ok)
      return free(shape), st;
  }
  forget_shape(env, c);
  if (shape && napi_create_reference(env, *names, 1, &c->names) == napi_ok &&
      napi_create_reference(env, *types, 1, &c->types) == napi_ok) {
    c->shape = shape, c->shape_len = len;
  } else {
    forget_shape(env, c);
    free(shape);
  }
  return napi_ok;
}

// Builds {names, types, cells, rows} of a result with tuples: cells row-major, text or null.
static napi_value rows_of(napi_env env, Conn *c, const PGresult *r) {
  int nf = PQnfields(r), nt = PQntuples(r);
  napi_value o, names, types, cells, v, keys;
  CHECK(result_keys(env, &keys));
  CHECK(napi_create_object(env, &o));
  CHECK(names_types(env, c, r, &names, &types));
  CHECK(napi_create_array_with_length(env, (size_t)nf * nt, &cells));
  napi_value null;
  CHECK(napi_get_null(env, &null));
  for (int t = 0, i = 0; t < nt; t++)
    for (int f = 0; f < nf; f++, i++) {
      if (PQgetisnull(r, t, f)) v = null;
      else CHECK(napi_create_string_utf8(env, PQgetvalue(r, t, f), PQgetlength(r, t, f), &v));
      CHECK(napi_set_element(env, cells, i, v));
    }
  CHECK(set_key(env, keys, o, K_NAMES, names));
  CHECK(set_key(env, keys, o, K_TYPES, types));
  CHECK(set_key(env, keys, o, K_CELLS, cells));
  CHECK(napi_create_int32(env, nt, &v));
  CHECK(set_key(env, keys, o, K_ROWS, v));
  return o;
}

// query(handle, text, params: (string | Uint8Array | null)[] | null, timeoutMs)
//   → {names, types, cells, rows, tag}: the first statement's rows and the last one's command tag. No params:
//   the simple protocol (several statements allowed); params: the extended one, Uint8Array params as binary.
static napi_value query(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4], out = NULL, first = NULL;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Conn *c = conn_of(env, argv[0]);
  if (!c) return NULL;
  if (!c->pg || idle_dead(c->pg)) {
    throw_kind(env, "stale", "connection is closed", NULL, NULL);
    return NULL;
  }
  int64_t deadline = deadline_of(env, argv[3]);
  char *text = string_of(env, argv[1]);
  napi_valuetype pt = napi_null;
  napi_typeof(env, argv[2], &pt);
  uint32_t np = 0;
  if (pt == napi_object) CHECK(napi_get_array_length(env, argv[2], &np));
  char **values = calloc(np + 1, sizeof *values);
  int *lengths = calloc(np + 1, sizeof *lengths), *formats = calloc(np + 1, sizeof *formats);
  char *owned = calloc(np + 1, 1);
  PGresult *err = NULL;
  const char *tag = "";
  char *tag_copy = NULL;
  if (!text || !values || !lengths || !formats || !owned) goto done;
  for (uint32_t i = 0; i < np; i++) {
    napi_value v;
    napi_valuetype vt;
    bool typed = false;
    if (napi_get_element(env, argv[2], i, &v) != napi_ok || napi_typeof(env, v, &vt) != napi_ok) goto done;
    if (vt == napi_null || vt == napi_undefined) continue;
    if (vt == napi_string) {
      values[i] = string_of(env, v);
      owned[i] = 1;
      continue;
    }
    napi_is_typedarray(env, v, &typed);
    size_t len = 0;
    void *data = NULL;
    if (!typed || napi_get_typedarray_info(env, v, NULL, &len, &data, NULL, NULL) != napi_ok) {
      napi_throw_type_error(env, NULL, "pq: a parameter must be a string, a Uint8Array or null");
      goto done;
    }
    values[i] = data ? data : "";
    lengths[i] = (int)len;
    formats[i] = 1;
  }
  int sent = np ? PQsendQueryParams(c->pg, text, (int)np, NULL, (const char *const *)values, lengths, formats, 0)
                : PQsendQuery(c->pg, text);
  if (!sent) {
    throw_kind(env, "client", PQerrorMessage(c->pg), NULL, NULL);
    goto done;
  }
  int cancelled = 0;
  while (PQflush(c->pg) == 1) {
    int w = wait_socket(c, 1, deadline);
    if (w == DEADLINE) send_cancel(c->pg), deadline = -1, cancelled = 1; // as below
    else if (w == INTERRUPTED) goto interrupted;
    else if (w == FAILED) break;
  }
  for (;;) {
    // Wait, then read: right after the send nothing can have arrived, so reading first would cost a
    // recv that finds nothing on every statement.
    if (PQisBusy(c->pg)) {
      int w = wait_socket(c, 0, deadline);
      // lib/pq on a context deadline: a CancelRequest, then the statement's own outcome (usually
      // "canceling statement due to user request"); the connection is not reused after that.
      if (w == DEADLINE) send_cancel(c->pg), deadline = -1, cancelled = 1;
      else if (w == INTERRUPTED) goto interrupted;
      else if (w == FAILED) break;
      if (!PQconsumeInput(c->pg)) break;
      continue;
    }
    PGresult *res = PQgetResult(c->pg);
    if (!res) break;
    ExecStatusType s = PQresultStatus(res);
    if (s == PGRES_FATAL_ERROR || s == PGRES_NONFATAL_ERROR || s == PGRES_BAD_RESPONSE) {
      if (!err) err = res;
      else PQclear(res);
      continue;
    }
    if (s == PGRES_COPY_IN || s == PGRES_COPY_OUT || s == PGRES_COPY_BOTH) {
      PQclear(res);
      throw_kind(env, "client", "COPY is not supported by k6/x/sql", NULL, NULL);
      PQfinish(c->pg), c->pg = NULL;
      goto done;
    }
    if (!first && !err) first = rows_of(env, c, res);
    free(tag_copy);
    tag_copy = strdup(PQcmdStatus(res));
    PQclear(res);
  }
  if (cancelled) PQfinish(c->pg), c->pg = NULL;
  if (err) {
    throw_result(env, err, c->pg);
    goto done;
  }
  if (c->pg && PQstatus(c->pg) != CONNECTION_OK) {
    throw_kind(env, "client", PQerrorMessage(c->pg), NULL, NULL);
    goto done;
  }
  if (!c->pg && !first) {
    throw_kind(env, "client", "connection lost", NULL, NULL);
    goto done;
  }
  if (!first && napi_create_object(env, &first) != napi_ok) goto done;
  if (tag_copy) tag = tag_copy;
  napi_value keys;
  if (result_keys(env, &keys) == napi_ok && set_key(env, keys, first, K_TAG, str(env, tag)) == napi_ok) out = first;
  goto done;
interrupted:
  send_cancel(c->pg);
  PQfinish(c->pg), c->pg = NULL;
  throw_kind(env, "interrupted", "interrupted", NULL, NULL);
done:
  if (err) PQclear(err);
  for (uint32_t i = 0; owned && values && i < np; i++)
    if (owned[i]) free(values[i]);
  free(values), free(lengths), free(formats), free(owned), free(text), free(tag_copy);
  return out;
}

// close(handle): ends the session (idempotent).
static napi_value close_pg(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Conn *c = conn_of(env, argv[0]);
  if (c && c->pg) PQfinish(c->pg), c->pg = NULL;
  return NULL;
}

static void instance_finalize(napi_env env, void *data, void *hint) {
  (void)hint;
  Instance *inst = data;
  if (inst->keys) napi_delete_reference(env, inst->keys);
  free(inst);
}

NAPI_MODULE_INIT() {
  Instance *inst = calloc(1, sizeof *inst);
  napi_value keys;
  if (!inst || napi_create_array_with_length(env, K_COUNT, &keys) != napi_ok) return free(inst), NULL;
  for (int k = 0; k < K_COUNT; k++)
    if (napi_set_element(env, keys, (uint32_t)k, str(env, KEY_NAMES[k])) != napi_ok) return free(inst), NULL;
  if (napi_create_reference(env, keys, 1, &inst->keys) != napi_ok ||
      napi_set_instance_data(env, inst, instance_finalize, NULL) != napi_ok)
    return free(inst), NULL;
  napi_property_descriptor fns[] = {
      {"connect", NULL, connect_pg, NULL, NULL, NULL, napi_enumerable, NULL},
      {"query", NULL, query, NULL, NULL, NULL, napi_enumerable, NULL},
      {"close", NULL, close_pg, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof fns / sizeof fns[0], fns) != napi_ok) return NULL;
  return exports;
}
