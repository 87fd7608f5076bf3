package com.dbadmin.security;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.dbadmin.support.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The safe default: without authentication the server listens on loopback only and says so. */
class BindAddressTest {

    private static Map<String, Object> properties(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties());
        properties.putAll(extra);
        return properties;
    }

    @Test
    void withoutAuthenticationTheServerIsReachableOnLoopbackOnlyAndSaysSo() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(BindAddressGuard.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties(Map.of()))) {
            int port = server.getPort();
            try (Socket loopback = new Socket()) {
                loopback.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
            List<InetAddress> external = NetworkInterface.networkInterfaces()
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                    .toList();
            assertFalse(external.isEmpty(), "this check needs a non-loopback interface to try");
            for (InetAddress address : external) {
                assertThrows(IOException.class, () -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(address, port), 2000);
                    }
                }, "must not be reachable on " + address);
            }
            assertTrue(logs.list.stream().anyMatch(event -> event.getFormattedMessage()
                    .contains("No authentication configured: HTTP listens on 127.0.0.1 (loopback) only")),
                    "start-up says that it listens on loopback only");
        } finally {
            logger.detachAppender(logs);
        }
    }

    @Test
    void listeningElsewhereWithoutAuthenticationStopsStartUp() {
        Exception failure = assertThrows(Exception.class, () -> {
            try (EmbeddedServer ignored = ApplicationContext.run(EmbeddedServer.class,
                    properties(Map.of("micronaut.server.host", "0.0.0.0")))) {
                fail("the server must not start");
            }
        });
        String message = rootMessage(failure);
        assertTrue(message.contains("Refusing to listen on '0.0.0.0' without authentication"), message);
        assertTrue(message.contains("DB_ADMIN_ALLOW_UNAUTHENTICATED_REMOTE"), message);
    }

    @Test
    void remoteBindingNeedsAuthenticationOrAnExplicitOptIn() {
        assertThrows(IllegalStateException.class, () -> BindAddressGuard.check("0.0.0.0", false, false));
        assertThrows(IllegalStateException.class, () -> BindAddressGuard.check("", false, false), "blank binds everywhere");
        assertThrows(IllegalStateException.class, () -> BindAddressGuard.check(null, false, false));
        assertThrows(IllegalStateException.class, () -> BindAddressGuard.check("10.20.30.40", false, false));
        assertThrows(IllegalStateException.class, () -> BindAddressGuard.check("::", false, false));
        assertDoesNotThrow(() -> BindAddressGuard.check("127.0.0.1", false, false));
        assertDoesNotThrow(() -> BindAddressGuard.check("localhost", false, false));
        assertDoesNotThrow(() -> BindAddressGuard.check("::1", false, false));
        assertDoesNotThrow(() -> BindAddressGuard.check("0.0.0.0", true, false), "authentication configured");
        assertDoesNotThrow(() -> BindAddressGuard.check("0.0.0.0", false, true), "explicit opt-in");
    }

    private static String rootMessage(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
