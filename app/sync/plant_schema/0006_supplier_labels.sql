-- Supplier reel labels: the cross-reference from a supplier's part number (as its label prints
-- it) to ours, and received packages by the package id on their label. Master data, read by
-- every station like the other master tables.
CREATE TABLE plant.supplier_parts (
    supplier_id text NOT NULL REFERENCES plant.suppliers (id),
    supplier_part text NOT NULL,
    part_number text NOT NULL REFERENCES plant.parts (part_number),
    PRIMARY KEY (supplier_id, supplier_part)
);
CREATE TABLE plant.supplier_packages (
    supplier_id text NOT NULL REFERENCES plant.suppliers (id),
    package_id text NOT NULL,
    lot_id text NOT NULL REFERENCES plant.lots (id),
    date_code text,
    PRIMARY KEY (supplier_id, package_id)
);
REVOKE ALL ON plant.supplier_parts, plant.supplier_packages FROM PUBLIC;
DO $$
DECLARE
    supervisor name := left(current_database(), 40) || '_supervisor';
    station_role name;
BEGIN
    EXECUTE format('GRANT SELECT ON plant.supplier_parts, plant.supplier_packages TO %I', supervisor);
    FOR station_role IN SELECT role FROM plant.station_roles LOOP
        EXECUTE format('GRANT SELECT ON plant.supplier_parts, plant.supplier_packages TO %I',
                       station_role);
    END LOOP;
END $$;
