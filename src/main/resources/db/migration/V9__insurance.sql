-- Medical insurance policies bought for an issued e-Visa or ETA: each attached to its application.
create table insurance_policy (
    id                  varchar(36)  primary key,
    application_service varchar(20)  not null,
    application_id      varchar(36)  not null,
    insurer             varchar(60)  not null,
    policy_number       varchar(40)  not null,
    coverage            varchar(20)  not null,
    premium             numeric(14, 2) not null,
    currency            varchar(3)   not null,
    cover_from          date         not null,
    cover_until         date         not null,
    correlation_id      varchar(100) not null,
    created_at          timestamp with time zone not null,
    unique (insurer, policy_number)
);
create index insurance_policy_application on insurance_policy (application_service, application_id);
