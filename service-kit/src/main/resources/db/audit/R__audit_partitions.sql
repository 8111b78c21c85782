-- The audit trail, partitioned by month (UTC): it is kept, so it only grows, but each month is a
-- table of its own - searches by time read the months asked for, and an operator archives a
-- whole month (DETACH PARTITION, dump, DROP) in a moment instead of deleting rows one by one.
-- Repeatable and idempotent: converts the table once, then only (re)defines the functions.
-- Runs as the owner of the schema; ${runtime_role} is the role the service runs as.

-- The partition of a month, created if missing; NULL if rows of that month already sit in the
-- default partition (a month not prepared in time: they stay there, still found and kept).
CREATE OR REPLACE FUNCTION audit_month_partition(month date) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    first_day timestamptz := (date_trunc('month', month)::timestamp AT TIME ZONE 'UTC');
    next_first_day timestamptz := ((date_trunc('month', month) + interval '1 month')::timestamp AT TIME ZONE 'UTC');
    partition_name text := 'audit_event_' || to_char(date_trunc('month', month), 'YYYY_MM');
BEGIN
    IF to_regclass(partition_name) IS NOT NULL THEN
        RETURN partition_name;
    END IF;
    IF EXISTS (SELECT 1 FROM audit_event_default WHERE occurred_at >= first_day AND occurred_at < next_first_day) THEN
        RAISE WARNING 'audit entries of % are in audit_event_default: no partition of their own', partition_name;
        RETURN NULL;
    END IF;
    EXECUTE format('CREATE TABLE %I PARTITION OF audit_event FOR VALUES FROM (%L) TO (%L)', partition_name, first_day, next_first_day);
    -- Rows are reached through audit_event only (whose rights are checked, not the partition's).
    EXECUTE format('REVOKE ALL ON %I FROM PUBLIC', partition_name);
    IF '${runtime_role}' <> current_user THEN
        EXECUTE format('REVOKE ALL ON %I FROM %I', partition_name, '${runtime_role}');
    END IF;
    RETURN partition_name;
END $$;

-- This month's partition and the next `ahead` ones; how many there are. The service calls it at
-- start and daily (AuditPartitions), as its own role: the function runs as the owner.
CREATE OR REPLACE FUNCTION audit_prepare_months(ahead integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    prepared integer := 0;
BEGIN
    FOR i IN 0..least(greatest(ahead, 0), 24) LOOP
        IF audit_month_partition((date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => i))::date) IS NOT NULL THEN
            prepared := prepared + 1;
        END IF;
    END LOOP;
    RETURN prepared;
END $$;

DO $$
DECLARE
    month date;
BEGIN
    IF (SELECT c.relkind FROM pg_class c WHERE c.oid = 'audit_event'::regclass) = 'p' THEN
        RETURN;
    END IF;
    ALTER TABLE audit_event RENAME TO audit_event_unpartitioned;
    CREATE TABLE audit_event (LIKE audit_event_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
        PARTITION BY RANGE (occurred_at);
    CREATE TABLE audit_event_default PARTITION OF audit_event DEFAULT;
    FOR month IN SELECT DISTINCT date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date FROM audit_event_unpartitioned LOOP
        PERFORM audit_month_partition(month);
    END LOOP;
    PERFORM audit_prepare_months(2);
    INSERT INTO audit_event SELECT * FROM audit_event_unpartitioned;
    DROP TABLE audit_event_unpartitioned;
    -- A partitioned table's keys include the partition key.
    ALTER TABLE audit_event ADD PRIMARY KEY (event_id, occurred_at);
    CREATE INDEX audit_event_time ON audit_event (occurred_at DESC);
    CREATE INDEX audit_event_subject ON audit_event (subject, occurred_at DESC);
    CREATE INDEX audit_event_caller_hospital ON audit_event (caller_hospital_id, occurred_at DESC);
    CREATE INDEX audit_event_target_hospital ON audit_event (target_hospital_id, occurred_at DESC);
END $$;

REVOKE ALL ON audit_event_default FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM PUBLIC;
REVOKE ALL ON FUNCTION audit_month_partition(date) FROM PUBLIC;
REVOKE ALL ON FUNCTION audit_prepare_months(integer) FROM PUBLIC;
