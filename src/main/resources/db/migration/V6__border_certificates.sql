-- Certificates of state-border crossing issued by the hub. The signature is an HMAC-SHA256 over the canonical form
-- of every certified column (the certificate and its crossings), so a row altered here fails verification.
create table border_certificate (
    id                 varchar(36)  primary key,
    verification_code  varchar(32)  not null unique,
    correlation_id     varchar(100),
    document_type      varchar(20)  not null,
    document_number    varchar(20)  not null,
    issuing_country    varchar(3)   not null,
    nationality        varchar(3)   not null,
    date_of_birth      date         not null,
    surname            varchar(100),
    given_names        varchar(100),
    period_from        date         not null,
    period_to          date         not null,
    issued_at          timestamp with time zone not null,
    signature          varchar(64)  not null
);

create table border_certificate_crossing (
    certificate_id   varchar(36)  not null references border_certificate (id),
    seq              integer      not null,
    direction        varchar(5)   not null,
    checkpoint_code  varchar(20)  not null,
    checkpoint_name  varchar(200) not null,
    crossed_at       timestamp with time zone not null,
    primary key (certificate_id, seq)
);
