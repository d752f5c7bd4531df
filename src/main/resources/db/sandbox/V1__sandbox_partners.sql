-- The sandbox twins' own data: what the partners would hold in their systems, never the hub's tables.
create table police_invitation (
    invitation_number varchar(40)  primary key,
    status            varchar(10)  not null,
    inviter           varchar(200) not null,
    category          varchar(10)  not null,
    passport_number   varchar(20)  not null,
    nationality       varchar(3)   not null,
    surname           varchar(100) not null,
    given_names       varchar(100),
    date_of_birth     date         not null,
    valid_from        date         not null,
    valid_until       date         not null,
    registered_by     varchar(100) not null,
    registered_at     timestamp with time zone not null
);

create table gateway_payment (
    id            varchar(36)  primary key,
    reference     varchar(100) not null,
    amount        numeric(14, 2) not null,
    currency      varchar(3)   not null,
    description   varchar(300),
    callback_url  varchar(500) not null,
    status        varchar(10)  not null,
    created_at    timestamp with time zone not null,
    paid_at       timestamp with time zone,
    callback_event_id varchar(36),
    callback_status   integer,
    correlation_id    varchar(100)
);

create table issuance_decision (
    application_id varchar(36) primary key,
    decision       varchar(10) not null,
    visa_number    varchar(40),
    valid_from     date,
    valid_until    date,
    reason         varchar(300),
    decided_at     timestamp with time zone not null
);

-- Invitations a tester can use at once (listed in the README); more through POST /sandbox/police/invitations.
insert into police_invitation values
 ('INV-2026-000101', 'ACTIVE',  'TOO Kazakh Tours',        'B12', 'N1234567', 'JAM', 'BROWN',   'ALEX',  date '1990-05-17', date '2026-01-01', date '2030-12-31', 'Almaty city police, officer 0417', timestamp with time zone '2026-11-01 09:00:00+05:00'),
 ('INV-2026-000102', 'ACTIVE',  'AO Steppe Medical Centre', 'C12', 'P7654321', 'VNM', 'NGUYEN',  'THI LAN', date '1985-11-02', date '2026-01-01', date '2030-12-31', 'Astana city police, officer 1102', timestamp with time zone '2026-11-01 09:05:00+05:00'),
 ('INV-2026-000103', 'REVOKED', 'TOO Kazakh Tours',        'B12', 'K5550001', 'PER', 'QUISPE',  'ANA',   date '1993-03-09', date '2026-01-01', date '2030-12-31', 'Almaty city police, officer 0417', timestamp with time zone '2026-11-02 10:00:00+05:00');
