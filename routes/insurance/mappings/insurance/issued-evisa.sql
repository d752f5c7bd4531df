select id as "applicationId", passport_number as "documentNumber", nationality as "nationality", surname as "surname",
       given_names as "givenNames", cast(date_of_birth as varchar(10)) as "dateOfBirth",
       cast(visa_valid_from as varchar(10)) as "coverFrom", cast(visa_valid_until as varchar(10)) as "coverUntil"
from evisa_application
where id = :#${exchangeProperty.applicationId} and status = 'ISSUED' and owner in (:#in:${exchangeProperty.readableOwners})
