-- Work in progress flows down; single consumption and (DI, serial) uniqueness hold plant-wide.
--
-- plant.wip is what a station pulls for its line: every unit recorded (serial, DI, product, step,
-- verdict), every subassembly consumed, every record superseded, holds, releases, dispositions and
-- conflicts. Whoever writes it first takes a self-exclusive lock on it (plain reads go on) and keeps
-- it to commit, so ids become visible in id order: a station's cursor is the last id it pulled and a
-- row committed late by a slow push is never skipped. (A snapshot-xmin cursor would be cluster-wide:
-- any long transaction in any database on the server would hold every line's flow back.)
CREATE TABLE plant.wip (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    line text,                                 -- NULL: every line
    kind text NOT NULL CHECK (kind IN ('unit', 'consumed', 'superseded', 'hold', 'release',
                                       'disposition', 'conflict')),
    serial text NOT NULL,                      -- unit or subassembly serial; a record key for superseded
    record_key uuid,                           -- the record that says so
    station text,
    detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX wip_serial ON plant.wip (serial, kind);
CREATE TRIGGER wip_append_only BEFORE UPDATE OR DELETE ON plant.wip
    FOR EACH ROW EXECUTE FUNCTION plant.refuse_change();

-- What is taken, plant-wide: each (serial, step) once, each serial with one DI, each subassembly in
-- one parent. A claim made at commit time (online) or the pushed record itself (offline) takes it;
-- a correction gives back what the corrected record took.
CREATE TABLE plant.unit_claims (
    serial text NOT NULL, step text NOT NULL, di text,
    record_key uuid NOT NULL, station text NOT NULL,
    held boolean NOT NULL DEFAULT false,       -- the record itself reached the plant
    claimed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (serial, step)
);
CREATE INDEX unit_claims_record ON plant.unit_claims (record_key);
CREATE TABLE plant.consumptions (
    component text PRIMARY KEY,
    record_key uuid NOT NULL, station text NOT NULL, parent text NOT NULL,
    held boolean NOT NULL DEFAULT false,
    claimed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX consumptions_record ON plant.consumptions (record_key);
INSERT INTO plant.settings VALUES ('claim_stale_after_s', '600');

-- Holds placed at the plant (by quality, on a serial); stations' own hold rows flow the same way.
CREATE FUNCTION plant.place_hold(serial text, reason text, placed_by text, release boolean DEFAULT false)
RETURNS bigint LANGUAGE sql VOLATILE AS $$
    LOCK TABLE plant.wip IN SHARE ROW EXCLUSIVE MODE;
    INSERT INTO plant.wip (line, kind, serial, detail)
    VALUES (NULL, CASE WHEN release THEN 'release' ELSE 'hold' END, serial,
            jsonb_build_object('reason', reason, 'by', placed_by, 'at', clock_timestamp()))
    RETURNING id
$$;

CREATE FUNCTION plant.superseded(k uuid) RETURNS boolean LANGUAGE sql STABLE
SET search_path = pg_catalog, plant AS $$
    SELECT EXISTS (SELECT 1 FROM plant.supersessions s WHERE s.old_key = k)
$$;

-- The online confirmation of one record before the station commits it: takes (serial, step), the
-- serial's DI and each consumed subassembly, or says what is in the way, naming the other record.
CREATE FUNCTION plant.claim(station_ text, record_key_ uuid, serial_ text, di_ text, step_ text,
                            consumed text[]) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, plant AS $$
DECLARE
    stale interval := make_interval(secs => (SELECT value::double precision FROM plant.settings
                                             WHERE name = 'claim_stale_after_s'));
    other record;
    c text;
    hold record;
BEGIN
    IF NOT plant.may_act_for(station_) THEN
        RAISE EXCEPTION 'role % may not claim for station %', session_user, station_
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    FOREACH c IN ARRAY array_prepend(serial_, coalesce(consumed, '{}')) LOOP
        SELECT w.kind, w.detail INTO hold FROM plant.wip w
        WHERE w.serial = c AND w.kind IN ('hold', 'release') ORDER BY w.id DESC LIMIT 1;
        IF FOUND AND hold.kind = 'hold' THEN
            RETURN format('%s is on hold at the plant: %s (placed by %s)', c, hold.detail ->> 'reason',
                          hold.detail ->> 'by');
        END IF;
    END LOOP;
    -- Check and take as one step per key: the unit and each subassembly, in a fixed order (no
    -- deadlock). Held only for this call; a session holding one of these keys delays a claim by
    -- at most the claimer's lock_timeout, after which the record is made unconfirmed.
    PERFORM pg_advisory_xact_lock(hashtext('lineside-claim:' || k))
    FROM (SELECT DISTINCT k FROM unnest(array_prepend(serial_, coalesce(consumed, '{}'))) k
          ORDER BY k) keys;
    SELECT u.* INTO other FROM plant.unit_claims u
    WHERE u.serial = serial_ AND u.di IS DISTINCT FROM di_ AND di_ IS NOT NULL AND u.di IS NOT NULL
      AND u.record_key <> record_key_ AND NOT plant.superseded(u.record_key)
    LIMIT 1;
    IF FOUND THEN
        RETURN format('serial %s is device %s (record %s at station %s), not %s', serial_, other.di,
                      other.record_key, other.station, di_);
    END IF;
    SELECT u.* INTO other FROM plant.unit_claims u WHERE u.serial = serial_ AND u.step = step_;
    IF FOUND AND other.record_key <> record_key_ AND NOT plant.superseded(other.record_key)
       AND (other.held OR other.claimed_at > clock_timestamp() - stale) THEN
        RETURN format('unit %s was already recorded at step %s by station %s (record %s)', serial_,
                      step_, other.station, other.record_key);
    END IF;
    FOREACH c IN ARRAY coalesce(consumed, '{}') LOOP
        SELECT k.* INTO other FROM plant.consumptions k WHERE k.component = c;
        IF FOUND AND other.record_key <> record_key_ AND NOT plant.superseded(other.record_key)
           AND (other.held OR other.claimed_at > clock_timestamp() - stale) THEN
            RETURN format('%s was already built into %s at station %s (record %s)', c, other.parent,
                          other.station, other.record_key);
        END IF;
    END LOOP;
    INSERT INTO plant.unit_claims AS u (serial, step, di, record_key, station)
    VALUES (serial_, step_, di_, record_key_, station_)
    ON CONFLICT (serial, step) DO UPDATE SET di = excluded.di, record_key = excluded.record_key,
        station = excluded.station, held = false, claimed_at = clock_timestamp();
    INSERT INTO plant.consumptions AS k (component, record_key, station, parent)
    SELECT x, record_key_, station_, serial_ FROM unnest(coalesce(consumed, '{}')) x
    ON CONFLICT (component) DO UPDATE SET record_key = excluded.record_key,
        station = excluded.station, parent = excluded.parent, held = false, claimed_at = clock_timestamp();
    RETURN NULL;
END $$;

-- A station's pull: the work in progress of its line(s) after the cursor.
CREATE FUNCTION plant.wip_since(after_id bigint, max_rows integer)
RETURNS TABLE (id bigint, kind text, serial text, record_key uuid, station text, line text,
               detail jsonb)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, plant AS $$
    WITH mine AS (SELECT plant.stations_of(session_user) AS station),
    lines AS (SELECT s.line_id FROM plant.stations s WHERE s.id IN (SELECT station FROM mine))
    SELECT w.id, w.kind, w.serial, w.record_key, w.station, w.line, w.detail
    FROM plant.wip w
    WHERE w.id > after_id
      AND (w.line IS NULL OR w.line IN (SELECT line_id FROM lines)
           OR w.station IN (SELECT station FROM mine)
           OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user))
    ORDER BY w.id
    LIMIT max_rows
$$;

REVOKE ALL ON FUNCTION plant.place_hold(text, text, text, boolean),
    plant.claim(text, uuid, text, text, text, text[]), plant.wip_since(bigint, integer)
    FROM PUBLIC;

-- Each row's content must repeat its header; a correction corrects its own station's rows only;
-- the projections carry the station the role pushed as. The rows' effects on work in progress and
-- on what is taken come from the same one parse (a second trigger parsing every record again cost
-- a third of a push).
CREATE OR REPLACE FUNCTION plant.accept_rows() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, plant SET work_mem = '64MB' AS $$
DECLARE
    bad record;
    conflict record;
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS wip_in (
        key uuid, seq bigint, station text, kind text, corrects uuid, line text, serial text,
        di text, step text, product text, status text, recorded_at text, confirmed boolean,
        consumed text[]
    ) ON COMMIT DROP;
    DELETE FROM wip_in;
    SELECT n.station, n.seq, n.key, n.kind, n.prev_hash, n.expected, n.actual, n.hash INTO bad
    FROM (
        SELECT r.station, r.seq, r.key, r.kind, r.prev_hash,
               coalesce(lag(r.hash) OVER w, h.hash, repeat('0', 64)) AS expected,
               encode(sha256(convert_to(r.content || r.prev_hash, 'UTF8')), 'hex') AS actual,
               r.hash, coalesce(h.seq, 0) AS head_seq
        FROM new_rows r LEFT JOIN plant.station_heads h ON h.station = r.station
        WINDOW w AS (PARTITION BY r.station ORDER BY r.seq)
    ) n
    WHERE n.prev_hash <> n.expected OR n.actual <> n.hash OR n.seq <= n.head_seq
    ORDER BY n.station, n.seq
    LIMIT 1;
    IF FOUND THEN
        IF bad.actual <> bad.hash THEN
            RAISE EXCEPTION 'station % row % (key %, %): its hash does not match its content: it was altered',
                bad.station, bad.seq, bad.key, bad.kind USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RAISE EXCEPTION 'station % row % (key %, %): its prev_hash % does not continue the chain the plant holds (expected %): the station journal was altered or forked',
            bad.station, bad.seq, bad.key, bad.kind, left(bad.prev_hash, 12), left(bad.expected, 12)
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;

    SELECT r.station, r.key, r.kind, r.corrects, j.station AS owner INTO bad
    FROM new_rows r LEFT JOIN plant.journal j ON j.key = r.corrects
    WHERE r.corrects IS NOT NULL AND j.station IS DISTINCT FROM r.station
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'row % (%) of station % corrects record %, which %: a station may correct only its own records',
            bad.key, bad.kind, bad.station, bad.corrects,
            CASE WHEN bad.owner IS NULL THEN 'the plant does not hold' ELSE 'belongs to station ' || bad.owner END
            USING ERRCODE = 'insufficient_privilege';
    END IF;

    -- One parse of every row: project the genealogy of the rows whose content repeats their header and
    -- find the first that does not (raising below rolls the projection back with the rest).
    WITH parsed AS MATERIALIZED (
        -- Each content parsed once into only the fields needed here, held in memory (work_mem).
        SELECT j.key, j.seq, j.station, j.kind, j.corrects, j.recorded_at,
               c ->> 'station' AS c_station, c ->> 'key' AS c_key, c ->> 'kind' AS c_kind,
               c ->> 'corrects' AS c_corrects, c ->> 'recorded_at' AS c_recorded_at,
               CASE WHEN j.kind IN ('assembly', 'correction') THEN jsonb_build_object(
                   'serial', c #>> '{unit,serial}', 'di', c #>> '{unit,di}', 'product', c ->> 'product',
                   'work_order', c ->> 'work_order', 'step', c ->> 'step', 'line', c ->> 'line',
                   'operator', coalesce(nullif(c #>> '{operator,badge}', ''), c #>> '{operator,user_id}'),
                   'operator_name', c #>> '{operator,name}', 'status', c #>> '{verdict,status}',
                   'environment', coalesce(c -> 'environment', '[]'::jsonb),
                   'components', c -> 'components',
                   'confirmed', coalesce(c #>> '{plant_check,result}', '') = 'claimed') END AS g
        FROM (SELECT r.*, r.content::jsonb AS c FROM new_rows r OFFSET 0) j
    ), checked AS MATERIALIZED (
        SELECT p.*, p.c_station IS NOT DISTINCT FROM p.station
                    AND p.c_key IS NOT DISTINCT FROM p.key::text
                    AND p.c_kind IS NOT DISTINCT FROM p.kind
                    AND p.c_corrects IS NOT DISTINCT FROM p.corrects::text
                    AND p.c_recorded_at::timestamptz IS NOT DISTINCT FROM p.recorded_at AS ok
        FROM parsed p
    ), assembled AS MATERIALIZED (
        SELECT p.key, p.seq, p.station, p.corrects, p.c_recorded_at AS recorded_at, p.g,
               coalesce(s.line_id, p.g ->> 'line') AS line
        FROM checked p LEFT JOIN plant.stations s ON s.id = p.station
        WHERE p.ok AND p.g IS NOT NULL
    ), added AS (
        INSERT INTO plant.assemblies
        SELECT a.key, g ->> 'serial', g ->> 'di', g ->> 'product', g ->> 'work_order', g ->> 'step',
               a.station, a.line, g ->> 'operator', g ->> 'operator_name', a.recorded_at,
               g ->> 'status', g -> 'environment'
        FROM assembled a
    ), parts AS (
        INSERT INTO plant.components
        SELECT a.key, g ->> 'serial', x.e ->> 'id', x.e ->> 'kind', x.e ->> 'part_number',
               (x.e ->> 'quantity')::double precision, x.e #>> '{certificate,id}',
               x.e #>> '{certificate,type}', (x.e #>> '{certificate,revision}')::integer
        FROM assembled a CROSS JOIN LATERAL jsonb_array_elements(a.g -> 'components') AS x(e)
    ), staged AS (
        -- What work in progress and the plant-wide claims need, from the same parse.
        INSERT INTO wip_in
        SELECT a.key, a.seq, a.station, 'assembly', a.corrects, a.line, g ->> 'serial', g ->> 'di',
               g ->> 'step', g ->> 'product', g ->> 'status', a.recorded_at,
               (g ->> 'confirmed')::boolean,
               ARRAY(SELECT e ->> 'id' FROM jsonb_array_elements(g -> 'components') e
                     WHERE e ->> 'kind' = 'unit')
        FROM assembled a
    )
    SELECT p.station, p.key, p.kind, p.c_station AS claimed, p.c_key AS ckey, p.c_kind AS ckind,
           p.c_corrects AS ccorrects INTO bad
    FROM checked p WHERE NOT p.ok
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'row % (%) was sent as station %, but its content says station %, key %, kind %, corrects %: a station may send only its own records as they are',
            bad.key, bad.kind, bad.station, bad.claimed, bad.ckey, bad.ckind, coalesce(bad.ccorrects, 'nothing')
            USING ERRCODE = 'insufficient_privilege';
    END IF;

    INSERT INTO plant.station_heads AS h (station, seq, hash, rows, updated_at)
    SELECT DISTINCT ON (station) station, seq, hash, count(*) OVER (PARTITION BY station), now()
    FROM new_rows ORDER BY station, seq DESC
    ON CONFLICT (station) DO UPDATE
        SET seq = excluded.seq, hash = excluded.hash, rows = h.rows + excluded.rows, updated_at = now();
    INSERT INTO plant.push_locks SELECT DISTINCT station FROM new_rows ON CONFLICT DO NOTHING;

    INSERT INTO plant.supersessions
    SELECT corrects, key FROM new_rows
    WHERE kind IN ('assembly', 'correction') AND corrects IS NOT NULL;

    -- Held to commit: this push's work-in-progress ids become visible in order (see above).
    LOCK TABLE plant.wip IN SHARE ROW EXCLUSIVE MODE;
    -- What a correction replaces is given back first.
    DELETE FROM plant.unit_claims u USING wip_in w WHERE w.corrects IS NOT NULL AND u.record_key = w.corrects;
    DELETE FROM plant.consumptions k USING wip_in w WHERE w.corrects IS NOT NULL AND k.record_key = w.corrects;

    -- A record that says the plant confirmed it must find its own claims, or nobody else's.
    SELECT w.key, w.station, w.serial, w.step, u.record_key AS other, u.station AS other_station INTO conflict
    FROM wip_in w JOIN plant.unit_claims u ON u.serial = w.serial AND u.step = w.step
    WHERE w.confirmed AND u.record_key <> w.key AND NOT plant.superseded(u.record_key)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'record % of station % says the plant confirmed unit % at step %, but record % of station % holds it: refused',
            conflict.key, conflict.station, conflict.serial, conflict.step, conflict.other, conflict.other_station
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'unit_claims_pkey';
    END IF;
    SELECT w.key, w.station, x.c AS component, k.record_key AS other, k.station AS other_station INTO conflict
    FROM wip_in w CROSS JOIN LATERAL unnest(w.consumed) x(c)
    JOIN plant.consumptions k ON k.component = x.c
    WHERE w.confirmed AND k.record_key <> w.key AND NOT plant.superseded(k.record_key)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'record % of station % says the plant confirmed it may use %, but record % of station % consumed it: refused',
            conflict.key, conflict.station, conflict.component, conflict.other, conflict.other_station
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'consumptions_pkey';
    END IF;

    -- Records made offline that collide with another live record: both kept, a conflict raised
    -- that both stations' exception queues and the plant view show.
    WITH twice AS (
        SELECT 'serial-twice' AS kind, w.serial AS subject, w.line, ARRAY[u.station, w.station] AS stations,
               ARRAY[u.record_key, w.key] AS records,
               format('unit %s recorded at step %s twice: record %s (station %s) and record %s (station %s, made offline)',
                      w.serial, w.step, u.record_key, u.station, w.key, w.station) AS detail
        FROM wip_in w JOIN plant.unit_claims u ON u.serial = w.serial AND u.step = w.step
        WHERE NOT w.confirmed AND u.record_key <> w.key AND NOT plant.superseded(u.record_key)
        UNION ALL
        SELECT 'consumed-twice', x.c, w.line, ARRAY[k.station, w.station], ARRAY[k.record_key, w.key],
               format('%s built into two units: %s by record %s (station %s) and %s by record %s (station %s, made offline)',
                      x.c, k.parent, k.record_key, k.station, w.serial, w.key, w.station)
        FROM wip_in w CROSS JOIN LATERAL unnest(w.consumed) x(c)
        JOIN plant.consumptions k ON k.component = x.c
        WHERE NOT w.confirmed AND k.record_key <> w.key AND NOT plant.superseded(k.record_key)
    ), raised AS (
        INSERT INTO plant.exceptions (kind, stations, subject, records, detail)
        SELECT kind, stations, subject, records, detail FROM twice
        RETURNING id, kind, stations, subject, records, detail
    )
    INSERT INTO plant.wip (line, kind, serial, record_key, station, detail)
    SELECT t.line, 'conflict', r.subject, r.records[2], NULL,
           jsonb_build_object('exception', r.id, 'kind', r.kind, 'stations', to_jsonb(r.stations),
                              'records', to_jsonb(r.records), 'detail', r.detail)
    FROM raised r JOIN twice t ON t.subject = r.subject AND t.records = r.records;

    INSERT INTO plant.unit_claims AS u (serial, step, di, record_key, station, held)
    SELECT DISTINCT ON (serial, step) serial, step, di, key, station, true FROM wip_in
    WHERE serial IS NOT NULL AND step IS NOT NULL ORDER BY serial, step, seq
    ON CONFLICT (serial, step) DO UPDATE SET held = true WHERE u.record_key = excluded.record_key;
    INSERT INTO plant.consumptions AS k (component, record_key, station, parent, held)
    SELECT DISTINCT ON (x.c) x.c, w.key, w.station, w.serial, true
    FROM wip_in w CROSS JOIN LATERAL unnest(w.consumed) x(c) ORDER BY x.c, w.seq
    ON CONFLICT (component) DO UPDATE SET held = true WHERE k.record_key = excluded.record_key;

    INSERT INTO plant.wip (line, kind, serial, record_key, station, detail)
    SELECT line, 'unit', serial, key, station,
           jsonb_build_object('di', di, 'product', product, 'step', step, 'status', status,
                              'recorded_at', recorded_at, 'confirmed', confirmed)
    FROM wip_in WHERE serial IS NOT NULL ORDER BY seq;
    INSERT INTO plant.wip (line, kind, serial, record_key, station, detail)
    SELECT w.line, 'consumed', x.c, w.key, w.station, jsonb_build_object('parent', w.serial)
    FROM wip_in w CROSS JOIN LATERAL unnest(w.consumed) x(c);
    INSERT INTO plant.wip (line, kind, serial, record_key, station)
    SELECT line, 'superseded', corrects::text, key, station FROM wip_in WHERE corrects IS NOT NULL;

    -- Dispositions and holds recorded at stations flow down too.
    INSERT INTO plant.wip (line, kind, serial, record_key, station, detail)
    SELECT s.line_id, CASE r.kind WHEN 'disposition' THEN 'disposition'
                                  WHEN 'hold' THEN 'hold' ELSE 'release' END,
           coalesce(c #>> '{disposition,subject}', c #>> '{hold,serial}', c #>> '{hold,subject}'),
           r.key, r.station,
           coalesce(c -> 'disposition', c -> 'hold', '{}'::jsonb)
    FROM (SELECT n.*, n.content::jsonb AS c FROM new_rows n
          WHERE n.kind IN ('disposition', 'hold', 'hold-release') OFFSET 0) r
    LEFT JOIN plant.stations s ON s.id = r.station
    WHERE coalesce(c #>> '{disposition,subject}', c #>> '{hold,serial}', c #>> '{hold,subject}') IS NOT NULL;
    RETURN NULL;
END $$;

REVOKE ALL ON FUNCTION plant.accept_rows() FROM PUBLIC;

DO $$
DECLARE
    supervisor name := left(current_database(), 40) || '_supervisor';
BEGIN
    EXECUTE format('GRANT SELECT ON plant.wip, plant.unit_claims, plant.consumptions TO %I', supervisor);
END $$;
REVOKE ALL ON ALL TABLES IN SCHEMA plant FROM PUBLIC;
