package kz.qazeta.hub.operations;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The broker's own management operations, asked through Artemis management messages as the hub's broker user (who
 * has {@code manage}): the same on the embedded broker and on an external one.
 */
@Component
public class BrokerManagement {

    private final ConnectionFactory connections;
    private final String managementAddress;

    public BrokerManagement(ConnectionFactory connections,
                            @Value("${qazeta.broker.management-address:activemq.management}") String managementAddress) {
        this.connections = connections;
        this.managementAddress = managementAddress;
    }

    public Object queueAttribute(String queue, String attribute) {
        return request(message -> JMSManagementHelper.putAttribute(message, ResourceNames.QUEUE + queue, attribute));
    }

    public Object brokerAttribute(String attribute) {
        return request(message -> JMSManagementHelper.putAttribute(message, ResourceNames.BROKER, attribute));
    }

    public Object queueOperation(String queue, String operation, Object... parameters) {
        return request(message -> JMSManagementHelper.putOperationInvocation(message, ResourceNames.QUEUE + queue,
                operation, parameters));
    }

    private interface Request {
        void into(Message message) throws Exception;
    }

    private Object request(Request request) {
        try (Connection connection = connections.createConnection()) {
            connection.start();
            QueueSession session = (QueueSession) connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueRequestor requestor = new QueueRequestor(session, session.createQueue(managementAddress));
            Message message = session.createMessage();
            request.into(message);
            Message reply = requestor.request(message);
            if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
                throw new IllegalStateException("broker management refused: " + JMSManagementHelper.getResult(reply));
            }
            return JMSManagementHelper.getResult(reply);
        } catch (JMSException e) {
            throw new IllegalStateException("broker management unreachable: " + e, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
