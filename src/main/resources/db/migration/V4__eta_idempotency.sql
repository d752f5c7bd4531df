-- A repeated ETA submission with the same Idempotency-Key returns the same application.
alter table eta_application add column idempotency_key varchar(200);
alter table eta_application add column request_hash varchar(64);
create unique index eta_application_idempotency on eta_application (idempotency_key);
