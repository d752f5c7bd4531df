package kz.qazeta.hub.sandbox.eresidency;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import javax.xml.datatype.DatatypeFactory;

import jakarta.jws.WebService;
import kz.qazeta.contracts.companyregistrar.CancelRegistrationRequest;
import kz.qazeta.contracts.companyregistrar.CancelRegistrationResponse;
import kz.qazeta.contracts.companyregistrar.CompanyRegistrarPortType;
import kz.qazeta.contracts.companyregistrar.RegisterCompanyRequest;
import kz.qazeta.contracts.companyregistrar.RegisterCompanyResponse;
import kz.qazeta.contracts.companyregistrar.RegistrationRefused;
import kz.qazeta.contracts.companyregistrar.RegistrationRefused_Exception;
import kz.qazeta.hub.sandbox.SandboxDatabase;
import kz.qazeta.hub.sandbox.eresidency.TwinBehaviour.Mode;
import org.apache.cxf.binding.soap.SoapFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * The AIFC company registrar's twin: serves {@code wsdl/company-registrar.wsdl} from its own table. It registers
 * a company once per reference with a BIN built as the real ones are, refuses a name already registered to
 * someone else, and strikes a registration off (or refuses to make one later) when asked to cancel.
 */
@WebService(serviceName = "CompanyRegistrarService", portName = "CompanyRegistrarPort",
        targetNamespace = "urn:kz:aifc:company-registrar:v1",
        endpointInterface = "kz.qazeta.contracts.companyregistrar.CompanyRegistrarPortType",
        wsdlLocation = "classpath:wsdl/company-registrar.wsdl")
public class CompanyRegistrarTwin implements CompanyRegistrarPortType {

    private static final Logger LOG = LoggerFactory.getLogger(CompanyRegistrarTwin.class);
    private static final String TWIN = "company-registrar";

    private final SandboxDatabase database;
    private final TwinBehaviour behaviour;

    public CompanyRegistrarTwin(SandboxDatabase database, TwinBehaviour behaviour) {
        this.database = database;
        this.behaviour = behaviour;
    }

    @Override
    public synchronized RegisterCompanyResponse registerCompany(RegisterCompanyRequest request) throws RegistrationRefused_Exception {
        Mode mode = behaviour.next(TWIN);
        if (mode == Mode.FAIL) {
            throw new SoapFault("Registry temporarily unavailable", SoapFault.FAULT_CODE_SERVER);
        }
        String name = request.getCompany().getName();
        if (mode == Mode.REFUSE) {
            throw refused("NAME_NOT_ALLOWED", "The name '" + name + "' is not allowed in the AIFC register");
        }
        List<Map<String, Object>> earlier = find(request.getReference());
        if (!earlier.isEmpty() && "CANCELLED".equals(earlier.get(0).get("STATUS"))) {
            throw refused("CANCELLED", "The registration under this reference was cancelled");
        }
        if (earlier.isEmpty()) {
            int taken = database.jdbc().queryForObject("""
                    select count(*) from company_registration where lower(company_name) = lower(:name) and status = 'REGISTERED'
                    """, Map.of("name", name), Integer.class);
            if (taken > 0) {
                throw refused("NAME_TAKEN", "A company named '" + name + "' is already registered");
            }
            database.jdbc().update("""
                    insert into company_registration values (:reference, :bin, :name, :iin, 'REGISTERED', :at)
                    """, new MapSqlParameterSource().addValue("reference", request.getReference()).addValue("bin", newBin())
                    .addValue("name", name).addValue("iin", request.getFounder().getIin())
                    .addValue("at", OffsetDateTime.now(ZoneOffset.UTC)));
            earlier = find(request.getReference());
        }
        if (mode == Mode.TWICE) {
            throw new SoapFault("Answer lost on the way", SoapFault.FAULT_CODE_SERVER);
        }
        Map<String, Object> row = earlier.get(0);
        String bin = (String) row.get("REGISTRATION_NUMBER");
        if (mode == Mode.INVALID) {
            bin = bin.substring(0, 11) + (char) ('0' + (bin.charAt(11) - '0' + 1) % 10);
        }
        RegisterCompanyResponse response = new RegisterCompanyResponse();
        response.setReference(request.getReference());
        response.setRegistrationNumber(bin);
        response.setRegisteredAt(DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar(
                GregorianCalendar.from(((OffsetDateTime) row.get("REGISTERED_AT")).toZonedDateTime())));
        LOG.info("Company registrar twin: company registered for reference {}", request.getReference());
        return response;
    }

    @Override
    public synchronized CancelRegistrationResponse cancelRegistration(CancelRegistrationRequest request) {
        if (behaviour.next(TWIN) == Mode.FAIL) {
            throw new SoapFault("Registry temporarily unavailable", SoapFault.FAULT_CODE_SERVER);
        }
        int changed = database.jdbc().update("update company_registration set status = 'CANCELLED' where reference = :reference",
                Map.of("reference", request.getReference()));
        if (changed == 0) {
            // a cancellation that overtakes the registration: none will be made under this reference
            database.jdbc().update("""
                    insert into company_registration values (:reference, null, '(cancelled before registration)', '000000000000', 'CANCELLED', :at)
                    """, new MapSqlParameterSource().addValue("reference", request.getReference())
                    .addValue("at", OffsetDateTime.now(ZoneOffset.UTC)));
        }
        LOG.info("Company registrar twin: registration {} cancelled", request.getReference());
        CancelRegistrationResponse response = new CancelRegistrationResponse();
        response.setReference(request.getReference());
        response.setOutcome("CANCELLED");
        return response;
    }

    private List<Map<String, Object>> find(String reference) {
        return database.jdbc().queryForList("select * from company_registration where reference = :reference",
                Map.of("reference", reference));
    }

    private static RegistrationRefused_Exception refused(String code, String reason) {
        RegistrationRefused fault = new RegistrationRefused();
        fault.setCode(code);
        fault.setReason(reason);
        return new RegistrationRefused_Exception(reason, fault);
    }

    /** YYMM of registration, 4 (a resident legal entity), 0 (head office), a serial, the check digit. */
    private static String newBin() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        while (true) {
            String first = "%02d%02d40%05d".formatted(now.getYear() % 100, now.getMonthValue(),
                    ThreadLocalRandom.current().nextInt(100_000));
            int check = CheckDigits.of(first);
            if (check >= 0) {
                return first + check;
            }
        }
    }
}
