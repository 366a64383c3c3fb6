-- Poison isolation (SPEC §3): a transfer whose lease was lost (its daemon crashed or its batch
-- hung) is a *suspect*: one of the transfers in flight at that moment caused it, but which one is
-- unknown. Suspects are not charged an attempt for that loss; they are claimed one at a time per
-- daemon, alone, and a lease lost while processed alone is charged. So a poison transfer fails
-- after `maxAttempts` losses of its own, and the transfers that were merely near it go through.
ALTER TABLE transfers ADD COLUMN suspect boolean NOT NULL DEFAULT false;

-- The isolation lane's claim: suspects are few, and this keeps finding them cheap however many
-- ordinary transfers wait.
CREATE INDEX transfers_suspects ON transfers (run_at, id) WHERE status = 'pending' AND suspect;
