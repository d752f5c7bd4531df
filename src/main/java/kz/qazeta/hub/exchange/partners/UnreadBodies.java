package kz.qazeta.hub.exchange.partners;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * A request the gate refuses before reading its body closes its connection once answered. Tomcat would otherwise
 * read ("swallow") the rest of the body on the worker's time to keep the connection alive, after a 429 or 401 as
 * after anything, and a client sending a byte now and then would keep that worker as long as it liked. (Tomcat
 * itself closes after a 400, 408, 413 or 503.)
 */
@Component
public class UnreadBodies implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private static final String MARK = UnreadBodies.class.getName();

    /**
     * Marks a request the gate answers without reading its body, if it announced one, and tells the caller that the
     * connection ends with the answer (a client that reused it would send its next request into a closed socket).
     */
    static void leftUnread(HttpServletRequest request, HttpServletResponse response) {
        if (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null) {
            request.setAttribute(MARK, Boolean.TRUE);
            response.setHeader("Connection", "close");
        }
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextValves(new ClosingValve());
    }

    private static final class ClosingValve extends ValveBase {

        ClosingValve() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            getNext().invoke(request, response);
            if (request.getAttribute(MARK) != null) {
                // the gate's answer sent first: disabling the swallow marks the exchange as failed, and an answer
                // still in the buffer would be replaced by the error page's (a 403 reading "invalid-request")
                response.flushBuffer();
                // no swallowing of the rest, and the connection is closed cleanly after the answer
                request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
            }
        }
    }
}
