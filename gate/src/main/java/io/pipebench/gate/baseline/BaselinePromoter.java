package io.pipebench.gate.baseline;

import io.pipebench.gate.GateInputException;
import io.pipebench.gate.compare.Comparison;
import io.pipebench.gate.jmh.JmhResultFile;
import io.pipebench.gate.model.EnvironmentInfo;
import io.pipebench.gate.model.LoadSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Makes a run the new baseline: copies it with its environment into results/baselines/&lt;kind&gt;/&lt;name&gt;/,
 * replacing the previous baseline. The new folder is assembled beside the old one and swapped in, so a failed copy
 * never leaves half a baseline.
 */
public final class BaselinePromoter {

    private final Path baselines;

    /** @param resultsRoot the results/ folder; baselines go to its baselines/ subfolder */
    public BaselinePromoter(Path resultsRoot) {
        this.baselines = resultsRoot.resolve("baselines");
    }

    /**
     * Promotes a JMH result file and the environment.json that belongs to it (see
     * {@link Comparison#jmhEnvironmentFile}) to baselines/jmh/&lt;name&gt;/ as {@value Comparison#JMH_RESULT} and
     * environment.json.
     */
    public Promotion promoteJmh(Path jmhFile, String name) throws IOException {
        JmhResultFile.read(jmhFile); // refuse a file the gate could not compare later
        Path environment = Comparison.jmhEnvironmentFile(jmhFile);
        if (environment == null) {
            throw new GateInputException(jmhFile + ": no environment.json (or " + stem(jmhFile)
                    + ".environment.json) beside it; a baseline without its environment cannot be checked. Capture "
                    + "one on the machine that ran it with 'gate env --out " + jmhFile.toAbsolutePath().getParent()
                    .resolve(EnvironmentInfo.FILE_NAME) + "'");
        }
        EnvironmentInfo.read(environment);
        return swapIn("jmh", name, staging -> {
            Files.copy(jmhFile, staging.resolve(Comparison.JMH_RESULT));
            Files.copy(environment, staging.resolve(EnvironmentInfo.FILE_NAME));
        });
    }

    /**
     * Promotes a load-test run folder: its summary.json, the HdrHistogram logs it names (same relative paths) and
     * its environment (environment.json in the folder, else the one inside summary.json). Name defaults to the
     * scenario.
     */
    public Promotion promoteLoad(Path runFolder, String name) throws IOException {
        Path folder = Files.isDirectory(runFolder) ? runFolder : runFolder.toAbsolutePath().getParent();
        LoadSummary summary = LoadSummary.read(runFolder);
        Path environment = folder.resolve(EnvironmentInfo.FILE_NAME);
        if (!Files.isRegularFile(environment) && summary.environment() == null) {
            throw new GateInputException(folder + ": neither an environment.json nor an 'environment' in "
                    + LoadSummary.FILE_NAME + "; a baseline without its environment cannot be checked");
        }
        List<String> histograms = new ArrayList<>();
        Path absolute = folder.toAbsolutePath().normalize();
        for (Path log : summary.histogramFiles(runFolder)) {
            histograms.add(absolute.relativize(log).toString());
        }
        String target = name == null ? summary.scenario() : name;
        return swapIn("load", target, staging -> {
            Files.copy(folder.resolve(LoadSummary.FILE_NAME), staging.resolve(LoadSummary.FILE_NAME));
            for (String relative : histograms) {
                Path copy = staging.resolve(relative);
                Files.createDirectories(copy.getParent());
                Files.copy(folder.resolve(relative), copy);
            }
            if (Files.isRegularFile(environment)) {
                Files.copy(environment, staging.resolve(EnvironmentInfo.FILE_NAME));
            } else {
                summary.environment().write(staging.resolve(EnvironmentInfo.FILE_NAME));
            }
        });
    }

    private interface Filler {
        void fill(Path staging) throws IOException;
    }

    private Promotion swapIn(String kind, String name, Filler filler) throws IOException {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new GateInputException("baseline name '" + name + "' must be letters, digits, '.', '_' or '-' "
                    + "(it becomes a folder name)");
        }
        Path kindFolder = baselines.resolve(kind);
        Files.createDirectories(kindFolder);
        Path target = kindFolder.resolve(name);
        Path staging = Files.createTempDirectory(kindFolder, "." + name + ".new-");
        Optional<Promotion.Replaced> replaced = Optional.empty();
        try {
            filler.fill(staging);
            if (Files.exists(target)) {
                Path envFile = target.resolve(EnvironmentInfo.FILE_NAME);
                EnvironmentInfo previous = null;
                try {
                    previous = Files.isRegularFile(envFile) ? EnvironmentInfo.read(envFile) : null;
                } catch (GateInputException e) {
                    previous = null; // an unreadable old environment must not block replacing it
                }
                replaced = Optional.of(new Promotion.Replaced(listFiles(target), previous));
                Path old = kindFolder.resolve("." + name + ".old-" + System.nanoTime());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            } else {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            if (Files.exists(staging)) {
                deleteTree(staging);
            }
        }
        return new Promotion(target, listFiles(target), replaced);
    }

    private static List<String> listFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString()).sorted().toList();
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    }
}
