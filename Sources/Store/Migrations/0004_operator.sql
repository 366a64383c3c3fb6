-- Operator commands (retry, cancel): who did what to which records, and why.

-- One row per operator command that ran for real (dry runs write nothing). The transfer and file
-- events it wrote carry its id in `detail->>'audit_id'`, so an event leads back to the operator,
-- the reason and the exact selection. Written in the same transaction as the changes.
CREATE TABLE operator_actions (
  id         bigserial PRIMARY KEY,
  command    text NOT NULL,                -- 'retry transfers', 'retry files', 'retry callbacks', 'cancel'
  operator   text NOT NULL CHECK (length(operator) BETWEEN 1 AND 128),
  reason     text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 2000),
  selection  jsonb NOT NULL,               -- the flags and arguments as given
  changed    integer NOT NULL,
  refused    integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE TRIGGER operator_actions_no_change BEFORE UPDATE OR DELETE ON operator_actions
  FOR EACH ROW EXECUTE FUNCTION ach_refuse_change();
CREATE TRIGGER operator_actions_no_truncate BEFORE TRUNCATE ON operator_actions
  FOR EACH STATEMENT EXECUTE FUNCTION ach_refuse_change();

-- `retry transfers --code RULE` finds rejected transfers by rule code without reading the whole
-- table. Partial: only rejected rows carry a rejection, and nothing on the hot path reads it.
CREATE INDEX transfers_rejection_codes ON transfers USING gin (rejection jsonb_path_ops)
  WHERE status = 'rejected';
