package io.pipebench.faults;

import org.netcrusher.NetFreezer;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A TCP proxy the harness owns in front of one server, on loopback, that can blackhole: while it does, the open
 * connections stay open but no byte is forwarded either way, and new connections complete the kernel's handshake (the
 * listen backlog) but are never served. Clients then see timeouts, never a refusal or a reset: packets dropped, as in
 * a network partition, without root or a network namespace. When the blackhole ends, what was held is delivered, as
 * TCP's retransmissions would after a partition heals. NetCrusher's freeze/unfreeze does the forwarding and holding.
 */
final class BlackholeProxy implements AutoCloseable {

    static final String LOOPBACK = "127.0.0.1";
    /** Connections that wait, accepted by the kernel, while the proxy does not serve them. */
    private static final int BACKLOG = 128;

    private final NioReactor reactor;
    private final String targetHost;
    private final int targetPort;
    private final int port;
    private volatile TcpCrusher crusher;
    private volatile boolean blackholed;

    private BlackholeProxy(NioReactor reactor, String targetHost, int targetPort, int port) {
        this.reactor = reactor;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = port;
    }

    /** A proxy forwarding a free loopback port to {@code host:port}; a port lost to another process is tried again. */
    static BlackholeProxy start(String host, int port) {
        NioReactor reactor;
        try {
            reactor = new NioReactor();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the proxy's selector: " + e.getMessage(), e);
        }
        for (int attempt = 1; ; attempt++) {
            BlackholeProxy proxy = new BlackholeProxy(reactor, host, port, freePort());
            try {
                proxy.open();
                return proxy;
            } catch (RuntimeException e) {
                if (attempt >= 3 || !isBindConflict(e)) {
                    reactor.close();
                    throw new IllegalStateException("Cannot open a proxy to " + host + ":" + port + ": " + e, e);
                }
            }
        }
    }

    private void open() {
        crusher = TcpCrusherBuilder.builder().withReactor(reactor)
                .withBindAddress(LOOPBACK, port)
                .withConnectAddress(targetHost, targetPort)
                .withBacklog(BACKLOG)
                // Inline on the proxy's selector thread: a connection accepted while blackholing is frozen before
                // it can forward a byte (NetCrusher starts every new connection unfrozen).
                .withDeferredListeners(false)
                .withCreationListener(client -> {
                    if (blackholed) {
                        NetFreezer pair = crusher.getClientFreezer(client);
                        if (pair != null) {
                            pair.freeze();
                        }
                    }
                })
                .buildAndOpen();
    }

    /** The loopback port clients connect to. */
    int port() {
        return port;
    }

    /** Connections open through the proxy now. */
    int connections() {
        return crusher.getClientAddresses().size();
    }

    /** Stops forwarding until the fault is cleared; the connections stay open and new ones are never served. */
    InjectedFault blackhole() {
        blackholed = true;
        crusher.freeze();
        int held = connections();
        String target = "packets to and from " + targetHost + ":" + targetPort + " dropped by the run's proxy on "
                + LOOPBACK + ":" + port + " (" + held + " open connection(s) held, new ones never served)";
        return InjectedFault.of(target, () -> {
            blackholed = false;
            crusher.unfreeze();
        });
    }

    /** Closes the listening port and every connection through it; once. */
    @Override
    public synchronized void close() {
        if (!reactor.isOpen()) {
            return;
        }
        try {
            crusher.close();
        } finally {
            reactor.close();
        }
    }

    /** A port free now; bound a moment later, so {@link #start} retries when another process took it meanwhile. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free loopback port for the proxy: " + e.getMessage(), e);
        }
    }

    private static boolean isBindConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }
}
