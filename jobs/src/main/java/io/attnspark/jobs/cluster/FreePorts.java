package io.attnspark.jobs.cluster;

import io.attnspark.jobs.cli.CommandFailure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Ports on 127.0.0.1 that are free now: the operating system picks them, all different. */
final class FreePorts {
    private FreePorts() {
    }

    /** {@code count} distinct ports that were free a moment ago (held together, so no two are equal). */
    static List<Integer> pick(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                held.add(socket);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ports.add(socket.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new CommandFailure("cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException e) {
                    throw new CommandFailure("cannot release port " + socket.getLocalPort() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** Fails unless {@code port} on 127.0.0.1 can be bound now. */
    static void checkFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new CommandFailure("--port " + port + " is not free on 127.0.0.1 (" + e.getMessage() + ")", e);
        }
    }
}
