-- The matched person's crossings in the period [periodStart, periodEnd), oldest first, at most rowLimit rows.
select c.direction, c.crossed_at, c.checkpoint_code, p.name as checkpoint_name
from border_crossing c
join checkpoint p on p.code = c.checkpoint_code
where c.document_type = :#documentType
  and c.document_number = :#documentNumber
  and c.issuing_country = :#issuingCountry
  and c.nationality = :#nationality
  and c.date_of_birth = :#dateOfBirth
  and c.crossed_at >= :#periodStart
  and c.crossed_at < :#periodEnd
order by c.crossed_at, c.id
fetch first :#rowLimit rows only
