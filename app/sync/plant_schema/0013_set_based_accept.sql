-- The plant's acceptance of pushed rows as one set-based function, one trigger.
--
-- This migration supersedes every earlier definition of plant.accept_rows (0001_journal, 0005_wip,
-- 0009_shared_parts) and folds in plant.derive_status (0007_product_status) and
-- plant.raise_di_conflicts (0011_di_conflicts), whose triggers it drops: what a push is checked
-- against and what it projects is defined here, once. The rules are the same; the error messages
-- name the first offending row exactly as before.
--
-- Why: a push of 5,000 assemblies spent ~90 % of its time in the shared-part expansion
-- (plant.expand_list, a non-inlinable function called twice per record, parsing each referenced
-- part's text again for every entry: ~12 parts of ~800 bytes per record, 4x the record itself).
-- Here each part a batch refers to is parsed once per batch, every record's lists are expanded in
-- one join, and product status and the device-identifier conflicts are a few statements over the
-- batch instead of a loop and a second and third scan of the inserted rows.
--
-- Order of work, all in the INSERT's transaction (any refusal rolls everything back):
--   1. chain continuity per station (prev_hash, hash over content, seq past the head);
--   2. a correction corrects only its own station's records;
--   3. one parse of every row: its content must repeat its header, an assembly's shared parts must
--      be held; the genealogy (assemblies, components) is projected with the role's station;
--   4. station heads, push locks, supersessions;
--   5. claims: a correction gives back what it replaced; a record that says the plant confirmed
--      it must find its own claims; offline collisions raise conflicts; claims taken (ON CONFLICT);
--   6. work in progress: units, consumed subassemblies, supersessions, dispositions and holds;
--   7. product status per serial from dispositions and releases (scrap sticks);
--   8. a serial under two device identifiers at two steps raises di-twice.

DROP TRIGGER journal_status ON plant.journal;
DROP TRIGGER journal_udi ON plant.journal;
DROP FUNCTION plant.derive_status();
DROP FUNCTION plant.raise_di_conflicts();

CREATE OR REPLACE FUNCTION plant.accept_rows() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, plant SET work_mem = '64MB' SET jit = off AS $$
DECLARE
    bad record;
    conflict record;
BEGIN
    -- What the later steps need of the batch, from the one parse (kept to commit, never shown).
    CREATE TEMP TABLE IF NOT EXISTS accept_in (
        key uuid, seq bigint, station text, kind text, corrects uuid, line text, serial text,
        di text, step text, product text, status text, recorded_at text, confirmed boolean,
        consumed text[], body jsonb
    ) ON COMMIT DROP;
    DELETE FROM accept_in;

    -- 1. Chain continuity.
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

    -- 2. Corrections of the station's own records only.
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

    -- 3. One parse of every row; the genealogy of the rows that pass, and the first that does not
    -- (raising below rolls the projection back with the rest).
    WITH parsed AS MATERIALIZED (
        SELECT j.key, j.seq, j.station, j.kind, j.corrects, j.recorded_at,
               j.kind IN ('assembly', 'correction') AS g,
               c ->> 'station' AS c_station, c ->> 'key' AS c_key, c ->> 'kind' AS c_kind,
               c ->> 'corrects' AS c_corrects, c ->> 'recorded_at' AS c_recorded_at,
               c #>> '{unit,serial}' AS serial, c #>> '{unit,di}' AS di, c ->> 'product' AS product,
               c ->> 'work_order' AS work_order, c ->> 'step' AS step, c ->> 'line' AS line,
               coalesce(nullif(c #>> '{operator,badge}', ''), c #>> '{operator,user_id}') AS operator,
               c #>> '{operator,name}' AS operator_name, c #>> '{verdict,status}' AS status,
               coalesce(c #>> '{plant_check,result}', '') = 'claimed' AS confirmed,
               CASE WHEN j.kind IN ('assembly', 'correction') THEN c -> 'components' END AS comps,
               CASE WHEN j.kind IN ('assembly', 'correction')
                    THEN coalesce(c -> 'environment', '[]'::jsonb) END AS env,
               CASE WHEN j.kind IN ('disposition', 'hold', 'hold-release', 'release') THEN c END AS body
        FROM (SELECT r.key, r.seq, r.station, r.kind, r.corrects, r.recorded_at,
                     r.content::jsonb AS c FROM new_rows r OFFSET 0) j
    ), refs AS (
        -- The shared parts the batch's assemblies name, each once.
        SELECT DISTINCT substr(x.e ->> '$ref', 8) AS ref
        FROM parsed p CROSS JOIN LATERAL jsonb_array_elements(
            CASE WHEN jsonb_typeof(p.comps) = 'array' THEN p.comps ELSE '[]' END
            || CASE WHEN jsonb_typeof(p.env) = 'array' THEN p.env ELSE '[]' END) AS x(e)
        WHERE p.g AND jsonb_typeof(x.e) = 'object' AND x.e ? '$ref'
    ), held AS MATERIALIZED (
        -- Each parsed once into one map by hash; the ones the plant does not hold listed.
        SELECT coalesce(jsonb_object_agg(r.ref, s.content::jsonb) FILTER (WHERE s.hash IS NOT NULL),
                        '{}'::jsonb) AS parts,
               coalesce(array_agg(r.ref) FILTER (WHERE s.hash IS NULL), '{}') AS missing
        FROM refs r LEFT JOIN plant.shared_parts s ON s.hash = r.ref
    ), checked AS MATERIALIZED (
        SELECT p.*, s.line_id AS station_line,
               p.c_station IS NOT DISTINCT FROM p.station
                    AND p.c_key IS NOT DISTINCT FROM p.key::text
                    AND p.c_kind IS NOT DISTINCT FROM p.kind
                    AND p.c_corrects IS NOT DISTINCT FROM p.corrects::text
                    AND p.c_recorded_at::timestamptz IS NOT DISTINCT FROM p.recorded_at AS ok,
               NOT p.g OR cardinality(h.missing) = 0 OR NOT EXISTS (
                   SELECT 1 FROM jsonb_array_elements(
                       CASE WHEN jsonb_typeof(p.comps) = 'array' THEN p.comps ELSE '[]' END
                       || CASE WHEN jsonb_typeof(p.env) = 'array' THEN p.env ELSE '[]' END) AS x(e)
                   WHERE jsonb_typeof(x.e) = 'object' AND x.e ? '$ref'
                     AND substr(x.e ->> '$ref', 8) = ANY (h.missing)) AS parts_ok,
               -- The readings as the old record form stated them: the part's values plus the entry's.
               CASE WHEN jsonb_typeof(p.env) = 'array' THEN (
                   SELECT coalesce(jsonb_agg(CASE WHEN jsonb_typeof(x.e) = 'object' AND x.e ? '$ref'
                                                  THEN (h.parts -> substr(x.e ->> '$ref', 8)) || (x.e - '$ref')
                                                  ELSE x.e END ORDER BY x.o), '[]'::jsonb)
                   FROM jsonb_array_elements(p.env) WITH ORDINALITY AS x(e, o))
                    ELSE p.env END AS environment
        FROM parsed p CROSS JOIN held h LEFT JOIN plant.stations s ON s.id = p.station
    ), assembled AS MATERIALIZED (
        SELECT p.*, coalesce(p.station_line, p.line) AS at_line
        FROM checked p WHERE p.ok AND p.parts_ok AND p.g
    ), entries AS MATERIALIZED (
        -- Each component as the old record form stated it.
        SELECT y.key, y.serial, y.o, y.v ->> 'id' AS id, y.v ->> 'kind' AS kind,
               y.v ->> 'part_number' AS part_number, (y.v ->> 'quantity')::double precision AS quantity,
               y.v #>> '{certificate,id}' AS certificate, y.v #>> '{certificate,type}' AS certificate_type,
               (y.v #>> '{certificate,revision}')::integer AS certificate_revision
        FROM (SELECT a.key, a.serial, x.o,
                     CASE WHEN jsonb_typeof(x.e) = 'object' AND x.e ? '$ref'
                          THEN (h.parts -> substr(x.e ->> '$ref', 8)) || (x.e - '$ref')
                          ELSE x.e END AS v
              FROM assembled a CROSS JOIN held h
              CROSS JOIN LATERAL jsonb_array_elements(a.comps) WITH ORDINALITY AS x(e, o)
              WHERE a.comps IS NOT NULL
              OFFSET 0) y  -- each entry expanded once, not once per field read above
    ), consumed AS (
        SELECT e.key, array_agg(e.id ORDER BY e.o) AS ids FROM entries e WHERE e.kind = 'unit'
        GROUP BY e.key
    ), added AS (
        INSERT INTO plant.assemblies
        SELECT a.key, a.serial, a.di, a.product, a.work_order, a.step, a.station, a.at_line,
               a.operator, a.operator_name, a.c_recorded_at, a.status, a.environment
        FROM assembled a
    ), parts AS (
        INSERT INTO plant.components
        SELECT e.key, e.serial, e.id, e.kind, e.part_number, e.quantity, e.certificate,
               e.certificate_type, e.certificate_revision
        FROM entries e
    ), staged AS (
        INSERT INTO accept_in
        SELECT a.key, a.seq, a.station, a.kind, a.corrects, a.at_line, a.serial, a.di, a.step,
               a.product, a.status, a.c_recorded_at, a.confirmed, coalesce(u.ids, '{}'), NULL
        FROM assembled a LEFT JOIN consumed u ON u.key = a.key
        UNION ALL
        SELECT p.key, p.seq, p.station, p.kind, p.corrects, p.station_line, NULL, NULL, NULL,
               NULL, NULL, p.c_recorded_at, NULL, NULL, p.body
        FROM checked p WHERE p.ok AND p.body IS NOT NULL
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

    -- 4. Heads, push locks, supersessions.
    INSERT INTO plant.station_heads AS h (station, seq, hash, rows, updated_at)
    SELECT DISTINCT ON (station) station, seq, hash, count(*) OVER (PARTITION BY station), now()
    FROM new_rows ORDER BY station, seq DESC
    ON CONFLICT (station) DO UPDATE
        SET seq = excluded.seq, hash = excluded.hash, rows = h.rows + excluded.rows, updated_at = now();
    INSERT INTO plant.push_locks SELECT DISTINCT station FROM new_rows ON CONFLICT DO NOTHING;
    INSERT INTO plant.supersessions
    SELECT corrects, key FROM accept_in WHERE body IS NULL AND corrects IS NOT NULL;

    -- 5. Claims. Held to commit: this push's work-in-progress ids become visible in order (0005_wip).
    LOCK TABLE plant.wip IN SHARE ROW EXCLUSIVE MODE;
    -- What a correction replaces is given back first.
    DELETE FROM plant.unit_claims u USING accept_in w
    WHERE w.body IS NULL AND w.corrects IS NOT NULL AND u.record_key = w.corrects;
    DELETE FROM plant.consumptions k USING accept_in w
    WHERE w.body IS NULL AND w.corrects IS NOT NULL AND k.record_key = w.corrects;

    -- A record that says the plant confirmed it must find its own claims, or nobody else's.
    SELECT w.key, w.station, w.serial, w.step, u.record_key AS other, u.station AS other_station INTO conflict
    FROM accept_in w JOIN plant.unit_claims u ON u.serial = w.serial AND u.step = w.step
    WHERE w.confirmed AND u.record_key <> w.key
      AND NOT EXISTS (SELECT 1 FROM plant.supersessions s WHERE s.old_key = u.record_key)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'record % of station % says the plant confirmed unit % at step %, but record % of station % holds it: refused',
            conflict.key, conflict.station, conflict.serial, conflict.step, conflict.other, conflict.other_station
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'unit_claims_pkey';
    END IF;
    SELECT w.key, w.station, x.c AS component, k.record_key AS other, k.station AS other_station INTO conflict
    FROM accept_in w CROSS JOIN LATERAL unnest(w.consumed) x(c)
    JOIN plant.consumptions k ON k.component = x.c
    WHERE w.confirmed AND k.record_key <> w.key
      AND NOT EXISTS (SELECT 1 FROM plant.supersessions s WHERE s.old_key = k.record_key)
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
        FROM accept_in w JOIN plant.unit_claims u ON u.serial = w.serial AND u.step = w.step
        WHERE NOT w.confirmed AND u.record_key <> w.key
          AND NOT EXISTS (SELECT 1 FROM plant.supersessions s WHERE s.old_key = u.record_key)
        UNION ALL
        SELECT 'consumed-twice', x.c, w.line, ARRAY[k.station, w.station], ARRAY[k.record_key, w.key],
               format('%s built into two units: %s by record %s (station %s) and %s by record %s (station %s, made offline)',
                      x.c, k.parent, k.record_key, k.station, w.serial, w.key, w.station)
        FROM accept_in w CROSS JOIN LATERAL unnest(w.consumed) x(c)
        JOIN plant.consumptions k ON k.component = x.c
        WHERE NOT w.confirmed AND k.record_key <> w.key
          AND NOT EXISTS (SELECT 1 FROM plant.supersessions s WHERE s.old_key = k.record_key)
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
    SELECT DISTINCT ON (serial, step) serial, step, di, key, station, true FROM accept_in
    WHERE serial IS NOT NULL AND step IS NOT NULL ORDER BY serial, step, seq
    ON CONFLICT (serial, step) DO UPDATE SET held = true WHERE u.record_key = excluded.record_key;
    INSERT INTO plant.consumptions AS k (component, record_key, station, parent, held)
    SELECT DISTINCT ON (x.c) x.c, w.key, w.station, w.serial, true
    FROM accept_in w CROSS JOIN LATERAL unnest(w.consumed) x(c) ORDER BY x.c, w.seq
    ON CONFLICT (component) DO UPDATE SET held = true WHERE k.record_key = excluded.record_key;

    -- 6. Work in progress.
    INSERT INTO plant.wip (line, kind, serial, record_key, station, detail)
    SELECT line, 'unit', serial, key, station,
           jsonb_build_object('di', di, 'product', product, 'step', step, 'status', status,
                              'recorded_at', recorded_at, 'confirmed', confirmed)
    FROM accept_in WHERE body IS NULL AND serial IS NOT NULL ORDER BY seq;
    INSERT INTO plant.wip (line, kind, serial, record_key, station, detail)
    SELECT w.line, 'consumed', x.c, w.key, w.station, jsonb_build_object('parent', w.serial)
    FROM accept_in w CROSS JOIN LATERAL unnest(w.consumed) x(c);
    INSERT INTO plant.wip (line, kind, serial, record_key, station)
    SELECT line, 'superseded', corrects::text, key, station FROM accept_in
    WHERE body IS NULL AND corrects IS NOT NULL;
    -- Dispositions and holds recorded at stations flow down too.
    INSERT INTO plant.wip (line, kind, serial, record_key, station, detail)
    SELECT r.line, CASE r.kind WHEN 'disposition' THEN 'disposition'
                               WHEN 'hold' THEN 'hold' ELSE 'release' END,
           coalesce(r.body #>> '{disposition,subject}', r.body #>> '{hold,serial}', r.body #>> '{hold,subject}'),
           r.key, r.station,
           coalesce(r.body -> 'disposition', r.body -> 'hold', '{}'::jsonb)
    FROM accept_in r
    WHERE r.kind IN ('disposition', 'hold', 'hold-release')
      AND coalesce(r.body #>> '{disposition,subject}', r.body #>> '{hold,serial}', r.body #>> '{hold,subject}') IS NOT NULL;

    -- 7. Product status per serial, as a station decides it (app/store/recall_queries.unit_states):
    -- scrap scraps for good, quarantine/hold holds, a release names units it makes usable again;
    -- accept, rework and concession leave the status. A disposition's subject is a record key
    -- (this push's assemblies included); its serial is that record's unit.
    WITH decided AS (
        SELECT coalesce(a.unit_serial, d.body #>> '{disposition,unit}') AS serial,
               d.body #>> '{disposition,decision}' AS decision,
               d.body #>> '{disposition,comment}' AS reason,
               coalesce(d.body #>> '{disposition,by,name}', d.body #>> '{disposition,by,user_id}') AS by_name,
               d.recorded_at AS decided_at, d.key, d.station, d.seq, 0::bigint AS o, d.line
        FROM accept_in d
        LEFT JOIN plant.assemblies a ON a.record_key = plant.as_key(d.body #>> '{disposition,subject}')
        WHERE d.kind = 'disposition'
        UNION ALL
        SELECT u.serial, 'release', d.body #>> '{release,comment}',
               coalesce(d.body #>> '{release,by,name}', d.body #>> '{release,by,user_id}'),
               d.recorded_at, d.key, d.station, d.seq, u.o, d.line
        FROM accept_in d
        CROSS JOIN LATERAL jsonb_array_elements_text(
            CASE WHEN jsonb_typeof(d.body #> '{release,units}') = 'array'
                 THEN d.body #> '{release,units}' ELSE '[]'::jsonb END) WITH ORDINALITY AS u(serial, o)
        WHERE d.kind = 'release'
    ), steps AS (
        SELECT d.*, CASE WHEN d.decision = 'scrap' THEN 'scrapped'
                         WHEN d.decision IN ('quarantine', 'hold') THEN 'held'
                         WHEN d.decision = 'release' THEN 'released' END AS now_status,
               row_number() OVER (ORDER BY d.station, d.seq, d.o) AS n
        FROM decided d WHERE d.serial IS NOT NULL
    ), live AS (
        SELECT s.* FROM steps s
        WHERE s.now_status IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM plant.unit_status u WHERE u.serial = s.serial AND u.status = 'scrapped')
          AND NOT EXISTS (SELECT 1 FROM steps e WHERE e.serial = s.serial AND e.n < s.n
                                                  AND e.now_status = 'scrapped')
    ), sent AS (
        INSERT INTO plant.wip (line, kind, serial, record_key, station, detail)
        SELECT l.line, 'status', l.serial, l.key, l.station,
               jsonb_build_object('status', l.now_status, 'decision', l.decision, 'reason', l.reason,
                                  'by', l.by_name, 'at', l.decided_at)
        FROM live l ORDER BY l.n
        RETURNING id, serial, record_key, station, detail
    )
    INSERT INTO plant.unit_status AS u
    SELECT DISTINCT ON (s.serial) s.serial, s.detail ->> 'status', s.detail ->> 'reason',
           s.detail ->> 'by', s.detail ->> 'at', s.record_key, s.station, s.id
    FROM sent s ORDER BY s.serial, s.id DESC
    ON CONFLICT (serial) DO UPDATE SET status = excluded.status, reason = excluded.reason,
        by_name = excluded.by_name, decided_at = excluded.decided_at,
        record_key = excluded.record_key, station = excluded.station, wip_id = excluded.wip_id;

    -- 8. A serial under two device identifiers at different steps (offline; online plant.claim
    -- refuses it): both kept, raised for both stations' queues and the plant view.
    WITH mine AS (
        SELECT w.key AS record_key, w.serial AS unit_serial, w.di, w.step, w.station, w.line
        FROM accept_in w WHERE w.body IS NULL AND w.di IS NOT NULL
    ), twice AS (
        SELECT 'di-twice' AS kind, m.unit_serial AS subject, m.line,
               ARRAY[o.station, m.station] AS stations, ARRAY[o.record_key, m.record_key] AS records,
               format('serial %s recorded under two device identifiers: %s by record %s (station %s, step %s) and %s by record %s (station %s, step %s)',
                      m.unit_serial, o.di, o.record_key, o.station, o.step, m.di, m.record_key,
                      m.station, m.step) AS detail
        FROM mine m JOIN plant.assemblies o ON o.unit_serial = m.unit_serial
        WHERE o.record_key <> m.record_key AND o.di IS NOT NULL AND o.di <> m.di
          AND o.step <> m.step  -- the same step is raised as serial-twice already
          AND NOT EXISTS (SELECT 1 FROM plant.supersessions s WHERE s.old_key = o.record_key)
          AND NOT EXISTS (SELECT 1 FROM plant.supersessions s WHERE s.old_key = m.record_key)
          -- both in this push: raised once
          AND NOT (o.record_key IN (SELECT record_key FROM mine) AND o.record_key > m.record_key)
    ), raised AS (
        INSERT INTO plant.exceptions (kind, stations, subject, records, detail)
        SELECT kind, stations, subject, records, detail FROM twice
        RETURNING id, kind, stations, subject, records, detail
    )
    INSERT INTO plant.wip (line, kind, serial, record_key, station, detail)
    SELECT t.line, 'conflict', r.subject, r.records[2], NULL,
           jsonb_build_object('exception', r.id, 'kind', r.kind, 'stations', to_jsonb(r.stations),
                              'records', to_jsonb(r.records), 'detail', r.detail)
    FROM raised r JOIN twice t ON t.records = r.records;
    RETURN NULL;
END $$;

REVOKE ALL ON FUNCTION plant.accept_rows() FROM PUBLIC;

-- 0009's plant.expand_list is called by nothing now (parts are expanded from the batch's map above).
DROP FUNCTION plant.expand_list(jsonb);
