/**
 * The sandbox twins of the partner systems: real servers (SOAP over CXF from the partners' WSDLs, REST
 * controllers, JMS consumers) with their own database, reached by the hub only over the network through the
 * same configured URLs and queues as the real partners. They share no code with the hub's services, only the
 * contracts. Active while {@code qazeta.sandbox.enabled} is true (the sandbox and postgres profiles).
 */
package kz.qazeta.hub.sandbox;
