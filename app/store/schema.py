"""The station database schema as named, transactional migrations (sqlite-utils ``Migrations``).

Append new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from app.store import baseline

MIGRATIONS = Migrations("lineside")

APPEND_ONLY_MESSAGE = "append-only: nothing recorded may be changed or deleted; record a correction"


def append_only(db: Database, table: str) -> None:
    """Makes ``table`` refuse UPDATE and DELETE at the SQLite level."""
    for action in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_{action.lower()} BEFORE {action} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is {APPEND_ONLY_MESSAGE}'); END"
        )


@MIGRATIONS()
def m001_master_data(db: Database) -> None:
    """Lines, stations, users, parts, steps, bills of material, lots, certificates, devices."""
    db.executescript(
        """
        CREATE TABLE lines (id TEXT PRIMARY KEY, name TEXT NOT NULL, site TEXT NOT NULL DEFAULT '');
        CREATE TABLE stations (
            id TEXT PRIMARY KEY, line_id TEXT NOT NULL REFERENCES lines(id), name TEXT NOT NULL,
            steps TEXT NOT NULL DEFAULT '[]',          -- step codes this station may perform
            settings TEXT NOT NULL DEFAULT '{}',       -- block-or-flag rules, code formats, ...
            config_revision INTEGER NOT NULL DEFAULT 1,
            work_order_id TEXT, step_code TEXT         -- the current assignment
        );
        CREATE TABLE users (
            id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('operator','supervisor','technician','admin')),
            badge TEXT UNIQUE, password_hash TEXT, active INTEGER NOT NULL DEFAULT 1,
            qualifications TEXT NOT NULL DEFAULT '[]'
        );
        CREATE TABLE suppliers (id TEXT PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL DEFAULT '');
        CREATE TABLE parts (
            part_number TEXT PRIMARY KEY, description TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('material','subassembly','device')),
            certificate_type TEXT,                     -- EN 10204 type the part requires: 2.1 2.2 3.1 3.2
            gtin TEXT UNIQUE, unit TEXT NOT NULL DEFAULT 'pcs'
        );
        CREATE TABLE steps (
            product TEXT NOT NULL REFERENCES parts(part_number), code TEXT NOT NULL,
            name TEXT NOT NULL, sequence INTEGER NOT NULL,
            output_part TEXT NOT NULL REFERENCES parts(part_number),
            requires_profile INTEGER NOT NULL DEFAULT 0,
            environment TEXT NOT NULL DEFAULT '[]',    -- EnvWindow list
            PRIMARY KEY (product, code)
        );
        CREATE TABLE bom (
            product TEXT NOT NULL, step TEXT NOT NULL, part_number TEXT NOT NULL REFERENCES parts(part_number),
            quantity REAL NOT NULL DEFAULT 1,
            PRIMARY KEY (product, step, part_number), FOREIGN KEY (product, step) REFERENCES steps(product, code)
        );
        CREATE TABLE work_orders (
            id TEXT PRIMARY KEY, product TEXT NOT NULL REFERENCES parts(part_number),
            quantity INTEGER NOT NULL, status TEXT NOT NULL DEFAULT 'released', released_at TEXT NOT NULL
        );
        CREATE TABLE lots (
            id TEXT PRIMARY KEY,                       -- the plant's material lot label
            part_number TEXT NOT NULL REFERENCES parts(part_number),
            supplier_id TEXT NOT NULL REFERENCES suppliers(id), supplier_lot TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'released' CHECK (status IN ('released','quarantined','rejected')),
            received_on TEXT NOT NULL, expires_on TEXT, quantity REAL NOT NULL DEFAULT 0
        );
        CREATE INDEX lots_supplier_lot ON lots(supplier_lot);
        CREATE TABLE certificates (
            id TEXT PRIMARY KEY, lot_id TEXT NOT NULL REFERENCES lots(id),
            type TEXT NOT NULL CHECK (type IN ('2.1','2.2','3.1','3.2')),
            revision INTEGER NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT NOT NULL,
            sha256 TEXT NOT NULL, document TEXT NOT NULL, issued_by TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX certificates_lot ON certificates(lot_id, revision);
        CREATE TABLE devices (
            di TEXT PRIMARY KEY, agency TEXT NOT NULL, brand TEXT NOT NULL, model TEXT NOT NULL,
            version TEXT NOT NULL DEFAULT '', controls TEXT NOT NULL DEFAULT '[]',
            part_number TEXT REFERENCES parts(part_number)
        );
        CREATE TABLE master_data_versions (
            version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL, source TEXT NOT NULL, sha256 TEXT NOT NULL
        );
        """
    )


@MIGRATIONS()
def m002_journal(db: Database) -> None:
    """The hash-chained, append-only journal and the genealogy projected from it."""
    db.executescript(
        """
        CREATE TABLE journal (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL UNIQUE,                  -- UUIDv7
            station TEXT NOT NULL, kind TEXT NOT NULL, recorded_at TEXT NOT NULL,
            corrects TEXT,                             -- key of the row a correction corrects
            content TEXT NOT NULL,                     -- canonical JSON, the hashed text itself
            prev_hash TEXT NOT NULL, hash TEXT NOT NULL UNIQUE
        );
        CREATE INDEX journal_station ON journal(station, seq);
        CREATE INDEX journal_kind ON journal(kind, recorded_at);
        CREATE TABLE assemblies (
            record_key TEXT PRIMARY KEY REFERENCES journal(key),
            unit_serial TEXT NOT NULL, di TEXT, product TEXT NOT NULL, work_order TEXT NOT NULL,
            step TEXT NOT NULL, station TEXT NOT NULL, line TEXT NOT NULL,
            operator TEXT NOT NULL, operator_name TEXT NOT NULL, recorded_at TEXT NOT NULL,
            status TEXT NOT NULL, environment TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX assemblies_unit ON assemblies(unit_serial);
        CREATE INDEX assemblies_time ON assemblies(recorded_at);
        CREATE TABLE components (
            record_key TEXT NOT NULL REFERENCES assemblies(record_key),
            unit_serial TEXT NOT NULL,
            component TEXT NOT NULL,                   -- lot id, or serial of a subassembly
            kind TEXT NOT NULL CHECK (kind IN ('lot','unit')),
            part_number TEXT NOT NULL, quantity REAL NOT NULL,
            certificate TEXT, certificate_type TEXT, certificate_revision INTEGER
        );
        CREATE INDEX components_component ON components(component, unit_serial);
        CREATE INDEX components_unit ON components(unit_serial);
        CREATE TABLE supersessions (
            old_key TEXT PRIMARY KEY REFERENCES assemblies(record_key),
            new_key TEXT NOT NULL REFERENCES journal(key)
        );
        """
    )
    for table in ("journal", "assemblies", "components", "supersessions"):
        append_only(db, table)


@MIGRATIONS()
def m003_sync_outbox(db: Database) -> None:
    """The upstream outbox cursor: the last journal row the plant database acknowledged."""
    db.executescript(
        """
        CREATE TABLE sync_outbox (
            upstream TEXT PRIMARY KEY,                 -- 'plant'
            last_seq INTEGER NOT NULL DEFAULT 0,       -- journal.seq of the last acknowledged row
            pushed_at TEXT
        );
        INSERT INTO sync_outbox (upstream, last_seq) VALUES ('plant', 0);
        """
    )


@MIGRATIONS()
def m004_reflow_profiles(db: Database) -> None:
    """Reflow profiles with their samples, verdict and boards/panels; technicians' profile specs."""
    db.executescript(
        """
        CREATE TABLE profiles (
            id TEXT PRIMARY KEY,                       -- UUIDv7
            journal_key TEXT NOT NULL UNIQUE REFERENCES journal(key),
            station TEXT NOT NULL, recorded_at TEXT NOT NULL,
            measured_at TEXT NOT NULL,                 -- run start (recorded_at when unknown)
            source TEXT NOT NULL,                      -- profile-stream, profile-csv, cfx
            instrument TEXT NOT NULL, oven TEXT, recipe TEXT,
            channels TEXT NOT NULL,                    -- JSON list of thermocouple names
            sample_count INTEGER NOT NULL,
            samples BLOB NOT NULL,                     -- float64 LE: times, then temps row-major
            sha256 TEXT NOT NULL,                      -- of samples
            spec_name TEXT NOT NULL, spec TEXT NOT NULL,  -- the spec as applied (JSON)
            passed INTEGER NOT NULL, violations TEXT NOT NULL, metrics TEXT NOT NULL,
            meta TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX profiles_time ON profiles(measured_at);
        CREATE TABLE profile_boards (
            profile_id TEXT NOT NULL REFERENCES profiles(id),
            serial TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('board','panel')),
            PRIMARY KEY (profile_id, serial)
        );
        CREATE INDEX profile_boards_serial ON profile_boards(serial, profile_id);
        CREATE TABLE profile_specs (                   -- technicians' own specs; newest revision wins
            name TEXT NOT NULL, revision INTEGER NOT NULL,
            spec TEXT NOT NULL,                        -- canonical JSON of ProfileSpec
            journal_key TEXT NOT NULL UNIQUE REFERENCES journal(key),
            saved_at TEXT NOT NULL, saved_by TEXT NOT NULL,
            PRIMARY KEY (name, revision)
        );
        """
    )
    for table in ("profiles", "profile_boards", "profile_specs"):
        append_only(db, table)


@MIGRATIONS()
def m005_instruments(db: Database) -> None:
    """Instrument configurations (current state; every change is a journal row) and calibrations."""
    db.executescript(
        """
        CREATE TABLE instruments (
            id TEXT PRIMARY KEY,                       -- e.g. hmt-line1, o2-oven2
            station TEXT NOT NULL, name TEXT NOT NULL DEFAULT '',
            driver TEXT NOT NULL,                      -- vaisala, rapidox, modbus-o2, ...
            port TEXT NOT NULL DEFAULT '',             -- serial port, file or URL
            serial TEXT NOT NULL DEFAULT '9600 8N1',   -- line settings as manuals write them
            poll_interval_s REAL NOT NULL DEFAULT 1.0, stale_after_s REAL NOT NULL DEFAULT 10.0,
            options TEXT NOT NULL DEFAULT '{}',        -- driver options: register map, scaling, FORM
            alarms TEXT NOT NULL DEFAULT '[]',         -- EnvWindow list
            active INTEGER NOT NULL DEFAULT 1,
            revision INTEGER NOT NULL DEFAULT 1,
            journal_key TEXT NOT NULL REFERENCES journal(key)  -- the config row of this revision
        );
        CREATE TABLE calibrations (
            id TEXT PRIMARY KEY,                       -- UUIDv7
            instrument TEXT NOT NULL REFERENCES instruments(id),
            performed_on TEXT NOT NULL, due_on TEXT NOT NULL,
            certificate TEXT NOT NULL, performed_by TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            journal_key TEXT NOT NULL UNIQUE REFERENCES journal(key)
        );
        CREATE INDEX calibrations_instrument ON calibrations(instrument, performed_on);
        """
    )
    append_only(db, "calibrations")


@MIGRATIONS()
def m006_review_indexes(db: Database) -> None:
    """Indexes for the supervisor's shift log (filter or sort, then time) and the exception queue."""
    db.executescript(
        """
        CREATE INDEX IF NOT EXISTS assemblies_station_time ON assemblies(station, recorded_at);
        CREATE INDEX IF NOT EXISTS assemblies_line_time ON assemblies(line, recorded_at);
        CREATE INDEX IF NOT EXISTS assemblies_operator_time ON assemblies(operator, recorded_at);
        CREATE INDEX IF NOT EXISTS assemblies_operator_name_time
            ON assemblies(operator_name, recorded_at);
        CREATE INDEX IF NOT EXISTS assemblies_work_order_time ON assemblies(work_order, recorded_at);
        CREATE INDEX IF NOT EXISTS assemblies_status_time ON assemblies(status, recorded_at);
        CREATE INDEX IF NOT EXISTS assemblies_unit_time ON assemblies(unit_serial, recorded_at);
        CREATE INDEX IF NOT EXISTS journal_disposition_subject
            ON journal(json_extract(content, '$.disposition.subject')) WHERE kind = 'disposition';
        CREATE INDEX IF NOT EXISTS profiles_failed ON profiles(recorded_at) WHERE passed = 0;
        """
    )


@MIGRATIONS()
def m007_receipts(db: Database) -> None:
    """The plant's receipts: each acknowledged push's head per station, as the plant stated it."""
    db.executescript(
        """
        CREATE TABLE receipts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            station TEXT NOT NULL,
            seq INTEGER NOT NULL,                      -- the station's newest row the plant holds
            hash TEXT NOT NULL,                        -- that row's hash as the plant holds it
            plant_time TEXT NOT NULL,                  -- the plant's clock when it stated this
            received_at TEXT NOT NULL                  -- the station's clock when it stored it
        );
        CREATE INDEX receipts_station ON receipts(station, id);
        """
    )
    append_only(db, "receipts")


@MIGRATIONS()
def m008_access(db: Database) -> None:
    """Badge PINs, password age and history, qualification expiry, login-failure lookups, and the
    service identities scripts authenticate with."""
    db.executescript(
        """
        ALTER TABLE users ADD COLUMN pin_hash TEXT;
        ALTER TABLE users ADD COLUMN password_set_at TEXT;
        ALTER TABLE users ADD COLUMN qualification_expiry TEXT NOT NULL DEFAULT '{}';
        CREATE TABLE service_identities (
            name TEXT PRIMARY KEY, station TEXT NOT NULL, token_sha256 TEXT NOT NULL UNIQUE,
            created_by TEXT NOT NULL, created_at TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE password_history (
            user_id TEXT NOT NULL REFERENCES users(id), hash TEXT NOT NULL, set_at TEXT NOT NULL
        );
        CREATE INDEX password_history_user ON password_history(user_id, set_at);
        CREATE INDEX IF NOT EXISTS journal_access_user
            ON journal(json_extract(content, '$.access.user_id'), seq)
            WHERE kind IN ('login', 'login-failed', 'account-unlocked');
        """
    )
    append_only(db, "password_history")


@MIGRATIONS()
def m009_line_wip(db: Database) -> None:
    """The line's work in progress as last pulled from the plant, its cursor, the plant's DSN."""
    db.executescript(
        """
        CREATE TABLE line_wip (
            plant_id INTEGER PRIMARY KEY,              -- plant.wip id
            kind TEXT NOT NULL,                        -- unit, consumed, superseded, hold, release,
                                                       -- disposition, conflict
            serial TEXT NOT NULL,                      -- a record key for superseded
            record_key TEXT, station TEXT, line TEXT,
            detail TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX line_wip_serial ON line_wip(serial, kind);
        CREATE TABLE line_wip_cursor (
            upstream TEXT PRIMARY KEY,                 -- 'plant'
            id INTEGER NOT NULL DEFAULT 0,             -- plant.wip id of the last row pulled
            pulled_at TEXT                             -- last successful pull (UTC)
        );
        INSERT INTO line_wip_cursor (upstream) VALUES ('plant');
        CREATE TABLE upstream_settings (               -- set once by the technician
            upstream TEXT PRIMARY KEY,                 -- 'plant'
            dsn TEXT NOT NULL,                         -- never a password: env, ~/.pgpass or keyring
            interval_s REAL NOT NULL DEFAULT 30,
            configured_at TEXT NOT NULL, journal_key TEXT NOT NULL REFERENCES journal(key)
        );
        """
    )


@MIGRATIONS()
def m010_supplier_labels(db: Database) -> None:
    """Supplier reel labels: the supplier part -> our part cross-reference (master data) and the
    packages (reels, trays) received, by the package id on their label."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS supplier_parts (
            supplier_id TEXT NOT NULL REFERENCES suppliers(id),
            supplier_part TEXT NOT NULL,               -- 1P (or P) as the supplier's label prints it
            part_number TEXT NOT NULL REFERENCES parts(part_number),
            PRIMARY KEY (supplier_id, supplier_part)
        );
        CREATE INDEX IF NOT EXISTS supplier_parts_part ON supplier_parts(supplier_part);
        CREATE TABLE IF NOT EXISTS supplier_packages (
            supplier_id TEXT NOT NULL REFERENCES suppliers(id),
            package_id TEXT NOT NULL,                  -- 3S/4S of the label
            lot_id TEXT NOT NULL REFERENCES lots(id),
            date_code TEXT,
            PRIMARY KEY (supplier_id, package_id)
        );
        """
    )


@MIGRATIONS()
def m011_baseline(db: Database) -> None:
    """Instruments, calibrations, profile specs and profiles are projections now: the rows an older
    version wrote beside their journal rows (and any master row no journal row states) are
    journalled once as the baseline of the data as it stood at this upgrade."""
    baseline.record(db.conn, "11 (m011_baseline)")


@MIGRATIONS()
def m012_shared_parts(db: Database) -> None:
    """Shared parts: repeated sub-objects of records (a lot as accepted with its certificate, the
    fixed half of an environment reading), stored once as canonical JSON keyed by its SHA-256."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS shared_parts (
            hash TEXT PRIMARY KEY,                     -- sha256 of content, lowercase hex
            content TEXT NOT NULL                      -- the part's canonical JSON
        ) WITHOUT ROWID;
        """
    )
    append_only(db, "shared_parts")


@MIGRATIONS()
def m013_materials(db: Database) -> None:
    """Materials at the line: part specs (certificate kinds, characteristics, MSL), certificates
    of every kind (EN 10204, MTR, CoC) without a general expiry, their details and signed
    decisions, the documents themselves by SHA-256, lot receipts and movements, MSD events."""
    db.executescript(
        """
        CREATE TABLE certificates_new (
            id TEXT PRIMARY KEY, lot_id TEXT NOT NULL REFERENCES lots(id),
            type TEXT NOT NULL CHECK (type IN ('2.1','2.2','3.1','3.2','MTR','CoC')),
            revision INTEGER NOT NULL, valid_from TEXT NOT NULL,
            valid_to TEXT,                             -- only where the part has a shelf life
            sha256 TEXT NOT NULL, document TEXT NOT NULL, issued_by TEXT NOT NULL DEFAULT ''
        );
        INSERT INTO certificates_new SELECT * FROM certificates;
        DROP TABLE certificates;
        ALTER TABLE certificates_new RENAME TO certificates;
        CREATE INDEX certificates_lot ON certificates(lot_id, revision);
        CREATE TABLE part_specs (
            part_number TEXT PRIMARY KEY REFERENCES parts(part_number),
            category TEXT NOT NULL CHECK (category IN ('metal','material','electronic','sub-tier')),
            kinds TEXT NOT NULL DEFAULT '[]',          -- certificate kinds accepted
            characteristics TEXT NOT NULL DEFAULT '[]',  -- [{name, unit, low, high}]
            shelf_life INTEGER NOT NULL DEFAULT 0,     -- the certificate must give an expiry
            authorised_source INTEGER NOT NULL DEFAULT 0,
            msl TEXT, thickness_mm REAL,               -- J-STD-020 level, body thickness
            low_stock REAL                             -- remaining quantity that counts as low
        );
        CREATE TABLE certificate_details (
            certificate_id TEXT PRIMARY KEY REFERENCES certificates(id),
            number TEXT NOT NULL DEFAULT '', heat TEXT NOT NULL DEFAULT '',
            issuer_role TEXT NOT NULL DEFAULT '',      -- manufacturer, distributor
            authorised INTEGER,                        -- distributor authorised by the maker
            states_31 INTEGER NOT NULL DEFAULT 0,      -- an MTR stating EN 10204 3.1
            stated_values TEXT NOT NULL DEFAULT '{}',  -- characteristic -> value as stated
            media_type TEXT NOT NULL DEFAULT '',
            supersedes TEXT,                           -- the revision this one replaces
            revision_reason TEXT NOT NULL DEFAULT '',
            expires_on TEXT,
            received_by TEXT NOT NULL DEFAULT '', received_at TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE certificate_decisions (
            certificate_id TEXT PRIMARY KEY REFERENCES certificates(id),
            decision TEXT NOT NULL CHECK (decision IN ('accept','reject','accept-on-concession')),
            reason TEXT NOT NULL DEFAULT '', decided_by TEXT NOT NULL, decided_at TEXT NOT NULL,
            signature TEXT NOT NULL                    -- journal key of the signature row
        );
        CREATE TABLE documents (                       -- certificate documents by content
            sha256 TEXT PRIMARY KEY, media_type TEXT NOT NULL, size INTEGER NOT NULL,
            name TEXT NOT NULL, content BLOB NOT NULL, stored_at TEXT NOT NULL
        );
        CREATE TABLE document_pushes (                 -- documents the plant holds
            sha256 TEXT PRIMARY KEY REFERENCES documents(sha256), pushed_at TEXT NOT NULL
        );
        CREATE TABLE lot_receipts (                    -- each package received into a lot
            id TEXT PRIMARY KEY, lot_id TEXT NOT NULL REFERENCES lots(id),
            quantity REAL NOT NULL, unit TEXT NOT NULL,
            supplier_part TEXT NOT NULL DEFAULT '', date_code TEXT NOT NULL DEFAULT '',
            package_id TEXT NOT NULL DEFAULT '', label TEXT NOT NULL DEFAULT '',
            received_by TEXT NOT NULL, received_at TEXT NOT NULL, station TEXT NOT NULL
        );
        CREATE INDEX lot_receipts_lot ON lot_receipts(lot_id);
        CREATE TABLE lot_movements (
            id TEXT PRIMARY KEY, lot_id TEXT NOT NULL REFERENCES lots(id),
            kind TEXT NOT NULL CHECK (kind IN ('issue','scrap','return','adjust')),
            quantity REAL NOT NULL, reason TEXT NOT NULL,
            done_by TEXT NOT NULL, at TEXT NOT NULL, station TEXT NOT NULL
        );
        CREATE INDEX lot_movements_lot ON lot_movements(lot_id);
        CREATE TABLE msd_events (
            id TEXT PRIMARY KEY,
            carrier TEXT NOT NULL,                     -- reel/tray/bag: package id, else lot id
            lot_id TEXT NOT NULL REFERENCES lots(id),
            kind TEXT NOT NULL CHECK (kind IN ('open','dry-in','dry-out','bake','seal')),
            at TEXT NOT NULL, end_at TEXT,             -- a bake's end
            temperature_c REAL, rh REAL,               -- the oven's or dry cabinet's conditions
            place TEXT NOT NULL DEFAULT '',            -- oven or cabinet
            done_by TEXT NOT NULL, station TEXT NOT NULL
        );
        CREATE INDEX msd_events_carrier ON msd_events(carrier, at);
        CREATE INDEX msd_events_lot ON msd_events(lot_id, at);
        """
    )
    append_only(db, "documents")


@MIGRATIONS()
def m014_work_instructions(db: Database) -> None:
    """Work instructions: numbered lines of text, each with an optional picture (a file under
    ``resources/``), per product and step; master data like the steps themselves."""
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS work_instructions (
            product TEXT NOT NULL, step TEXT NOT NULL, position INTEGER NOT NULL,
            text TEXT NOT NULL,
            image TEXT NOT NULL DEFAULT '',            -- path under resources/, e.g. instructions/x.png
            PRIMARY KEY (product, step, position)
        );
        """
    )


@MIGRATIONS()
def m015_countersign(db: Database) -> None:
    """The plant's scrypt parameters of staff accounts (public: salt and cost) and the proofs kept
    with signatures for the plant to countersign (password-derived, so outside the chain)."""
    db.executescript(
        """
        CREATE TABLE plant_password_params (
            username TEXT PRIMARY KEY, params TEXT NOT NULL, fetched_at TEXT NOT NULL
        );
        CREATE TABLE countersign_requests (
            signature_key TEXT PRIMARY KEY REFERENCES journal(key),
            station TEXT NOT NULL, username TEXT NOT NULL, meaning TEXT NOT NULL,
            record_hash TEXT NOT NULL,                 -- the signature row's hash
            tag TEXT NOT NULL,                         -- HMAC-SHA256 proof (countersignatures.py)
            made_at TEXT NOT NULL
        );
        """
    )
    append_only(db, "countersign_requests")


@MIGRATIONS()
def m016_user_language(db: Database) -> None:
    """A user's own language ('' = the station's), switched to at their log-in."""
    db.executescript("ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT '';")
