insert into insurance_policy (id, application_service, application_id, insurer, policy_number, coverage, premium, currency,
                              cover_from, cover_until, correlation_id, owner, created_at)
values (:#${exchangeProperty.policyId}, :#${exchangeProperty.applicationService}, :#${exchangeProperty.applicationId}, :#${exchangeProperty.insurer},
        :#${exchangeProperty.policyNumber}, :#${exchangeProperty.coverage}, :#${exchangeProperty.premium}, :#${exchangeProperty.currency},
        cast(:#${exchangeProperty.coverFrom} as date), cast(:#${exchangeProperty.coverUntil} as date), :#${header[X-Correlation-Id]}, :#${exchangeProperty.recordOwner},
        current_timestamp)
