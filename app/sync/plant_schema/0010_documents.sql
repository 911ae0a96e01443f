-- Certificates of every kind (EN 10204 2.1-3.2, a mill test report, a certificate of
-- conformance) and no general expiry: EN 10204 has none; only shelf-life parts give one.
ALTER TABLE plant.certificates DROP CONSTRAINT certificates_type_check;
ALTER TABLE plant.certificates ADD CONSTRAINT certificates_type_check
    CHECK (type IN ('2.1', '2.2', '3.1', '3.2', 'MTR', 'CoC'));
ALTER TABLE plant.certificates ALTER COLUMN valid_to DROP NOT NULL;
-- Certificate documents (PDF, images) pushed by the stations that received them, kept by their
-- SHA-256: the plant refuses a document whose content does not have the hash it is filed under,
-- and nobody but the owner changes or deletes one. Stations insert and read them.
CREATE TABLE plant.documents (
    sha256 text PRIMARY KEY CHECK (sha256 = encode(sha256(content), 'hex')),
    media_type text NOT NULL,
    name text NOT NULL,
    content bytea NOT NULL,
    pushed_by name NOT NULL DEFAULT current_user,   -- the station's role
    received_at timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON plant.documents FROM PUBLIC;
DO $$
DECLARE
    supervisor name := left(current_database(), 40) || '_supervisor';
    station_role name;
BEGIN
    EXECUTE format('GRANT SELECT ON plant.documents TO %I', supervisor);
    FOR station_role IN SELECT role FROM plant.station_roles LOOP
        EXECUTE format('GRANT SELECT, INSERT ON plant.documents TO %I', station_role);
    END LOOP;
END $$;
