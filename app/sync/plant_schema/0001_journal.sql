-- The plant journal: every station's rows, keyed by their UUIDv7, chained per station.
CREATE TABLE plant.journal (
    key uuid PRIMARY KEY,
    station text NOT NULL,
    seq bigint NOT NULL,                  -- the row's sequence number in its station database
    kind text NOT NULL,
    recorded_at timestamptz NOT NULL,
    corrects uuid,
    content text NOT NULL,                -- canonical JSON, the hashed text itself
    prev_hash text NOT NULL,
    hash text NOT NULL UNIQUE,
    received_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (station, seq)
);
-- LZ4 rather than the default pglz: records are a few kilobytes each and pglz costs a third of a push.
ALTER TABLE plant.journal ALTER COLUMN content SET COMPRESSION lz4;
CREATE INDEX journal_kind ON plant.journal (kind, recorded_at);

-- What the plant holds as each station's chain head: the next row must link to it.
CREATE TABLE plant.station_heads (
    station text PRIMARY KEY,
    seq bigint NOT NULL,
    hash text NOT NULL,
    rows bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Which login role pushes which station's rows (row-level security reads it).
CREATE TABLE plant.station_roles (
    station text PRIMARY KEY,
    role name NOT NULL UNIQUE
);

-- The genealogy projected from assembly and correction rows, as on the station. Only the trigger
-- below writes these, from rows inserted in the same statement, so they carry no foreign keys:
-- per-row key checks would cost more than the rest of a push together.
CREATE TABLE plant.assemblies (
    record_key uuid PRIMARY KEY,
    unit_serial text NOT NULL, di text, product text NOT NULL, work_order text NOT NULL,
    step text NOT NULL, station text NOT NULL, line text NOT NULL,
    operator text NOT NULL, operator_name text NOT NULL, recorded_at text NOT NULL,
    status text NOT NULL,
    environment jsonb NOT NULL DEFAULT '[]'  -- the record's readings; traces show a summary
);
CREATE INDEX assemblies_unit ON plant.assemblies (unit_serial);
CREATE INDEX assemblies_time ON plant.assemblies (recorded_at);
CREATE TABLE plant.components (
    record_key uuid NOT NULL,
    unit_serial text NOT NULL,
    component text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('lot', 'unit')),
    part_number text NOT NULL, quantity double precision NOT NULL,
    certificate text, certificate_type text, certificate_revision integer
);
CREATE INDEX components_component ON plant.components (component, unit_serial);
CREATE INDEX components_unit ON plant.components (unit_serial);
CREATE TABLE plant.supersessions (
    old_key uuid PRIMARY KEY,
    new_key uuid NOT NULL
);

-- Nothing recorded is changed or deleted, not even by the plant's owner.
CREATE FUNCTION plant.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: nothing recorded may be changed or deleted', TG_TABLE_NAME;
END $$;
CREATE TRIGGER journal_append_only BEFORE UPDATE OR DELETE ON plant.journal
    FOR EACH ROW EXECUTE FUNCTION plant.refuse_change();
CREATE TRIGGER assemblies_append_only BEFORE UPDATE OR DELETE ON plant.assemblies
    FOR EACH ROW EXECUTE FUNCTION plant.refuse_change();
CREATE TRIGGER components_append_only BEFORE UPDATE OR DELETE ON plant.components
    FOR EACH ROW EXECUTE FUNCTION plant.refuse_change();

-- Chain continuity, checked once per statement over the rows it inserted: each station's first new
-- row must link to the head the plant holds, each further row to the one before it, and every hash
-- must match its content. Runs as the schema owner so stations need no rights on heads or projections.
CREATE FUNCTION plant.accept_rows() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, plant AS $$
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
        SELECT key, content::jsonb AS c FROM new_rows WHERE kind IN ('assembly', 'correction')
    ), added AS (
        INSERT INTO plant.assemblies
        SELECT p.key, c #>> '{unit,serial}', c #>> '{unit,di}', c ->> 'product', c ->> 'work_order',
               c ->> 'step', c ->> 'station', c ->> 'line',
               coalesce(nullif(c #>> '{operator,badge}', ''), c #>> '{operator,user_id}'),
               c #>> '{operator,name}', c ->> 'recorded_at', c #>> '{verdict,status}',
               coalesce(c -> 'environment', '[]'::jsonb)
        FROM parsed p
    )
    INSERT INTO plant.components
    SELECT p.key, c #>> '{unit,serial}', x.e ->> 'id', x.e ->> 'kind', x.e ->> 'part_number',
           (x.e ->> 'quantity')::double precision, x.e #>> '{certificate,id}',
           x.e #>> '{certificate,type}', (x.e #>> '{certificate,revision}')::integer
    FROM parsed p CROSS JOIN LATERAL jsonb_array_elements(p.c -> 'components') AS x(e);

    INSERT INTO plant.supersessions
    SELECT corrects, key FROM new_rows
    WHERE kind IN ('assembly', 'correction') AND corrects IS NOT NULL;
    RETURN NULL;
END $$;
CREATE TRIGGER journal_accept AFTER INSERT ON plant.journal
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION plant.accept_rows();
