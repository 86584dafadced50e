package dev.sandstage.config.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;

/**
 * Derives the default {@code stage.instance-id} from the host name: {@code HOSTNAME} from the
 * environment when set, else the resolver's name, lower-cased, with characters an instance id may
 * not hold replaced by {@code -}, at most 128 characters. Stateless; any thread.
 */
public final class HostNames {

    private HostNames() {}

    public static String instanceId(Map<String, String> env) {
        String host = env.get("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "";
            }
        }
        return sanitize(host);
    }

    static String sanitize(String host) {
        String s = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "-").replaceAll("^[^a-z0-9]+", "");
        if (s.length() > 128) {
            s = s.substring(0, 128);
        }
        return s.isEmpty() ? "sandstage" : s;
    }
}
