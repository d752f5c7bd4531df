-- The medical insurers' own quotes and policies (both insurer twins, each under its own name).
create table insurer_quote (
    insurer      varchar(60)  not null,
    quote_id     varchar(40)  not null,
    reference    varchar(80)  not null,
    coverage     varchar(20)  not null,
    premium      numeric(14, 2) not null,
    currency     varchar(3)   not null,
    cover_from   date         not null,
    cover_until  date         not null,
    policy_number varchar(40),
    created_at   timestamp with time zone not null,
    primary key (insurer, quote_id)
);
