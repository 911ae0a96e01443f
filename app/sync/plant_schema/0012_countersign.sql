-- Countersignatures bound to the signature row, made when the plant is reachable or at the next sync.
--
-- A station proves its signer's password without sending it or holding the plant's hash: when the
-- signature row is written it keeps tag = HMAC-SHA256(key = the scrypt key of the password under
-- the plant's parameters for that user, message = station LF record key LF record hash LF meaning).
-- The plant, which holds that key as the user's password hash, recomputes the tag. A tag proves the
-- password for that one row only, so a tag kept while the station was offline can be sent at the
-- next sync; a signature row appended outside the app has no tag that holds and is refused (an
-- exception at the plant, and a `countersignature-refused` row in the station's journal).
-- The signature row must already be in the plant's journal (pushes run first), with that hash.

CREATE FUNCTION plant.hmac_sha256(key bytea, message bytea) RETURNS bytea LANGUAGE plpgsql
IMMUTABLE STRICT SET search_path = pg_catalog AS $$
DECLARE
    k bytea := key;
    inner_ bytea;
    outer_ bytea;
BEGIN
    IF length(k) > 64 THEN
        k := sha256(k);
    END IF;
    k := k || decode(repeat('00', 64 - length(k)), 'hex');
    inner_ := k;
    outer_ := k;
    FOR i IN 0..63 LOOP
        inner_ := set_byte(inner_, i, get_byte(k, i) # 54);   -- 0x36
        outer_ := set_byte(outer_, i, get_byte(k, i) # 92);   -- 0x5c
    END LOOP;
    RETURN sha256(outer_ || sha256(inner_ || message));
END $$;

ALTER TABLE plant.countersignatures ADD COLUMN record_hash text;

DROP FUNCTION plant.countersign(text, uuid, text, text, text);

CREATE FUNCTION plant.countersign(station text, record_key uuid, record_hash text, who text,
                                  tag text, meaning text)
RETURNS timestamptz LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, plant AS $$
DECLARE
    at_ timestamptz;
    held text;
    stored text;
    uid text;
    person record;
    failures_ integer;
    message bytea := convert_to(station || chr(10) || record_key::text || chr(10) || record_hash
                                || chr(10) || meaning, 'UTF8');
BEGIN
    IF NOT plant.may_act_for(station) THEN
        RAISE EXCEPTION 'role % may not countersign for station %', session_user, station
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT c.countersigned_at INTO at_ FROM plant.countersignatures c
    WHERE c.record_key = countersign.record_key AND c.station = countersign.station
      AND c.record_hash = countersign.record_hash;
    IF at_ IS NOT NULL THEN
        RETURN at_;  -- sent again after a lost answer
    END IF;
    SELECT j.hash INTO held FROM plant.journal j
    WHERE j.key = countersign.record_key AND j.station = countersign.station;
    IF held IS NULL THEN
        RAISE EXCEPTION 'signature % of station % is not in the plant''s journal yet: push first',
            record_key, station USING ERRCODE = 'no_data_found';
    END IF;
    IF held <> record_hash THEN
        INSERT INTO plant.exceptions (kind, stations, subject, records, detail)
        VALUES ('countersignature-refused', ARRAY[station], record_key::text, ARRAY[record_key],
                format('signature %s of station %s: the station asked for hash %s but the plant holds %s',
                       record_key, station, record_hash, held));
        RETURN NULL;
    END IF;
    SELECT failures INTO failures_ FROM plant.auth_failures WHERE username = who;
    IF coalesce(failures_, 0) >= (SELECT value::integer FROM plant.settings WHERE name = 'auth_failure_limit') THEN
        RAISE EXCEPTION 'user % is locked at the plant after % failed attempts: a supervisor must unlock it',
            who, failures_ USING ERRCODE = 'invalid_authorization_specification';
    END IF;
    SELECT id, (string_to_array(password_hash, '$'))[6] INTO uid, stored
    FROM plant.users WHERE username = who AND active = 1;
    IF uid IS NULL OR stored IS NULL
       OR encode(plant.hmac_sha256(decode(stored, 'base64'), message), 'base64') <> tag THEN
        INSERT INTO plant.auth_failures AS f VALUES (who, 1, now())
        ON CONFLICT (username) DO UPDATE SET failures = f.failures + 1, last_at = now();
        INSERT INTO plant.exceptions (kind, stations, subject, records, detail)
        VALUES ('countersignature-refused', ARRAY[station], record_key::text, ARRAY[record_key],
                format('signature %s of station %s as %s (%s): its credentials proof does not hold; '
                       'it was not signed by that person through Lineside', record_key, station, who,
                       meaning));
        RETURN NULL;
    END IF;
    DELETE FROM plant.auth_failures WHERE username = who;
    SELECT u.id, u.username, u.name INTO person FROM plant.users u WHERE u.id = uid;
    INSERT INTO plant.countersignatures (record_key, station, role, user_id, username, name, meaning,
                                         record_hash)
    VALUES (record_key, station, session_user, person.id, person.username, person.name, meaning,
            record_hash)
    RETURNING countersigned_at INTO at_;
    RETURN at_;
END $$;

-- A station reads the countersignatures of its own rows (verify --upstream compares its receipts).
CREATE FUNCTION plant.countersignatures_of(station text)
RETURNS TABLE (record_key uuid, record_hash text, username text, meaning text, countersigned_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, plant AS $$
BEGIN
    IF NOT plant.may_act_for(station) THEN
        RAISE EXCEPTION 'role % may not read the countersignatures of station %', session_user, station
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY SELECT c.record_key, c.record_hash, c.username, c.meaning, c.countersigned_at
    FROM plant.countersignatures c WHERE c.station = countersignatures_of.station
    ORDER BY c.countersigned_at;
END $$;

REVOKE ALL ON FUNCTION plant.hmac_sha256(bytea, bytea),
    plant.countersign(text, uuid, text, text, text, text), plant.countersignatures_of(text) FROM PUBLIC;
DO $$
DECLARE
    station_role name;
BEGIN
    FOR station_role IN SELECT role FROM plant.station_roles LOOP
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = station_role) THEN
            EXECUTE format('GRANT EXECUTE ON FUNCTION plant.countersign(text, uuid, text, text, text, '
                           'text), plant.countersignatures_of(text) TO %I', station_role);
        END IF;
    END LOOP;
END $$;
