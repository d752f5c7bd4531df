-- The IMEI registry twin's devices: each IMEI registered to one owner's document, or reported stolen.
create table imei_registration (
    imei               varchar(15)  primary key,
    status             varchar(12)  not null,
    document_type      varchar(20),
    document_number    varchar(20),
    document_country   varchar(3),
    request_reference  varchar(100),
    registered_at      timestamp with time zone not null
);

-- For testers (see the README): a phone reported stolen, and one registered to somebody else.
insert into imei_registration (imei, status, document_type, document_number, document_country, request_reference, registered_at)
values ('356938035643809', 'STOLEN', null, null, null, 'sandbox-seed', '2026-01-10 12:00:00+05:00'),
       ('352099001761481', 'REGISTERED', 'PASSPORT', 'Z9999999', 'RUS', 'sandbox-seed', '2026-01-10 12:00:00+05:00');
