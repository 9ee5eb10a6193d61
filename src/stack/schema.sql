-- The harness's data model (docs/ARCHITECTURE.md). Idempotent: run by `cdc-chaos stack up` against database cdc,
-- and by docker-compose.yml's postgres as an init script. REPLICA IDENTITY FULL so deletes carry the whole old row.
create table if not exists customers (id text primary key, run_id text not null, version bigint not null,
  email text not null, status text not null, balance bigint not null default 0,
  updated_at timestamptz not null default now());
create table if not exists orders (id text primary key, run_id text not null, version bigint not null,
  customer_id text not null, amount bigint not null, status text not null,
  updated_at timestamptz not null default now());
-- shard: a page of the verification's MongoDB read (src/experiment/shards.ts; docs/ARCHITECTURE.md), set from the key
-- by a trigger, so every writer (load, probes, tests) gets one without knowing, a key deleted and inserted again keeps
-- its shard, and the verification's readers can tell a key's shard from the key alone (shardOfMd5 there: the low 4 bits of the
-- first byte of md5(id)); the consumer copies it like any column. Added with `if not exists` so a stack created
-- before it gains the column; the default only serves rows a stack had before the trigger.
alter table customers add column if not exists shard smallint not null default floor(random() * 16) check (shard between 0 and 15);
alter table orders add column if not exists shard smallint not null default floor(random() * 16) check (shard between 0 and 15);
create or replace function cdc_chaos_shard() returns trigger language plpgsql as $$
begin
  new.shard := get_byte(decode(md5(new.id), 'hex'), 0) & 15;
  return new;
end $$;
create or replace trigger cdc_chaos_shard before insert on customers for each row execute function cdc_chaos_shard();
create or replace trigger cdc_chaos_shard before insert on orders for each row execute function cdc_chaos_shard();
alter table customers replica identity full;
alter table orders replica identity full;
-- Debezium runs with publication.autocreate.mode=disabled: the publication is ours.
do $$ begin
  if not exists (select 1 from pg_publication where pubname = 'cdc_publication') then
    create publication cdc_publication for table public.customers, public.orders;
  end if;
end $$;
-- Faults on a lease and one experiment at a time (src/experiment/lease.ts LEASE_DDL, kept identical: a unit test
-- compares them; bundles also create these if absent). Not in the publication: the pipeline never carries them.
create table if not exists cdc_chaos_faults (
  run_id text not null, fault text not null, scenario text not null, action text not null, target text not null,
  undo jsonb not null, lease_ms integer not null, lease_until timestamptz not null,
  recorded_at timestamptz not null default now(), healed_at timestamptz, healed_by text,
  primary key (run_id, fault));
create index if not exists cdc_chaos_faults_open on cdc_chaos_faults (lease_until) where healed_at is null;
create table if not exists cdc_chaos_lock (
  stack text primary key default current_database(), run_id text not null, scenario text not null,
  lease_ms integer not null, lease_until timestamptz not null, taken_at timestamptz not null default now());
