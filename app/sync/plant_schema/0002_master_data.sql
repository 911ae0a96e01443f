-- Master data as the plant keeps it (the station's tables, same columns) and its published versions.
CREATE TABLE plant.lines (id text PRIMARY KEY, name text NOT NULL, site text NOT NULL DEFAULT '');
CREATE TABLE plant.stations (
    id text PRIMARY KEY, line_id text NOT NULL REFERENCES plant.lines (id), name text NOT NULL,
    steps text NOT NULL DEFAULT '[]', settings text NOT NULL DEFAULT '{}',
    config_revision integer NOT NULL DEFAULT 1, work_order_id text, step_code text
);
CREATE TABLE plant.users (
    id text PRIMARY KEY, username text NOT NULL UNIQUE, name text NOT NULL,
    role text NOT NULL CHECK (role IN ('operator', 'supervisor', 'technician', 'admin')),
    badge text UNIQUE, password_hash text, active integer NOT NULL DEFAULT 1,
    qualifications text NOT NULL DEFAULT '[]'
);
CREATE TABLE plant.suppliers (id text PRIMARY KEY, name text NOT NULL, country text NOT NULL DEFAULT '');
CREATE TABLE plant.parts (
    part_number text PRIMARY KEY, description text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('material', 'subassembly', 'device')),
    certificate_type text, gtin text UNIQUE, unit text NOT NULL DEFAULT 'pcs'
);
CREATE TABLE plant.steps (
    product text NOT NULL REFERENCES plant.parts (part_number), code text NOT NULL,
    name text NOT NULL, sequence integer NOT NULL,
    output_part text NOT NULL REFERENCES plant.parts (part_number),
    requires_profile integer NOT NULL DEFAULT 0, environment text NOT NULL DEFAULT '[]',
    PRIMARY KEY (product, code)
);
CREATE TABLE plant.bom (
    product text NOT NULL, step text NOT NULL,
    part_number text NOT NULL REFERENCES plant.parts (part_number),
    quantity double precision NOT NULL DEFAULT 1,
    PRIMARY KEY (product, step, part_number),
    FOREIGN KEY (product, step) REFERENCES plant.steps (product, code)
);
CREATE TABLE plant.work_orders (
    id text PRIMARY KEY, product text NOT NULL REFERENCES plant.parts (part_number),
    quantity integer NOT NULL, status text NOT NULL DEFAULT 'released', released_at text NOT NULL
);
CREATE TABLE plant.lots (
    id text PRIMARY KEY, part_number text NOT NULL REFERENCES plant.parts (part_number),
    supplier_id text NOT NULL REFERENCES plant.suppliers (id), supplier_lot text NOT NULL,
    status text NOT NULL DEFAULT 'released' CHECK (status IN ('released', 'quarantined', 'rejected')),
    received_on text NOT NULL, expires_on text, quantity double precision NOT NULL DEFAULT 0
);
CREATE INDEX lots_supplier_lot ON plant.lots (supplier_lot);
CREATE TABLE plant.certificates (
    id text PRIMARY KEY, lot_id text NOT NULL REFERENCES plant.lots (id),
    type text NOT NULL CHECK (type IN ('2.1', '2.2', '3.1', '3.2')),
    revision integer NOT NULL, valid_from text NOT NULL, valid_to text NOT NULL,
    sha256 text NOT NULL, document text NOT NULL, issued_by text NOT NULL DEFAULT ''
);
CREATE INDEX certificates_lot ON plant.certificates (lot_id, revision);
CREATE TABLE plant.devices (
    di text PRIMARY KEY, agency text NOT NULL, brand text NOT NULL, model text NOT NULL,
    version text NOT NULL DEFAULT '', controls text NOT NULL DEFAULT '[]',
    part_number text REFERENCES plant.parts (part_number)
);

-- Each published version is one consistent snapshot of every master table: stations apply a whole
-- version or nothing, and keep the last one they applied while the plant is out of reach.
CREATE TABLE plant.master_data_versions (
    version bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    published_at timestamptz NOT NULL DEFAULT now(),
    published_by name NOT NULL DEFAULT current_user,
    note text NOT NULL DEFAULT '',
    sha256 text NOT NULL,
    document text NOT NULL                 -- canonical JSON: {table: [row, ...]}
);
CREATE TRIGGER master_data_versions_append_only BEFORE UPDATE OR DELETE ON plant.master_data_versions
    FOR EACH ROW EXECUTE FUNCTION plant.refuse_change();
