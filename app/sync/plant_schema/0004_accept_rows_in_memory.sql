-- Faster acceptance of pushed rows (same checks, same projections): each assembly's content is
-- parsed once into only the fields the genealogy needs, so the batch's projection is held in memory
-- instead of whole parsed documents spilling to disk, and the batch gets the memory for it.
CREATE OR REPLACE FUNCTION plant.accept_rows() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, plant SET work_mem = '64MB' AS $$
DECLARE
    bad record;
BEGIN
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

    INSERT INTO plant.station_heads AS h (station, seq, hash, rows, updated_at)
    SELECT DISTINCT ON (station) station, seq, hash, count(*) OVER (PARTITION BY station), now()
    FROM new_rows ORDER BY station, seq DESC
    ON CONFLICT (station) DO UPDATE
        SET seq = excluded.seq, hash = excluded.hash, rows = h.rows + excluded.rows, updated_at = now();

    WITH parsed AS MATERIALIZED (
        SELECT key, c #>> '{unit,serial}' AS serial, c #>> '{unit,di}' AS di, c ->> 'product' AS product,
               c ->> 'work_order' AS work_order, c ->> 'step' AS step, c ->> 'station' AS station,
               c ->> 'line' AS line,
               coalesce(nullif(c #>> '{operator,badge}', ''), c #>> '{operator,user_id}') AS operator,
               c #>> '{operator,name}' AS operator_name, c ->> 'recorded_at' AS recorded_at,
               c #>> '{verdict,status}' AS status, coalesce(c -> 'environment', '[]'::jsonb) AS environment,
               c -> 'components' AS components
        FROM (SELECT key, content::jsonb AS c FROM new_rows WHERE kind IN ('assembly', 'correction') OFFSET 0) j
    ), added AS (
        INSERT INTO plant.assemblies
        SELECT key, serial, di, product, work_order, step, station, line, operator, operator_name,
               recorded_at, status, environment
        FROM parsed
    )
    INSERT INTO plant.components
    SELECT p.key, p.serial, x.e ->> 'id', x.e ->> 'kind', x.e ->> 'part_number',
           (x.e ->> 'quantity')::double precision, x.e #>> '{certificate,id}',
           x.e #>> '{certificate,type}', (x.e #>> '{certificate,revision}')::integer
    FROM parsed p CROSS JOIN LATERAL jsonb_array_elements(p.components) AS x(e);

    INSERT INTO plant.supersessions
    SELECT corrects, key FROM new_rows
    WHERE kind IN ('assembly', 'correction') AND corrects IS NOT NULL;
    RETURN NULL;
END $$;
