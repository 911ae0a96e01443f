-- A supervisor at any station of a line sees the line's records: the shift log, the exception
-- queue and the trace read the plant's genealogy through the station's own role, limited by
-- row-level security to the station's line (its own rows of other lines never leave the plant;
-- the journal's content stays readable to its own station only). The plant's supervisors
-- (plant add-supervisor) and its administrator read everything, as before.
CREATE FUNCTION plant.lines_of(who name) RETURNS SETOF text LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plant AS $$
    SELECT DISTINCT s.line_id FROM plant.stations s WHERE s.id IN (SELECT plant.stations_of(who))
$$;
REVOKE ALL ON FUNCTION plant.lines_of(name) FROM PUBLIC;

ALTER TABLE plant.assemblies ENABLE ROW LEVEL SECURITY;
CREATE POLICY line_reads ON plant.assemblies FOR SELECT
    USING (line IN (SELECT plant.lines_of(current_user)));
ALTER TABLE plant.components ENABLE ROW LEVEL SECURITY;
CREATE POLICY line_reads ON plant.components FOR SELECT
    USING (EXISTS (SELECT 1 FROM plant.assemblies a WHERE a.record_key = components.record_key
                   AND a.line IN (SELECT plant.lines_of(current_user))));
ALTER TABLE plant.exceptions ENABLE ROW LEVEL SECURITY;
CREATE POLICY line_reads ON plant.exceptions FOR SELECT
    USING (stations && ARRAY(SELECT s.id FROM plant.stations s
                             WHERE s.line_id IN (SELECT plant.lines_of(current_user))));
ALTER TABLE plant.wip ENABLE ROW LEVEL SECURITY;
CREATE POLICY line_reads ON plant.wip FOR SELECT
    USING (line IS NULL OR line IN (SELECT plant.lines_of(current_user))
           OR station IN (SELECT plant.stations_of(current_user)));

DO $$
DECLARE
    supervisor name := left(current_database(), 40) || '_supervisor';
    station_role name;
BEGIN
    EXECUTE format('CREATE POLICY supervisor_reads_all ON plant.assemblies FOR SELECT TO %I USING (true)', supervisor);
    EXECUTE format('CREATE POLICY supervisor_reads_all ON plant.components FOR SELECT TO %I USING (true)', supervisor);
    EXECUTE format('CREATE POLICY supervisor_reads_all ON plant.exceptions FOR SELECT TO %I USING (true)', supervisor);
    EXECUTE format('CREATE POLICY supervisor_reads_all ON plant.wip FOR SELECT TO %I USING (true)', supervisor);
    EXECUTE format('GRANT EXECUTE ON FUNCTION plant.lines_of(name) TO %I', supervisor);
    FOR station_role IN SELECT role FROM plant.station_roles LOOP
        EXECUTE format('GRANT SELECT ON plant.assemblies, plant.components, plant.exceptions, '
                       'plant.wip, plant.supersessions TO %I', station_role);
        EXECUTE format('GRANT EXECUTE ON FUNCTION plant.lines_of(name) TO %I', station_role);
    END LOOP;
END $$;
