package kz.qazeta.hub.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the hub's instances elect the one that runs the singleton work ({@code qazeta.cluster}).
 *
 * @param service             {@code file}: a lock file under {@code fileRoot}, for instances on one machine (or a
 *                            shared file system); {@code kubernetes}: a Kubernetes Lease
 * @param fileRoot            the directory of the lock file; instances meant to elect one leader share it
 * @param acquireLockInterval how often a follower tries to take the lead (file service); a dead leader's work
 *                            moves within a few of these
 * @param kubernetes          the Lease and this pod (kubernetes service), usually from the downward API
 */
@ConfigurationProperties("qazeta.cluster")
public record ClusterSettings(Service service, String fileRoot, Duration acquireLockInterval, Kubernetes kubernetes) {

    public enum Service { FILE, KUBERNETES }

    /**
     * @param namespace     the namespace of the Lease and of the hub's pods
     * @param podName       this pod's name, its identity in the election
     * @param leaseName     the Lease the instances compete for
     * @param leaseDuration how long a leader that stopped renewing keeps the lead
     */
    public record Kubernetes(String namespace, String podName, String leaseName, Duration leaseDuration) {
    }
}
