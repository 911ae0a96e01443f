-- The plant trusts nothing a station says about others.
--
-- Row-level security already ties a row's `station` column to the pushing role. What the hash covers
-- is the content, though, and the projections read it: so every row's content must repeat its header
-- columns exactly, a correction may only point at a row of its own station, and the genealogy is
-- projected with the station the role pushed as (never the one the content names).

-- Push locks are rows, not advisory keys: any role can take any advisory key, while these rows are
-- behind row-level security, so a station can lock (and hold) only its own.
CREATE TABLE plant.push_locks (station text PRIMARY KEY);
ALTER TABLE plant.push_locks ENABLE ROW LEVEL SECURITY;
CREATE POLICY station_locks_own ON plant.push_locks FOR SELECT
    USING (station IN (SELECT plant.stations_of(current_user)));
CREATE POLICY station_locks_own_update ON plant.push_locks FOR UPDATE
    USING (station IN (SELECT plant.stations_of(current_user)))
    WITH CHECK (station IN (SELECT plant.stations_of(current_user)));
CREATE TRIGGER push_locks_fixed BEFORE UPDATE OR DELETE ON plant.push_locks
    FOR EACH ROW EXECUTE FUNCTION plant.refuse_change();
INSERT INTO plant.push_locks SELECT station FROM plant.station_roles ON CONFLICT DO NOTHING;
INSERT INTO plant.push_locks SELECT station FROM plant.station_heads ON CONFLICT DO NOTHING;

-- Clock offsets measured at each sync, and the plant's findings (clock, conflicts) per station.
CREATE TABLE plant.settings (name text PRIMARY KEY, value text NOT NULL);
INSERT INTO plant.settings VALUES ('clock_offset_limit_ms', '2000'), ('auth_failure_limit', '5');
CREATE TABLE plant.clock_offsets (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    station text NOT NULL,
    role name NOT NULL,
    station_time timestamptz NOT NULL,
    plant_time timestamptz NOT NULL,
    offset_ms double precision NOT NULL       -- plant minus station: positive when the station is behind
);
CREATE INDEX clock_offsets_station ON plant.clock_offsets (station, id);
CREATE TABLE plant.exceptions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind text NOT NULL,                        -- clock-offset, consumed-twice, serial-twice
    raised_at timestamptz NOT NULL DEFAULT now(),
    stations text[] NOT NULL,                  -- every station whose queue shows it
    subject text NOT NULL,                     -- the serial or station it is about
    records uuid[] NOT NULL DEFAULT '{}',      -- the records involved, oldest first
    detail text NOT NULL
);
CREATE INDEX exceptions_stations ON plant.exceptions USING gin (stations);
CREATE TRIGGER clock_offsets_append_only BEFORE UPDATE OR DELETE ON plant.clock_offsets
    FOR EACH ROW EXECUTE FUNCTION plant.refuse_change();
CREATE TRIGGER exceptions_append_only BEFORE UPDATE OR DELETE ON plant.exceptions
    FOR EACH ROW EXECUTE FUNCTION plant.refuse_change();

-- Whether the session's authenticated login may act for ``station``: its own role (or a gateway
-- granted it), or a role that owns the schema's data (the plant's administrator).
CREATE FUNCTION plant.may_act_for(station text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plant AS $$
    SELECT station IN (SELECT plant.stations_of(session_user))
        OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
        OR pg_has_role(session_user, (SELECT tableowner FROM pg_tables
                                      WHERE schemaname = 'plant' AND tablename = 'journal'), 'USAGE')
$$;

-- The clock check of one sync: the plant measures the offset against its own clock, records it and
-- raises an exception when it is beyond the plant's limit. Returns the offset in milliseconds.
CREATE FUNCTION plant.clock_check(station text, station_time timestamptz) RETURNS double precision
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, plant AS $$
DECLARE
    now_ timestamptz := clock_timestamp();
    offset_ms double precision := extract(epoch FROM now_ - station_time) * 1000;
    limit_ms double precision := (SELECT value::double precision FROM plant.settings
                                  WHERE name = 'clock_offset_limit_ms');
BEGIN
    IF NOT plant.may_act_for(station) THEN
        RAISE EXCEPTION 'role % may not report the clock of station %', session_user, station
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO plant.clock_offsets (station, role, station_time, plant_time, offset_ms)
    VALUES (station, session_user, station_time, now_, offset_ms);
    IF abs(offset_ms) > limit_ms THEN
        INSERT INTO plant.exceptions (kind, stations, subject, detail)
        VALUES ('clock-offset', ARRAY[station], station,
                format('station %s clock is %s ms %s the plant (station %s, plant %s; limit %s ms)',
                       station, round(abs(offset_ms)), CASE WHEN offset_ms > 0 THEN 'behind' ELSE 'ahead of' END,
                       station_time, now_, limit_ms));
    END IF;
    RETURN offset_ms;
END $$;

-- Staff credentials stay at the plant: a station learns a user's scrypt parameters and salt (not
-- secret) and proves a password by sending the derived key, which the plant compares with its hash.
-- Failures are counted; past the limit the plant refuses until a supervisor resets the count there.
CREATE TABLE plant.auth_failures (
    username text PRIMARY KEY, failures integer NOT NULL, last_at timestamptz NOT NULL
);
CREATE TABLE plant.countersignatures (
    record_key uuid PRIMARY KEY,              -- the signature row's key (it may reach the plant later)
    station text NOT NULL,
    role name NOT NULL,
    user_id text NOT NULL,
    username text NOT NULL,
    name text NOT NULL,
    meaning text NOT NULL,
    countersigned_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TRIGGER countersignatures_append_only BEFORE UPDATE OR DELETE ON plant.countersignatures
    FOR EACH ROW EXECUTE FUNCTION plant.refuse_change();

CREATE FUNCTION plant.password_params(who text) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plant AS $$
    -- scrypt$N$r$p$salt without the hash; a made-up salt for unknown users says nothing about them
    SELECT coalesce(
        (SELECT array_to_string((string_to_array(password_hash, '$'))[1:5], '$') FROM plant.users
         WHERE username = who AND active = 1 AND password_hash LIKE 'scrypt$%'),
        'scrypt$131072$8$1$' || encode(substr(sha256(convert_to('lineside:' || who, 'UTF8')), 1, 16), 'base64'))
$$;

CREATE FUNCTION plant.check_proof(who text, proof text) RETURNS text LANGUAGE plpgsql VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, plant AS $$
DECLARE
    stored text;
    uid text;
    failures_ integer;
BEGIN
    SELECT failures INTO failures_ FROM plant.auth_failures WHERE username = who;
    IF coalesce(failures_, 0) >= (SELECT value::integer FROM plant.settings WHERE name = 'auth_failure_limit') THEN
        RAISE EXCEPTION 'user % is locked at the plant after % failed attempts: a supervisor must unlock it',
            who, failures_ USING ERRCODE = 'invalid_authorization_specification';
    END IF;
    SELECT id, (string_to_array(password_hash, '$'))[6] INTO uid, stored
    FROM plant.users WHERE username = who AND active = 1;
    IF uid IS NULL OR stored IS NULL OR stored <> proof THEN
        INSERT INTO plant.auth_failures AS f VALUES (who, 1, now())
        ON CONFLICT (username) DO UPDATE SET failures = f.failures + 1, last_at = now();
        RETURN NULL;
    END IF;
    DELETE FROM plant.auth_failures WHERE username = who;
    RETURN uid;
END $$;

-- Verify-only: whether ``proof`` is the derived key of user ``who``'s password (never the hash).
CREATE FUNCTION plant.verify_staff(who text, proof text) RETURNS boolean LANGUAGE sql VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, plant AS $$
    SELECT plant.check_proof(who, proof) IS NOT NULL
$$;

-- The plant's countersignature of a signature made at ``station`` while the plant is reachable: the
-- plant checks the signer's credentials itself and records who signed what, when, meaning what.
CREATE FUNCTION plant.countersign(station text, record_key uuid, who text, proof text, meaning text)
RETURNS timestamptz LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, plant AS $$
DECLARE
    uid text;
    person record;
    at_ timestamptz;
BEGIN
    IF NOT plant.may_act_for(station) THEN
        RAISE EXCEPTION 'role % may not countersign for station %', session_user, station
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    uid := plant.check_proof(who, proof);
    IF uid IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT u.id, u.username, u.name INTO person FROM plant.users u WHERE u.id = uid;
    INSERT INTO plant.countersignatures (record_key, station, role, user_id, username, name, meaning)
    VALUES (record_key, station, session_user, person.id, person.username, person.name, meaning)
    RETURNING countersigned_at INTO at_;
    RETURN at_;
END $$;

REVOKE ALL ON FUNCTION plant.may_act_for(text), plant.clock_check(text, timestamptz),
    plant.password_params(text), plant.check_proof(text, text), plant.verify_staff(text, text),
    plant.countersign(text, uuid, text, text, text) FROM PUBLIC;

-- Published versions no longer carry password hashes; the ones that did are for the owner's eyes.
ALTER TABLE plant.master_data_versions ADD COLUMN carries_secrets boolean NOT NULL DEFAULT true;
ALTER TABLE plant.master_data_versions ALTER COLUMN carries_secrets SET DEFAULT false;
ALTER TABLE plant.master_data_versions ENABLE ROW LEVEL SECURITY;
CREATE POLICY versions_without_secrets ON plant.master_data_versions FOR SELECT
    USING (NOT carries_secrets);

-- plant.accept_rows with these checks is defined once, in 0005_wip (with the work in progress).

-- Supervisors read the new tables too, but no password hash either.
DO $$
DECLARE
    supervisor name := left(current_database(), 40) || '_supervisor';
BEGIN
    EXECUTE format('GRANT SELECT ON plant.push_locks, plant.settings, plant.clock_offsets, '
                   'plant.exceptions, plant.countersignatures TO %I', supervisor);
    EXECUTE format('REVOKE SELECT ON plant.users FROM %I', supervisor);
    EXECUTE format('GRANT SELECT (id, username, name, role, badge, active, qualifications) '
                   'ON plant.users TO %I', supervisor);
    EXECUTE format('CREATE POLICY supervisor_reads_locks ON plant.push_locks FOR SELECT TO %I '
                   'USING (true)', supervisor);
END $$;
REVOKE ALL ON ALL TABLES IN SCHEMA plant FROM PUBLIC;
