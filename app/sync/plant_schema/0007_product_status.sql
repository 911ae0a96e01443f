-- Product status per serial, derived at the plant from the dispositions and releases it accepts.
--
-- A station decides a unit's status from its own journal (app/store/recall_queries.unit_states):
-- a `scrap` disposition of one of its records scraps it for good, `quarantine`/`hold` holds it, a
-- signed `release` naming it makes it usable again (unless scrapped). The plant applies the same
-- rules to every station's rows as it accepts them, keeps the result per serial
-- (plant.unit_status) and sends each change down as a work-in-progress row of kind `status`, so a
-- board scrapped at SMT is refused at final assembly with who, when, why and where.
ALTER TABLE plant.wip DROP CONSTRAINT wip_kind_check;
ALTER TABLE plant.wip ADD CONSTRAINT wip_kind_check
    CHECK (kind IN ('unit', 'consumed', 'superseded', 'hold', 'release', 'disposition', 'conflict',
                    'status'));

CREATE TABLE plant.unit_status (
    serial text PRIMARY KEY,
    status text NOT NULL CHECK (status IN ('held', 'scrapped', 'released')),
    reason text,
    by_name text,
    decided_at text NOT NULL,                  -- the deciding row's recorded_at, as the station wrote it
    record_key uuid NOT NULL,                  -- the disposition or release row
    station text NOT NULL,
    wip_id bigint NOT NULL                     -- the plant.wip row that sent it down
);

-- The subject of a disposition is a journal key; anything else names no unit.
CREATE FUNCTION plant.as_key(t text) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN t ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                THEN t::uuid END
$$;

CREATE FUNCTION plant.derive_status() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, plant AS $$
DECLARE
    r record;
    now_status text;
    wip_id bigint;
BEGIN
    -- Only disposition and release rows are parsed (a push of assemblies pays one scan by kind).
    FOR r IN
        SELECT x.serial, x.decision, x.reason, x.by_name, x.decided_at, x.key, x.station,
               s.line_id AS line
        FROM (
            SELECT coalesce(a.unit_serial, d.c #>> '{disposition,unit}') AS serial,
                   d.c #>> '{disposition,decision}' AS decision,
                   d.c #>> '{disposition,comment}' AS reason,
                   coalesce(d.c #>> '{disposition,by,name}', d.c #>> '{disposition,by,user_id}') AS by_name,
                   d.c ->> 'recorded_at' AS decided_at, d.key, d.station, d.seq
            FROM (SELECT n.key, n.station, n.seq, n.content::jsonb AS c FROM new_rows n
                  WHERE n.kind = 'disposition' OFFSET 0) d
            LEFT JOIN plant.assemblies a
                ON a.record_key = plant.as_key(d.c #>> '{disposition,subject}')
            UNION ALL
            SELECT u.serial, 'release', d.c #>> '{release,comment}',
                   coalesce(d.c #>> '{release,by,name}', d.c #>> '{release,by,user_id}'),
                   d.c ->> 'recorded_at', d.key, d.station, d.seq
            FROM (SELECT n.key, n.station, n.seq, n.content::jsonb AS c FROM new_rows n
                  WHERE n.kind = 'release' OFFSET 0) d
            CROSS JOIN LATERAL jsonb_array_elements_text(
                CASE WHEN jsonb_typeof(d.c #> '{release,units}') = 'array'
                     THEN d.c #> '{release,units}' ELSE '[]'::jsonb END) AS u(serial)
        ) x
        LEFT JOIN plant.stations s ON s.id = x.station
        WHERE x.serial IS NOT NULL
        ORDER BY x.station, x.seq
    LOOP
        now_status := CASE WHEN r.decision = 'scrap' THEN 'scrapped'
                           WHEN r.decision IN ('quarantine', 'hold') THEN 'held'
                           WHEN r.decision = 'release' THEN 'released' END;
        CONTINUE WHEN now_status IS NULL;  -- accept, rework, concession: the status stays
        CONTINUE WHEN EXISTS (SELECT 1 FROM plant.unit_status u
                              WHERE u.serial = r.serial AND u.status = 'scrapped');
        -- Held to commit, as every writer of work in progress (see 0005_wip).
        LOCK TABLE plant.wip IN SHARE ROW EXCLUSIVE MODE;
        INSERT INTO plant.wip (line, kind, serial, record_key, station, detail)
        VALUES (r.line, 'status', r.serial, r.key, r.station,
                jsonb_build_object('status', now_status, 'decision', r.decision, 'reason', r.reason,
                                   'by', r.by_name, 'at', r.decided_at))
        RETURNING id INTO wip_id;
        INSERT INTO plant.unit_status AS u
        VALUES (r.serial, now_status, r.reason, r.by_name, r.decided_at, r.key, r.station, wip_id)
        ON CONFLICT (serial) DO UPDATE SET status = excluded.status, reason = excluded.reason,
            by_name = excluded.by_name, decided_at = excluded.decided_at,
            record_key = excluded.record_key, station = excluded.station, wip_id = excluded.wip_id;
    END LOOP;
    RETURN NULL;
END $$;
-- Named after journal_accept: triggers fire in name order, so the rows are checked and their
-- genealogy projected (a disposition's subject in the same push included) first.
CREATE TRIGGER journal_status AFTER INSERT ON plant.journal
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION plant.derive_status();

-- The online confirmation refuses what a disposition holds or scrapped, as well as plant holds.
CREATE OR REPLACE FUNCTION plant.claim(station_ text, record_key_ uuid, serial_ text, di_ text,
                                       step_ text, consumed text[]) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, plant AS $$
DECLARE
    stale interval := make_interval(secs => (SELECT value::double precision FROM plant.settings
                                             WHERE name = 'claim_stale_after_s'));
    other record;
    c text;
    hold record;
BEGIN
    IF NOT plant.may_act_for(station_) THEN
        RAISE EXCEPTION 'role % may not claim for station %', session_user, station_
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    FOREACH c IN ARRAY array_prepend(serial_, coalesce(consumed, '{}')) LOOP
        SELECT w.kind, w.detail INTO hold FROM plant.wip w
        WHERE w.serial = c AND w.kind IN ('hold', 'release') ORDER BY w.id DESC LIMIT 1;
        IF FOUND AND hold.kind = 'hold' THEN
            RETURN format('%s is on hold at the plant: %s (placed by %s)', c, hold.detail ->> 'reason',
                          hold.detail ->> 'by');
        END IF;
        SELECT u.* INTO other FROM plant.unit_status u WHERE u.serial = c AND u.status <> 'released';
        IF FOUND THEN
            RETURN format('%s is %s: %s by %s at station %s on %s (record %s)', c, other.status,
                          coalesce(other.reason, ''), coalesce(other.by_name, '?'), other.station,
                          other.decided_at, other.record_key);
        END IF;
    END LOOP;
    PERFORM pg_advisory_xact_lock(hashtext('lineside-claim:' || k))
    FROM (SELECT DISTINCT k FROM unnest(array_prepend(serial_, coalesce(consumed, '{}'))) k
          ORDER BY k) keys;
    SELECT u.* INTO other FROM plant.unit_claims u
    WHERE u.serial = serial_ AND u.di IS DISTINCT FROM di_ AND di_ IS NOT NULL AND u.di IS NOT NULL
      AND u.record_key <> record_key_ AND NOT plant.superseded(u.record_key)
    LIMIT 1;
    IF FOUND THEN
        RETURN format('serial %s is device %s (record %s at station %s), not %s', serial_, other.di,
                      other.record_key, other.station, di_);
    END IF;
    SELECT u.* INTO other FROM plant.unit_claims u WHERE u.serial = serial_ AND u.step = step_;
    IF FOUND AND other.record_key <> record_key_ AND NOT plant.superseded(other.record_key)
       AND (other.held OR other.claimed_at > clock_timestamp() - stale) THEN
        RETURN format('unit %s was already recorded at step %s by station %s (record %s)', serial_,
                      step_, other.station, other.record_key);
    END IF;
    FOREACH c IN ARRAY coalesce(consumed, '{}') LOOP
        SELECT k.* INTO other FROM plant.consumptions k WHERE k.component = c;
        IF FOUND AND other.record_key <> record_key_ AND NOT plant.superseded(other.record_key)
           AND (other.held OR other.claimed_at > clock_timestamp() - stale) THEN
            RETURN format('%s was already built into %s at station %s (record %s)', c, other.parent,
                          other.station, other.record_key);
        END IF;
    END LOOP;
    INSERT INTO plant.unit_claims AS u (serial, step, di, record_key, station)
    VALUES (serial_, step_, di_, record_key_, station_)
    ON CONFLICT (serial, step) DO UPDATE SET di = excluded.di, record_key = excluded.record_key,
        station = excluded.station, held = false, claimed_at = clock_timestamp();
    INSERT INTO plant.consumptions AS k (component, record_key, station, parent)
    SELECT x, record_key_, station_, serial_ FROM unnest(coalesce(consumed, '{}')) x
    ON CONFLICT (component) DO UPDATE SET record_key = excluded.record_key,
        station = excluded.station, parent = excluded.parent, held = false, claimed_at = clock_timestamp();
    RETURN NULL;
END $$;

REVOKE ALL ON FUNCTION plant.derive_status(),
    plant.claim(text, uuid, text, text, text, text[]) FROM PUBLIC;
REVOKE ALL ON plant.unit_status FROM PUBLIC;
DO $$
DECLARE
    supervisor name := left(current_database(), 40) || '_supervisor';
BEGIN
    EXECUTE format('GRANT SELECT ON plant.unit_status TO %I', supervisor);
END $$;
