-- Every record a partner creates keeps its owner, the partner that created it: only the owner reads or changes it
-- (see RecordOwners). The records made before owners were kept were all the QazETA front door's. An
-- Idempotency-Key is the owner's own: unique per owner, so two partners' keys never meet.
-- Portable SQL: the same file runs on H2 and PostgreSQL. No default is left behind: a record without an owner is refused.
alter table evisa_application add column owner varchar(60) default 'qazeta-front-door' not null;
alter table evisa_application alter column owner drop default;
alter table eta_application add column owner varchar(60) default 'qazeta-front-door' not null;
alter table eta_application alter column owner drop default;
alter table eresidency_application add column owner varchar(60) default 'qazeta-front-door' not null;
alter table eresidency_application alter column owner drop default;
alter table border_certificate add column owner varchar(60) default 'qazeta-front-door' not null;
alter table border_certificate alter column owner drop default;
alter table insurance_policy add column owner varchar(60) default 'qazeta-front-door' not null;
alter table insurance_policy alter column owner drop default;

-- e-Visa's key was unique by an unnamed constraint (named apart by the two databases): the column is moved to a new
-- one, which takes the old one's name, and the constraint goes with the old column.
alter table evisa_application add column owner_idempotency_key varchar(200);
update evisa_application set owner_idempotency_key = idempotency_key;
alter table evisa_application drop column idempotency_key;
alter table evisa_application rename column owner_idempotency_key to idempotency_key;
create unique index evisa_application_idempotency on evisa_application (owner, idempotency_key);

drop index eta_application_idempotency;
create unique index eta_application_idempotency on eta_application (owner, idempotency_key);
drop index eresidency_application_idempotency;
create unique index eresidency_application_idempotency on eresidency_application (owner, idempotency_key);

-- a partner's policies of an application (the list the front door reads)
create index insurance_policy_owner on insurance_policy (owner, application_id);
