-- What the hub asked the payment gateway for, one row per order (payment/PaymentRequests): a callback is believed
-- only if its order, payment id, amount and currency match this row (payment/PaymentCallbackCheck). The gateway's
-- payment id is set when the application moves to awaiting payment, in the same transaction.
-- Portable SQL: the same file runs on H2 and PostgreSQL.
create table payment_request (
    order_id       varchar(64)    primary key,
    service        varchar(20)    not null,
    application_id varchar(36)    not null,
    amount         numeric(14, 2) not null,
    currency       varchar(3)     not null,
    payment_id     varchar(64),
    requested_at   timestamp with time zone not null
);
create unique index payment_request_payment on payment_request (payment_id);

-- e-Visa fees asked for before this table: the order id was the application id, and the amount and currency the
-- gateway confirmed are the ones the hub asked for
insert into payment_request (order_id, service, application_id, amount, currency, payment_id, requested_at)
select id, 'evisa', id, payment_amount, payment_currency, payment_id, updated_at
from evisa_application
where payment_id is not null and payment_amount is not null and payment_currency is not null;
