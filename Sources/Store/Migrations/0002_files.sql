-- NACHA files: assembled exactly once per entry, archived, then delivered.

CREATE TYPE file_status AS ENUM (
  'archived',   -- assembled and written to the archive; waiting for delivery
  'sent',       -- delivered to the destination
  'failed'      -- delivery failed for a reason retrying will not fix (host key, auth, conflict)
);

CREATE TABLE ach_files (
  id                 uuid PRIMARY KEY,
  destination        text NOT NULL,
  file_date          date NOT NULL,           -- creation date in the destination's time zone
  file_id_modifier   char(1) NOT NULL,
  name               text NOT NULL,           -- the delivered file's name
  status             file_status NOT NULL DEFAULT 'archived',
  batch_count        integer NOT NULL,
  entry_count        integer NOT NULL,        -- entry detail records
  transfer_count     integer NOT NULL,
  debit_total_cents  bigint NOT NULL,
  credit_total_cents bigint NOT NULL,
  entry_hash         bigint NOT NULL,
  byte_count         bigint NOT NULL,
  sha256             text NOT NULL,           -- of the plain NACHA file
  archive_path       text NOT NULL,
  -- The exact bytes that are uploaded (encrypted when the destination wants it). Encryption is
  -- not deterministic, so they are written once and reused by every delivery attempt: a retry
  -- after a crash then finds the same bytes at the destination and does not upload again.
  delivery_path      text,
  delivery_sha256    text,
  attempts           integer NOT NULL DEFAULT 0,
  last_error         text,
  next_attempt_at    timestamptz NOT NULL DEFAULT now(),
  created_at         timestamptz NOT NULL DEFAULT now(),
  sent_at            timestamptz,
  UNIQUE (destination, file_date, file_id_modifier),
  UNIQUE (destination, name)
);

CREATE INDEX ach_files_due ON ach_files (next_attempt_at) WHERE status = 'archived';

-- One row per NACHA entry. The primary key is the exactly-once guarantee: a transfer's entry
-- can be in one file only, whatever crashes or concurrent daemons do.
CREATE TABLE ach_entries (
  transfer_id   uuid NOT NULL REFERENCES transfers (id),
  part          integer NOT NULL,              -- 0 unless the transfer was split
  file_id       uuid NOT NULL REFERENCES ach_files (id),
  odfi          text NOT NULL,
  file_date     date NOT NULL,
  trace_number  text NOT NULL,
  amount_cents  bigint NOT NULL,
  PRIMARY KEY (transfer_id, part),
  -- Trace numbers are unique per ODFI per day.
  UNIQUE (odfi, file_date, trace_number)
);

CREATE INDEX ach_entries_file ON ach_entries (file_id);

-- File ID modifiers used per destination and day (A–Z, then 0–9).
CREATE TABLE file_modifiers (
  destination text NOT NULL,
  file_date   date NOT NULL,
  used        integer NOT NULL,
  PRIMARY KEY (destination, file_date)
);

-- The last trace sequence handed out per ODFI and day.
CREATE TABLE trace_sequences (
  odfi      text NOT NULL,
  file_date date NOT NULL,
  last      bigint NOT NULL,
  PRIMARY KEY (odfi, file_date)
);

-- File history is kept like payment history.
CREATE TRIGGER ach_entries_no_change BEFORE UPDATE OR DELETE ON ach_entries
  FOR EACH ROW EXECUTE FUNCTION ach_refuse_change();
CREATE TRIGGER ach_files_no_delete BEFORE DELETE ON ach_files
  FOR EACH ROW EXECUTE FUNCTION ach_refuse_change();

ALTER TABLE transfers ADD CONSTRAINT transfers_file FOREIGN KEY (file_id) REFERENCES ach_files (id);
CREATE INDEX transfers_batched ON transfers (file_id) WHERE status = 'batched';

-- A file's own events (sent, failed), next to the transfers' events.
CREATE TABLE file_events (
  id         bigserial PRIMARY KEY,
  file_id    uuid NOT NULL REFERENCES ach_files (id),
  from_status file_status,
  to_status  file_status NOT NULL,
  actor      text NOT NULL,
  detail     jsonb,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TRIGGER file_events_no_change BEFORE UPDATE OR DELETE ON file_events
  FOR EACH ROW EXECUTE FUNCTION ach_refuse_change();
