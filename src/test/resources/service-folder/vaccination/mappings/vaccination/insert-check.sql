insert into vaccination_check (id, certificate_number, valid, correlation_id, owner, checked_at)
values (:#${exchangeProperty.checkId}, :#${exchangeProperty.certificateNumber}, :#${exchangeProperty.valid},
        :#${header[X-Correlation-Id]}, :#${exchangeProperty.recordOwner}, current_timestamp)
