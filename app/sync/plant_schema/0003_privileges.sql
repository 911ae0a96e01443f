-- Least privilege: station roles insert their own station's rows and read master data; the
-- supervisor role reads everything; nobody but the owner changes master data.
ALTER TABLE plant.journal ENABLE ROW LEVEL SECURITY;
-- The stations whose role ``who`` has (its own, or several for a line gateway granted them).
CREATE FUNCTION plant.stations_of(who name) RETURNS SETOF text LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plant AS $$
    SELECT station FROM plant.station_roles WHERE pg_has_role(who, role, 'USAGE')
$$;
CREATE POLICY station_inserts_own ON plant.journal FOR INSERT
    WITH CHECK (station IN (SELECT plant.stations_of(current_user)));
CREATE POLICY station_reads_own ON plant.journal FOR SELECT
    USING (station IN (SELECT plant.stations_of(current_user)));
DO $$
DECLARE
    supervisor name := left(current_database(), 40) || '_supervisor';
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = supervisor) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN', supervisor);
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA plant TO %I', supervisor);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA plant TO %I', supervisor);
    EXECUTE format('CREATE POLICY supervisor_reads_all ON plant.journal FOR SELECT TO %I USING (true)',
                   supervisor);
END $$;
REVOKE ALL ON ALL TABLES IN SCHEMA plant FROM PUBLIC;
REVOKE ALL ON FUNCTION plant.accept_rows() FROM PUBLIC;
