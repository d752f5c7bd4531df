package kz.qazeta.hub.sandbox.insurance;

import java.time.LocalDate;

import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;

import jakarta.jws.WebService;
import kz.qazeta.contracts.medicalinsurer.GetQuoteRequest;
import kz.qazeta.contracts.medicalinsurer.GetQuoteResponse;
import kz.qazeta.contracts.medicalinsurer.IssuePolicyRequest;
import kz.qazeta.contracts.medicalinsurer.IssuePolicyResponse;
import kz.qazeta.contracts.medicalinsurer.MedicalInsurerPortType;
import kz.qazeta.hub.sandbox.insurance.InsurerTwins.Quote;
import org.apache.cxf.binding.soap.SoapFault;

/** Steppe Assurance's twin, a SOAP insurer: serves {@code wsdl/medical-insurer.wsdl}. */
@WebService(serviceName = "MedicalInsurerService", portName = "MedicalInsurerPort",
        targetNamespace = "urn:kz:insurance:medical:v1",
        endpointInterface = "kz.qazeta.contracts.medicalinsurer.MedicalInsurerPortType",
        wsdlLocation = "classpath:wsdl/medical-insurer.wsdl")
public class SoapInsurerTwin implements MedicalInsurerPortType {

    private static final String INSURER = "steppe-assurance";

    private final InsurerTwins insurers;

    public SoapInsurerTwin(InsurerTwins insurers) {
        this.insurers = insurers;
    }

    @Override
    public GetQuoteResponse getQuote(GetQuoteRequest request) {
        failIfAsked();
        Quote q = insurers.quote(INSURER, request.getReference(), request.getCoverage().value(),
                date(request.getCoverFrom()), date(request.getCoverUntil()));
        GetQuoteResponse response = new GetQuoteResponse();
        response.setQuoteId(q.quoteId());
        response.setReference(q.reference());
        response.setPremium(q.premium());
        response.setCurrency(q.currency());
        response.setCoverFrom(xml(q.coverFrom()));
        response.setCoverUntil(xml(q.coverUntil()));
        return response;
    }

    @Override
    public IssuePolicyResponse issuePolicy(IssuePolicyRequest request) {
        failIfAsked();
        Quote q = insurers.issue(INSURER, request.getQuoteId())
                .orElseThrow(() -> new SoapFault("No such quote: " + request.getQuoteId(), SoapFault.FAULT_CODE_CLIENT));
        IssuePolicyResponse response = new IssuePolicyResponse();
        response.setPolicyNumber(q.policyNumber());
        response.setReference(q.reference());
        response.setPremium(q.premium());
        response.setCurrency(q.currency());
        response.setCoverFrom(xml(q.coverFrom()));
        response.setCoverUntil(xml(q.coverUntil()));
        return response;
    }

    private void failIfAsked() {
        if (insurers.failing(INSURER)) {
            throw new SoapFault("Policy administration system unavailable", SoapFault.FAULT_CODE_SERVER);
        }
    }

    private static LocalDate date(XMLGregorianCalendar date) {
        return LocalDate.of(date.getYear(), date.getMonth(), date.getDay());
    }

    private static XMLGregorianCalendar xml(LocalDate d) {
        return DatatypeFactory.newDefaultInstance().newXMLGregorianCalendarDate(d.getYear(), d.getMonthValue(),
                d.getDayOfMonth(), DatatypeConstants.FIELD_UNDEFINED);
    }
}
