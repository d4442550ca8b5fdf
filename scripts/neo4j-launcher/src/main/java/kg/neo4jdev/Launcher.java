package kg.neo4jdev;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.io.ByteUnit;

/**
 * Embedded Neo4j Community DBMS with a Bolt connector, for local development
 * (started by {@code scripts/neo4j-dev}).
 *
 * <p>Usage: {@code java -cp ... kg.neo4jdev.Launcher [--train] HOME_DIR}
 *
 * <p>Environment:
 * <ul>
 *   <li>{@code NEO4J_PASSWORD} (required, at least 8 characters): password set for user
 *       {@code neo4j} on every start. Never printed.</li>
 *   <li>{@code NEO4J_PORT} (default 7687): Bolt port, bound to {@code NEO4J_HOST}.</li>
 *   <li>{@code NEO4J_HOST} (default 127.0.0.1).</li>
 *   <li>{@code NEO4J_PAGECACHE} (default 256m).</li>
 *   <li>{@code NEO4J_READY_FILE} (optional): written once the DBMS accepts logins.</li>
 * </ul>
 *
 * <p>Runs until SIGTERM/SIGINT, then shuts the DBMS down cleanly (shutdown hook).
 *
 * <p>{@code --train} starts the DBMS in HOME_DIR on an ephemeral port, runs a few
 * representative queries and exits; the build uses it to record a class-data-sharing
 * archive ({@code -XX:ArchiveClassesAtExit}) so later starts are faster.
 */
public final class Launcher {
    private Launcher() {}

    private static void log(String msg) {
        System.out.println("[kg-neo4j] " + msg);
        System.out.flush();
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return (v == null || v.isEmpty()) ? dflt : v;
    }

    public static void main(String[] args) throws Exception {
        boolean train = args.length == 2 && args[0].equals("--train");
        if (!(args.length == 1 || train)) {
            System.err.println("usage: Launcher [--train] HOME_DIR");
            System.exit(2);
        }
        Path home = Path.of(args[args.length - 1]).toAbsolutePath();
        Files.createDirectories(home);

        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            // Neo4j 5 rejects passwords shorter than 8 characters by default.
            System.err.println("[kg-neo4j] NEO4J_PASSWORD must be set and at least 8 characters long");
            System.exit(2);
        }
        String host = env("NEO4J_HOST", "127.0.0.1");
        int port = train ? 0 : Integer.parseInt(env("NEO4J_PORT", "7687"));
        long pageCache = ByteUnit.parse(env("NEO4J_PAGECACHE", train ? "32m" : "256m"));
        String readyFile = train ? null : System.getenv("NEO4J_READY_FILE");

        long t0 = System.nanoTime();
        log("starting Neo4j " + neo4jVersion() + " (embedded, Community) home=" + home
                + " bolt=" + host + ":" + port + (train ? " [training run]" : ""));

        Map<Setting<?>, Object> config = new HashMap<>();
        config.put(BoltConnector.enabled, true);
        config.put(BoltConnector.listen_address, new SocketAddress(host, port));
        config.put(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED);
        config.put(BoltConnector.server_bolt_telemetry_enabled, false);
        config.put(GraphDatabaseSettings.auth_enabled, true);
        // Local dev server: no lock-out after repeated wrong passwords (tests probe auth failures).
        config.put(GraphDatabaseSettings.auth_max_failed_attempts, 0);
        config.put(GraphDatabaseSettings.pagecache_memory, pageCache);
        config.put(GraphDatabaseSettings.udc_enabled, false);
        config.put(GraphDatabaseSettings.memory_transaction_global_max_size, ByteUnit.mebiBytes(512));
        // Bolt's Netty defaults wait ~10 s on shutdown; a dev server should stop in about a second.
        config.put(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);
        config.put(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(3));
        config.put(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1));
        config.put(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(3));

        // Register the hook before building, so a SIGTERM during startup still shuts down cleanly.
        AtomicReference<DatabaseManagementService> ref = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            DatabaseManagementService dbms;
            synchronized (ref) {
                dbms = ref.getAndSet(null);
            }
            if (dbms != null) {
                log("shutdown requested, stopping DBMS");
                try {
                    dbms.shutdown();
                    log("DBMS stopped cleanly");
                } catch (Throwable t) {
                    System.err.println("[kg-neo4j] error during shutdown: " + t);
                }
            }
            stopped.countDown();
        }, "kg-neo4j-shutdown"));

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(config)
                .build();
        synchronized (ref) {
            ref.set(dbms);
        }
        log("DBMS started in " + (System.nanoTime() - t0) / 1_000_000 + " ms");

        try {
            setPassword(dbms, password);
            if (train) {
                exercise(dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME));
            }
        } catch (Throwable t) {
            System.err.println("[kg-neo4j] startup failed: " + t);
            System.exit(1); // runs the shutdown hook
        }
        if (train) {
            log("training run done in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            System.exit(0);
        }

        log("ready in " + (System.nanoTime() - t0) / 1_000_000 + " ms: bolt://" + host + ":" + port
                + " (user neo4j)");
        if (readyFile != null && !readyFile.isEmpty()) {
            writeAtomically(Path.of(readyFile), "bolt://" + host + ":" + port + "\n");
        }
        stopped.await();
    }

    /** Sets the neo4j user's password (every start: also resets a password from an earlier run). */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            log("password for user neo4j set");
        } catch (RuntimeException e) {
            // Re-using a data directory whose password already matches.
            if (String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
                log("password for user neo4j already set");
            } else {
                throw e;
            }
        }
    }

    /** Typical workload for the class-data-sharing training run (throwaway database). */
    private static void exercise(GraphDatabaseService db) {
        db.executeTransactionally("CREATE CONSTRAINT train_key IF NOT EXISTS FOR (n:Train) REQUIRE n.key IS UNIQUE");
        db.executeTransactionally("CREATE INDEX train_name IF NOT EXISTS FOR (n:Train) ON (n.name)");
        List<Map<String, Object>> rows = List.of(
                Map.of("key", "a", "name", "A", "to", "b"), Map.of("key", "b", "name", "B", "to", "a"));
        db.executeTransactionally(
                "UNWIND $rows AS r MERGE (n:Train {key: r.key}) SET n.name = r.name "
                        + "MERGE (m:Train {key: r.to}) MERGE (n)-[:LINK]->(m)",
                Map.of("rows", rows));
        db.executeTransactionally(
                "MATCH (n:Train)-[r:LINK]->(m) RETURN n.key, count(r), collect(m.name) ORDER BY n.key",
                Map.of(), result -> {
                    result.forEachRemaining(row -> { });
                    return null;
                });
        db.executeTransactionally("MATCH (n:Train) DETACH DELETE n");
        db.executeTransactionally("CALL dbms.components() YIELD name, versions RETURN name, versions",
                Map.of(), result -> {
                    result.forEachRemaining(row -> { });
                    return null;
                });
    }

    private static String neo4jVersion() {
        Package p = DatabaseManagementService.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "5.x" : v;
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
