-- The message log kept a block per journal segment instead of a row per message: the segment's rows as JSON
-- lines in the archive files' form (number, previous hash, row hash, entry), and a slim index from correlation
-- ids and partners to their blocks. One insert per segment, whatever the traffic (V8 moves the rows of V2's
-- message_log into blocks and drops it).
create table message_log_block (
    id            bigint       primary key,
    segment       varchar(120) not null,
    first_row     bigint       not null,
    row_count     integer      not null,
    first_at      timestamp with time zone not null,
    last_at       timestamp with time zone not null,
    previous_hash varchar(64)  not null,
    last_hash     varchar(64)  not null,
    rows_json     text         not null
);
create index message_log_block_last_at on message_log_block (last_at);

create table message_log_block_exchange (
    correlation_id varchar(100) not null,
    block_id       bigint       not null,
    primary key (correlation_id, block_id)
);

create table message_log_block_partner (
    partner  varchar(60) not null,
    block_id bigint      not null,
    primary key (partner, block_id)
);

-- the chain's head also knows the last row's number and the last block's
alter table message_log_head add column last_row bigint default 0 not null;
alter table message_log_head add column last_block bigint default 0 not null;
