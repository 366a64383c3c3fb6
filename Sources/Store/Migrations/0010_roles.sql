-- Least privilege (SPEC §9): two group roles that login roles are granted, so neither the daemon
-- nor a producer connects as the schema's owner.
--
--   ach_worker    what `ach-worker run` and the operator commands need: read, insert and update.
--                 No DELETE or TRUNCATE on anything, so a compromised or buggy worker cannot make
--                 payment history disappear (the triggers refuse it as well; this refuses it
--                 before the table is touched).
--   ach_producer  upstream systems: INSERT into transfers, nothing else — not even reading them
--                 back. Status comes by callback or from an operator.
--
-- Grant them to login roles, e.g. `CREATE ROLE payments_daemon LOGIN IN ROLE ach_worker`. The
-- migration itself runs as the schema owner, which must be allowed to create roles the first
-- time (roles belong to the cluster; an existing role is reused).
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['ach_worker', 'ach_producer'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', r);
      EXCEPTION
        -- Another database of this cluster migrated at the same moment and made it first.
        WHEN duplicate_object OR unique_violation THEN NULL;
        WHEN insufficient_privilege THEN
          RAISE EXCEPTION 'role % does not exist and % may not create roles', r, current_user
            USING HINT = 'create the roles ach_worker and ach_producer (NOLOGIN) as a superuser, then migrate again';
      END;
    END IF;
  END LOOP;
END $$;

GRANT USAGE ON SCHEMA public TO ach_worker, ach_producer;

GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO ach_worker;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ach_worker;
-- Tables of later migrations get the same grants (these apply to objects this role creates).
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE ON TABLES TO ach_worker;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ach_worker;

GRANT INSERT ON transfers TO ach_producer;
