select id as "id", application_service as "service", application_id as "applicationId", insurer as "insurer",
       policy_number as "policyNumber", coverage as "coverage", cast(premium as varchar(20)) as "premium",
       currency as "currency", cast(cover_from as varchar(10)) as "coverFrom", cast(cover_until as varchar(10)) as "coverUntil"
from insurance_policy
where id = :#${exchangeProperty.policyId} and owner in (:#in:${exchangeProperty.readableOwners})
