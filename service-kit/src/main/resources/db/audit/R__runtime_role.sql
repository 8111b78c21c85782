-- The service runs as ${runtime_role}, a role that owns nothing: it reads and writes rows, never
-- the schema, and only appends to the audit trail. Flyway runs as the role that owns the schema
-- (migrations may create tables, the service may not). Applied after every versioned migration
-- whenever this file or the role changes; the tables created later get the same rights through
-- the default privileges.
DO $$
DECLARE
    part text;
BEGIN
    IF '${runtime_role}' = current_user THEN
        -- No separate runtime role (a hand-made setup): nothing to grant, and revoking from the
        -- owner would take Flyway's own history table from it.
        RAISE WARNING 'the service runs as the owner of its schema (%): give it a role of its own', current_user;
        RETURN;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', '${runtime_role}');
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', '${runtime_role}');
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', '${runtime_role}');
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I',
                   '${runtime_role}');
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I', '${runtime_role}');
    -- Append-only: the runtime role can add to the audit trail and read it, nothing else.
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM %I', '${runtime_role}');
    -- Its monthly partitions are reached through audit_event only (R__audit_partitions.sql); the
    -- service prepares the coming months through a function that runs as the owner.
    FOR part IN SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'audit_event'::regclass LOOP
        EXECUTE format('REVOKE ALL ON %s FROM %I', part, '${runtime_role}');
    END LOOP;
    EXECUTE format('GRANT EXECUTE ON FUNCTION audit_prepare_months(integer) TO %I', '${runtime_role}');
    EXECUTE format('REVOKE ALL ON ${flyway:table} FROM %I', '${runtime_role}');
END $$;
