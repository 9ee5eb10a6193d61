// Indexes FerretDB v1 can use, added in its PostgreSQL storage database at every start of cdc-mongodb.
// FerretDB turns an equality filter {f: v} into `_jsonb->'f' @> v` (the key a statement parameter) and
// pushes nothing else down (no range, sort or limit); its own indexes (createIndex, the unique _id one)
// are btree expression indexes, which `@>` never uses, so every filtered read scans the whole table.
// - GIN jsonb_path_ops on (_jsonb->'_id'): a consumer's lookups and conditional writes by _id. Measured on a
//   private FerretDB v1.24.2 at 60k documents: findOne({_id}) 31 ms, a conditional replaceOne by _id 31 ms,
//   a 32-statement bulkWrite of them 1.0 s (at 5k documents: 2.1 ms, 3.3 ms, 131 ms: linear in the
//   collection); with the index 1.0 ms, 1.4 ms and 85 ms. Without force_custom_plan below the index stayed
//   unused (findOne 29 ms), with fastupdate on lookups took 3–4 ms.
// - GIN jsonb_path_ops on (_jsonb->'run_id', _jsonb->'shard'): the verification's pages
//   (src/experiment/shards.ts). Measured on a private FerretDB v1.24.2, a 16-page read of a 20k-document
//   run in a 320k-document collection: 4.0 s without it (a scan per page), 2.3 s with it (one unpaged
//   find: 2.1 s). FerretDB does not know these indexes (listIndexes does not show them) and drops them
//   with the collection's table.
// - fastupdate = off: with a pending list every lookup also scans the list.
// - plan_cache_mode = force_custom_plan: FerretDB's cached statements would otherwise settle on a generic
//   plan while a collection is small, and a generic plan of `_jsonb->$1` matches no expression index.
// An event trigger indexes every table FerretDB creates; tables created before this ran (an older stack)
// are indexed here. Idempotent.

/** The indexes of one FerretDB collection table (its metadata tables are skipped). */
const INDEX_TABLE = `create or replace function cdc_chaos_index_table(t regclass) returns void language plpgsql as $$
declare
  name text := 'cdc_' || substr(md5(t::text), 1, 16);
begin
  if t::text like '%.\\_ferretdb\\_%' or not exists (select 1 from pg_attribute where attrelid = t and attname = '_jsonb' and not attisdropped) then
    return;
  end if;
  execute format('create index if not exists %I on %s using gin ((_jsonb->''_id'') jsonb_path_ops) with (fastupdate = off)', name || '_id', t);
  execute format('create index if not exists %I on %s using gin ((_jsonb->''run_id'') jsonb_path_ops, (_jsonb->''shard'') jsonb_path_ops) with (fastupdate = off)', name || '_run_shard', t);
end $$;`;

export const STORAGE_SQL = `${INDEX_TABLE}
create or replace function cdc_chaos_index_new_tables() returns event_trigger language plpgsql as $$
begin
  perform cdc_chaos_index_table(objid::regclass) from pg_event_trigger_ddl_commands() where command_tag = 'CREATE TABLE' and object_type = 'table';
end $$;
drop event trigger if exists cdc_chaos_index_new_tables;
create event trigger cdc_chaos_index_new_tables on ddl_command_end when tag in ('CREATE TABLE') execute function cdc_chaos_index_new_tables();
do $$ begin
  perform cdc_chaos_index_table(c.oid) from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema', 'public') and n.nspname not like 'pg\\_%';
end $$;
alter database ferretdb set plan_cache_mode = force_custom_plan;
`;
