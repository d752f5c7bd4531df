-- The hub's own user on the sandbox crossing database: it may read the crossings and nothing else.
-- (On PostgreSQL the Border Service grants such a role itself; see the README.)
create user if not exists border_reader password 'sandbox-border-reader-password';
grant select on checkpoint to border_reader;
grant select on border_crossing to border_reader;
