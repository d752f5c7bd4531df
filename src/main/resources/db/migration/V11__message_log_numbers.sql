-- Each journal (one per hub instance) numbers its message-log rows 1, 2, 3... across restarts, and the chain covers
-- the numbers (MessageLogEntry, MessageLogChain). Here, per journal: the last number in the chain, and the last
-- one moved to the archive, so that verification knows where the rows left in the database must go on from and
-- that none is missing at the end. Rows stored before numbering have no number and verify as before.
create table message_log_journal (
    journal_id      varchar(60) primary key,
    last_number     bigint      not null,
    archived_number bigint      default 0 not null
);
