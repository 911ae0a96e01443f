-- A serial recorded under two device identifiers at different steps by records made offline (online,
-- plant.claim refuses it) is a conflict like a serial recorded twice at one step (raised by
-- accept_rows as serial-twice): both rows kept, raised for both stations' queues and the plant view.
CREATE FUNCTION plant.raise_di_conflicts() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, plant AS $$
BEGIN
    -- Held to commit, as every writer of work in progress (journal_accept took it already).
    LOCK TABLE plant.wip IN SHARE ROW EXCLUSIVE MODE;
    WITH mine AS (
        SELECT a.record_key, a.unit_serial, a.di, a.step, a.station, a.line
        FROM new_rows n JOIN plant.assemblies a ON a.record_key = n.key
        WHERE n.kind IN ('assembly', 'correction') AND a.di IS NOT NULL
    ), twice AS (
        SELECT 'di-twice' AS kind, m.unit_serial AS subject, m.line,
               ARRAY[o.station, m.station] AS stations, ARRAY[o.record_key, m.record_key] AS records,
               format('serial %s recorded under two device identifiers: %s by record %s (station %s, step %s) and %s by record %s (station %s, step %s)',
                      m.unit_serial, o.di, o.record_key, o.station, o.step, m.di, m.record_key,
                      m.station, m.step) AS detail
        FROM mine m JOIN plant.assemblies o ON o.unit_serial = m.unit_serial
        WHERE o.record_key <> m.record_key AND o.di IS NOT NULL AND o.di <> m.di
          AND o.step <> m.step  -- the same step is raised as serial-twice already
          AND NOT plant.superseded(o.record_key) AND NOT plant.superseded(m.record_key)
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
REVOKE ALL ON FUNCTION plant.raise_di_conflicts() FROM PUBLIC;
-- After journal_accept (name order): the rows' genealogy is projected first.
CREATE TRIGGER journal_udi AFTER INSERT ON plant.journal
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION plant.raise_di_conflicts();
