-- The person named by document, nationality and date of birth: all must match (the hub reveals nothing else).
select surname, given_names
from border_crossing
where document_type = :#documentType
  and document_number = :#documentNumber
  and issuing_country = :#issuingCountry
  and nationality = :#nationality
  and date_of_birth = :#dateOfBirth
order by crossed_at desc
fetch first 1 rows only
