package io.github.ferrymail.benchmarks;

/**
 * Where the bench finds its database servers: {@code --pg-url}, {@code --pg-user}, {@code
 * --pg-password} (a schema of its own is created in that database) and {@code --mariadb-url} (the
 * server, without a database: a database of its own is created), {@code --mariadb-user}, {@code
 * --mariadb-password}.
 */
record Servers(
    String pgUrl,
    String pgUser,
    String pgPassword,
    String mariadbUrl,
    String mariadbUser,
    String mariadbPassword) {

  /** Reads the options, with the CI's services as defaults. */
  static Servers from(Options options) {
    return new Servers(
        options.string("pg-url", "jdbc:postgresql://127.0.0.1:5432/test"),
        options.string("pg-user", "postgres"),
        options.string("pg-password", ""),
        options.string("mariadb-url", "jdbc:mariadb://127.0.0.1:3306/"),
        options.string("mariadb-user", "root"),
        options.string("mariadb-password", ""));
  }
}
