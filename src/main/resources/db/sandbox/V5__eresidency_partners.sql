-- The AIFC onboarding partners' own records, as their systems would hold them.
create table iin_registry_person (
    iin             varchar(12)  primary key,
    passport_number varchar(20)  not null,
    nationality     varchar(3)   not null,
    surname         varchar(100) not null,
    given_names     varchar(100),
    date_of_birth   date         not null,
    issued_at       timestamp with time zone not null,
    unique (passport_number, nationality)
);
create table bank_account (
    bank          varchar(60)  not null,
    reference     varchar(60)  not null,
    iin           varchar(12)  not null,
    iban          varchar(34)  not null,
    masked_pan    varchar(19),
    status        varchar(12)  not null,
    opened_at     timestamp with time zone not null,
    primary key (bank, reference)
);
create table mobile_esim (
    operator        varchar(60)  not null,
    reference       varchar(60)  not null,
    iin             varchar(12)  not null,
    msisdn          varchar(20)  not null,
    activation_code varchar(120) not null,
    activated_at    timestamp with time zone not null,
    primary key (operator, reference)
);
create table company_registration (
    reference           varchar(60)  primary key,
    registration_number varchar(12),
    company_name        varchar(200) not null,
    founder_iin         varchar(12)  not null,
    status              varchar(12)  not null,
    registered_at       timestamp with time zone not null
);
