package io.github.ferrymail.it.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a worker main in a JVM of its own, on this test's class path, its output to a file. */
public final class WorkerJvm {
  private WorkerJvm() {}

  /**
   * @param main the class whose {@code main} runs
   * @param log where its standard output and error go
   * @param args its arguments
   * @return the running process
   */
  public static Process start(Class<?> main, Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}
