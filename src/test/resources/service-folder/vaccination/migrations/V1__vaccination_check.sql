-- the checks the service made, each with the partner that asked (its owner)
create table vaccination_check (
    id                 varchar(36)  not null primary key,
    certificate_number varchar(40)  not null,
    valid              boolean      not null,
    correlation_id     varchar(64),
    owner              varchar(64)  not null,
    checked_at         timestamp    not null
);
