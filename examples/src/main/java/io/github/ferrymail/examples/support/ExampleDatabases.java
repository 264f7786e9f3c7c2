package io.github.ferrymail.examples.support;

import com.zaxxer.hikari.HikariDataSource;
import io.github.ferrymail.queue.jdbc.FerryDataSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/** Embedded H2 databases for the examples, under {@link DemoQueue}; the tests open the files. */
public final class ExampleDatabases {
  private ExampleDatabases() {}

  /**
   * A pool on a private in-memory H2 database, gone once the pool is closed.
   *
   * @param name a readable part of the database's name (a random suffix keeps runs apart)
   * @return the pool; close it when done
   */
  static HikariDataSource inMemory(String name) {
    return FerryDataSources.hikari("jdbc:h2:mem:" + name + "-" + UUID.randomUUID(), "sa", "");
  }

  /**
   * A pool on an H2 file database {@code mail} in {@code dir}, which is emptied first. The files
   * stay when the pool is closed, so that anyone can look at the tables afterwards.
   *
   * @param dir the database's directory
   * @return the pool; close it when done
   */
  static HikariDataSource freshFile(Path dir) {
    deleteRecursively(dir);
    return FerryDataSources.hikari(fileUrl(dir), "sa", "");
  }

  /**
   * The JDBC URL of the file database {@link #freshFile} made in {@code dir}.
   *
   * @param dir the database's directory
   * @return the URL
   */
  public static String fileUrl(Path dir) {
    return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("mail") + ";DB_CLOSE_DELAY=0";
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not empty " + dir, e);
    }
  }
}
