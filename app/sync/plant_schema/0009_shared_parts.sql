-- Shared parts: a record's repeated sub-objects (a lot as accepted with its certificate, the fixed
-- half of an environment reading) stored once, keyed by the SHA-256 of their canonical JSON, as on
-- the station (README, Record model 3). A record names a part as {"$ref": "sha256:<hex>", ...its
-- own values}; its chained hash covers the reference and the reference covers the part. Stations
-- push a batch's parts before its rows; the table itself refuses a part whose text does not match
-- its hash, so no role can store a part other than the one its records were hashed with.
CREATE TABLE plant.shared_parts (
    hash text PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{64}$'),
    content text NOT NULL,
    CONSTRAINT shared_parts_hash_matches CHECK (encode(sha256(convert_to(content, 'UTF8')), 'hex') = hash)
);
CREATE TRIGGER shared_parts_append_only BEFORE UPDATE OR DELETE ON plant.shared_parts
    FOR EACH ROW EXECUTE FUNCTION plant.refuse_change();

-- A record's list (components, environment) with each reference replaced by its part's values and
-- the entry's own values: the list as the old record form stated it. NULL when a reference names a
-- part the plant does not hold.
CREATE FUNCTION plant.expand_list(items jsonb) RETURNS jsonb LANGUAGE sql STABLE
SET search_path = pg_catalog, plant AS $$
    SELECT CASE WHEN items IS NULL OR jsonb_typeof(items) <> 'array' THEN items ELSE (
        SELECT CASE WHEN coalesce(bool_and(NOT (jsonb_typeof(x.e) = 'object' AND x.e ? '$ref')
                                           OR p.content IS NOT NULL), true)
               THEN coalesce(jsonb_agg(CASE WHEN p.content IS NULL THEN x.e
                                            ELSE p.content::jsonb || (x.e - '$ref') END
                                       ORDER BY x.o), '[]'::jsonb) END
        FROM jsonb_array_elements(items) WITH ORDINALITY AS x(e, o)
        LEFT JOIN plant.shared_parts p
            ON jsonb_typeof(x.e) = 'object' AND x.e ? '$ref' AND p.hash = substr(x.e ->> '$ref', 8)
    ) END
$$;
REVOKE ALL ON FUNCTION plant.expand_list(jsonb) FROM PUBLIC;

DO $$
DECLARE
    supervisor name := left(current_database(), 40) || '_supervisor';
    station_role name;
BEGIN
    EXECUTE format('GRANT SELECT ON plant.shared_parts TO %I', supervisor);
    -- Stations added before this step push parts too (add_station grants it to new ones).
    FOR station_role IN SELECT role FROM plant.station_roles LOOP
        EXECUTE format('GRANT INSERT, SELECT ON plant.shared_parts TO %I', station_role);
    END LOOP;
END $$;

-- accept_rows as in 0005_wip, reading each assembly's components and environment through their
-- shared parts, and refusing a row that names a part the plant does not hold.
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
               j.kind NOT IN ('assembly', 'correction')
               OR ((x.comps IS NOT NULL OR c -> 'components' IS NULL) AND x.env IS NOT NULL) AS parts_ok,
               c ->> 'station' AS c_station, c ->> 'key' AS c_key, c ->> 'kind' AS c_kind,
               c ->> 'corrects' AS c_corrects, c ->> 'recorded_at' AS c_recorded_at,
               CASE WHEN j.kind IN ('assembly', 'correction') THEN jsonb_build_object(
                   'serial', c #>> '{unit,serial}', 'di', c #>> '{unit,di}', 'product', c ->> 'product',
                   'work_order', c ->> 'work_order', 'step', c ->> 'step', 'line', c ->> 'line',
                   'operator', coalesce(nullif(c #>> '{operator,badge}', ''), c #>> '{operator,user_id}'),
                   'operator_name', c #>> '{operator,name}', 'status', c #>> '{verdict,status}',
                   'environment', coalesce(x.env, '[]'::jsonb),
                   'components', x.comps,
                   'confirmed', coalesce(c #>> '{plant_check,result}', '') = 'claimed') END AS g
        FROM (SELECT r.*, r.content::jsonb AS c FROM new_rows r OFFSET 0) j
        CROSS JOIN LATERAL (
            SELECT CASE WHEN j.kind IN ('assembly', 'correction')
                        THEN plant.expand_list(j.c -> 'components') END AS comps,
                   CASE WHEN j.kind IN ('assembly', 'correction')
                        THEN plant.expand_list(coalesce(j.c -> 'environment', '[]'::jsonb)) END AS env
        ) x
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
        WHERE p.ok AND p.parts_ok AND p.g IS NOT NULL
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
    SELECT p.station, p.seq, p.key, p.kind, p.ok, p.c_station AS claimed, p.c_key AS ckey,
           p.c_kind AS ckind, p.c_corrects AS ccorrects INTO bad
    FROM checked p WHERE NOT p.ok OR NOT p.parts_ok
    ORDER BY p.station, p.seq
    LIMIT 1;
    IF FOUND AND bad.ok THEN
        RAISE EXCEPTION 'station % row % (key %, %) refers to a shared part the plant does not hold: send the parts before the rows',
            bad.station, bad.seq, bad.key, bad.kind USING ERRCODE = 'integrity_constraint_violation';
    END IF;
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
