package io.pipebench.cli;

import io.pipebench.store.Database;
import io.pipebench.store.EventStoreSettings;
import picocli.CommandLine.Command;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.Callable;

@Command(name = "db", mixinStandardHelpOptions = true, description = "The event-store database.",
        subcommands = {DbCommand.Check.class})
final class DbCommand {

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Connect to the event store (EVENTSTORE_JDBC_URL, EVENTSTORE_USER, EVENTSTORE_PASSWORD) and "
                    + "print the server version.",
                    "On a fresh machine run scripts/eventstore-db.sh first: it starts PostgreSQL and creates the database."})
    static final class Check implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            System.out.println(describe(EventStoreSettings.fromEnvironment()));
            return 0;
        }
    }

    static String describe(EventStoreSettings settings) throws Exception {
        try (Database db = Database.open(settings);
             Connection c = db.dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select version()")) {
            rs.next();
            return "Event store: " + settings + " -> " + rs.getString(1);
        }
    }
}
